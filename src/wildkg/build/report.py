"""What the commands print: progress, the build summary, validation reports, stats."""

from __future__ import annotations

import contextlib
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

from rdflib import Graph, URIRef
from rdflib.namespace import RDF, RDFS, SKOS
from rdflib.term import Node
from rich.console import Console
from rich.table import Table

from wildkg.namespaces import DWC, WILDKG, compact

if TYPE_CHECKING:
    from wildkg.build.pipeline import BuildResult
    from wildkg.build.validate import ValidationResult

T = TypeVar("T")

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


def kind_of(graph: Graph, subject: Node) -> str | None:
    types = set(graph.objects(subject, RDF.type))
    for cls, name in KINDS:
        if cls in types:
            return name
    return None


def relation_name(graph: Graph, predicate: Node) -> str:
    label = graph.value(predicate, RDFS.label) or graph.value(predicate, SKOS.prefLabel)
    return f"{label} ({compact(str(predicate))})" if label else compact(str(predicate))


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


def progress_over(description: str) -> Callable[[list[T]], Iterable[T]]:
    """A function that iterates a list under a progress bar on standard error."""

    def each(items: list[T]) -> Iterable[T]:
        from rich.progress import track

        return track(items, description=description, console=err_console, transient=True)

    return each


def _counter_table(title: str, column: str, counts: Counter[str]) -> Table:
    table = Table(title=title, title_justify="left")
    table.add_column(column)
    table.add_column("count", justify="right")
    for name, count in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])):
        table.add_row(name, str(count))
    table.add_row("[bold]total[/]", f"[bold]{sum(counts.values())}[/]")
    return table


def print_build_summary(result: BuildResult) -> None:
    console.print(_counter_table("Entities per kind", "kind", result.entities))
    console.print(_counter_table("Facts per relation", "relation", result.relations))
    console.print(f"{result.triples} triples, {result.facts} facts, all with a source.")
    for path in result.outputs:
        console.print(f"wrote {path}")


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
    from wildkg.build.pipeline import count_kinds
    from wildkg.rdfio import read_graph

    graph = read_graph(files)
    entities, relations = count_kinds(graph)
    console.print(_counter_table("Entities per kind", "kind", entities))
    console.print(_counter_table("Facts per relation", "relation", relations))
    console.print(f"{len(graph)} triples.")
    if metrics:
        from wildkg.network.metrics import compute_metrics, print_metrics

        print_metrics(compute_metrics(graph))
