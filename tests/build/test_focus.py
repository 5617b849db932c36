"""Validation of some focus nodes only, and which nodes a change affects.

``validate_store(…, focus=S)`` must report exactly the findings of a full validation whose focus
node is in S, for any S (checked on every broken fixture of ``test_shapes.py``); and after random
edits of a graph, validating only ``affected_focus`` of the edit must find exactly what a full
validation finds.
"""

from __future__ import annotations

import random

import pyoxigraph as ox
import pytest
from rdflib import Graph

from tests.build.test_shapes import _ONTOLOGY, _SHAPES, BROKEN, Mutation, _valid_data
from wildkg.build.focus import affected_focus
from wildkg.build.validate import validate_store

Key = tuple[str | None, str, str | None, str | None, str]


def _store_of(graph: Graph) -> ox.Store:
    store = ox.Store()
    store.load(graph.serialize(format="nt", encoding="utf-8"), format=ox.RdfFormat.N_TRIPLES)
    return store


def _found(store: ox.Store, focus: set[ox.NamedNode | ox.BlankNode | ox.Literal] | None = None) -> set[Key]:
    result = validate_store(store, _SHAPES, focus=focus)
    return {(v.shape, v.focus, v.path, v.value, v.message) for v in result.violations}


def _terms(store: ox.Store) -> list[ox.NamedNode | ox.BlankNode | ox.Literal]:
    found: set[ox.NamedNode | ox.BlankNode | ox.Literal] = set()
    for q in store:
        found.add(q.subject)  # type: ignore[arg-type]
        found.add(q.object)  # type: ignore[arg-type]
    return sorted(found, key=str)


def _value(term: ox.NamedNode | ox.BlankNode | ox.Literal) -> str:
    return term.value


@pytest.mark.parametrize("mutate", [pytest.param(m, id=name) for name, m, _, _ in BROKEN])
def test_focus_findings_are_the_full_findings_of_those_nodes(mutate: Mutation) -> None:
    """For all, none, single and random sets of nodes, focus findings = full findings restricted."""
    data = _valid_data()
    mutate(data)
    store = _store_of(data + _ONTOLOGY)
    full = _found(store)
    assert full, "the fixture must break a shape"
    terms = _terms(store)
    culprits = {f[1] for f in full}
    rng = random.Random(len(terms))
    subsets = [set(terms), set(), *({t} for t in terms if _value(t) in culprits)]
    subsets += [{rng.choice(terms)} for _ in range(3)]
    subsets += [set(rng.sample(terms, k)) for k in (5, 40, 200)]
    for subset in subsets:
        wanted = {f for f in full if f[1] in {_value(t) for t in subset}}
        assert _found(store, subset) == wanted, sorted(map(str, subset))[:5]


def test_an_empty_focus_checks_nothing_and_full_run_equals_focus_on_every_node() -> None:
    data = _valid_data()
    BROKEN[0][1](data)
    store = _store_of(data + _ONTOLOGY)
    assert _found(store, set()) == set()
    assert _found(store, set(_terms(store))) == _found(store) != set()


def test_a_blank_focus_node_is_checked_like_a_named_one() -> None:
    """VALUES cannot hold blank nodes: a blank focus node is checked through a substitution."""
    store = _store_of(_valid_data() + _ONTOLOGY)
    blank = ox.BlankNode("m1")
    ns = "http://rs.tdwg.org/dwc/terms/"
    store.add(ox.Quad(blank, ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type"),
                      ox.NamedNode(ns + "MeasurementOrFact")))
    full = _found(store)
    assert {f[0].rsplit("#", 1)[-1] for f in full if f[1] == "m1"} == {  # type: ignore[union-attr]
        "MeasurementTypeShape", "MeasurementUnitShape", "MeasurementValueShape"}
    assert _found(store, {blank}) == {f for f in full if f[1] == "m1"}


# --- affected_focus: random edits ------------------------------------------------------------

_RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
_RDFS = "http://www.w3.org/2000/01/rdf-schema#"


def _random_edit(store: ox.Store, rng: random.Random, terms: list[ox.NamedNode | ox.BlankNode | ox.Literal],
                 predicates: list[ox.NamedNode], classes: list[ox.NamedNode]
                 ) -> tuple[list[ox.Quad], list[ox.Quad]]:
    """Remove a random triple, or add one made of the graph's own terms (types, subclasses,
    fact-node triples and any predicate in use); return (added, removed)."""
    quads = list(store)
    kind = rng.choice(["remove", "remove", "add", "type", "subclass", "fact"])
    if kind == "remove":  # half of the time a triple that has a fact node (most are the ontology's)
        described = {q.object for q in store.quads_for_pattern(None, ox.NamedNode(_RDF + "subject"), None)}
        q = rng.choice([q for q in quads if q.subject in described] if rng.random() < 0.5 else quads)
        store.remove(q)
        return [], [q]
    named = [t for t in terms if isinstance(t, ox.NamedNode)]
    subject = rng.choice(named)
    if kind == "type":
        q = ox.Quad(subject, ox.NamedNode(_RDF + "type"), rng.choice(classes))
    elif kind == "subclass":
        q = ox.Quad(rng.choice(classes), ox.NamedNode(_RDFS + "subClassOf"), rng.choice(classes))
    elif kind == "fact":
        p = rng.choice(["subject", "predicate", "object"])
        facts = [q.subject for q in store.quads_for_pattern(None, ox.NamedNode(_RDF + "subject"), None)]
        q = ox.Quad(rng.choice(facts), ox.NamedNode(_RDF + p),  # type: ignore[arg-type]
                    rng.choice(predicates if p == "predicate" else terms))
    else:
        q = ox.Quad(subject, rng.choice(predicates), rng.choice(terms))
    if q in store:
        return [], []
    store.add(q)
    return [q], []


@pytest.mark.parametrize("start", ["valid", "broken"])
def test_validating_the_affected_nodes_finds_what_a_full_validation_finds(start: str) -> None:
    """After 1–4 random edits, full findings = old findings off the affected nodes ∪ the focus
    findings on them (from a valid graph: the focus findings alone)."""
    rng = random.Random(9 if start == "valid" else 13)
    for trial in range(40):
        data = _valid_data()
        if start == "broken":
            BROKEN[trial % len(BROKEN)][1](data)
        store = _store_of(data + _ONTOLOGY)
        before = _found(store)
        terms = _terms(store)
        predicates = sorted({q.predicate for q in store}, key=str)
        classes = sorted({q.object for q in store.quads_for_pattern(None, ox.NamedNode(_RDF + "type"), None)
                          if isinstance(q.object, ox.NamedNode)}, key=str)
        added: list[ox.Quad] = []
        removed: list[ox.Quad] = []
        for _ in range(rng.randint(1, 4)):
            a, r = _random_edit(store, rng, terms, predicates, classes)
            added += a
            removed += r
        focus = affected_focus(store, added, removed)
        values = {_value(t) for t in focus}
        expected = _found(store)
        kept = {f for f in before if f[1] not in values}
        assert kept | _found(store, focus) == expected, (trial, added, removed)
