"""``/entity/``: every entity of the graph, listed by kind, searchable by name or code."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from starlette.requests import Request
from starlette.responses import HTMLResponse, Response

from wildkg.errors import InputError
from wildkg.network.kinds import DATA_TYPES, HIDDEN_TYPES, KIND_BY_KEY, SCHEME_KINDS
from wildkg.serve.explore import sparql_string
from wildkg.serve.templates import entity_href, render
from wildkg.serve.worker import RowsJob

if TYPE_CHECKING:
    from wildkg.serve.ui import Pages

#: Entities listed at most (the search narrows the list).
MAX_LISTED = 3000
INDEX_QUERY = """SELECT ?e ?type ?label ?code WHERE {
  ?e a ?type .
  FILTER(isIRI(?e) && (STRSTARTS(STR(?e), "https://w3id.org/wildkg/id/")
                       || STRSTARTS(STR(?e), "https://w3id.org/wildkg/scheme/")))
  OPTIONAL { ?e rdfs:label|skos:prefLabel ?label }
  OPTIONAL { ?e skos:notation ?code }
  %s
} ORDER BY ?e LIMIT %d"""
SEARCH_FILTER = """FILTER EXISTS { ?e rdfs:label|skos:prefLabel|skos:altLabel|skos:notation|
  dwc:scientificName|dwc:vernacularName ?name . FILTER(CONTAINS(LCASE(STR(?name)), %s)) }"""


def kind_of(types: set[str], iri: str) -> str:
    """The legend name of an entity's kind (the same kinds as the network)."""
    for cls, key in DATA_TYPES:
        if cls in types:
            return KIND_BY_KEY[key].label
    for ns, key in SCHEME_KINDS:
        if iri.startswith(ns):
            return KIND_BY_KEY[key].label
    return "other"


async def entity_index(pages: Pages, request: Request) -> Response:

    q = request.query_params.get("q", "").strip()[:100]
    want_kind = request.query_params.get("kind", "")
    try:
        where = SEARCH_FILTER % sparql_string(q.casefold()) if q else ""
    except InputError as err:
        return Response(f"{err}\n", status_code=400)
    reply = await pages.endpoint.run_job(RowsJob(INDEX_QUERY % (where, MAX_LISTED * 4), {}, MAX_LISTED * 4))
    if isinstance(reply, Response):
        return reply
    found: dict[str, dict[str, Any]] = {}
    for row in reply.rows or []:
        iri = row["e"][1]
        entry = found.setdefault(iri, {"iri": iri, "types": set(), "label": "", "code": ""})
        entry["types"].add(row["type"][1])
        if "label" in row and (not entry["label"] or row["label"][3] in ("", "en")):
            entry["label"] = row["label"][1]
        if "code" in row:
            entry["code"] = row["code"][1]
    kinds: dict[str, list[dict[str, Any]]] = {}
    for entry in found.values():
        if not entry["types"].isdisjoint(HIDDEN_TYPES):
            continue
        kind = kind_of(entry["types"], entry["iri"])
        if want_kind and kind != want_kind:
            continue
        entry["href"] = entity_href(entry["iri"])
        entry["label"] = entry["label"] or entry["iri"].rsplit("/", 1)[-1]
        kinds.setdefault(kind, []).append(entry)
    groups = sorted((k, sorted(v, key=lambda e: e["label"].casefold())[:MAX_LISTED])
                    for k, v in kinds.items())
    return HTMLResponse(render("entity_index.html", groups=groups, q=q, kind=want_kind,
                                kinds=sorted(kinds), total=sum(len(v) for v in kinds.values())))
