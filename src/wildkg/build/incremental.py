"""An incremental build: compile only the changed accounts and patch a copy of the last build.

:func:`plan` compares the data folder with the published build's manifest
(:mod:`wildkg.build.manifest`): an account whose stat is unchanged is unchanged, the others
are hashed, and only those whose content changed compile (through the same
:func:`wildkg.build.stream.compile_account` as a full build). Their old lines (from the cache,
by their old key) and new lines give the lines that enter and leave the graph: a line that
several parts emit leaves only when the last of them stops (the manifest counts them).
Anything the manifest does not cover (the ontology, shared records, code, ``bulk.yaml``, a
missing cache entry) means a full build.

:func:`apply` writes the new version folder: a copy of the last store (``Store.backup``: a
RocksDB checkpoint, hard links to its immutable files) patched with the removed and added
quads, validated, the Turtle spliced (:mod:`wildkg.build.splice`), the counts adjusted by the
changed subjects' before and after. The published version is never written to.
"""

from __future__ import annotations

import dataclasses
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox

from wildkg import project as paths
from wildkg.build import manifest as mf
from wildkg.build.cache import Cache, digest
from wildkg.build.focus import affected_focus
from wildkg.build.manifest import AccountState, Manifest
from wildkg.build.publish import UMASK
from wildkg.build.report import Timings, count_store
from wildkg.build.shapes import Term
from wildkg.build.splice import TurtleBlocks, render, splice, splice_lines, subject_of
from wildkg.curation.loader import Project, account_files, check_duplicate, load_shared
from wildkg.namespaces import PREFIXES, WILDKG

RDF_NS = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
#: The N-Triples ending of a fact node's type triple (facts are counted on the lines).
FACT_TYPE = f" <{RDF_NS}type> <{WILDKG.Fact}> .\n"
_COUNTED = (f" <{RDF_NS}type> ", f" <{RDF_NS}predicate> ")


@dataclass
class Change:
    """What changed since the published build, and the manifest of the build to come."""

    current: Path
    manifest: Manifest
    removed: list[str]
    added: list[str]
    #: Lines of each changed subject's new block (from the old Turtle, removed and added).
    blocks: dict[str, tuple[int, int, set[str]]]
    #: The page is wanted and the last build has none (it is drawn from the sorted lines), or
    #: the other way round (the new version has none, so its link goes).
    page_changed: bool = False

    @property
    def empty(self) -> bool:
        return not self.removed and not self.added and not self.page_changed


def _same(manifest: Manifest | None, context: str, current: Path) -> bool:
    return (manifest is not None and manifest.context == context
            and (current / paths.TTL_NAME).is_file() and (current / paths.STORE_NAME).is_dir()
            and (current / mf.FOLDER / mf.LINES).is_file())


