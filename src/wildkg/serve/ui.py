"""The web UI: the query page and the entity pages (HTML for browsers, RDF for RDF clients)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import quote

from starlette.requests import Request
from starlette.responses import HTMLResponse, Response

from wildkg import namespaces
from wildkg.namespaces import PREFIXES
from wildkg.network.kinds import INVERSE_WORDING, NAME_PREDICATES
from wildkg.network.netdata import humanise
from wildkg.serve.protocol import FORMAT_PARAM, GRAPH_ALIASES, negotiate
from wildkg.serve.templates import ENTITY_BASE, entity_href, render
from wildkg.serve.worker import GRAPH_FORMATS, GraphJob, RowsJob, WireTerm, safe_iri

if TYPE_CHECKING:
    from wildkg.serve.app import Endpoint

SCHEMES = namespaces.BASE + "scheme/"
#: Shown first on an entity page: its names, then its status.
NAME_IRIS = (*NAME_PREDICATES, PREFIXES["rdfs"] + "label")
STATUS_IRIS = tuple(str(namespaces.WILDKG[t]) for t in (
    "redListStatus", "redListReason", "hasLegalStatusIn", "legallyProtectedIn",
    "huntingUnderLicenceIn", "nationallyListedEndangeredIn"))

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
    "SELECT ?p ?plabel ?o ?olabel ?ocode ?fact ?src ?srcTitle ?srcUrl ?docTitle WHERE {\n"
    "  <{e}> ?p ?o .\n  OPTIONAL { ?p rdfs:label ?plabel }\n"
    "  OPTIONAL { ?o rdfs:label|skos:prefLabel ?olabel }\n  OPTIONAL { ?o skos:notation ?ocode }"
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
    """The IRI as written in SPARQL: ``taxon:panthera-uncia``, ``threat:5\\.1\\.1``, else ``<iri>``.

    Reserved characters of the local part are backslash-escaped (PN_LOCAL_ESC); ``.`` too, as
    Oxigraph reads ``threat:5.1.1`` as ``threat:5.1`` followed by ``.1``.
    """
    name = namespaces.compact(iri, brackets=False)
    if name == iri:
        return f"<{iri}>"
    prefix, _, local = name.partition(":")
    escaped = re.sub(r"([~.!$&'()*+,;=/?#@%])", r"\\\1", local)
    if escaped.startswith("-"):
        escaped = "\\" + escaped
    if not local or not re.fullmatch(r"(?:[A-Za-z0-9_:-]|\\.)+", escaped):
        return f"<{iri}>"
    return f"{prefix}:{escaped}"


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


def view(term: WireTerm | None, label: WireTerm | None = None, code: WireTerm | None = None) -> View:
    """A term for the page: a label with its code beside it ("Vulnerable (VU)"), else the IRI
    as a prefixed name valid in SPARQL."""
    if term is None:
        return View("")
    kind, value, _, lang = term
    if kind == "uri":
        text = label[1] if label else compact(value)
        short = code[1] if code else (value.rsplit("/", 1)[-1] if label and value.startswith(SCHEMES) else "")
        if short and short != text:
            text = f"{text} ({short})"
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


def _group(rows: list[dict[str, WireTerm]], other: str) -> list[Statement]:
    """One Statement per (predicate, other end, fact node): each source's statement is its own
    row with its own qualifiers (two sources of one value are two rows)."""
    found: dict[tuple[WireTerm, WireTerm, WireTerm | None], Statement] = {}
    for row in rows:
        key = (row["p"], row[other], row.get("fact"))
        statement = found.get(key)
        if statement is None:
            plabel = row.get("plabel") or ("literal", humanise(row["p"][1]), "", "")
            statement = Statement(
                view(row["p"], plabel),
                view(row[other], row.get(other + "label"), row.get(other + "code")),
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
        html = render("index.html", examples=examples, default_query=DEFAULT_QUERY)
        return HTMLResponse(html)

    async def _rows(self, query: str, iri: str) -> list[dict[str, WireTerm]] | Response:
        reply = await self.endpoint.run_job(RowsJob(query, {"e": iri}))
        if isinstance(reply, Response):
            return reply
        return reply.rows or []

    async def entity(self, request: Request) -> Response:
        if not request.path_params["path"]:
            from wildkg.serve.entities import entity_index

            return await entity_index(self, request)
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
            html = render("entity.html", missing=True, iri=iri, title=compact(iri), **_EMPTY)
            return HTMLResponse(html, status_code=404)
        return HTMLResponse(_entity_page(iri, out_rows, in_rows, qualifier_rows), headers={"Vary": "Accept"})


_EMPTY: dict[str, Any] = {"types": [], "sections": [], "sparql_name": "", "explore": ""}


def _entity_page(
    iri: str,
    out_rows: list[dict[str, WireTerm]],
    in_rows: list[dict[str, WireTerm]],
    qualifier_rows: list[dict[str, WireTerm]],
) -> str:
    type_iri = PREFIXES["rdf"] + "type"
    label_iri = PREFIXES["rdfs"] + "label"
    title = compact(iri)
    types: list[View] = []
    facts: list[dict[str, WireTerm]] = []
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
    for statement in incoming:  # worded from this entity's side: "preys on", not "← preyed upon by"
        words = INVERSE_WORDING.get(statement.predicate.iri)
        statement.predicate = View(words or f"… {statement.predicate.text} this", statement.predicate.href,
                                   iri=statement.predicate.iri)
    sections = [("Names", [s for s in outgoing if s.predicate.iri in NAME_IRIS]),
                ("Status", [s for s in outgoing if s.predicate.iri in STATUS_IRIS]),
                ("Facts", [s for s in outgoing if s.predicate.iri not in NAME_IRIS + STATUS_IRIS]),
                ("Linked from", incoming)]
    return render(
        "entity.html",
        missing=False,
        iri=iri,
        sparql_name=compact(iri),
        title=title,
        types=sorted(set(types), key=lambda v: v.text),
        sections=[(name, _by_predicate(rows)) for name, rows in sections if rows],
        explore="/explore?focus=" + quote(iri, safe=""),
    )


def _by_predicate(statements: list[Statement]) -> list[tuple[View, list[Statement]]]:
    """Statements grouped by relation, so values that differ (two sources disagreeing) stand
    side by side in one row."""
    groups: dict[str, tuple[View, list[Statement]]] = {}
    for s in statements:
        groups.setdefault(s.predicate.iri or s.predicate.text, (s.predicate, []))[1].append(s)
    return list(groups.values())
