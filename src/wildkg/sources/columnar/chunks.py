"""Open a bulk file as published and cut it into blocks of whole records.

GloBI ships ``interactions.tsv.gz`` / ``.csv.gz``; GBIF a zip holding ``occurrence.txt``; WDPA
and CITES plain CSV. Compressed files are read as streams (nothing is unpacked to disk), and
blocks are cut at line ends — for quoted CSV only at line ends outside quotes — so that each
block parses on its own with the header line put in front.
"""

from __future__ import annotations

import gzip
import io
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from wildkg.errors import InputError

#: Decompressed bytes per block: large enough for polars to parse in parallel, small enough
#: that a block and its triples stay well under a few hundred MB.
BLOCK_BYTES = 8 * 1024 * 1024


@dataclass(frozen=True)
class Block:
    """Whole records of a file, with its header line and where they start (for messages)."""

    header: bytes
    body: bytes
    index: int
    first_line: int  # 0: not counted (a byte range read by a worker); see :meth:`line`
    path: str | None = None
    offset: int = 0  # where the body starts in ``path``

    def data(self) -> bytes:
        return self.header + self.body

    def line(self) -> int:
        """The line number of the block's first record; counted in the file only when needed
        (for an error message), since a worker reading a byte range does not know it."""
        if self.first_line or self.path is None:
            return self.first_line
        count = 0
        with Path(self.path).open("rb") as f:
            left = self.offset
            while left > 0 and (chunk := f.read(min(left, 1 << 24))):
                count += chunk.count(b"\n")
                left -= len(chunk)
        return count + 1


@dataclass(frozen=True)
class FileRange:
    """Whole records of an uncompressed file given by their byte range, so that a Dask worker
    reads them itself and the client only schedules (it never handles the data)."""

    path: str
    header: bytes
    start: int
    end: int
    index: int

    def read(self) -> Block:
        with Path(self.path).open("rb") as f:
            f.seek(self.start)
            body = f.read(self.end - self.start)
        if body and not body.endswith(b"\n"):
            body += b"\n"
        return Block(self.header, body, self.index, 0, self.path, self.start)


@dataclass
class ByteCount:
    """Bytes scheduled so far, for the progress bar of a run over byte ranges."""

    count: int = 0


def plain_file(path: Path, member: str | None) -> Path | None:
    """``path`` (or its ``member`` when a folder) if it is an uncompressed file; None otherwise."""
    if path.is_dir():
        path = path / member if member else path
    if not path.is_file() or zipfile.is_zipfile(path) or path.suffix == ".gz" or _starts_with(path, b"\x1f\x8b"):
        return None
    return path


def file_ranges(path: Path, block_bytes: int, scheduled: ByteCount) -> Iterator[FileRange]:
    """Byte ranges of about ``block_bytes`` holding whole records (of a file whose records end
    at every line end: unquoted TSV): each range ends just past the first line end at or after
    its nominal end. Only the few bytes up to that line end are read here."""
    size = path.stat().st_size
    with path.open("rb") as f:
        header = f.readline()
        if not header.strip():
            return
        start, index = f.tell(), 0
        while start < size:
            end = start + block_bytes
            if end < size:
                f.seek(end - 1)
                f.readline()
                end = f.tell()
            end = min(end, size)
            yield FileRange(str(path), header, start, end, index)
            scheduled.count = end
            start, index = end, index + 1


class CountingReader(io.RawIOBase):
    """Counts the compressed bytes read, for the progress bar."""

    def __init__(self, raw: BinaryIO) -> None:
        self.raw = raw
        self.count = 0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: bytearray | memoryview) -> int:  # type: ignore[override]
        data = self.raw.read(len(buffer))
        n = len(data)
        buffer[:n] = data
        self.count += n
        return n


@contextmanager
def open_member(path: Path, member: str | None = None) -> Iterator[tuple[BinaryIO, CountingReader, int]]:
    """The decompressed byte stream of ``path`` (or of ``member`` inside a zip or folder), the
    reader counting compressed bytes, and the compressed size."""
    if path.is_dir():
        if member is None:
            raise InputError(f"{path}: a folder, but no file to read in it")
        path = path / member
        member = None
    if not path.is_file():
        raise InputError(f"{path}: no such file")
    if zipfile.is_zipfile(path):
        # A zip needs seeking to find its directory; progress counts the member's own bytes.
        with zipfile.ZipFile(path) as archive:
            name = member or _only_member(path, archive)
            if name not in archive.namelist():
                raise InputError(f"{path}: the archive has no {name}")
            with archive.open(name) as raw:
                counter = CountingReader(raw)  # type: ignore[arg-type]
                yield io.BufferedReader(counter, 1 << 20), counter, archive.getinfo(name).file_size
        return
    size = path.stat().st_size
    with path.open("rb") as raw_file:
        counter = CountingReader(raw_file)
        buffered = io.BufferedReader(counter, 1 << 20)
        if path.suffix == ".gz" or _starts_with(path, b"\x1f\x8b"):
            with gzip.GzipFile(fileobj=buffered) as stream:
                yield stream, counter, size  # type: ignore[misc]
        else:
            yield buffered, counter, size


def _starts_with(path: Path, magic: bytes) -> bool:
    with path.open("rb") as f:
        return f.read(len(magic)) == magic


def _only_member(path: Path, archive: zipfile.ZipFile) -> str:
    names = [n for n in archive.namelist() if not n.endswith("/")]
    if len(names) != 1:
        raise InputError(f"{path}: the archive holds {len(names)} files; name the one to read")
    return names[0]


def blocks(stream: BinaryIO, *, quoted: bool, block_bytes: int = BLOCK_BYTES) -> Iterator[Block]:
    """Blocks of whole records of ``stream``; the first line is the header."""
    header = stream.readline()
    if not header.strip():
        return
    if not header.endswith(b"\n"):
        header += b"\n"
    carry = b""
    index = 0
    line = 2
    while True:
        chunk = stream.read(block_bytes)
        data = carry + chunk
        if not chunk:
            if data.strip():
                yield Block(header, data if data.endswith(b"\n") else data + b"\n", index, line)
            return
        cut = _cut(data, quoted)
        if cut <= 0:  # no record end in the block yet: read more
            carry = data
            continue
        body, carry = data[:cut], data[cut:]
        yield Block(header, body, index, line)
        index += 1
        line += body.count(b"\n")


def _cut(data: bytes, quoted: bool) -> int:
    """Just past the last line end that closes a record (outside quotes for quoted CSV)."""
    end = data.rfind(b"\n")
    if not quoted or end < 0:
        return end + 1
    # Quotes are balanced before a record end; an odd count means the line end is inside a field.
    quotes = data.count(b'"', 0, end)
    while end >= 0 and quotes % 2:
        previous = data.rfind(b"\n", 0, end)
        quotes -= data.count(b'"', previous + 1, end)
        end = previous
    return end + 1
