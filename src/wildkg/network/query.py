"""``wildkg viz --query``: the triples a SPARQL query picks out, run on Oxigraph.

A CONSTRUCT (or DESCRIBE) gives triples directly; a SELECT must bind ``?s ?p ?o``. The
project's prefixes are declared before the query, so shipped ``queries/*.rq`` and hand-written
ones can use ``wk:``, ``wildkg:``… without repeating them.
"""

from __future__ import annotations

import pyoxigraph as ox
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.term import Node as RdfNode

from wildkg.errors import InputError
from wildkg.namespaces import sparql_prologue

Triple = tuple[RdfNode, RdfNode, RdfNode]


def _to_rdflib(term: object) -> RdfNode:
    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    if isinstance(term, ox.Literal):
        if term.language:
            return Literal(term.value, lang=term.language)
        return Literal(term.value, datatype=URIRef(term.datatype.value))
    raise InputError(f"query result: unsupported term {term!r}")


def construct_triples(graph: Graph | ox.Store, query: str) -> list[Triple]:
    """Run ``query`` on a store, or on a copy of ``graph`` in an in-memory Oxigraph store."""
    if isinstance(graph, ox.Store):
        store = graph
    else:
        store = ox.Store()
        store.load(graph.serialize(format="nt", encoding="utf-8"), format=ox.RdfFormat.N_TRIPLES)
    try:
        result = store.query(sparql_prologue() + query)
    except (SyntaxError, ValueError, OSError) as err:
        raise InputError(f"--query: {err}") from err
    if isinstance(result, ox.QueryTriples):
        return [(_to_rdflib(t.subject), _to_rdflib(t.predicate), _to_rdflib(t.object))
                for t in result]
    if isinstance(result, ox.QuerySolutions):
        names = [v.value for v in result.variables]
        if not {"s", "p", "o"} <= set(names):
            raise InputError(f"--query: a SELECT must bind ?s ?p ?o (it binds {names})")
        triples: list[Triple] = []
        for row in result:
            s, p, o = row["s"], row["p"], row["o"]
            if s is not None and p is not None and o is not None:
                triples.append((_to_rdflib(s), _to_rdflib(p), _to_rdflib(o)))
        return triples
    raise InputError("--query: must be a CONSTRUCT, DESCRIBE or a SELECT of ?s ?p ?o, not ASK")