def plan(data_dir: Path, ontology_dir: Path, out_dir: Path, cache: Cache, context: str, *, html: bool,
         timings: Timings, progress: bool) -> Change | None:
    """The change since the published build, or None when only a full build can tell."""
    from wildkg.build import publish

    current = publish.current_version(out_dir)
    if not cache.enabled or current is None or (data_dir / "bulk.yaml").exists():
        return None
    old = mf.read(current)
    if old is None or not _same(old, context, current):
        return None
    with timings.stage("Comparing the accounts with the last build", progress):
        files = account_files(data_dir)
        accounts: dict[str, AccountState] = {}
        changed: list[tuple[Path, str, tuple[int, int], str]] = []
        for path in files:
            rel = path.relative_to(data_dir).as_posix()
            stat = mf.stat_of(path)  # before reading: an edit after it changes the stat again
            was = old.accounts.get(rel)
            if was is not None and (was.mtime_ns, was.size) == stat:
                accounts[rel] = was
                continue
            key = digest(path.read_bytes())
            if was is not None and was.key == key:
                accounts[rel] = dataclasses.replace(was, mtime_ns=stat[0], size=stat[1])
            else:
                changed.append((path, rel, stat, key))
        present = {*accounts, *(rel for _, rel, _, _ in changed)}
        gone = [rel for rel in old.accounts if rel not in present]
    new_lines: dict[str, list[str]] = {}
    if changed:
        with timings.stage(f"Compiling {len(changed)} changed species account(s)", progress):
            for _path, rel, stat, key, taxon, line, lines in _compile(data_dir, ontology_dir, cache, changed):
                accounts[rel] = AccountState(stat[0], stat[1], key, taxon, line)
                cache.put_account(key, taxon, line, lines)
                new_lines[rel] = lines
    ordered = {path.relative_to(data_dir).as_posix(): path for path in files}
    seen: dict[str, Path] = {}
    for rel, path in ordered.items():
        check_duplicate(seen, accounts[rel].taxon, path, accounts[rel].taxon_line)
    cache.used.update(a.key for a in accounts.values())
    delta: Counter[str] = Counter()
    for rel in [*new_lines, *gone]:
        before: set[str] = set()
        if rel in old.accounts:
            hit = cache.get_account(old.accounts[rel].key)
            if hit is None:
                return None  # the old lines are not known: only a full build can tell
            before = set(hit[2])
        after = set(new_lines.get(rel, ()))
        delta.update(after - before)
        delta.subtract(before - after)
    manifest = Manifest(context, html, {rel: accounts[rel] for rel in ordered}, old.triples, old.facts,
                        old.entities, old.per_predicate, dict(old.shared_lines))
    with timings.stage("Diffing the changed lines", progress):
        change = _diff(current, manifest, delta)
    change.page_changed = html != (current / paths.HTML_NAME).is_file()
    return change


def _compile(data_dir: Path, ontology_dir: Path, cache: Cache, changed: list[tuple[Path, str, tuple[int, int], str]],
             ) -> list[tuple[Path, str, tuple[int, int], str, str, int, list[str]]]:
    from wildkg.build.ontology import load_ontology_files, ontology_files
    from wildkg.build.stream import compile_account

    project = shared_project(data_dir, cache)
    ontology = load_ontology_files(ontology_files(ontology_dir))
    done = []
    for path, rel, stat, key in changed:
        c = compile_account(project, ontology, path)
        done.append((path, rel, stat, key, c.taxon, c.taxon_line, c.lines))
    return done


def shared_project(data_dir: Path, cache: Cache) -> Project:
    """The shared records, from the cache's pickle of this context or read (and pickled)."""
    project = cache.get_project(data_dir)
    if project is None:
        project = load_shared(data_dir)
        cache.put_project(data_dir, project)
    return project


def _diff(current: Path, manifest: Manifest, delta: Counter[str]) -> Change:
    """Lines entering and leaving the graph: a line's count of emitting parts goes from the
    manifest's (or 1 if the old Turtle holds it, else 0) to that plus its delta."""
    turtle = TurtleBlocks(current / paths.TTL_NAME, PREFIXES)
    try:
        blocks: dict[str, tuple[int, int, set[str]]] = {}
        for subject in sorted({subject_of(line) for line, d in delta.items() if d}):
            start, end = turtle.find(subject)
            blocks[subject] = (start, end, turtle.lines(start, end))
    finally:
        turtle.close()
    shared = manifest.shared_lines
    removed, added = [], []
    for line, d in sorted(delta.items()):
        if not d:
            continue
        block = blocks[subject_of(line)][2]
        before = shared.get(line, 1 if line in block else 0)
        after = before + d
        if after > 1:
            shared[line] = after
        else:
            shared.pop(line, None)
        if before and not after:
            removed.append(line)
            block.discard(line)
        elif after and not before:
            added.append(line)
            block.add(line)
    manifest.triples += len(added) - len(removed)
    manifest.facts += sum(line.endswith(FACT_TYPE) for line in added) - sum(line.endswith(FACT_TYPE)
                                                                           for line in removed)
    return Change(current, manifest, removed, added, blocks)


