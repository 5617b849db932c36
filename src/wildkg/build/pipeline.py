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
from collections.abc import Callable, Collection, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox

from wildkg import project as paths
from wildkg.build import incremental, lineoutputs, publish
from wildkg.build import manifest as mf
from wildkg.build.cache import Cache, context_key
from wildkg.build.incremental import FACT_TYPE
from wildkg.build.lineoutputs import LineOutputs
from wildkg.build.manifest import AccountState, Manifest, count_parts, stat_of
from wildkg.build.ontology import load_ontology_files, ontology_files
from wildkg.build.report import Timings, count_whole_store, name_relations
from wildkg.build.shapes import Term
from wildkg.build.stream import Compiled, compile_accounts, compile_shared, ontology_lines
from wildkg.build.validate import ValidationResult, validate_store
from wildkg.curation.loader import Project, account_files, check_duplicate, load_shared, shared_files
from wildkg.errors import InputError, WildkgError
from wildkg.forked import Forked


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
    return count_parts([list(part) for part in parts])[0]


@dataclass
class Merged:
    """The merged lines of a build and what its manifest needs."""

    lines: list[str]
    accounts: dict[str, AccountState]
    shared_lines: dict[str, int]
    #: False when bulk.yaml adds lines the manifest cannot account for.
    incremental: bool


def compile_lines(data_dir: Path, ontology_dir: Path, cache: Cache | None, *, jobs: int | None = None,
                  timings: Timings | None = None, progress: bool = False) -> list[str]:
    """Ontology, schemes and data as sorted canonical N-Triples lines."""
    return compile_merged(data_dir, ontology_dir, cache, jobs=jobs, timings=timings, progress=progress).lines


def compile_merged(data_dir: Path, ontology_dir: Path, cache: Cache | None, *, jobs: int | None = None,
                   timings: Timings | None = None, progress: bool = False) -> Merged:
    """:func:`compile_lines`, with the accounts' states and the lines several parts emit."""
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
            shared = compile_shared(project, ontology, jobs=jobs)
            cache.put_shared(shared)
            cache.put_project(data_dir, project)  # for the next incremental build's compile
    accounts = account_files(data_dir)
    stats = {path: stat_of(path) for path in accounts}  # before the files are read for their keys
    with t.stage(f"Compiling {len(accounts)} species accounts", progress, spinner=False):
        compiled = compile_accounts(accounts, project, ontology, files, cache, jobs=jobs,
                                    each=_bar(progress))
    seen: dict[str, Path] = {}
    for c in compiled:
        check_duplicate(seen, c.taxon, c.path, c.taxon_line)
    with t.stage("Importing the bulk sources of bulk.yaml", progress):
        bulk = bulk_lines(data_dir, project)
    with t.stage("Merging and sorting the triples", progress):
        lines, shared_lines = count_parts([onto, shared, sorted(set(bulk)), *(c.lines for c in compiled)])
    states = {c.path.relative_to(data_dir).as_posix(): AccountState(*stats[c.path], c.key, c.taxon, c.taxon_line)
              for c in compiled}
    return Merged(lines, states, shared_lines, not (data_dir / "bulk.yaml").exists())


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
    """Build ``out_dir/wildkg.ttl``, ``out_dir/store`` and (optionally) ``out_dir/wildkg.html``:
    incrementally from the published build where its manifest covers the change, else in full."""
    key = context_key([*ontology_files(ontology_dir), *shared_files(data_dir)])
    store_cache = Cache(out_dir / publish.STATE / "cache", key, enabled=cache)
    existed = out_dir.exists()
    t = Timings()
    try:
        change = incremental.plan(data_dir, ontology_dir, out_dir, store_cache, key, html=html, timings=t,
                                  progress=progress)
        if change is not None:
            done = _build_incremental(change, ontology_dir, out_dir, store_cache, html=html, progress=progress,
                                      timings=t)
            if done is not None:
                return done
        return _build(data_dir, ontology_dir, out_dir, store_cache, key, progress=progress, html=html,
                      jobs=jobs, timings=t)
    except BaseException:
        if not existed:  # a failed first build leaves no out/ behind (not even cache folders)
            shutil.rmtree(out_dir, ignore_errors=True)
        raise
    finally:
        store_cache.discard()  # after a commit there is nothing left to discard


