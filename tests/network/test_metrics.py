"""`wildkg stats --metrics`: centrality, predators, places and components on a tiny graph."""

from __future__ import annotations

import io

import networkx as nx
from rdflib import Graph, Literal
from rdflib.namespace import RDF, RDFS
from rich.console import Console

from tests.helpers import NETWORK_FIXTURE
from wildkg.namespaces import PREYED_UPON_BY, PREYS_ON, WILDKG, WK
from wildkg.network.metrics import compute_metrics, print_metrics

FIXTURE = NETWORK_FIXTURE


def _food_web() -> Graph:
    """Wolf preys on three deer species (one stated from the prey's side), fox on one."""
    g = Graph()
    for name, cls in (("wolf", WILDKG.Species), ("fox", WILDKG.Species),
                      ("deer-a", WILDKG.Species), ("deer-b", WILDKG.Species),
                      ("deer-c", WILDKG.Species), ("nepal", WILDKG.Country),
                      ("india", WILDKG.Country), ("lonely", WILDKG.Species)):
        g.add((WK[name], RDF.type, cls))
        g.add((WK[name], RDFS.label, Literal(name)))
    g.add((WK["wolf"], PREYS_ON, WK["deer-a"]))
    g.add((WK["wolf"], PREYS_ON, WK["deer-b"]))
    g.add((WK["deer-c"], PREYED_UPON_BY, WK["wolf"]))
    g.add((WK["fox"], PREYS_ON, WK["deer-a"]))
    for deer in ("deer-a", "deer-b", "deer-c"):
        g.add((WK[deer], WILDKG.occursIn, WK["nepal"]))
    g.add((WK["deer-a"], WILDKG.occursIn, WK["india"]))
    return g


def test_predators_ranked_by_distinct_prey_in_either_direction() -> None:
    """The wolf's prey counts the fact stated as 'preyed upon by' too."""
    m = compute_metrics(_food_web())
    assert [(p["label"], p["value"]) for p in m["predators"]] == [("wolf", 3), ("fox", 1)]


def test_places_ranked_by_linked_entities() -> None:
    """Nepal has three species, India one."""
    m = compute_metrics(_food_web())
    assert [(p["label"], p["value"]) for p in m["places"]] == [("nepal", 3), ("india", 1)]


def test_centrality_and_components_match_networkx() -> None:
    """Degree centrality equals networkx's on the same network; the lone species is isolated."""
    m = compute_metrics(_food_web())
    g = nx.DiGraph()
    g.add_nodes_from(str(WK[n]) for n in ("wolf", "fox", "deer-a", "deer-b", "deer-c",
                                           "nepal", "india", "lonely"))
    g.add_edges_from([(str(WK["wolf"]), str(WK["deer-a"])), (str(WK["wolf"]), str(WK["deer-b"])),
                      (str(WK["deer-c"]), str(WK["wolf"])), (str(WK["fox"]), str(WK["deer-a"]))]
                     + [(str(WK[d]), str(WK["nepal"])) for d in ("deer-a", "deer-b", "deer-c")]
                     + [(str(WK["deer-a"]), str(WK["india"]))])
    expected = nx.degree_centrality(g)
    assert m["nodes"] == 8 and m["edges"] == 8
    top = m["centrality"][0]
    assert top["value"] == round(max(expected.values()), 4)
    assert top["label"] in {"deer-a", "wolf"}
    assert m["components"] == {"count": 2, "largest": [7, 1], "isolated": 1}


def test_metrics_of_the_fixture_ignore_facts_and_sources() -> None:
    """Only drawn entities count: the fixture's 11 nodes, none of them facts or sources."""
    m = compute_metrics(Graph().parse(FIXTURE))
    assert m["nodes"] == 11
    assert m["components"]["isolated"] == 1


def test_print_metrics_shows_the_tables() -> None:
    """The rich output names each table and the top predator."""
    buf = io.StringIO()
    print_metrics(compute_metrics(_food_web()), console=Console(file=buf, width=100))
    text = buf.getvalue()
    for title in ("Most central", "Most connected predators", "Most connected places"):
        assert title in text
    assert "wolf" in text and "2 connected component(s)" in text
