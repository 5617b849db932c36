"""Partial counts of a whole-file summary, kept on disk so memory does not grow with the file.

Blocks return partial counts (records per predator–prey pair, per species and country). Held
in memory, their reduced table grows with the number of distinct keys — with the file. Here
they are reduced a few blocks at a time, and once the reduced table passes :data:`SPILL_ROWS`
rows it is cut into :data:`BUCKETS` buckets by a hash of the kind's summary key and each
bucket appended to disk as an Arrow IPC file. At the end each bucket is read back, reduced
and summarised on its own: a key always falls in the same bucket, so a bucket's totals are the
file's totals for its keys, and memory holds one bucket (about 1/``BUCKETS`` of the distinct
keys) instead of all of them. The summary's lines go to sorted shards like every other line,
so the merged output does not depend on the buckets.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import polars as pl

from wildkg.sources.columnar.kind import BulkKind

#: Reduce the partial counts once this many blocks' worth have piled up.
REDUCE_EVERY = 16
#: Spill the reduced counts to the bucket files once they reach this many rows.
SPILL_ROWS = 200_000
#: Buckets the spilled counts are hashed into (each reduced on its own at the end).
BUCKETS = 64


class PartialCounts:
    """Partial counts of one file: added block by block, read back bucket by bucket."""

    def __init__(self, kind: BulkKind, folder: Path, *, spill_rows: int | None = None,
                 buckets: int | None = None) -> None:
        self.kind = kind
        self.folder = folder
        self.spill_rows = SPILL_ROWS if spill_rows is None else spill_rows
        self.buckets = BUCKETS if buckets is None else buckets
        self.pending: list[pl.DataFrame] = []
        self.spills = 0

    def add(self, partial: pl.DataFrame) -> None:
        self.pending.append(partial)
        if len(self.pending) >= REDUCE_EVERY:
            self.pending = [self.kind.reduce(pl.concat(self.pending))]
            if self.pending[0].height >= self.spill_rows:
                self._spill()

    def _spill(self) -> None:
        reduced = self.kind.reduce(pl.concat(self.pending))
        self.pending = []
        keys = [pl.col(k).fill_null("") for k in self.kind.summary_keys]
        bucket = (pl.concat_str(keys, separator="\x1f").hash(seed=0) % self.buckets).alias("_bucket")
        self.folder.mkdir(parents=True, exist_ok=True)
        for (number,), part in reduced.with_columns(bucket).partition_by("_bucket", as_dict=True).items():
            part.drop("_bucket").write_ipc(self.folder / f"{number:03d}-{self.spills:05d}.arrow")
        self.spills += 1

    def totals(self) -> Iterator[pl.DataFrame]:
        """The reduced counts, one bucket at a time (all of them at once if nothing was spilled)."""
        if self.spills == 0:
            if self.pending:
                yield self.kind.reduce(pl.concat(self.pending))
            return
        if self.pending:
            self._spill()
        for number in range(self.buckets):
            files = sorted(self.folder.glob(f"{number:03d}-*.arrow"))
            if files:
                yield self.kind.reduce(pl.concat([pl.read_ipc(f) for f in files]))
