"""Stage 3: compile ontology + data, validate, and publish the outputs together.

``build()`` is what ``wildkg build`` and ``make run`` call. The build streams: the shared
records and each species account compile to canonical N-Triples lines (in a process pool,
through a cache under ``out/.wildkg/cache``), which are merged, sorted and bulk-loaded into a
new Oxigraph store; the SHACL shapes run on that store as SPARQL; the Turtle is written from
the sorted lines and the page from the store. Nothing is published unless the data loads,
compiles and conforms, and then every output at once (:mod:`wildkg.build.publish`).
"""

from __future__ import annotations

import gc
import shutil
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox

from wildkg import project as paths
from wildkg.build import publish
from wildkg.build.cache import Cache, context_key
from wildkg.build.ontology import load_ontology_files, ontology_files
from wildkg.build.report import Timings
from wildkg.build.stream import Compiled, compile_accounts, compile_shared, ontology_lines
from wildkg.build.validate import ValidationResult, validate_store
from wildkg.curation.loader import Project, account_files, check_duplicate, load_shared, shared_files
from wildkg.errors import InputError, WildkgError
from wildkg.namespaces import PREFIXES, WILDKG

#: The N-Triples ending of a fact node's type triple (facts are counted on the merged lines).
_FACT_TYPE = f" <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <{WILDKG.Fact}> .\n"


class BuildError(WildkgError):
    """The data compiled but does not conform to the shapes."""

    def __init__(self, result: ValidationResult) -> None:
        self.result = result
        super().__init__(
            f"the graph does not conform to the shapes ({len(result.violations)} problem(s)); "
            "nothing was written\n" + result.summary()
        )


@dataclass
class BuildResult:
    """What a build produced, for the summary table."""

    ttl_path: Path
    triples: int
    facts: int
    entities: Counter[str] = field(default_factory=Counter)
    relations: Counter[str] = field(default_factory=Counter)
    outputs: list[Path] = field(default_factory=list)
    timings: Timings = field(default_factory=Timings)


def merge(*parts: Iterable[str]) -> list[str]:
    """The union of N-Triples lines, sorted: the order every output is written in."""
    lines: set[str] = set()
    for part in parts:
        lines.update(part)
    return sorted(lines)


def compile_lines(data_dir: Path, ontology_dir: Path, cache: Cache | None, *, jobs: int | None = None,
                  timings: Timings | None = None, progress: bool = False) -> list[str]:
    """Ontology, schemes and data as sorted canonical N-Triples lines."""
    t = timings or Timings()
    with t.stage("Reading the ontology and shared records", progress):
        files = ontology_files(ontology_dir)
        ontology = load_ontology_files(files)
        onto = ontology_lines(files)
        project = load_shared(data_dir)
    if cache is None:
        cache = Cache(Path(), "", enabled=False)
    with t.stage("Compiling shared records", progress):
        shared = cache.get_shared()
        if shared is None:
            shared = compile_shared(project, ontology)
            cache.put_shared(shared)
    accounts = account_files(data_dir)
    with t.stage(f"Compiling {len(accounts)} species accounts", progress, spinner=False):
        compiled = compile_accounts(accounts, project, ontology, files, cache, jobs=jobs,
                                    each=_bar(progress))
    seen: dict[str, Path] = {}
    for c in compiled:
        check_duplicate(seen, c.taxon, c.path, c.taxon_line)
    with t.stage("Importing the bulk sources of bulk.yaml", progress):
        bulk = bulk_lines(data_dir, project)
    with t.stage("Merging and sorting the triples", progress):
        return merge(onto, shared, bulk, *(c.lines for c in compiled))


def bulk_lines(data_dir: Path, project: Project) -> list[str]:
    """Statements of the bulk sources declared in ``data_dir/bulk.yaml`` (IUCN, Wikidata, GBIF,
    GloBI… see :mod:`wildkg.sources.bulk`), as canonical N-Triples lines; none without the file."""
    import tempfile

    import pyoxigraph as ox

    from wildkg.sources.bulk import import_bulk

    taxa = {tid: str(e.values["scientific_name"]) for tid, e in project.taxa.items()
            if "scientific_name" in e.values}
    with tempfile.TemporaryDirectory(prefix="wildkg-bulk-") as tmp:
        done = import_bulk(data_dir, taxa, set(project.places), Path(tmp))
        if done is None:
            return []
        path, _ = done
        return [f"{t.subject} {t.predicate} {t.object} .\n"
                for t in ox.parse(path=str(path), format=ox.RdfFormat.N_TRIPLES)]


