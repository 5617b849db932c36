"""The served explorer: the network page of a query's answer or of one entity, whose nodes
expand by asking the store (``/explore``, ``/explore/expand``, ``/explore/search``).

Every answer is built by the same network model and page data as ``wildkg viz``
(:mod:`wildkg.network`): the store is asked for the triples to draw and for the labels, types,
facts and sources around them, and :func:`wildkg.network.model.extract` does the rest.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

import pyoxigraph as ox
from rdflib import RDF, BNode, Graph, Literal, URIRef
from rdflib.term import Node as RdfNode
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, Response

from wildkg.errors import InputError
from wildkg.network.model import extract
from wildkg.network.page import page_data, render_served_page
from wildkg.serve.jobs import QueryJob, RowsJob, WireTerm
from wildkg.serve.worker import safe_iri
from wildkg.terms import to_rdflib

if TYPE_CHECKING:
    from wildkg.serve.app import Endpoint

API = "/explore"
#: Triples of a query's answer drawn at most (a network of more is no longer readable).
MAX_DRAWN = 3000
#: Predicates that name or classify a resource: asked for every node drawn.
#: (A FILTER, not VALUES, on ?p: with VALUES Oxigraph scanned every rdf:type triple, 1.2 s at 1M.)
CONTEXT = """SELECT ?s ?p ?o WHERE {
  VALUES ?s { %s }
  ?s ?p ?o
  FILTER(?p IN (rdf:type, rdfs:label, skos:prefLabel, skos:altLabel, skos:notation, dwc:scientificName,
                dwc:vernacularName, <https://schema.org/name>, <http://schema.org/name>,
                <http://xmlns.com/foaf/0.1/name>, dcterms:title, owl:inverseOf))
}"""
NEIGHBOURS = """SELECT ?s ?p ?o WHERE {
  { <{e}> ?p ?o BIND(<{e}> AS ?s) }
  UNION { ?s ?p <{e}> BIND(<{e}> AS ?o) FILTER(?p NOT IN (rdf:subject, rdf:object)) }
}"""
#: Facts about the entity's triples, their sources and its measurements (qualifiers, panel).
AROUND = """SELECT ?s ?p ?o WHERE {
  { { ?s rdf:subject <{e}> } UNION { ?s rdf:object <{e}> } ?s ?p ?o }
  UNION { { ?f rdf:subject <{e}> } UNION { ?f rdf:object <{e}> } ?f prov:wasDerivedFrom ?s . ?s ?p ?o }
  UNION { { ?f rdf:subject <{e}> } UNION { ?f rdf:object <{e}> }
          ?f prov:wasDerivedFrom ?sec . ?sec dcterms:isPartOf ?s . ?s ?p ?o }
  UNION { <{e}> wildkg:hasMeasurement ?s . ?s ?p ?o }
  UNION { <{e}> wildkg:hasMeasurement ?m . ?m dwciri:measurementUnit ?s . ?s ?p ?o }
}"""
SEARCH = """SELECT DISTINCT ?s ?p ?o WHERE {
  VALUES ?p { rdfs:label skos:prefLabel skos:altLabel skos:notation dwc:scientificName
              dwc:vernacularName <https://schema.org/name> <http://schema.org/name>
              <http://xmlns.com/foaf/0.1/name> dcterms:title }
  ?s ?p ?o . FILTER(isIRI(?s) && CONTAINS(LCASE(STR(?o)), %s))
} LIMIT 200"""


def sparql_string(text: str) -> str:
    """``text`` as a SPARQL string literal (its characters escaped, control characters refused)."""
    if any(ord(c) < 0x20 or c == "\x7f" for c in text):
        raise InputError("the search text holds control characters")
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _rdf(term: WireTerm) -> RdfNode:
    kind, value, datatype, lang = term
    if kind == "uri":
        return URIRef(value)
    if kind == "bnode":
        return BNode(value)
    if lang:
        return Literal(value, lang=lang)
    return Literal(value, datatype=URIRef(datatype) if datatype else None)


def _from_json(term: dict[str, str]) -> RdfNode:
    """A term of SPARQL JSON results."""
    if term["type"] == "uri":
        return URIRef(term["value"])
    if term["type"] == "bnode":
        return BNode(term["value"])
    if "xml:lang" in term:
        return Literal(term["value"], lang=term["xml:lang"])
    return Literal(term["value"], datatype=URIRef(term["datatype"]) if "datatype" in term else None)


class Explorer:
    """Handlers of the explorer's page and JSON answers, on the endpoint's worker pool."""

    def __init__(self, endpoint: Endpoint) -> None:
        self.endpoint = endpoint

    async def _rows(self, query: str, bind: dict[str, str] | None = None,
                    cap: int = 5000) -> list[tuple[RdfNode, RdfNode, RdfNode]] | Response:
        reply = await self.endpoint.run_job(RowsJob(query, bind or {}, cap))
        if isinstance(reply, Response):
            return reply
        return [(_rdf(r["s"]), _rdf(r["p"]), _rdf(r["o"])) for r in reply.rows or []
                if {"s", "p", "o"} <= r.keys()]

    async def _context(self, graph: Graph, terms: set[str]) -> Response | None:
        """Add the labels and types of ``terms`` (and the labels of those types) to ``graph``."""
        for _ in range(2):
            iris = sorted(t for t in terms if safe_iri(t))
            for i in range(0, len(iris), 400):
                values = " ".join(f"<{t}>" for t in iris[i:i + 400])
                rows = await self._rows(CONTEXT % values, cap=20_000)
                if isinstance(rows, Response):
                    return rows
                for triple in rows:
                    graph.add(triple)
            terms = {str(o) for o in graph.objects(None, RDF.type)} - terms
        return None

    async def _part(self, drawn: list[tuple[RdfNode, RdfNode, RdfNode]], graph: Graph,
                    focus: list[str]) -> dict[str, Any] | Response:
        for triple in drawn:
            graph.add(triple)
        terms = {str(t) for s, p, o in drawn for t in (s, p, o) if isinstance(t, URIRef)}
        failed = await self._context(graph, terms)
        if failed is not None:
            return failed
        net = extract(graph, only=drawn)
        data = page_data(net, title="", api=API, explore_from=0, focus=focus)
        return {k: data[k] for k in ("nodes", "edges", "details", "kinds", "sources", "focus")}

    async def expand(self, request: Request) -> Response:
        """``/explore/expand?iri=``: the node, its neighbours and the edges between them."""
        try:
            iri = safe_iri(request.query_params.get("iri", ""))
        except ValueError:
            return JSONResponse({"error": "give ?iri= a valid IRI"}, status_code=400)
        graph = Graph()
        drawn = await self._rows(NEIGHBOURS, {"e": iri}, cap=MAX_DRAWN)
        if isinstance(drawn, Response):
            return drawn
        around = await self._rows(AROUND, {"e": iri}, cap=20_000)
        if isinstance(around, Response):
            return around
        for triple in drawn + around:
            graph.add(triple)
        part = await self._part([t for t in drawn if not isinstance(t[2], Literal) and t[1] != RDF.type],
                                graph, [iri])
        return part if isinstance(part, Response) else JSONResponse(part)

    async def search(self, request: Request) -> Response:
        """``/explore/search?q=``: resources whose label, name, synonym or code holds ``q``."""
        q = request.query_params.get("q", "").strip().casefold()[:100]
        if not q:
            return JSONResponse({"hits": [], "part": {}})
        try:
            hits = await self._rows(SEARCH % sparql_string(q), cap=200)
            if isinstance(hits, list) and not hits and len(q) > 4:  # fuzzy: a shorter stem
                hits = await self._rows(SEARCH % sparql_string(q[: max(4, len(q) - 2)]), cap=200)
        except InputError as err:
            return JSONResponse({"error": str(err)}, status_code=400)
        if isinstance(hits, Response):
            return hits

        def score(name: str) -> tuple[int, int]:
            n = name.casefold()
            return (0 if n == q else 1 if n.startswith(q) else 2, len(n))

        best: dict[str, str] = {}
        for s, _, o in hits:
            if isinstance(s, URIRef) and (str(s) not in best or score(str(o)) < score(best[str(s)])):
                best[str(s)] = str(o)
        ranked = sorted(best, key=lambda s: (score(best[s]), s))[:12]
        graph = Graph()
        part = await self._part([(URIRef(s), URIRef("urn:wildkg:match"), Literal(best[s]))
                                 for s in ranked], graph, [])
        if isinstance(part, Response):
            return part
        by_id = {n["id"]: n for n in part["nodes"]}
        found = [{"id": s, "label": by_id[s]["label"], "kind": by_id[s]["kind"],
                  "match": best[s].casefold()} for s in ranked if s in by_id]
        return JSONResponse({"hits": found, "part": part})

    async def page(self, request: Request) -> Response:
        """``/explore``: the explorer page; ``?query=`` draws a query's answer, ``?focus=IRI``
        opens one entity; with neither, it starts from the search box."""
        query = request.query_params.get("query")
        focus = request.query_params.get("focus")
        data: dict[str, Any] = {"nodes": [], "edges": [], "details": {}, "kinds": [],
                                "sources": [], "focus": []}
        title = "explore"
        if focus:
            try:
                data["focus"] = [safe_iri(focus)]
            except ValueError:
                return Response("?focus= is not a valid IRI\n", status_code=400)
        elif query:
            answer = await self._answer(query)
            if isinstance(answer, Response):
                return answer
            data = answer
            title = "network of a query's answer"
        page = page_data(extract(Graph()), title=title, api=API, explore_from=0)
        page.update(data)
        page["explore"] = True
        return HTMLResponse(render_served_page(page, title=title, static="/network-static"))

    async def _answer(self, query: str) -> dict[str, Any] | Response:
        """The network of a CONSTRUCT/DESCRIBE answer, or of a SELECT's ?s ?p ?o."""
        # SERVICE/LOAD are refused by the worker's parser-based guard, as for /sparql
        job = QueryJob(query, "application/sparql-results+json", "application/n-triples", MAX_DRAWN)
        reply = await self.endpoint.run_job(job)
        if isinstance(reply, Response):
            return reply
        drawn: list[tuple[RdfNode, RdfNode, RdfNode]] = []
        if reply.media_type == "application/n-triples":
            drawn = [(to_rdflib(t.subject), to_rdflib(t.predicate), to_rdflib(t.object))
                     for t in ox.parse(reply.body, format=ox.RdfFormat.N_TRIPLES)]
        else:
            results = json.loads(reply.body)
            names = results.get("head", {}).get("vars", [])
            if not {"s", "p", "o"} <= set(names):
                return Response(f"to draw a SELECT, bind ?s ?p ?o (it binds {names})\n", status_code=400)
            for row in results["results"]["bindings"]:
                if {"s", "p", "o"} <= row.keys():
                    drawn.append((_from_json(row["s"]), _from_json(row["p"]), _from_json(row["o"])))
        part = await self._part(drawn, Graph(), [])
        if isinstance(part, Response):
            return part
        if not part["nodes"]:
            return Response("nothing to draw: the answer holds no IRI-valued triple\n", status_code=422)
        return part