Writer = Callable[[Path], tuple[Manifest, Counter[str]]]


def _build(data_dir: Path, ontology_dir: Path, out_dir: Path, store_cache: Cache, key: str, *, progress: bool,
           html: bool, jobs: int | None, timings: Timings) -> BuildResult:
    t = timings
    # Compiling only reads (the cache too): bad data fails here and leaves out/ as it was.
    merged = compile_merged(data_dir, ontology_dir, store_cache, jobs=jobs, timings=t, progress=progress)
    lines = merged.lines
    facts = sum(1 for line in lines if line.endswith(FACT_TYPE))
    triples = len(lines)  # _write_outputs empties the list once the store and the page have it
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
    except OSError as err:
        raise InputError(f"{out_dir}: cannot create the output folder: {err.strerror}") from err

    def write(version: Path) -> tuple[Manifest, Counter[str]]:
        keep = merged.incremental and store_cache.enabled
        (entities, per_predicate), relations = _write_outputs(lines, version, ontology_dir, html=html,
                                                              progress=progress, timings=t, keep_lines=keep)
        manifest = Manifest(key, html, merged.accounts, triples, facts, entities, per_predicate,
                            merged.shared_lines)
        if keep:
            mf.write(version, manifest)
        return manifest, relations

    with publish.build_lock(out_dir):
        return _publish(out_dir, write, store_cache, html=html, progress=progress, timings=t)


def _build_incremental(change: incremental.Change, ontology_dir: Path, out_dir: Path, store_cache: Cache, *,
                       html: bool, progress: bool, timings: Timings) -> BuildResult | None:
    """Patch a copy of the published build; None if another build published meanwhile."""
    t = timings
    if change.empty:  # nothing that reaches the graph changed: the published outputs stand
        with publish.build_lock(out_dir):
            if publish.current_version(out_dir) != change.current:
                return None
            publish.clean(out_dir)  # what an interrupted build left
            mf.write(change.current, change.manifest)  # the new stats, so the next build hashes nothing
            store_cache.commit()
        from wildkg.rdfio import open_store

        relations = name_relations(open_store(change.current / paths.STORE_NAME), change.manifest.per_predicate)
        return _result(out_dir, change.manifest, relations, html, t)

    def write(version: Path) -> tuple[Manifest, Counter[str]]:
        with t.stage("Copying the store and applying the change", progress):
            store = incremental.patch_store(change, version)
            focus = incremental.affected(store, change)
        # The Turtle and the sorted lines are spliced by a forked process meanwhile (files only).
        files = Forked(f"splicing {paths.TTL_NAME} and the sorted lines", incremental.write_files, change, version)
        try:
            _validate(store, ontology_dir, progress, t, focus)
            relations = name_relations(store, change.manifest.per_predicate)
            store.flush()
            patched = html and incremental.write_page(change, store, version, t, progress)
            with t.stage(f"Waiting for {paths.TTL_NAME} and the sorted lines (changed subjects only, "
                         "spliced alongside)", progress):
                files.wait()
        except BaseException:
            files.cancel()
            raise
        if html and not patched:  # a change the patch does not follow: drawn from all lines
            with (version / mf.FOLDER / mf.LINES).open(encoding="utf-8") as fh:
                _page(fh, version, html, progress, t)
        mf.write(version, change.manifest)
        return change.manifest, relations

    with publish.build_lock(out_dir):
        if publish.current_version(out_dir) != change.current:
            return None
        return _publish(out_dir, write, store_cache, html=html, progress=progress, timings=t)