def _bar(progress: bool):  # type: ignore[no-untyped-def]
    def each(items: Iterator[Compiled], total: int) -> Iterable[Compiled]:
        if not progress or total < 10:
            return items
        from rich.progress import track

        from wildkg.build.report import err_console

        return track(items, total=total, description="Compiling species accounts", console=err_console,
                     transient=True)

    return each


def build(
    data_dir: Path,
    ontology_dir: Path,
    out_dir: Path,
    *,
    progress: bool = False,
    html: bool = True,
    jobs: int | None = None,
    cache: bool = True,
) -> BuildResult:
    """Build ``out_dir/wildkg.ttl``, ``out_dir/store`` and (optionally) ``out_dir/wildkg.html``."""
    key = context_key([*ontology_files(ontology_dir), *shared_files(data_dir)])
    store_cache = Cache(out_dir / publish.STATE / "cache", key, enabled=cache)
    existed = out_dir.exists()
    try:
        return _build(data_dir, ontology_dir, out_dir, store_cache, progress=progress, html=html, jobs=jobs)
    except BaseException:
        if not existed:  # a failed first build leaves no out/ behind (not even cache folders)
            shutil.rmtree(out_dir, ignore_errors=True)
        raise
    finally:
        store_cache.discard()  # after a commit there is nothing left to discard


def _build(data_dir: Path, ontology_dir: Path, out_dir: Path, store_cache: Cache, *, progress: bool,
           html: bool, jobs: int | None) -> BuildResult:
    t = Timings()
    # Compiling only reads (the cache too): bad data fails here and leaves out/ as it was.
    lines = compile_lines(data_dir, ontology_dir, store_cache, jobs=jobs, timings=t, progress=progress)
    facts = sum(1 for line in lines if line.endswith(_FACT_TYPE))
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
    except OSError as err:
        raise InputError(f"{out_dir}: cannot create the output folder: {err.strerror}") from err
    with publish.build_lock(out_dir):
        publish.clean(out_dir)
        version = publish.new_version(out_dir)
        try:
            result = _write_outputs(lines, version, ontology_dir, html=html, progress=progress, timings=t)
            with t.stage("Publishing", progress):
                names = [paths.TTL_NAME, paths.STORE_NAME] + ([paths.HTML_NAME] if html else [])
                outputs = publish.publish(version, out_dir, names)
                store_cache.commit()
        except OSError as err:
            shutil.rmtree(version, ignore_errors=True)
            raise InputError(f"{out_dir}: cannot write the outputs ({err.strerror}: {err.filename}); "
                             "the previous outputs are unchanged") from err
        except BaseException:
            shutil.rmtree(version, ignore_errors=True)
            raise
    entities, relations = result
    return BuildResult(out_dir / paths.TTL_NAME, len(lines), facts, entities, relations, outputs, t)


def _write_outputs(lines: list[str], version: Path, ontology_dir: Path, *, html: bool, progress: bool,
                   timings: Timings) -> tuple[Counter[str], Counter[str]]:
    """Store, validation, Turtle and page inside the unpublished ``version`` folder."""
    from wildkg.build.report import count_kinds_store
    from wildkg.rdfio import write_turtle

    t = timings
    data = version / ".sorted.nt"  # on disk, not one more in-memory copy of every line
    with t.stage("Loading the Oxigraph store", progress):
        with data.open("w", encoding="utf-8") as fh:
            fh.writelines(lines)
        store = ox.Store(str(version / paths.STORE_NAME))
        store.bulk_load(path=str(data), format=ox.RdfFormat.N_TRIPLES)
    with t.stage("Validating with the SHACL shapes (on Oxigraph)", progress):
        result = validate_store(store, ontology_dir / "shapes.ttl")
    if not result.conforms:
        raise BuildError(result)
    with t.stage(f"Writing {paths.TTL_NAME}", progress):
        write_turtle(data, version / paths.TTL_NAME, PREFIXES)
        (version / paths.TTL_NAME).chmod(0o666 & ~publish.UMASK)
    data.unlink()
    with t.stage("Counting entities and facts", progress):
        counts = count_kinds_store(store)
    if html:
        from wildkg.network.ntlines import NTriplesLines
        from wildkg.network.page import write_network_page

        with t.stage(f"Writing {paths.HTML_NAME}", progress):  # from the lines: docs/perf/build-page.md
            write_network_page(NTriplesLines(lines), version / paths.HTML_NAME,
                               state_dir=version.parent.parent / "page")
    store.flush()
    del store
    gc.collect()  # the store's files are closed when the object is freed
    return counts
