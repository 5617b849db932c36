"""The web UI: the query page and the entity pages (HTML for browsers, RDF for RDF clients)."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import quote

from starlette.requests import Request
from starlette.responses import HTMLResponse, Response

from wildkg import namespaces
from wildkg.namespaces import PREFIXES, WK
from wildkg.serve.protocol import FORMAT_PARAM, GRAPH_ALIASES, negotiate
from wildkg.serve.worker import GRAPH_FORMATS, GraphJob, RowsJob, Term, safe_iri

if TYPE_CHECKING:
    from wildkg.serve.app import Endpoint

ENTITY_BASE = str(WK)
MAX_NEIGHBOURS = 80

DEFAULT_QUERY = """SELECT ?predator ?name WHERE {
  ?deer dwc:scientificName "Moschus leucogaster" ;
        obo:RO_0002458 ?predator .
  OPTIONAL { ?predator rdfs:label ?name }
}
ORDER BY ?name"""

_FACT_SOURCES = """
  OPTIONAL {{
    ?fact rdf:subject {s} ; rdf:predicate ?p ; rdf:object {o} ; prov:wasDerivedFrom ?src .
    OPTIONAL {{ ?src dcterms:title ?srcTitle }}
    OPTIONAL {{ ?src wildkg:sectionUrl ?srcUrl }}
    OPTIONAL {{ ?src dcterms:isPartOf ?doc . ?doc dcterms:title ?docTitle }}
  }}"""
OUT_QUERY = (
    "SELECT ?p ?plabel ?o ?olabel ?fact ?src ?srcTitle ?srcUrl ?docTitle WHERE {\n"
    "  <{e}> ?p ?o .\n  OPTIONAL { ?p rdfs:label ?plabel }\n  OPTIONAL { ?o rdfs:label ?olabel }"
    + _FACT_SOURCES.format(s="<{e}>", o="?o")
    + "\n} LIMIT 3000"
)
IN_QUERY = (
    "SELECT ?s ?slabel ?p ?plabel ?fact ?src ?srcTitle ?srcUrl ?docTitle WHERE {\n"
    "  ?s ?p <{e}> . FILTER(?p NOT IN (rdf:subject, rdf:object))\n"
    "  OPTIONAL { ?p rdfs:label ?plabel }\n  OPTIONAL { ?s rdfs:label ?slabel }"
    + _FACT_SOURCES.format(s="?s", o="<{e}>")
    + "\n} LIMIT 3000"
)
QUALIFIER_QUERY = """SELECT ?fact ?p ?o ?q ?qlabel ?v ?vlabel WHERE {
  ?fact rdf:subject <{e}> ; rdf:predicate ?p ; rdf:object ?o ; ?q ?v .
  FILTER(?q NOT IN (rdf:type, rdf:subject, rdf:predicate, rdf:object, prov:wasDerivedFrom))
  OPTIONAL { ?q rdfs:label ?qlabel }
  OPTIONAL { ?v rdfs:label ?vlabel }
} LIMIT 3000"""
DESCRIBE_QUERY = """CONSTRUCT { <{e}> ?p ?o . ?s ?q <{e}> . ?f ?fp ?fo } WHERE {
  { <{e}> ?p ?o }
  UNION { ?s ?q <{e}> FILTER(?q NOT IN (rdf:subject, rdf:object)) }
  UNION { ?f rdf:subject <{e}> ; ?fp ?fo }
}"""


@dataclass(frozen=True)
class Example:
    name: str
    summary: str
    query: str


def load_examples(folder: Path | None = None) -> list[Example]:
    """The shipped queries (``queries/*.rq``) with their ``#+ summary:`` line."""
    from wildkg.sparql.library import shipped_queries

    return [Example(q.name, q.summary or q.name, q.text) for q in shipped_queries(folder)]


def compact(iri: str) -> str:
    """``prefix:rest`` for an IRI in a project namespace (display only), else the IRI."""
    return namespaces.compact(iri, brackets=False)


def entity_href(iri: str) -> str | None:
    """The local page of a wildkg entity, or the IRI itself if it is a web link."""
    if iri.startswith(ENTITY_BASE) and len(iri) > len(ENTITY_BASE):
        return "/entity/" + quote(iri[len(ENTITY_BASE) :], safe="/")
    if iri.startswith(("http://", "https://")):
        return iri
    return None


@dataclass(frozen=True)
class View:
    """A term as the page shows it: text, an optional link, a language tag."""

    text: str
    href: str | None = None
    lang: str = ""
    iri: str = ""

    @property
    def local(self) -> bool:
        return self.href is not None and self.href.startswith("/entity/")


def view(term: Term | None, label: Term | None = None) -> View:
    if term is None:
        return View("")
    kind, value, _, lang = term
    if kind == "uri":
        text = label[1] if label else compact(value)
        return View(text, entity_href(value), iri=value)
    if kind == "bnode":
        return View(f"_:{value}")
    return View(value, lang=lang)


@dataclass
class Statement:
    predicate: View
    other: View
    sources: list[tuple[View, str]] = field(default_factory=list)
    qualifiers: list[tuple[View, View]] = field(default_factory=list)
    fact: str | None = None  # the fact node's IRI (None for a triple that is not a fact)


def _group(rows: list[dict[str, Term]], other: str) -> list[Statement]:
    """One Statement per (predicate, other end, fact node): each source's statement is its own
    row with its own qualifiers (two sources of one value are two rows)."""
    found: dict[tuple[Term, Term, Term | None], Statement] = {}
    for row in rows:
        key = (row["p"], row[other], row.get("fact"))
        statement = found.get(key)
        if statement is None:
            statement = Statement(
                view(row["p"], row.get("plabel")), view(row[other], row.get(other + "label")),
                fact=row["fact"][1] if "fact" in row else None,
            )
            found[key] = statement
        if "src" in row:
            title = row.get("srcTitle", row["src"])[1]
            link = row.get("srcUrl")
            source = View(title, link[1] if link and entity_href(link[1]) == link[1] else None)
            doc = row.get("docTitle")
            entry = (source, doc[1] if doc else "")
            if entry not in statement.sources:
                statement.sources.append(entry)
    return [found[k] for k in sorted(found, key=lambda k: (found[k].predicate.text, found[k].other.text,
                                                             [src.text for src, _ in found[k].sources]))]


class Pages:
    """Handlers of the HTML pages, running their queries on the endpoint's pool."""

    def __init__(self, endpoint: Endpoint) -> None:
        self.endpoint = endpoint
        self.examples = load_examples()

    async def index(self, request: Request) -> Response:
        examples = [{"name": e.name, "summary": e.summary, "query": e.query} for e in self.examples]
        html = _render("index.html", examples=examples, default_query=DEFAULT_QUERY)
        return HTMLResponse(html)

    async def _rows(self, query: str, iri: str) -> list[dict[str, Term]] | Response:
        reply = await self.endpoint.run_job(RowsJob(query, {"e": iri}))
        if isinstance(reply, Response):
            return reply
        return reply.rows or []

    async def entity(self, request: Request) -> Response:
        iri = ENTITY_BASE + request.path_params["path"]
        try:
            safe_iri(iri)
        except ValueError:
            return Response("not a valid entity IRI\n", status_code=404)
        offers = ["text/html", *GRAPH_FORMATS]
        fmt = request.query_params.get("format")
        media = (
            FORMAT_PARAM.get(fmt.lower())
            if fmt
            else negotiate(request.headers.get("accept"), offers, GRAPH_ALIASES)
        )
        if media in GRAPH_FORMATS:
            cap = self.endpoint.policy.limits.max_rows
            reply = await self.endpoint.run_job(GraphJob(None, media, cap, DESCRIBE_QUERY, {"e": iri}))
            if isinstance(reply, Response):
                return reply
            return Response(reply.body, media_type=media, headers={"Vary": "Accept"})
        if media != "text/html":
            return Response("acceptable: " + ", ".join(offers) + "\n", status_code=406)
        results = [await self._rows(q, iri) for q in (OUT_QUERY, IN_QUERY, QUALIFIER_QUERY)]
        for result in results:
            if isinstance(result, Response):
                return result
        out_rows, in_rows, qualifier_rows = (r for r in results if isinstance(r, list))
        if not out_rows and not in_rows:
            html = _render("entity.html", missing=True, iri=iri, title=compact(iri), **_EMPTY)
            return HTMLResponse(html, status_code=404)
        return HTMLResponse(_entity_page(iri, out_rows, in_rows, qualifier_rows), headers={"Vary": "Accept"})


_EMPTY: dict[str, Any] = {"types": [], "outgoing": [], "incoming": [], "network": {}}


def _entity_page(
    iri: str,
    out_rows: list[dict[str, Term]],
    in_rows: list[dict[str, Term]],
    qualifier_rows: list[dict[str, Term]],
) -> str:
    type_iri = PREFIXES["rdf"] + "type"
    label_iri = PREFIXES["rdfs"] + "label"
    title = compact(iri)
    types: list[View] = []
    facts: list[dict[str, Term]] = []
    for row in out_rows:
        if row["p"][1] == label_iri and (not row["o"][3] or row["o"][3] == "en"):
            title = row["o"][1]
        if row["p"][1] == type_iri:
            types.append(view(row["o"], row.get("olabel")))
        else:
            facts.append(row)
    outgoing = _group(facts, "o")
    by_fact = {s.fact: s for s in outgoing if s.fact}
    for row in qualifier_rows:
        statement = by_fact.get(row["fact"][1])
        if statement is not None:
            pair = (view(row["q"], row.get("qlabel")), view(row["v"], row.get("vlabel")))
            if pair not in statement.qualifiers:
                statement.qualifiers.append(pair)
    incoming = _group(in_rows, "s")
    network = _network(iri, title, outgoing, incoming)
    return _render(
        "entity.html",
        missing=False,
        iri=iri,
        title=title,
        types=sorted(set(types), key=lambda v: v.text),
        outgoing=outgoing,
        incoming=incoming,
        network=network,
    )


def _network(iri: str, title: str, outgoing: list[Statement], incoming: list[Statement]) -> dict[str, Any]:
    """Nodes and edges of the entity and its linked neighbours, for the small network view."""
    nodes: dict[str, dict[str, Any]] = {iri: {"id": iri, "label": title, "href": None, "main": True}}
    edges: list[dict[str, str]] = []
    for statements, outward in ((outgoing, True), (incoming, False)):
        for statement in statements:
            other = statement.other
            if not other.iri or not other.local:
                continue
            if other.iri not in nodes:
                if len(nodes) > MAX_NEIGHBOURS:
                    continue
                nodes[other.iri] = {"id": other.iri, "label": other.text, "href": other.href}
            source, target = (iri, other.iri) if outward else (other.iri, iri)
            edge = {"from": source, "to": target, "label": statement.predicate.text}
            if edge not in edges:  # one edge per value, however many sources state it
                edges.append(edge)
    return {"nodes": list(nodes.values()), "edges": edges}


def _render(name: str, **context: Any) -> str:
    from wildkg.serve.app import TEMPLATES

    return TEMPLATES.get_template(name).render(**context)