def _quads(lines: list[str]) -> list[ox.Quad]:
    return [ox.Quad(t.subject, t.predicate, t.object, ox.DefaultGraph())
            for t in ox.parse("".join(lines).encode("utf-8"), format=ox.RdfFormat.N_TRIPLES)]


def _counted_subjects(lines: list[str]) -> list[ox.NamedNode | ox.BlankNode]:
    subjects = {t.subject for t in ox.parse("".join(line for line in lines if any(c in line for c in _COUNTED))
                                            .encode("utf-8"), format=ox.RdfFormat.N_TRIPLES)}
    return sorted((s for s in subjects if isinstance(s, (ox.NamedNode, ox.BlankNode))), key=str)


def patch_store(change: Change, version: Path) -> ox.Store:
    """A copy of the published store in ``version`` with the change applied; the counts of the
    manifest adjusted by the changed subjects' kinds and facts before and after."""
    old = ox.Store.read_only(str(change.current / paths.STORE_NAME))
    old.backup(str(version / paths.STORE_NAME))
    del old
    store = ox.Store(str(version / paths.STORE_NAME))
    subjects = _counted_subjects(change.removed + change.added)
    entities, per_predicate = count_store(store, subjects)
    for quad in _quads(change.removed):
        store.remove(quad)
    store.extend(_quads(change.added))
    new_entities, new_predicates = count_store(store, subjects)
    m = change.manifest
    m.entities.subtract(entities)
    m.entities.update(new_entities)
    m.per_predicate.subtract(per_predicate)
    m.per_predicate.update(new_predicates)
    m.entities, m.per_predicate = +m.entities, +m.per_predicate
    return store


def affected(store: ox.Store, change: Change) -> set[Term]:
    """The focus nodes whose validation findings the change can alter (the shapes' own rule)."""
    return affected_focus(store, _quads(change.added), _quads(change.removed))


def write_lines(change: Change, version: Path) -> Path:
    """The published sorted lines with the change applied, in ``version``'s ``.build/``."""
    target = version / mf.FOLDER / mf.LINES
    target.parent.mkdir(exist_ok=True)
    splice_lines(change.current / mf.FOLDER / mf.LINES, target, change.removed, change.added)
    return target


def write_files(change: Change, version: Path) -> None:
    """The Turtle and the sorted lines of ``version``: the published ones with the change."""
    write_turtle(change, version / paths.TTL_NAME)
    (version / paths.TTL_NAME).chmod(0o666 & ~UMASK)
    write_lines(change, version)


def write_turtle(change: Change, target: Path) -> None:
    """The published Turtle with the changed subjects' blocks serialised again."""
    turtle = TurtleBlocks(change.current / paths.TTL_NAME, PREFIXES)
    try:
        splice(turtle, target, {s: (start, end, render(lines, PREFIXES))
                                for s, (start, end, lines) in change.blocks.items()})
    finally:
        turtle.close()


def write_page(change: Change, store: ox.Store, version: Path, timings: Timings, progress: bool) -> bool:
    """The published page model patched for the change (:mod:`wildkg.network.patch`) and its
    page written; False when the page is to be drawn from all lines (no model kept, or a change
    the patch does not follow)."""
    from wildkg.build.lineoutputs import page_model, page_state
    from wildkg.network import patch
    from wildkg.network.index import no_collection
    from wildkg.network.page import write_page_of

    t = timings
    with no_collection():
        with t.stage("Reading the last page model", progress):
            old = patch.load(change.current / mf.FOLDER / mf.PAGE_MODEL)
        if old is None:
            return False
        with t.stage("Patching the page model (changed nodes only)", progress):
            before = ox.Store.read_only(str(change.current / paths.STORE_NAME))
            net = patch.patch(old, before, store, change.removed, change.added)
            del before
        if net is None:
            return False
        with t.stage(f"Writing {paths.HTML_NAME} (the model kept alongside)", progress):
            write_page_of(net, version / paths.HTML_NAME, state_dir=page_state(version),
                          keep=page_model(version), alongside=True)
    return True
