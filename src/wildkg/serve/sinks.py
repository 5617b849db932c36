"""Binary sinks for Oxigraph's writers that stop them past a row or byte cap.

The worker serialises results into these instead of an unbounded buffer, so neither a
result with too many rows nor one with too many bytes (long strings built by the query)
is ever held whole in memory: the writer is stopped as soon as a cap is passed.
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from typing import IO, Any, cast


class RowCapExceededError(Exception):
    """More lines (rows, triples) than allowed were written."""


class ByteCapExceededError(Exception):
    """More bytes than allowed were written."""


class Sink(io.RawIOBase):
    """Collects what a writer writes; raises past ``max_lines`` newlines or ``max_bytes`` bytes."""

    def __init__(self, max_bytes: int, max_lines: int | None = None) -> None:
        self.max_bytes = max_bytes
        self.max_lines = max_lines
        self.lines = 0
        self.buffer = bytearray()

    def writable(self) -> bool:
        return True

    def write(self, data: Any) -> int:
        chunk = bytes(data)
        self.buffer += chunk
        if self.max_lines is not None:
            self.lines += chunk.count(b"\n")
            if self.lines > self.max_lines:
                raise RowCapExceededError
        if len(self.buffer) > self.max_bytes:
            raise ByteCapExceededError
        return len(chunk)

    def stream(self) -> IO[bytes]:
        return cast(IO[bytes], self)


class Capped:
    """An iterator over ``items`` that raises :class:`RowCapExceededError` past ``cap`` items."""

    def __init__(self, items: Iterator[Any], cap: int) -> None:
        self.items = items
        self.cap = cap
        self.count = 0

    def __iter__(self) -> Capped:
        return self

    def __next__(self) -> Any:
        item = next(self.items)
        self.count += 1
        if self.count > self.cap:
            raise RowCapExceededError
        return item