def _publish(out_dir: Path, write: Writer, store_cache: Cache, *, html: bool, progress: bool,
             timings: Timings) -> BuildResult:
    """Write a new version folder with ``write`` and publish it; nothing is left of a failure."""
    publish.clean(out_dir)
    version = publish.new_version(out_dir)
    try:
        manifest, relations = write(version)
        with timings.stage("Publishing", progress):
            names = [paths.TTL_NAME, paths.STORE_NAME] + ([paths.HTML_NAME] if html else [])
            publish.publish(version, out_dir, names)
            store_cache.commit()
    except OSError as err:
        shutil.rmtree(version, ignore_errors=True)
        raise InputError(f"{out_dir}: cannot write the outputs ({err.strerror}: {err.filename}); "
                         "the previous outputs are unchanged") from err
    except BaseException:
        shutil.rmtree(version, ignore_errors=True)
        raise
    return _result(out_dir, manifest, relations, html, timings)


def _result(out_dir: Path, manifest: Manifest, relations: Counter[str], html: bool, t: Timings) -> BuildResult:
    names = [paths.TTL_NAME, paths.STORE_NAME] + ([paths.HTML_NAME] if html else [])
    return BuildResult(out_dir / paths.TTL_NAME, manifest.triples, manifest.facts, +manifest.entities, relations,
                       [out_dir / n for n in names], t)


def _validate(store: ox.Store, ontology_dir: Path, progress: bool, t: Timings,
              focus: Collection[Term] | None = None) -> None:
    what = "" if focus is None else f", {len(focus)} affected focus nodes"
    with t.stage(f"Validating with the SHACL shapes (on Oxigraph{what})", progress):
        result = validate_store(store, ontology_dir / "shapes.ttl", focus)
    if not result.conforms:
        raise BuildError(result)


def _page(lines: Iterable[str], version: Path, html: bool, progress: bool, t: Timings) -> None:
    if html:
        with t.stage(f"Writing {paths.HTML_NAME}", progress):  # from the lines: docs/perf/build-page.md
            lineoutputs.draw(lines, version, keep=True)


def _write_outputs(lines: list[str], version: Path, ontology_dir: Path, *, html: bool, progress: bool,
                   timings: Timings, keep_lines: bool) -> tuple[tuple[Counter[str], Counter[str]], Counter[str]]:
    """Store, validation, Turtle and page inside the unpublished ``version`` folder (and the
    sorted lines in its ``.build/`` for the next incremental build, if ``keep_lines``).

    Large graphs get their Turtle and page from a forked process while the store loads and
    validates (:mod:`wildkg.build.lineoutputs`). ``lines`` is emptied once it is on disk and
    with that process: at 10,000 species it holds ~1 GB the store's loader would add to."""
    t = timings
    data = version / ".sorted.nt"  # on disk, not one more in-memory copy of every line
    with t.stage("Writing the sorted lines", progress), data.open("w", encoding="utf-8") as fh:
        fh.writelines(lines)
    outputs = LineOutputs(lines, data, version, html=html, keep=keep_lines)
    try:
        if outputs.parallel:  # nothing in this process reads them again
            lines.clear()
        with t.stage("Loading the Oxigraph store", progress):
            store = ox.Store(str(version / paths.STORE_NAME))
            store.bulk_load(path=str(data), format=ox.RdfFormat.N_TRIPLES)
        _validate(store, ontology_dir, progress, t)
        with t.stage("Counting entities and facts", progress):
            counts = count_whole_store(store)
            relations = name_relations(store, counts[1])
        files = {"turtle": paths.TTL_NAME, "page": paths.HTML_NAME}
        what = " and ".join(files[k] for k in files if k == "turtle" or html)
        with t.stage(f"Waiting for {what} (written alongside)" if outputs.parallel else f"Writing {what}",
                     progress):
            seconds = outputs.result()
        if outputs.parallel:
            for key, secs in seconds.items():
                t.alongside(f"Writing {files[key]} (in a forked process, alongside the stages above)", secs)
    except BaseException:
        outputs.cancel()
        raise
    if keep_lines:
        (version / mf.FOLDER).mkdir(exist_ok=True)
        data.replace(version / mf.FOLDER / mf.LINES)
    else:
        data.unlink()
    store.flush()
    del store
    gc.collect()  # the store's files are closed when the object is freed
    return counts, relations
