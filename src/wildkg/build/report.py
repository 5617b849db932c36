"""What the commands print: progress, the build summary, validation reports, stats."""

from __future__ import annotations

import contextlib
import time
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

import pyoxigraph as ox
from rdflib import URIRef
from rdflib.namespace import RDF, RDFS, SKOS
from rich.console import Console
from rich.table import Table

from wildkg.namespaces import DWC, WILDKG, compact

if TYPE_CHECKING:
    from wildkg.build.pipeline import BuildResult
    from wildkg.build.validate import ValidationResult


console = Console(highlight=False)
err_console = Console(stderr=True, highlight=False)

#: Class → kind shown to users, most specific first.
KINDS: list[tuple[URIRef, str]] = [
    (WILDKG.FocalSpecies, "species (with account)"),
    (WILDKG.Species, "species"),
    (WILDKG.TaxonGroup, "taxon group"),
    (DWC.Taxon, "higher taxon"),
    (WILDKG.Country, "country"),
    (WILDKG.Subdivision, "sub-national region"),
    (WILDKG.MountainRange, "mountain range"),
    (WILDKG.ProtectedArea, "protected area"),
    (WILDKG.Habitat, "habitat"),
    (WILDKG.FoodItem, "food item"),
    (WILDKG.ConservationAction, "conservation action"),
    (DWC.MeasurementOrFact, "measurement"),
    (WILDKG.Source, "source"),
    (WILDKG.SourceSection, "source section"),
    (WILDKG.Fact, "fact"),
]
_KIND_NAMES = [(str(cls), name) for cls, name in KINDS]


@contextlib.contextmanager
def stage(description: str, show: bool, *, spinner: bool = True) -> Iterator[None]:
    """Show a spinner (or nothing, if the stage draws its own progress bar) for one build
    stage when attached to a terminal, and a tick when it is done."""
    if not show:
        yield
        return
    if not spinner:
        yield
    else:
        with err_console.status(description):
            yield
    err_console.print(f"[green]✓[/] {description}")


class Timings:
    """Wall time of each build stage, in order (printed by ``wildkg build --verbose``)."""

    def __init__(self) -> None:
        self.stages: list[tuple[str, float]] = []
        #: Work done in another process while the stages ran: shown, not added to the total.
        self.parallel: list[tuple[str, float]] = []

    def alongside(self, description: str, seconds: float) -> None:
        self.parallel.append((description, seconds))

    @contextlib.contextmanager
    def stage(self, description: str, show: bool, *, spinner: bool = True) -> Iterator[None]:
        start = time.perf_counter()
        with stage(description, show, spinner=spinner):
            yield
        self.stages.append((description, time.perf_counter() - start))

    def table(self) -> Table:
        table = Table(title="Stage timings", title_justify="left")
        table.add_column("stage")
        table.add_column("seconds", justify="right")
        for name, seconds in self.stages:
            table.add_row(name, f"{seconds:.2f}")
        table.add_row("[bold]total[/]", f"[bold]{sum(s for _, s in self.stages):.2f}[/]")
        for name, seconds in self.parallel:
            table.add_row(f"[dim]{name}[/]", f"[dim]{seconds:.2f}[/]")
        return table


def count_kinds_store(store: ox.Store) -> tuple[Counter[str], Counter[str]]:
    """Entities per kind and facts per relation, read from an Oxigraph store's default graph."""
    entities, per_predicate = count_whole_store(store)
    return entities, name_relations(store, per_predicate)


def count_whole_store(store: ox.Store) -> tuple[Counter[str], Counter[str]]:
    """Entities per kind and facts per predicate IRI of a whole store, inside Oxigraph.

    A subject counts once, as the first of :data:`KINDS` it is typed with; only the subjects of
    those classes are read (from the store's class index), not every ``rdf:type`` triple. Facts
    are counted per ``rdf:predicate`` by one SPARQL aggregate. Same numbers as
    :func:`count_store` over every subject (``tests/build/test_counts.py``)."""
    default = ox.DefaultGraph()
    rdf_type = ox.NamedNode(str(RDF.type))
    kind_of: dict[str, int] = {}
    for rank, (cls, name) in enumerate(KINDS):
        if name == "fact":  # facts are counted per relation
            continue
        for quad in store.quads_for_pattern(None, rdf_type, ox.NamedNode(str(cls)), default):
            if not isinstance(quad.subject, ox.Triple):
                kind_of.setdefault(str(quad.subject), rank)  # KINDS is most specific first
    entities: Counter[str] = Counter(KINDS[rank][1] for rank in kind_of.values())
    per_predicate: Counter[str] = Counter()
    for row in store.query(_FACTS_PER_PREDICATE, default_graph=default):  # type: ignore[union-attr]
        per_predicate[row["p"].value] += int(row["n"].value)
    return entities, per_predicate


