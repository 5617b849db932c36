"""Rewriting only the changed subjects of a Turtle file the build wrote.

The build's Turtle is Oxigraph's serialisation of sorted N-Triples lines: a sorted prefix
header, then one block per subject in the lines' order, each starting at the beginning of a
line (continuation lines start with a tab; literals never hold a raw line break). So a
subject's block can be found by binary search over byte offsets, parsed back to lines, changed
and serialised again, and the file rebuilt by copying the unchanged byte ranges around the new
blocks: byte-identical to serialising every line again (``tests/build/test_incremental_paths.py``).
"""

from __future__ import annotations

import mmap
import os
from collections.abc import Iterable
from pathlib import Path
from typing import BinaryIO

import pyoxigraph as ox


def subject_of(line: str) -> str:
    """The subject term of an N-Triples line (``<iri>`` or ``_:id``)."""
    return line[:line.index(" ")]


class TurtleBlocks:
    """Subject blocks of a Turtle file written by :func:`wildkg.rdfio.write_turtle`."""

    def __init__(self, path: Path, prefixes: dict[str, str]) -> None:
        self.path = path
        self.prefixes = prefixes
        self._fh = path.open("rb")
        self.data = mmap.mmap(self._fh.fileno(), 0, access=mmap.ACCESS_READ)
        pos = 0
        while self.data[pos:pos + 8] == b"@prefix ":
            pos = self.data.find(b"\n", pos) + 1
        self.header = bytes(self.data[:pos])
        self.start = pos

    def close(self) -> None:
        self.data.close()
        self._fh.close()

    def _block_at(self, pos: int) -> int:
        """The first block start at or after ``pos``."""
        if pos <= self.start:
            return self.start
        end = len(self.data)
        i = self.data.find(b"\n", pos - 1)
        while i != -1 and i + 1 < end and self.data[i + 1] == 9:  # a tab: the same subject goes on
            i = self.data.find(b"\n", i + 1)
        return end if i == -1 else i + 1

    def _subject(self, pos: int) -> str:
        token = bytes(self.data[pos:self.data.find(b" ", pos)]).decode("utf-8")
        if token.startswith(("<", "_:")):
            return token
        prefix, _, local = token.partition(":")
        return f"<{self.prefixes[prefix]}{_unescape(local)}>"

    def find(self, subject: str) -> tuple[int, int]:
        """The byte range of ``subject``'s block (empty, at its place, if it has none)."""
        key = subject + " "
        lo, hi = self.start, len(self.data)
        while lo < hi:
            mid = (lo + hi) // 2
            b = self._block_at(mid)
            if b == len(self.data) or self._subject(b) + " " >= key:
                hi = mid
            else:
                lo = b + 1
        start = self._block_at(lo)
        if start < len(self.data) and self._subject(start) == subject:
            return start, self._block_at(start + 1)
        return start, start

    def lines(self, start: int, end: int) -> set[str]:
        """The N-Triples lines of the block at ``start:end``."""
        if start == end:
            return set()
        text = self.header + bytes(self.data[start:end])
        return {f"{t} .\n" for t in ox.parse(text, format=ox.RdfFormat.TURTLE)}


def _unescape(local: str) -> str:
    out, i = [], 0
    while i < len(local):
        if local[i] == "\\" and i + 1 < len(local):
            i += 1
        out.append(local[i])
        i += 1
    return "".join(out)


def render(lines: Iterable[str], prefixes: dict[str, str]) -> bytes:
    """One subject's block as the full serialisation would write it (no prefix header)."""
    text = "".join(sorted(lines)).encode("utf-8")
    if not text:
        return b""
    out = ox.serialize(ox.parse(text, format=ox.RdfFormat.N_TRIPLES), format=ox.RdfFormat.TURTLE,
                       prefixes=prefixes)
    assert out is not None
    pos = 0
    while out.startswith(b"@prefix ", pos):
        pos = out.index(b"\n", pos) + 1
    return out[pos:]


def splice(old: TurtleBlocks, target: Path, blocks: dict[str, tuple[int, int, bytes]]) -> None:
    """Write ``target``: ``old`` with each subject's byte range replaced by its new block."""
    order = sorted((start, (subject + " ").encode(), end, block) for subject, (start, end, block) in blocks.items())
    _write(old.path, len(old.data), target, [(start, end, block) for start, _, end, block in order])


def splice_lines(old: Path, target: Path, removed: list[str], added: list[str]) -> None:
    """Write ``target``: the sorted lines of ``old`` without ``removed`` and with ``added``, in
    order (the build keeps its sorted N-Triples so that the page can be drawn from lines)."""
    with old.open("rb") as fh, mmap.mmap(fh.fileno(), 0, access=mmap.ACCESS_READ) as data:
        def line_at(pos: int) -> int:
            return 0 if pos == 0 else data.find(b"\n", pos - 1) + 1 or len(data)

        def lower_bound(key: bytes) -> int:
            lo, hi = 0, len(data)
            while lo < hi:
                mid = (lo + hi) // 2
                b = line_at(mid)
                if b == len(data) or data[b:data.find(b"\n", b) + 1] >= key:
                    hi = mid
                else:
                    lo = b + 1
            return line_at(lo)

        edits = []
        for line in removed:
            key = line.encode("utf-8")
            start = lower_bound(key)
            if data[start:start + len(key)] != key:
                raise ValueError(f"{old}: a line to remove is not there: {line!r}")
            edits.append((start, start + len(key), b""))
        edits.extend((lower_bound(key), -1, key) for key in (line.encode("utf-8") for line in added))
        size = len(data)
    # an insertion (end -1) goes before a removal at the same place, insertions in line order
    _write(old, size, target, [(start, start if end < 0 else end, text) for start, end, text in sorted(edits)])


def _write(old: Path, size: int, target: Path, edits: list[tuple[int, int, bytes]]) -> None:
    with old.open("rb", buffering=0) as src, target.open("wb", buffering=0) as dst:
        cursor = 0
        for start, end, text in edits:
            _copy(src, dst, cursor, start - cursor)
            dst.write(text)
            cursor = end
        _copy(src, dst, cursor, size - cursor)


def _copy(src: BinaryIO, dst: BinaryIO, offset: int, count: int) -> None:
    """Copy a byte range in the kernel (no pass through Python's memory)."""
    while count > 0:
        done = os.copy_file_range(src.fileno(), dst.fileno(), count, offset)
        if done == 0:
            raise OSError(f"{src.name}: shorter than expected while copying")
        offset += done
        count -= done
