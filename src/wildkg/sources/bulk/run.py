"""Run a bulk import: blocks → sorted shards → one N-Triples file and/or an Oxigraph store.

One process by default; with ``scheduler`` the blocks are converted on a Dask cluster
(:mod:`.dask_run`). Either way the kind's partial counts are reduced here and summarised into
a last shard, and the output is published atomically: a failure leaves no half-written file.
"""

from __future__ import annotations

import shutil
import tempfile
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import polars as pl

from wildkg.sources.bulk.chunks import Block
from wildkg.sources.bulk.kind import BulkKind, Context, Converted, DatasetMeta, Filters, Progress
from wildkg.sources.bulk.registry import get_kind
from wildkg.sources.bulk.shards import load, merge, write_shard

#: Reduce the partial counts once this many have piled up (keeps memory flat).
REDUCE_EVERY = 16


@dataclass
class ImportReport:
    """What an import read and wrote."""

    kind: str
    rows: int = 0
    kept: int = 0
    blocks: int = 0
    lines: int = 0  # distinct triples in the merged output (0 when only loading)
    store_triples: int = 0
    seconds: float = 0.0
    shard_seconds: float = 0.0
    outputs: list[Path] = field(default_factory=list)

    @property
    def rows_per_second(self) -> float:
        return self.rows / self.seconds if self.seconds else 0.0


#: Called after each block with (rows so far, compressed bytes read, file size).
Tick = Callable[[int, int, int], None]


def convert_to_shard(kind: BulkKind, item: Block | pl.DataFrame, ctx: Context, shard: Path) -> Converted:
    """Convert one block and write its shard; the returned lines are dropped to save memory."""
    converted = kind.convert(item, ctx)
    write_shard(converted.lines, shard)
    converted.lines = converted.lines.clear()
    return converted


def make_context(kind: BulkKind, path: Path, filters: Filters, meta: DatasetMeta,
                 curated_areas: tuple[tuple[str, str, str], ...] = ()) -> Context:
    separator, quoted = kind.layout(path)
    return Context(str(path), kind.dataset(path, meta).id, separator, quoted, filters, curated_areas)


def run_import(
    kind_name: str,
    path: Path,
    *,
    out: Path | None = None,
    store: Path | None = None,
    filters: Filters | None = None,
    scheduler: str | None = None,
    workers: int | None = None,
    meta: DatasetMeta | None = None,
    curated_areas: tuple[tuple[str, str, str], ...] = (),
    tick: Tick | None = None,
    work_dir: Path | None = None,
) -> ImportReport:
    """Import ``path`` as ``kind_name`` into ``out`` (sorted N-Triples) and/or ``store``."""
    kind = get_kind(kind_name)
    meta = meta or DatasetMeta()
    ctx = make_context(kind, path, filters or Filters(), meta, curated_areas)
    report = ImportReport(kind_name)
    start = time.perf_counter()
    parent = work_dir or (out.parent if out else Path(tempfile.gettempdir()))
    parent.mkdir(parents=True, exist_ok=True)
    shard_dir = Path(tempfile.mkdtemp(prefix=".wildkg-shards-", dir=parent))
    try:
        with kind.items(path, ctx) as (items, progress):
            if scheduler is not None or workers is not None:
                from wildkg.sources.bulk.dask_run import convert_on_dask

                results = convert_on_dask(kind_name, items, ctx, shard_dir, scheduler, workers)
            else:
                results = _convert_here(kind, items, ctx, shard_dir)
            total = _collect(kind, results, report, progress, tick)
        summary = kind.summarise(total, ctx) if total is not None else []
        summary += kind.dataset(path, meta).lines()
        write_shard(pl.Series("line", [x.rstrip("\n") for x in summary], pl.String), shard_dir / "summary.nt")
        shards = sorted(shard_dir.glob("*.nt"))
        report.shard_seconds = time.perf_counter() - start
        if out is not None:
            report.lines = merge(shards, out)
            report.outputs.append(out)
        if store is not None:
            report.store_triples = load(shards, store)
            report.outputs.append(store)
    finally:
        shutil.rmtree(shard_dir, ignore_errors=True)
    report.seconds = time.perf_counter() - start
    return report


def _convert_here(kind: BulkKind, items: Iterator[Block | pl.DataFrame], ctx: Context,
                  shard_dir: Path) -> Iterator[Converted]:
    for index, item in enumerate(items):
        yield convert_to_shard(kind, item, ctx, shard_dir / f"{index:07d}.nt")


def _collect(kind: BulkKind, results: Iterator[Converted], report: ImportReport,
             progress: Progress, tick: Tick | None) -> pl.DataFrame | None:
    partials: list[pl.DataFrame] = []
    for converted in results:
        report.rows += converted.rows
        report.kept += converted.kept
        report.blocks += 1
        if converted.partial is not None:
            partials.append(converted.partial)
            if len(partials) >= REDUCE_EVERY:
                partials = [kind.reduce(pl.concat(partials))]
        if tick:
            tick(report.rows, progress.done, progress.size)
    return kind.reduce(pl.concat(partials)) if partials else None
