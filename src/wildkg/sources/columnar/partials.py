"""Partial counts of a whole-file summary, in hashed buckets on disk, summarised bucket by bucket.

Blocks yield partial counts (records per predator–prey pair, per species and country). Whoever
converts a block — this process or a Dask worker — reduces them within the block, cuts them
into ``buckets`` by a hash of the kind's summary key, and writes each bucket's part as an Arrow
IPC file beside the block's shard. At the end each bucket is read back, reduced and summarised
on its own, again by whoever runs it: a key always falls in the same bucket, so a bucket's
totals are the file's totals for its keys. Nothing of the counts passes through the client,
memory holds one block's counts while converting and one bucket (about 1/``buckets`` of the
distinct keys) while summarising, and the summary lines go to sorted shards like every other
line, so the merged output does not depend on the buckets.
"""

from __future__ import annotations

from pathlib import Path

import polars as pl

from wildkg.sources.columnar.kind import BulkKind

#: Buckets the partial counts are hashed into (each reduced and summarised on its own): a
#: file per bucket and block, so more buckets cost file creations; 16 hold ≈ 200k pairs each
#: at 10M GloBI rows of the generated worst case.
BUCKETS = 16
#: Bucket files read and reduced at a time, so a bucket of a long file is never all in memory.
REDUCE_EVERY = 64


def bucket_folder(shard_dir: Path) -> Path:
    """Where the partial counts of the blocks whose shards are in ``shard_dir`` go."""
    return shard_dir / "partials"


def spill(kind: BulkKind, partial: pl.DataFrame, folder: Path, name: str, buckets: int) -> None:
    """Reduce one block's partial counts and write them as ``folder/<bucket>/<name>.arrow``."""
    reduced = kind.reduce(partial)
    if reduced.height == 0:
        return
    keys = [pl.col(k).fill_null("") for k in kind.summary_keys]
    bucket = (pl.concat_str(keys, separator="\x1f").hash(seed=0) % buckets).alias("_bucket")
    for (number,), part in reduced.with_columns(bucket).partition_by("_bucket", as_dict=True).items():
        target = folder / f"{number:03d}"
        target.mkdir(parents=True, exist_ok=True)
        part.drop("_bucket").write_ipc(target / f"{name}.arrow")


def bucket_total(kind: BulkKind, folder: Path, *, drop: bool = False) -> pl.DataFrame | None:
    """The reduced counts of one bucket folder (None if no block had a key in it); ``drop``
    deletes its files once read."""
    files = sorted(folder.glob("*.arrow"))
    if not files:
        return None
    total: pl.DataFrame | None = None
    for start in range(0, len(files), REDUCE_EVERY):
        group = [pl.read_ipc(f) for f in files[start:start + REDUCE_EVERY]]
        total = kind.reduce(pl.concat(group if total is None else [total, *group]))
        for f in files[start:start + REDUCE_EVERY] if drop else ():
            f.unlink()
    return total
