"""The SPARQL 1.1 Protocol side of the endpoint: reading requests, negotiating.

Nothing here touches the store or looks inside the query text: this runs on the server's
event loop, so every step is linear in the request's size and bounded in time. What an
operation does (SERVICE, LOAD, an update sent as a query, nesting) is decided by a real
SPARQL parser in the killable worker (:mod:`wildkg.serve.guard`). Whether it is a query
or an update is what the client says it is (``query=``/``update=``, or the media type).
"""

from __future__ import annotations

import asyncio
import codecs
from dataclasses import dataclass, field
from functools import lru_cache
from urllib.parse import unquote_to_bytes

from starlette.requests import Request

from wildkg.formats import RESULTS_FORMATS, rdf_format
from wildkg.serve.jobs import DEFAULT_MAX_BYTES, GRAPH_FORMATS, RESULT_FORMATS, SERVED_GRAPH_FORMATS


@dataclass(frozen=True)
class Limits:
    """Per-request limits of the endpoint."""

    timeout: float = 10.0
    max_rows: int = 10_000
    max_body: int = 1_000_000
    #: Largest answer in bytes (--max-response).
    max_response: int = DEFAULT_MAX_BYTES
    #: Seconds a client may take to send a request body (slow clients hold a connection).
    body_timeout: float = 10.0


