"""The one-pass comparison of fact nodes with their triples (``ontology/shapes-fact-triples.rq``)
and the distinct-count test of the fact-node counts (``Check.clear``): the shortcuts a full run
takes must find exactly what pySHACL finds, also when several kinds of breakage are in one graph
and some only the shortcut's fallback can see (decision 0070)."""

from __future__ import annotations

import re

import pyoxigraph as ox
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, RDFS

from tests.build.test_shapes import (
    _ONTOLOGY,
    _SHAPES,
    DEER,
    PLACE,
    TAXON,
    THREAT,
    USE,
    _fact_of,
    _valid_data,
)
from tests.build.test_shapes_sparql import _oxigraph, _pyshacl, _store_of
from wildkg.build import facttriples
from wildkg.build.checks import _Targets
from wildkg.build.shapes import Classes, compile_shapes
from wildkg.build.validate import validate_store
from wildkg.namespaces import WILDKG, WK
from wildkg.project import SHAPES_FILE


def _values(text: str) -> set[str]:
    """The prefixed names of every ``VALUES ?x { … }`` block in ``text``."""
    return {name for block in re.findall(r"VALUES \?\w+ \{([^}]*)\}", text) for name in block.split()}


def test_the_query_lists_the_relations_of_both_sparql_targets() -> None:
    """The stated side must cover every relation the two targets check, or an offender whose
    relation no fact node uses would be missed; and nothing else is listed."""
    shapes = SHAPES_FILE.read_text(encoding="utf-8")
    targets = re.findall(r"shapes:(?:Taxon|Place)TripleHasFactShape a sh:NodeShape.*?sh:select \"\"\"(.*?)\"\"\"",
                         shapes, flags=re.S)
    assert len(targets) == 2
    listed = set().union(*(_values(t) for t in targets))
    assert len(listed) == 27
    assert _values(facttriples.query()) == listed


def test_a_valid_graph_has_no_one_sided_triple_and_clears_the_counts() -> None:
    store = _store_of(_valid_data() + _ONTOLOGY)
    assert facttriples.one_sided(store) == {"stated": set(), "described": set()}
    classes = Classes(store)
    clears = {c.clear for c in compile_shapes(_SHAPES, classes) if c.clear}
    assert len(clears) == 2  # one shared by the four fact-node count shapes, one by two on measurements
    targets = _Targets(store, classes)
    assert all(targets.cleared(c) for c in compile_shapes(_SHAPES, classes) if c.clear)


def _many_breakages(g: Graph) -> None:
    """Breaks, at once: a taxon triple and a place triple without fact nodes, a fact whose
    triple is gone, a fact with two subjects (only sh:maxCount sees it), a fact with a literal
    predicate, and a fact on another taxon without a source."""
    g.remove((_fact_of(g, DEER, WILDKG.occursIn, PLACE["himalayas"]), None, None))
    g.remove((_fact_of(g, PLACE["IN-SK"], WILDKG.partOf, PLACE["IN"]), None, None))
    g.remove((DEER, WILDKG.hasUse, USE.perfume))
    g.add((_fact_of(g, DEER, WILDKG.threatenedBy, THREAT["5.1.1"]), RDF.subject, TAXON["panthera-uncia"]))
    odd = WK["fact/literal-predicate"]
    for p, o in ((RDF.type, WILDKG.Fact), (RDF.subject, DEER), (RDF.predicate, Literal("occurs in")),
                 (RDF.object, PLACE["IN"]), (RDFS.comment, Literal("no source either"))):
        g.add((odd, p, o))


def test_several_breakages_at_once_are_found_as_pyshacl_finds_them() -> None:
    data = _valid_data()
    _many_breakages(data)
    full = data + _ONTOLOGY
    reference = _pyshacl(full)
    shapes = {s.rsplit("#", 1)[-1] for s, _ in reference[1]}
    assert {"TaxonTripleHasFactShape", "PlaceTripleHasFactShape", "FactStatedShape", "FactSubjectShape",
            "FactSourceShape", "FactPredicateShape"} <= shapes
    assert _oxigraph(full) == reference


