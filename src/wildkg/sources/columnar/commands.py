"""What ``wildkg import`` does for the bulk kinds (globi, gbif-dwca, wdpa, cites): the columnar,
block-wise path of :mod:`.run`, with filters, a progress bar, and Dask when asked.

``wildkg import`` sends a command whose kinds are all bulk kinds here; mixed with the
row-wise kinds of issue 8 (iucn, wikidata, gbif), the bulk kinds run through
:class:`.adapter.BulkImporter` instead, into the same writer.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from wildkg.errors import InputError
from wildkg.sources.base import ImportOptions
from wildkg.sources.columnar.kind import DatasetMeta, Filters
from wildkg.sources.columnar.run import Curated, ImportReport, Job, Tick, run_imports


@dataclass(frozen=True)
class BulkOptions:
    """Options only the bulk kinds take (``wildkg import --higher-taxon … --scheduler …``)."""

    higher_taxon: str | None = None
    bbox: str | None = None  # "min_lon,min_lat,max_lon,max_lat"
    taxa_file: Path | None = None
    store: Path | None = None
    scheduler: str | None = None
    workers: int | None = None
    progress: bool = True


def parse_bbox(text: str) -> tuple[float, float, float, float]:
    try:
        parts = tuple(float(x) for x in text.split(","))
    except ValueError:
        parts = ()
    if len(parts) != 4 or not (-180 <= parts[0] <= parts[2] <= 180 and -90 <= parts[1] <= parts[3] <= 90):
        raise InputError(f"--bbox '{text}': give min_lon,min_lat,max_lon,max_lat in degrees (e.g. 80,26,89,31)")
    return parts[0], parts[1], parts[2], parts[3]


def read_taxa(path: Path) -> frozenset[str]:
    """Scientific names, one a line (``#`` starts a comment), as the slugs taxa are keyed by."""
    from wildkg.ids import slug

    try:
        text = path.read_text(encoding="utf-8")
    except OSError as err:
        raise InputError(f"{path}: cannot read the taxon list ({err.strerror})") from err
    names = [line.split("#", 1)[0].strip() for line in text.splitlines()]
    return frozenset(slug(n) for n in names if n and slug(n))


def make_filters(options: ImportOptions, bulk: BulkOptions) -> Filters:
    from wildkg.ids import slug

    taxa = frozenset(slug(n) for n in options.taxa if slug(n))
    if bulk.taxa_file:
        taxa |= read_taxa(bulk.taxa_file)
    countries = sorted(options.countries)
    if len(countries) > 1:
        raise InputError("the bulk kinds take one --country at a time")
    country = countries[0].upper() if countries else None
    if country is not None and not (len(country) == 2 and country.isalpha() and country.isascii()):
        raise InputError(f"--country '{country}': give an ISO 3166-1 alpha-2 code such as NP")
    return Filters(taxa, bulk.higher_taxon, country, parse_bbox(bulk.bbox) if bulk.bbox else None)


def curated_index(data_dir: Path | None) -> Curated:
    """The curated protected areas (to match WDPA sites by name and country) and place ids."""
    if data_dir is None or not (data_dir / "places.yaml").is_file():
        return Curated()
    from wildkg.curation.loader import load_project
    from wildkg.ids import slug

    project = load_project(data_dir)
    areas = []
    for aid, entry in sorted(project.areas.items()):
        country = str(entry.values.get("located_in") or "").split("-", 1)[0]
        if len(country) == 2 and country.isupper():
            areas.append((slug(str(entry.values["label"])), country, aid))
    return Curated(tuple(areas), frozenset(project.places))


@contextmanager
def progress_bar(enabled: bool) -> Iterator[Tick | None]:
    """A rich progress bar over the file's bytes, with rows read and rows per second."""
    if not enabled or not sys.stderr.isatty():
        yield None
        return
    from rich.console import Console
    from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn

    columns = (TextColumn("importing"), BarColumn(), TextColumn("{task.percentage:>3.0f}%"),
               TextColumn("{task.fields[rows]:>12,} rows"), TextColumn("{task.fields[rate]:>10,.0f} rows/s"),
               TimeElapsedColumn())
    with Progress(*columns, console=Console(stderr=True)) as bar:
        task = bar.add_task("import", total=None, rows=0, rate=0.0)
        import time

        start = time.perf_counter()

        def tick(rows: int, done: int, size: int) -> None:
            elapsed = max(time.perf_counter() - start, 1e-9)
            bar.update(task, completed=done, total=size, rows=rows, rate=rows / elapsed)

        yield tick


def run_bulk(groups: Sequence[tuple[str, Sequence[Path]]], output: Path | None, options: ImportOptions,
             bulk: BulkOptions, data_dir: Path | None = None) -> ImportReport:
    """Import bulk files into ``output`` and/or ``bulk.store``."""
    jobs = [Job(kind, path) for kind, paths in groups for path in paths]
    for job in jobs:
        if not job.path.exists():
            raise InputError(f"{job.path}: no such file or folder")
    if output is None and bulk.store is None:
        raise InputError("say where the triples go: -o FILE.nt and/or --store DIR")
    meta = DatasetMeta(options.version, options.licence, options.retrieved)
    with progress_bar(bulk.progress) as tick:
        return run_imports(jobs, out=output, store=bulk.store, filters=make_filters(options, bulk),
                           scheduler=bulk.scheduler, workers=bulk.workers, meta=meta, curated=curated_index(data_dir),
                           tick=tick)


def print_report(report: ImportReport) -> None:
    from rich.console import Console

    console = Console(highlight=False, soft_wrap=True)
    kept = f" ({report.kept:,} converted: the others had no usable name or id, or were filtered out)" if report.kept != report.rows else ""
    console.print(f"{report.kind}: {report.rows:,} rows read{kept} in {report.seconds:.1f} s "
                  f"({report.rows_per_second:,.0f} rows/s), {report.blocks:,} blocks")
    if report.lines:
        console.print(f"triples: {report.lines:,} → {report.outputs[0]}")
    if report.store_triples:
        console.print(f"store: {report.store_triples:,} triples in {report.outputs[-1]}")
