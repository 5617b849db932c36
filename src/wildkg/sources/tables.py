"""Reading published tables: CSV/TSV files in a folder or a zip, by header name, streamed.

Rows come with their line number (the line the row starts on) so every error can name
file, line and column. Text fields from publishers may hold HTML: :func:`plain_text`
turns it into plain text (entities decoded, tags dropped), so it is data, never markup.
"""

from __future__ import annotations

import csv
import io
import re
import sys
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path, PurePosixPath
from typing import IO, Literal

from wildkg.errors import InputError
from wildkg.sources.base import RowError

csv.field_size_limit(min(sys.maxsize, 2**31 - 1))  # assessments hold long HTML narratives

_SPACE = re.compile(r"\s+")


class _TextOf(HTMLParser):
    """The character data of an HTML fragment (Python's HTML parser: tags, comments and
    entities are handled as browsers do, not by a pattern)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []

    def handle_data(self, data: str) -> None:
        self.parts.append(data)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.parts.append(" ")

    def handle_endtag(self, tag: str) -> None:
        self.parts.append(" ")


def plain_text(value: str) -> str:
    """Publisher HTML as plain text: tags dropped, entities decoded, spaces collapsed."""
    if "<" not in value and "&" not in value:
        return " ".join(value.split())
    parser = _TextOf()
    parser.feed(value)
    parser.close()
    return _SPACE.sub(" ", "".join(parser.parts)).strip()


@dataclass(frozen=True)
class TableFile:
    """One table of a download: where it is (a file, or a member of a zip) and how it shows in messages."""

    name: str  # lowercase base name, e.g. "assessments.csv"
    label: str  # "downloads/redlist.zip:assessments.csv"
    path: Path
    member: str | None = None

    @contextmanager
    def open(self) -> Iterator[IO[str]]:
        if self.member is None:
            with self.path.open(encoding="utf-8-sig", newline="") as f:
                yield f
        else:
            with zipfile.ZipFile(self.path) as zf, zf.open(self.member) as raw:
                yield io.TextIOWrapper(raw, encoding="utf-8-sig", newline="")


def find_tables(paths: list[Path], suffixes: tuple[str, ...]) -> dict[str, TableFile]:
    """Tables (by lowercase base name) in the given files, folders and zips."""
    found: dict[str, TableFile] = {}

    def add(table: TableFile) -> None:
        if table.name in found:
            raise InputError(f"{table.label}: a second '{table.name}' (first: {found[table.name].label}); "
                             "import one download at a time")
        found[table.name] = table

    for path in paths:
        if path.is_dir():
            for child in sorted(path.iterdir()):
                if child.is_file() and child.name.lower().endswith(suffixes):
                    add(TableFile(child.name.lower(), str(child), child))
                elif child.is_file() and child.suffix.lower() == ".zip":
                    for t in _zip_tables(child, suffixes):
                        add(t)
        elif path.suffix.lower() == ".zip":
            for t in _zip_tables(path, suffixes):
                add(t)
        elif path.is_file():
            add(TableFile(path.name.lower(), str(path), path))
        else:
            raise InputError(f"{path}: no such file or folder")
    return found


def _zip_tables(path: Path, suffixes: tuple[str, ...]) -> Iterator[TableFile]:
    try:
        with zipfile.ZipFile(path) as zf:
            members = sorted(zf.namelist())
    except zipfile.BadZipFile as err:
        raise InputError(f"{path}: not a zip file ({err})") from None
    for member in members:
        base = PurePosixPath(member).name.lower()
        if base.endswith(suffixes) and not member.endswith("/"):
            yield TableFile(base, f"{path}:{member}", path, member)


class Rows:
    """Rows of one table as lists, with :meth:`col` giving a column's index by header name."""

    def __init__(self, table: TableFile, handle: IO[str], *, delimiter: str = ",", quoting: Literal[0, 1, 2, 3] = csv.QUOTE_MINIMAL,
                 required: tuple[str, ...] = ()) -> None:
        self.table = table
        self.reader = csv.reader(handle, delimiter=delimiter, quoting=quoting, strict=True)
        try:
            self.header = next(self.reader)
        except StopIteration:
            raise RowError(table.label, "the file is empty (no header row)", None, None, 1) from None
        except csv.Error as err:
            raise RowError(table.label, f"cannot read the header: {err}", None, None, 1) from None
        self.index = {name.strip(): i for i, name in enumerate(self.header)}
        for name in required:
            if name not in self.index:
                raise RowError(table.label, f"required column '{name}' is missing "
                               f"(this is not the expected table, or not this kind of source)", None, name, 1)
        self.width = len(self.header)
        self.line = 1

    def col(self, name: str) -> int | None:
        return self.index.get(name)

    def __iter__(self) -> Iterator[list[str]]:
        reader = self.reader
        while True:
            start = reader.line_num + 1
            try:
                row = next(reader)
            except StopIteration:
                return
            except csv.Error as err:
                raise RowError(self.table.label, f"broken row: {err}", None, None, start) from None
            self.line = start
            if row:
                yield row
