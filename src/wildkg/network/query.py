"""``wildkg viz --query``: the triples a SPARQL query picks out, run on Oxigraph.

A CONSTRUCT (or DESCRIBE) gives triples directly; a SELECT must bind ``?s ?p ?o``. The
project's prefixes are bound for the query (not pasted in front of it, so a syntax error names
the user's own line), and shipped and hand-written queries use ``wk:``, ``wildkg:``… freely.
"""

from __future__ import annotations

import pyoxigraph as ox
from rdflib import Graph
from rdflib.term import Node as RdfNode

from wildkg.errors import InputError
from wildkg.namespaces import PREFIXES
from wildkg.terms import to_rdflib

Triple = tuple[RdfNode, RdfNode, RdfNode]


def construct_triples(graph: Graph | ox.Store, query: str) -> list[Triple]:
    """Run ``query`` on a store, or on a copy of ``graph`` in an in-memory Oxigraph store."""
    if isinstance(graph, ox.Store):
        store = graph
    else:
        store = ox.Store()
        store.load(graph.serialize(format="nt", encoding="utf-8"), format=ox.RdfFormat.N_TRIPLES)
    try:
        result = store.query(query, prefixes=PREFIXES)  # errors point at the user's own lines
    except (SyntaxError, ValueError, OSError) as err:
        raise InputError(f"--query: {err}") from err
    if isinstance(result, ox.QueryTriples):
        return [(to_rdflib(t.subject), to_rdflib(t.predicate), to_rdflib(t.object))
                for t in result]
    if isinstance(result, ox.QuerySolutions):
        names = [v.value for v in result.variables]
        if not {"s", "p", "o"} <= set(names):
            raise InputError(f"--query: a SELECT must bind ?s ?p ?o (it binds {names})")
        triples: list[Triple] = []
        for row in result:
            s, p, o = row["s"], row["p"], row["o"]
            if s is not None and p is not None and o is not None:
                triples.append((to_rdflib(s), to_rdflib(p), to_rdflib(o)))
        return triples
    raise InputError("--query: must be a CONSTRUCT, DESCRIBE or a SELECT of ?s ?p ?o, not ASK")
