"""Run a bulk import: blocks → sorted shards → one N-Triples file and/or an Oxigraph store.

One process by default; with ``scheduler`` or ``workers`` on a Dask cluster (:mod:`.dask_run`),
where this process only schedules: blocks are converted into shards and partial counts, then
each bucket of the counts is summarised (:mod:`.partials`). The output is published
atomically: a failure leaves no half-written file.
"""

from __future__ import annotations

import shutil
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, nullcontext
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import polars as pl

from wildkg.sources.columnar.chunks import BLOCK_BYTES
from wildkg.sources.columnar.dask_run import Runner, dask_runner, run_here
from wildkg.sources.columnar.kind import BulkKind, Context, Converted, DatasetMeta, Filters, Progress
from wildkg.sources.columnar.partials import bucket_folder
from wildkg.sources.columnar.registry import get_kind
from wildkg.sources.columnar.shards import convert_task, load, merge, summary_task, write_shard


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


def make_context(kind: BulkKind, path: Path, filters: Filters, meta: DatasetMeta, curated: Curated,
                 block_bytes: int = BLOCK_BYTES, sort_shards: bool = True) -> Context:
    separator, quoted = kind.layout(path)
    from wildkg.sources.columnar import partials  # read at call time: tests set fewer buckets

    return Context(str(path), kind.dataset(path, meta).id, separator, quoted, filters, curated.areas,
                   curated.places, block_bytes, sort_shards, partials.BUCKETS)


@dataclass(frozen=True)
class Curated:
    """What the import needs to know of the curated data: protected areas as (slug of the
    label, country, id) to match WDPA sites, and the ids of curated places."""

    areas: tuple[tuple[str, str, str], ...] = ()
    places: frozenset[str] = frozenset()


@dataclass(frozen=True)
class Job:
    """One file to import as one kind."""

    kind: str
    path: Path


def run_import(
    kind_name: str,
    path: Path,
    *,
    out: Path | None = None,
    store: Path | None = None,
    **options: Any,
) -> ImportReport:
    """Import one file; see :func:`run_imports`."""
    return run_imports([Job(kind_name, path)], out=out, store=store, **options)


def run_imports(
    jobs: list[Job],
    *,
    out: Path | None = None,
    store: Path | None = None,
    filters: Filters | None = None,
    scheduler: str | None = None,
    workers: int | None = None,
    meta: DatasetMeta | None = None,
    curated: Curated | None = None,
    tick: Tick | None = None,
    work_dir: Path | None = None,
    block_bytes: int = BLOCK_BYTES,
) -> ImportReport:
    """Import each job's file into ``out`` (one sorted, duplicate-free N-Triples file) and/or
    the Oxigraph store ``store``; on a Dask cluster when ``scheduler`` or ``workers`` is given.
    With neither ``out`` nor ``store`` the shards are written and dropped (to time the conversion)."""
    report = ImportReport(", ".join(sorted({j.kind for j in jobs})))
    start = time.perf_counter()
    parent = work_dir or (out.parent if out else Path(tempfile.gettempdir()))
    parent.mkdir(parents=True, exist_ok=True)
    shard_dir = Path(tempfile.mkdtemp(prefix=".wildkg-shards-", dir=parent))
    on_dask = scheduler is not None or workers is not None
    runner: AbstractContextManager[Runner] = dask_runner(scheduler, workers) if on_dask else nullcontext(run_here)
    try:
        with runner as run:
            for number, job in enumerate(jobs):
                kind = get_kind(job.kind)
                ctx = make_context(kind, job.path, filters or Filters(), meta or DatasetMeta(),
                                   curated or Curated(), block_bytes, sort_shards=out is not None)
                _shards(kind, job, ctx, shard_dir / f"{number:03d}", report, run, on_dask, tick, meta)
        shards = sorted(shard_dir.glob("*/*.nt"))
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


def _shards(kind: BulkKind, job: Job, ctx: Context, shard_dir: Path, report: ImportReport, run: Runner,
            ranges: bool, tick: Tick | None, meta: DatasetMeta | None) -> None:
    """Write the shards of one file (tasks of ``run``), its summary shards and its dataset shard."""
    shard_dir.mkdir()
    with kind.items(job.path, ctx, ranges=ranges) as (items, progress):
        calls = ((job.kind, item, ctx, str(shard_dir / f"{index:07d}.nt")) for index, item in enumerate(items))
        _collect(run(convert_task, calls), report, progress, tick)
    buckets = bucket_folder(shard_dir)
    if buckets.is_dir():  # a bucket at a time: summaries grow with pairs of taxa
        summaries = ((job.kind, ctx, str(b), str(shard_dir / f"summary-{b.name}")) for b in sorted(buckets.iterdir()))
        for _ in run(summary_task, summaries):
            pass
        shutil.rmtree(buckets, ignore_errors=True)
    dataset = kind.dataset(job.path, meta or DatasetMeta()).lines() + kind.sections(ctx)
    _write_lines(dataset, shard_dir / "dataset.nt", ctx)


def _write_lines(lines: list[str], shard: Path, ctx: Context) -> None:
    write_shard(pl.Series("line", [x.rstrip("\n") for x in lines], pl.String), shard, sort=ctx.sort_shards)


def _collect(results: Iterator[Converted], report: ImportReport, progress: Progress, tick: Tick | None) -> None:
    for converted in results:
        report.rows += converted.rows
        report.kept += converted.kept
        report.blocks += 1
        if tick:
            tick(report.rows, progress.done, progress.size)