def test_the_comparison_names_the_offending_sides() -> None:
    """Stated triples without a fact node give their subject; a missing triple gives the fact
    nodes describing it (all of them), a literal predicate its fact node."""
    data = _valid_data()
    _many_breakages(data)
    perfume = _fact_of(data, DEER, WILDKG.hasUse, USE.perfume)
    found = facttriples.one_sided(_store_of(data + _ONTOLOGY))
    assert found["stated"] == {ox.NamedNode(str(DEER)), ox.NamedNode(str(PLACE["IN-SK"]))}
    described = {ox.NamedNode(str(n)) for n in (perfume, WK["fact/literal-predicate"])}
    # the fact given a second subject describes the snow leopard's threat too, which is not stated
    twice = _fact_of_any(data, WILDKG.threatenedBy, THREAT["5.1.1"], TAXON["panthera-uncia"])
    assert found["described"] == described | {ox.NamedNode(str(twice))}


def _fact_of_any(g: Graph, p: URIRef, o: URIRef, s: URIRef) -> URIRef:
    node = next(f for f in g.subjects(RDF.subject, s) if (f, RDF.predicate, p) in g and (f, RDF.object, o) in g)
    assert isinstance(node, URIRef)
    return node


def test_a_shapes_file_with_another_target_under_the_same_iri_gets_no_shortcut() -> None:
    """``wildkg validate --shapes`` may name other shapes: a shape whose SPARQL target differs
    from the shipped one is evaluated in full, and still finds its offenders."""
    shipped = {c.shape: facttriples.role(c) for c in compile_shapes(_SHAPES)}
    assert {s for s, r in shipped.items() if r} == set(facttriples.ROLES)
    text = SHAPES_FILE.read_text(encoding="utf-8").replace(
        "{ SELECT DISTINCT ?this WHERE { ?this rdf:type/rdfs:subClassOf* dwc:Taxon } }",
        "?this rdf:type/rdfs:subClassOf* dwc:Taxon .")
    other = Graph().parse(data=text, format="turtle")
    roles = {c.shape: facttriples.role(c) for c in compile_shapes(other)}
    assert roles["https://w3id.org/wildkg/shapes#TaxonTripleHasFactShape"] is None
    assert roles["https://w3id.org/wildkg/shapes#FactStatedShape"] == "described"
    data = _valid_data()
    data.remove((_fact_of(data, DEER, WILDKG.occursIn, PLACE["himalayas"]), None, None))
    store = _store_of(data + _ONTOLOGY)
    found = {(v.shape, v.focus) for v in validate_store(store, other).violations}
    assert found == {("https://w3id.org/wildkg/shapes#TaxonTripleHasFactShape", str(DEER))}


def test_a_fact_with_two_subjects_fails_the_distinct_count_test() -> None:
    """The shortcut must not clear a graph where one fact node has two subjects (its counts of
    triples and of distinct subjects differ), so the exact count candidates run and find it."""
    data = _valid_data()
    fact = _fact_of(data, DEER, WILDKG.threatenedBy, THREAT["5.1.1"])
    data.add((fact, RDF.subject, TAXON["panthera-uncia"]))
    store = _store_of(data + _ONTOLOGY)
    classes = Classes(store)
    checks = compile_shapes(_SHAPES, classes)
    targets = _Targets(store, classes)
    cleared = {c.shape.rsplit("#", 1)[-1]: targets.cleared(c) for c in checks if c.clear}
    assert cleared["FactSubjectShape"] is False and cleared["MeasurementTypeShape"] is True
    found = {(v.shape.rsplit("#", 1)[-1], v.focus) for v in validate_store(store, _SHAPES).violations
             if v.shape and "FactSubject" in v.shape}
    assert found == {("FactSubjectShape", str(fact))}


def test_the_focus_lookups_know_the_relations_the_query_lists() -> None:
    """facttriples.RELATIONS (used by focus runs) = the VALUES of the query, read with rdflib's
    SPARQL parser."""
    from rdflib.plugins.sparql import prepareQuery
    from rdflib.plugins.sparql.parserutils import CompValue

    found: set[str] = set()

    def walk(node: object) -> None:
        if isinstance(node, CompValue):
            if node.name == "values":
                found.update(str(term) for row in node["res"] for term in row.values())
            for value in node.values():
                walk(value)
        elif isinstance(node, (list, tuple)):
            for value in node:
                walk(value)

    walk(prepareQuery(facttriples.query()).algebra)
    assert found == facttriples.RELATIONS and len(found) == 27
