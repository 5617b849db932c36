"""``wildkg stats --metrics``: network measures of the drawn graph (networkx).

The network is the one the page draws (:func:`wildkg.netgraph.extract`): data entities and the
scheme concepts they use, no facts, sources or ontology terms. Degree centrality is networkx's
(degree divided by n - 1, edges in either direction); predators are ranked by the distinct taxa
they prey on (``obo:RO_0002439``, or the inverse ``obo:RO_0002458`` stated from the prey);
places by how many distinct entities link to them; components are weakly connected.
"""

from __future__ import annotations

from typing import Any

import networkx as nx
from rdflib import Graph

from wildkg.namespaces import PREYED_UPON_BY, PREYS_ON
from wildkg.network.kinds import KIND_BY_KEY
from wildkg.network.model import extract

PLACE_KINDS = frozenset({"country", "subdivision", "range", "protected", "place"})
TAXON_KINDS = frozenset({"focal", "species", "taxon", "group"})


def compute_metrics(graph: Graph, top: int = 10) -> dict[str, Any]:
    """Degree centrality, top predators and places, connected components of ``graph``.

    Returns plain data (JSON-able): counts, ``centrality`` / ``predators`` / ``places`` as
    lists of dicts (iri, label, kind, value) sorted best first, and ``components``.
    """
    net = extract(graph)
    g = net.to_networkx()
    centrality = nx.degree_centrality(g) if g.number_of_nodes() > 1 else dict.fromkeys(g, 0.0)

    def entry(iri: str, value: float | int) -> dict[str, Any]:
        node = net.nodes[iri]
        return {"iri": iri, "label": node.label, "kind": KIND_BY_KEY[node.kind].label,
                "value": value}

    def ranked(scores: dict[str, float] | dict[str, int]) -> list[dict[str, Any]]:
        order = sorted(scores, key=lambda i: (-scores[i], net.nodes[i].label, i))
        return [entry(i, round(scores[i], 4)) for i in order[:top] if scores[i] > 0]

    prey: dict[str, set[str]] = {}
    for e in net.edges:
        if e.predicate == str(PREYS_ON):
            prey.setdefault(e.source, set()).add(e.target)
        elif e.predicate == str(PREYED_UPON_BY):
            prey.setdefault(e.target, set()).add(e.source)
    predators = {i: len(p) for i, p in prey.items() if net.nodes[i].kind in TAXON_KINDS}
    places = {i: len(set(g.predecessors(i)) | set(g.successors(i)))
              for i, n in net.nodes.items() if n.kind in PLACE_KINDS}
    comps = sorted((len(c) for c in nx.weakly_connected_components(g)), reverse=True)
    return {
        "nodes": g.number_of_nodes(),
        "edges": g.number_of_edges(),
        "density": round(nx.density(g), 6) if g.number_of_nodes() > 1 else 0.0,
        "centrality": ranked(centrality),
        "predators": ranked(predators),
        "places": ranked(places),
        "components": {"count": len(comps), "largest": comps[:5],
                       "isolated": sum(1 for c in comps if c == 1)},
    }


def print_metrics(metrics: dict[str, Any], console: Any = None) -> None:
    """Print :func:`compute_metrics` output as rich tables."""
    from rich.console import Console
    from rich.table import Table

    out = console or Console()
    comps = metrics["components"]
    out.print(f"[bold]Network[/]: {metrics['nodes']} nodes, {metrics['edges']} edges, "
              f"density {metrics['density']}; {comps['count']} connected component(s), "
              f"largest {', '.join(map(str, comps['largest'])) or '-'}, "
              f"{comps['isolated']} isolated node(s)", highlight=False)
    for key, title, column in (
        ("centrality", "Most central (degree centrality)", "centrality"),
        ("predators", "Most connected predators", "prey taxa"),
        ("places", "Most connected places", "links"),
    ):
        table = Table(title=title, title_justify="left")
        table.add_column("#", justify="right")
        table.add_column("name")
        table.add_column("kind")
        table.add_column(column, justify="right")
        for rank, row in enumerate(metrics[key], start=1):
            table.add_row(str(rank), row["label"], row["kind"], str(row["value"]))
        if not metrics[key]:
            table.add_row("", "(none)", "", "")
        out.print(table)
