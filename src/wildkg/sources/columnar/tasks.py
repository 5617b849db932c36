"""What converting a file is made of: tasks run here or by Dask workers.

Each block becomes its shards (its lines cut into the import's key ranges, each sorted) and its
partial counts' buckets; each bucket of counts becomes summary shards. Tasks are module-level
functions of picklable arguments, so Dask ships them by name.
"""

from __future__ import annotations

from pathlib import Path

import polars as pl

from wildkg.sources.columnar.kind import BulkKind, Context, Converted, Item
from wildkg.sources.columnar.partials import bucket_folder, bucket_total, spill
from wildkg.sources.columnar.shards import choose_splits, merge_part, write_ranges
from wildkg.sources.registry import get_kind

#: Keys of a bucket's totals summarised (turned into statement lines) per shard.
SUMMARY_ROWS = 50_000


def convert_to_shard(kind: BulkKind, item: Item, ctx: Context, shard: Path) -> Converted:
    """Convert one block, write its shard and its partial counts' buckets (beside the shard,
    :func:`.partials.bucket_folder`); the returned lines and counts are dropped to save memory
    and so that nothing of the data travels back to a Dask client."""
    converted = kind.convert(item, ctx)
    if ctx.splits is None:  # the import's first block: its lines choose the key ranges
        converted.splits = choose_splits(converted.lines)
    write_ranges(converted.lines, shard, ctx.splits or converted.splits or (), sort=ctx.sort_shards,
                 keep=ctx.keep_shards)
    converted.lines = converted.lines.clear()
    if converted.partial is not None:
        spill(kind, converted.partial, bucket_folder(shard.parent), shard.stem, ctx.summary_buckets)
        converted.partial = None
    return converted


def summarise_to_shards(kind: BulkKind, ctx: Context, bucket: Path, shard_prefix: Path) -> int:
    """Summarise one bucket of partial counts into shards ``<shard_prefix>-NNNNN.nt``, a slice
    of :data:`SUMMARY_ROWS` keys each; return the lines written."""
    total = bucket_total(kind, bucket, drop=True)
    if total is None:
        return 0
    written = 0
    for number, start in enumerate(range(0, total.height, SUMMARY_ROWS)):
        lines = kind.summarise(total.slice(start, SUMMARY_ROWS), ctx)
        written += write_lines(lines, shard_prefix.with_name(f"{shard_prefix.name}-{number:05d}.nt"), ctx)
    return written


# What a worker runs (plain module-level functions of picklable arguments: Dask ships them by name).

def convert_task(kind_name: str, item: Item, ctx: Context, shard: str) -> Converted:
    """Convert one block of ``kind_name`` into ``shard``."""
    return convert_to_shard(get_kind(kind_name), item, ctx, Path(shard))


def summary_task(kind_name: str, ctx: Context, bucket: str, shard_prefix: str) -> int:
    """Summarise one bucket of ``kind_name``'s partial counts."""
    return summarise_to_shards(get_kind(kind_name), ctx, Path(bucket), Path(shard_prefix))


def write_lines(lines: list[str], shard: Path, ctx: Context) -> int:
    """Write N-Triples lines (each ending with a line end) as shards cut by ``ctx.splits``."""
    return write_ranges(pl.Series("line", [x.rstrip("\n") for x in lines], pl.String), shard, ctx.splits or (),
                        sort=ctx.sort_shards)


def merge_task(shards: list[str], part: str) -> int:
    """Merge one key range's sorted shards into ``part`` and delete them; return its lines."""
    return merge_part([Path(s) for s in shards], Path(part))