class ProtocolError(Exception):
    """A request the endpoint refuses; ``status`` is the HTTP status to answer with."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.message = message


@dataclass(frozen=True)
class Operation:
    kind: str  # "query" or "update"
    text: str
    default_graphs: tuple[str, ...] = ()
    named_graphs: tuple[str, ...] = ()
    via_get: bool = False
    #: using-graph-uri / using-named-graph-uri (updates).
    using: tuple[str, ...] = ()
    using_named: tuple[str, ...] = ()
    #: All parameters (URL and form), e.g. ``format``.
    params: dict[str, list[str]] = field(default_factory=dict)


# --- reading requests ----------------------------------------------------------------------

FORM = "application/x-www-form-urlencoded"
SPARQL_QUERY = "application/sparql-query"
SPARQL_UPDATE = "application/sparql-update"


async def read_body(request: Request, max_body: int, body_timeout: float = 10.0) -> bytes:
    """The request body, refusing (413) anything over ``max_body`` bytes without reading it all."""
    declared = request.headers.get("content-length")
    if declared is not None and declared.isdigit() and int(declared) > max_body:
        raise ProtocolError(413, _too_big(max_body))
    body = bytearray()
    try:
        async with asyncio.timeout(body_timeout):
            async for chunk in request.stream():
                body += chunk
                if len(body) > max_body:
                    raise ProtocolError(413, _too_big(max_body))
    except TimeoutError:
        raise ProtocolError(408, f"the request body did not arrive within {body_timeout:g} s") from None
    return bytes(body)


def _too_big(max_body: int) -> str:
    return f"the request is larger than the server's limit of {max_body} bytes (--max-body)"


def _unquote_plus(raw: bytes) -> bytes:
    """Form-decode ``raw`` (``+`` is a space, ``%XX`` a byte) in C via ``escape_decode``.

    10× faster than ``urllib.parse`` on queries full of escaped IRIs; anything that is not a
    valid ``%XX`` escape falls back to urllib, which keeps it as it is.
    """
    spaced = raw.replace(b"+", b" ")
    try:
        decoded: bytes = codecs.escape_decode(spaced.replace(b"\\", b"\\\\").replace(b"%", b"\\x"))[0]
    except ValueError:
        decoded = unquote_to_bytes(spaced)
    return decoded


def parse_form(raw: bytes) -> dict[str, list[str]]:
    """``application/x-www-form-urlencoded`` data (or a URL's query) as name → values."""
    params: dict[str, list[str]] = {}
    if not raw:
        return params
    for pair in raw.split(b"&"):
        if not pair:
            continue
        name, _, value = pair.partition(b"=")
        params.setdefault(_decode(_unquote_plus(name)), []).append(_decode(_unquote_plus(value)))
    return params


def _one(values: list[str], name: str) -> str | None:
    if not values:
        return None
    if len(values) > 1:
        raise ProtocolError(400, f"the request has {len(values)} '{name}' parameters; send one")
    return values[0]


def _decode(body: bytes) -> str:
    try:
        return body.decode("utf-8")
    except UnicodeDecodeError as err:
        raise ProtocolError(400, f"the request is not UTF-8: {err}") from None


async def read_operation(request: Request, limits: Limits) -> Operation | None:
    """The query or update a request carries, or None for a bare GET (service description)."""
    raw_query: bytes = request.scope.get("query_string", b"")
    if len(raw_query) > limits.max_body:
        raise ProtocolError(413, _too_big(limits.max_body))
    url_params = parse_form(raw_query)
    if request.method in ("GET", "HEAD"):
        params, body_text, body_kind = url_params, None, None
    else:
        media = request.headers.get("content-type", "").split(";")[0].strip().lower()
        body = await read_body(request, limits.max_body, limits.body_timeout)
        if media == FORM:
            params = {key: list(values) for key, values in url_params.items()}
            for key, values in parse_form(body).items():
                params.setdefault(key, []).extend(values)
            body_text, body_kind = None, None
        elif media in (SPARQL_QUERY, SPARQL_UPDATE):
            params = url_params
            body_text = _decode(body)
            body_kind = "query" if media == SPARQL_QUERY else "update"
        else:
            raise ProtocolError(
                415,
                f"unsupported content type {media or '(none)'!r}; POST {FORM}, "
                f"{SPARQL_QUERY} or {SPARQL_UPDATE}",
            )
    query = _one(params.get("query", []), "query")
    update = _one(params.get("update", []), "update")
    if body_text is not None and body_kind is not None:
        kind, text = body_kind, body_text
    elif update is not None:
        kind, text = "update", update
    elif query is not None:
        kind, text = "query", query
    else:
        if request.method in ("GET", "HEAD"):
            return None
        raise ProtocolError(400, "the request has no 'query' or 'update' parameter")
    if query is not None and update is not None:
        raise ProtocolError(400, "send either 'query' or 'update', not both")
    return Operation(
        kind=kind,
        text=text,
        default_graphs=tuple(params.get("default-graph-uri", [])),
        named_graphs=tuple(params.get("named-graph-uri", [])),
        using=tuple(params.get("using-graph-uri", [])),
        using_named=tuple(params.get("using-named-graph-uri", [])),
        via_get=request.method in ("GET", "HEAD"),
        params=params,
    )


# --- content negotiation -------------------------------------------------------------------

#: Other names clients use for the formats we serve (the registry's further media types).
RESULT_ALIASES: dict[str, str] = {m: f.media_type for f in RESULTS_FORMATS for m in f.media_types[1:]}
GRAPH_ALIASES: dict[str, str] = {
    m: rdf_format(n).media_type for n in SERVED_GRAPH_FORMATS for m in rdf_format(n).media_types[1:]
}
#: Values of the ``format`` parameter (for links, where a browser cannot set Accept): the
#: registry's names, results formats first (``xml`` means SPARQL results XML).
FORMAT_PARAM: dict[str, str] = {f.name: f.media_type for f in RESULTS_FORMATS}
for _name in SERVED_GRAPH_FORMATS:
    for _alias in (_name, *rdf_format(_name).aliases):
        FORMAT_PARAM.setdefault(_alias, rdf_format(_name).media_type)


#: Accept headers longer than this are parsed each time rather than cached (the cache holds
#: at most 256 × this many characters, whatever clients send).
_ACCEPT_CACHED = 512


def _parse_accept(accept: str) -> tuple[tuple[str, float], ...]:
    return _parse_accept_cached(accept) if len(accept) <= _ACCEPT_CACHED else _parse_accept_now(accept)


@lru_cache(maxsize=256)
def _parse_accept_cached(accept: str) -> tuple[tuple[str, float], ...]:
    return _parse_accept_now(accept)


def _parse_accept_now(accept: str) -> tuple[tuple[str, float], ...]:
    ranges: list[tuple[str, float]] = []
    for part in accept.split(","):
        fields = [f.strip() for f in part.split(";")]
        media = fields[0].lower()
        if not media:
            continue
        quality = 1.0
        for part_field in fields[1:]:
            if part_field.lower().startswith("q="):
                try:
                    quality = float(part_field[2:])
                except ValueError:
                    quality = 0.0
                quality = min(max(quality, 0.0), 1.0) if quality == quality else 0.0  # NaN: 0
        ranges.append((media, quality))
    return tuple(ranges)


def _quality(media: str, ranges: tuple[tuple[str, float], ...]) -> float:
    """Quality of ``media`` under the most specific matching range (-1 when none matches)."""
    best, specificity = -1.0, -1
    major = media.split("/")[0]
    for pattern, quality in ranges:
        if pattern == media:
            level = 2
        elif pattern == f"{major}/*":
            level = 1
        elif pattern == "*/*":
            level = 0
        else:
            continue
        if level > specificity:
            best, specificity = quality, level
    return best


def negotiate(accept: str | None, offers: list[str], aliases: dict[str, str] | None = None) -> str | None:
    """The offer the client prefers (server order breaks ties), or None if none is acceptable."""
    if not accept or not accept.strip():
        return offers[0]
    ranges = _parse_accept(accept)
    alias_of = aliases or {}
    best: str | None = None
    best_q = 0.0
    for offer in offers:
        quality = _quality(offer, ranges)
        for alias, target in alias_of.items():
            if target == offer:
                quality = max(quality, _quality(alias, tuple(r for r in ranges if r[0] == alias)))
        if quality > best_q:
            best, best_q = offer, quality
    return best


def negotiate_results(request: Request, params: dict[str, list[str]]) -> tuple[str | None, str | None]:
    """Media types for (SELECT/ASK results, graph results) of this request."""
    fmt = params["format"][0] if params.get("format") else None
    if fmt:
        media = FORMAT_PARAM.get(fmt.lower())
        if media is None:
            raise ProtocolError(400, f"unknown format {fmt!r}; one of {', '.join(FORMAT_PARAM)}")
        return (
            media if media in RESULT_FORMATS else None,
            media if media in GRAPH_FORMATS else None,
        )
    accept = request.headers.get("accept")
    return (
        negotiate(accept, list(RESULT_FORMATS), RESULT_ALIASES),
        negotiate(accept, list(GRAPH_FORMATS), GRAPH_ALIASES),
    )