_FACTS_PER_PREDICATE = f"""SELECT ?p (COUNT(*) AS ?n) WHERE {{
  ?f <{RDF.predicate}> ?p . ?f <{RDF.type}> <{WILDKG.Fact}> . FILTER(isIRI(?p)) }} GROUP BY ?p"""


def _counts(types: dict[str, set[str]], facts: Iterable[tuple[str, str]]) -> tuple[Counter[str], Counter[str]]:
    """Entities per kind (each subject's most specific kind) and facts per predicate IRI, from
    each subject's classes and the ``(fact, predicate)`` pairs of ``rdf:predicate`` triples."""
    entities: Counter[str] = Counter()
    for subject_types in types.values():
        for cls, name in _KIND_NAMES:
            if cls in subject_types:
                if name != "fact":  # facts are counted per relation
                    entities[name] += 1
                break
    fact = str(WILDKG.Fact)
    return entities, Counter(predicate for subject, predicate in facts if fact in types.get(subject, ()))


def count_store(store: ox.Store, subjects: Iterable[ox.NamedNode | ox.BlankNode],
                ) -> tuple[Counter[str], Counter[str]]:
    """Entities per kind and facts per predicate IRI among the given subjects of a store's
    default graph: an incremental build adjusts its counts by their before and after."""
    default = ox.DefaultGraph()
    subjects = list(subjects)

    def quads(predicate: str) -> Iterable[ox.Quad]:
        p = ox.NamedNode(predicate)
        return (q for s in subjects for q in store.quads_for_pattern(s, p, None, default))

    types: dict[str, set[str]] = {}
    for quad in quads(str(RDF.type)):
        if isinstance(quad.object, ox.NamedNode) and not isinstance(quad.subject, ox.Triple):
            types.setdefault(str(quad.subject), set()).add(quad.object.value)
    return _counts(types, ((str(q.subject), q.object.value) for q in quads(str(RDF.predicate))
                           if isinstance(q.object, ox.NamedNode)))


def name_relations(store: ox.Store, per_predicate: Counter[str]) -> Counter[str]:
    """Facts per relation name (the predicate's label) from facts per predicate IRI."""
    relations: Counter[str] = Counter()
    for predicate, count in per_predicate.items():
        relations[_relation_name_store(store, predicate)] += count
    return relations


def _relation_name_store(store: ox.Store, predicate: str) -> str:
    for label_property in (RDFS.label, SKOS.prefLabel):
        for quad in store.quads_for_pattern(ox.NamedNode(predicate), ox.NamedNode(str(label_property)),
                                            None, ox.DefaultGraph()):
            if isinstance(quad.object, ox.Literal):
                return f"{quad.object.value} ({compact(predicate)})"
    return compact(predicate)


def _counter_table(title: str, column: str, counts: Counter[str]) -> Table:
    table = Table(title=title, title_justify="left")
    table.add_column(column)
    table.add_column("count", justify="right")
    for name, count in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])):
        table.add_row(name, str(count))
    table.add_row("[bold]total[/]", f"[bold]{sum(counts.values())}[/]")
    return table


def print_build_summary(result: BuildResult, *, verbose: bool = False) -> None:
    console.print(_counter_table("Entities per kind", "kind", result.entities))
    console.print(_counter_table("Facts per relation", "relation", result.relations))
    console.print(f"{result.triples} triples, {result.facts} facts, all with a source.")
    for path in result.outputs:
        console.print(f"wrote {path}")
    if verbose:
        console.print(result.timings.table())


def print_validation(result: ValidationResult) -> None:
    if result.entities == 0:
        console.print("[yellow]Note[/]: the file holds no entities of ours (nothing typed dwc:Taxon "
                      "or with a wildkg: class), so the shapes, which target those, checked nothing.")
    if result.conforms:
        console.print("[green]Conforms[/]: no SHACL violations.")
        return
    console.print(f"[red]Does not conform[/]: {len(result.violations)} problem(s).")
    console.print(result.summary(limit=200), markup=False, soft_wrap=True)


def print_stats(files: Sequence[Path], *, metrics: bool = False) -> None:
    """Entity and fact counts of RDF files, or of a build's store (a folder: ``out/store``)."""
    from wildkg.rdfio import load_into, open_store, store_graph

    if len(files) == 1 and Path(files[0]).is_dir():
        store = open_store(files[0])
    else:
        store = ox.Store()
        for path in files:
            load_into(store, Path(path))
    entities, relations = count_kinds_store(store)
    console.print(_counter_table("Entities per kind", "kind", entities))
    console.print(_counter_table("Facts per relation", "relation", relations))
    console.print(f"{len(store)} triples.")
    if metrics:
        from wildkg.network.metrics import compute_metrics, print_metrics

        print_metrics(compute_metrics(store_graph(store)))
