"""Where a full run looks for offenders of the three shapes that compare fact nodes with the
triples they describe (``shapes:TaxonTripleHasFactShape``, ``shapes:PlaceTripleHasFactShape``,
``shapes:FactStatedShape``): one query, ``ontology/shapes-fact-triples.rq``, lists the triples
found on one side only (stated without a fact node, or described by fact nodes but not stated).

Their SPARQL targets cost a lookup per taxon and relation and one per fact node; this costs
three scans hash-joined and one GROUP BY, and in a valid graph finds nothing. Its nodes are a
superset of the offenders: the runner (:mod:`wildkg.build.checks`) then runs each shape's own
target and constraint on them, so ``shapes.ttl`` still decides (decision 0070).

A focus run (an incremental rebuild's few nodes) asks the same of its nodes only, by point
lookups (:func:`one_sided_among`): the shapes' own SPARQL constraint, asked per taxon, cost
0.5-2.6 s for each taxon at 10,000 species (Oxigraph anti-joins every fact node for its
FILTER NOT EXISTS), so an edit touching a species with many predators took 5-9 s to validate.
"""

from __future__ import annotations

from collections.abc import Collection
from functools import cache

import pyoxigraph as ox
from rdflib import Graph, URIRef
from rdflib.namespace import SH

from wildkg.build.shapes import Check, Term
from wildkg.project import ONTOLOGY_DIR, SHAPES_FILE

_SHAPES = "https://w3id.org/wildkg/shapes#"
#: Each shape, and which node of a one-sided triple is its candidate: the subject of a stated
#: triple without a fact node, or the fact nodes describing a triple the graph lacks.
ROLES = {_SHAPES + "TaxonTripleHasFactShape": "stated", _SHAPES + "PlaceTripleHasFactShape": "stated",
         _SHAPES + "FactStatedShape": "described"}
QUERY_FILE = ONTOLOGY_DIR / "shapes-fact-triples.rq"
_RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
_DESCRIBING = (f"SELECT ?f ?s ?p ?o WHERE {{ ?f <{_RDF}subject> ?s ; <{_RDF}predicate> ?p ; <{_RDF}object> ?o }}")


@cache
def query() -> str:
    return QUERY_FILE.read_text(encoding="utf-8")


def role(check: Check) -> str | None:
    """The role (:data:`ROLES`) of ``check``'s shape, if its SPARQL target is the shipped one:
    the query's candidates are a superset of those targets' nodes only (``wildkg validate
    --shapes`` may name a file whose shape of the same IRI selects others)."""
    wanted = ROLES.get(check.shape)
    return wanted if wanted and check.target.sparql == _shipped_targets().get(check.shape) else None


@cache
def _shipped_targets() -> dict[str, tuple[str, ...]]:
    shapes = Graph().parse(SHAPES_FILE, format="turtle")
    return {shape: tuple(sorted(str(shapes.value(t, SH.select)) for t in shapes.objects(URIRef(shape), SH.target)))
            for shape in ROLES}


_DWC, _WK, _OBO = "http://rs.tdwg.org/dwc/terms/", "https://w3id.org/wildkg/ontology#", "http://purl.obolibrary.org/obo/"
#: The relations the query's VALUES lists, for the focus lookups (a test keeps them equal:
#: parsing the query with rdflib's SPARQL parser took 0.35 s of every incremental rebuild).
RELATIONS = frozenset(
    [_DWC + n for n in ("scientificName", "vernacularName", "taxonRank")]
    + [_OBO + n for n in ("RO_0002470", "RO_0002458", "RO_0002439")]
    + [_WK + n for n in (
        "parentTaxon", "formerlyIncludedIn", "redListStatus", "redListReason", "occursIn", "hasHabitat",
        "foundInProtectedArea", "threatenedBy", "hasLegalStatusIn", "legallyProtectedIn",
        "huntingUnderLicenceIn", "nationallyListedEndangeredIn", "hasConservationAction", "hasMeasurement",
        "hasMarketPrice", "hasUse", "characteristic", "behaviour", "partOf", "locatedIn", "problem")])


def one_sided_among(store: ox.Store, nodes: Collection[Term]) -> dict[str, set[Term]]:
    """:func:`one_sided`'s candidates among ``nodes``: a node with a triple of a listed relation
    that no fact node of it describes ("stated"), a fact node describing a triple the graph
    does not hold ("described")."""
    graph = ox.DefaultGraph()
    listed = RELATIONS
    subject, predicate, obj = (ox.NamedNode(_RDF + x) for x in ("subject", "predicate", "object"))

    def values(node: Term, p: ox.NamedNode) -> list[Term]:
        return [q.object for q in store.quads_for_pattern(node, p, None, graph)  # type: ignore[arg-type]
                if isinstance(q.object, Term)]

    found: dict[str, set[Term]] = {"stated": set(), "described": set()}
    for node in nodes:
        if isinstance(node, ox.Literal):
            continue
        stated = {(q.predicate, q.object) for q in store.quads_for_pattern(node, None, None, graph)
                  if q.predicate.value in listed}
        if stated:
            described = {(p, o) for q in store.quads_for_pattern(None, subject, node, graph)
                         if isinstance(q.subject, (ox.NamedNode, ox.BlankNode))
                         for p in values(q.subject, predicate) if isinstance(p, ox.NamedNode)
                         for o in values(q.subject, obj)}
            if stated - described:
                found["stated"].add(node)
        for s in values(node, subject):
            for p in values(node, predicate):
                for o in values(node, obj):
                    if not (isinstance(s, (ox.NamedNode, ox.BlankNode)) and isinstance(p, ox.NamedNode)
                            and next(store.quads_for_pattern(s, p, o, graph), None) is not None):
                        found["described"].add(node)  # a literal subject is never stated either
    return found


def one_sided(store: ox.Store) -> dict[str, set[Term]]:
    """The candidates of each role (see :data:`ROLES`) in the default graph of ``store``."""
    found: dict[str, set[Term]] = {"stated": set(), "described": set()}
    rows = store.query(query(), use_default_graph_as_union=False)
    assert isinstance(rows, ox.QuerySolutions)
    for row in rows:
        s, p, o, facts = row["s"], row["p"], row["o"], row["facts"]
        if not (isinstance(s, Term) and isinstance(p, Term) and isinstance(o, Term)):
            continue  # RDF-star terms: no shape of ours reads them
        if isinstance(facts, ox.Literal) and facts.value == "0":
            found["stated"].add(s)
            continue
        subs: dict[ox.Variable, ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple] = {
            ox.Variable("s"): s, ox.Variable("p"): p, ox.Variable("o"): o}
        facts_of = store.query(_DESCRIBING, substitutions=subs, use_default_graph_as_union=False)
        assert isinstance(facts_of, ox.QuerySolutions)
        found["described"].update(r["f"] for r in facts_of if isinstance(r["f"], Term))
    return found
