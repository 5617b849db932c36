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
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from wildkg.sources.columnar.chunks import BLOCK_BYTES
from wildkg.sources.columnar.dask_run import Runner, dask_runner, run_here
from wildkg.sources.columnar.kind import BulkKind, Context, Converted, DatasetMeta, Filters, Progress
from wildkg.sources.columnar.partials import bucket_folder
from wildkg.sources.columnar.shards import load, merge_ranges, shard_ranges
from wildkg.sources.columnar.tasks import convert_task, merge_task, summary_task, write_lines
from wildkg.sources.registry import get_kind


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
                 block_bytes: int = BLOCK_BYTES, sort_shards: bool = True,
                 splits: tuple[str, ...] | None = None, keep_shards: bool = True) -> Context:
    separator, quoted = kind.layout(path)
    from wildkg.sources.columnar import partials  # read at call time: tests set fewer buckets

    return Context(str(path), kind.dataset(path, meta).id, separator, quoted, filters, curated.areas,
                   curated.places, block_bytes, sort_shards, partials.BUCKETS, keep_shards,
                   splits if sort_shards else ())  # unsorted shards (for a store) need no ranges


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
            splits: tuple[str, ...] | None = None  # chosen by the first block, kept for every file
            for number, job in enumerate(jobs):
                kind = get_kind(job.kind)
                ctx = make_context(kind, job.path, filters or Filters(), meta or DatasetMeta(),
                                   curated or Curated(), block_bytes, sort_shards=out is not None, splits=splits,
                                   keep_shards=out is not None or store is not None)
                splits = _shards(kind, job, ctx, shard_dir / f"{number:03d}", report, run, on_dask, tick, meta)
            report.shard_seconds = time.perf_counter() - start
            if store is not None:
                report.store_triples = load([s for r in shard_ranges(shard_dir) for s in r], store)
                report.outputs.append(store)
            if out is not None:
                report.lines = merge_ranges(shard_ranges(shard_dir), out, merge_all=_merge_on(run) if on_dask else None)
                report.outputs.append(out)
    finally:
        shutil.rmtree(shard_dir, ignore_errors=True)
    report.seconds = time.perf_counter() - start
    return report


def _shards(kind: BulkKind, job: Job, ctx: Context, shard_dir: Path, report: ImportReport, run: Runner,
            ranges: bool, tick: Tick | None, meta: DatasetMeta | None) -> tuple[str, ...]:
    """Write the shards of one file (tasks of ``run``), its summary shards and its dataset
    shard; return the key ranges' splits (chosen by the first block if not given)."""
    shard_dir.mkdir()
    with kind.items(job.path, ctx, ranges=ranges) as (items, progress):
        numbered = enumerate(items)
        if ctx.splits is None:  # the first block alone, to choose the key ranges of all the others
            first = next(numbered, None)
            head = [(job.kind, first[1], ctx, str(shard_dir / f"{first[0]:07d}.nt"))] if first else []
            converted = list(run(convert_task, head))
            _collect(iter(converted), report, progress, tick)
            ctx = replace(ctx, splits=converted[0].splits if converted else ())
        calls = ((job.kind, item, ctx, str(shard_dir / f"{index:07d}.nt")) for index, item in numbered)
        _collect(run(convert_task, calls), report, progress, tick)
    buckets = bucket_folder(shard_dir)
    if buckets.is_dir():  # a bucket at a time: summaries grow with pairs of taxa
        summaries = ((job.kind, ctx, str(b), str(shard_dir / f"summary-{b.name}")) for b in sorted(buckets.iterdir()))
        for _ in run(summary_task, summaries):
            pass
        shutil.rmtree(buckets, ignore_errors=True)
    write_lines(kind.dataset(job.path, meta or DatasetMeta()).lines() + kind.sections(ctx), shard_dir / "dataset.nt", ctx)
    return ctx.splits or ()


def _merge_on(run: Runner) -> Callable[[list[list[Path]], list[Path]], Iterator[int]]:
    """Merge the key ranges as tasks of ``run`` (in parallel on Dask workers)."""
    def merge_all(ranges: list[list[Path]], parts: list[Path]) -> Iterator[int]:
        return run(merge_task, (([str(s) for s in shards], str(part)) for shards, part in zip(ranges, parts, strict=True)))
    return merge_all


def _collect(results: Iterator[Converted], report: ImportReport, progress: Progress, tick: Tick | None) -> None:
    for converted in results:
        report.rows += converted.rows
        report.kept += converted.kept
        report.blocks += 1
        if tick:
            tick(report.rows, progress.done, progress.size)
