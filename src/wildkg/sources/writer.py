"""Sorted, de-duplicated N-Triples in constant memory, published atomically.

Lines are buffered up to ``chunk_lines``, sorted and spilled to temporary files; closing
merges the runs (:func:`heapq.merge`), drops duplicates and moves the result into place in
one rename, so the same input always gives a byte-identical file and a failure leaves the
previous file untouched.
"""

from __future__ import annotations

import contextlib
import heapq
import tempfile
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import IO

from wildkg.build.publish import UMASK


class SortedNTriplesWriter:
    def __init__(self, path: Path, *, chunk_lines: int = 400_000) -> None:
        self.path = path
        self.chunk_lines = chunk_lines
        self._buffer: list[str] = []
        self._runs: list[Path] = []
        self._dir = Path(tempfile.mkdtemp(prefix=".wildkg-import-", dir=path.parent))
        self.lines_in = 0
        self.lines_out = 0

    def add(self, lines: Iterable[str]) -> None:
        self._buffer.extend(lines)
        if len(self._buffer) >= self.chunk_lines:
            self._spill()

    def _spill(self) -> None:
        self.lines_in += len(self._buffer)
        self._buffer.sort()
        run = self._dir / f"run-{len(self._runs):05d}.nt"
        with run.open("w", encoding="utf-8", newline="") as out:
            out.writelines(_unique(self._buffer))
        self._runs.append(run)
        self._buffer = []

    def close(self) -> Path:
        """Merge the runs into ``path`` (atomically) and return it."""
        try:
            if self._buffer or not self._runs:
                self._spill()
            tmp = self._dir / "merged.nt"
            with contextlib.ExitStack() as stack:
                files: list[IO[str]] = [stack.enter_context(r.open(encoding="utf-8", newline="")) for r in self._runs]
                with tmp.open("w", encoding="utf-8", newline="") as out:
                    for line in _unique(heapq.merge(*files)):
                        out.write(line)
                        self.lines_out += 1
            tmp.chmod(0o666 & ~UMASK)
            tmp.replace(self.path)
            return self.path
        finally:
            self.discard()

    def discard(self) -> None:
        """Remove the temporary runs (the target file is left as it was)."""
        for child in self._dir.glob("*"):
            child.unlink(missing_ok=True)
        with contextlib.suppress(OSError):
            self._dir.rmdir()


def _unique(lines: Iterable[str]) -> Iterator[str]:
    last = None
    for line in lines:
        if line != last:
            yield line
            last = line
