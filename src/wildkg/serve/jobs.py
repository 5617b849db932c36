"""What the server sends a query worker and what it answers (see :mod:`wildkg.serve.worker`)."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox

from wildkg.formats import RESULTS_FORMATS, rdf_format

#: Media type → Oxigraph format, for SELECT/ASK results and for graphs (from the one registry).
RESULT_FORMATS: dict[str, ox.QueryResultsFormat] = {f.media_type: f.ox for f in RESULTS_FORMATS}
#: The RDF formats the endpoint answers graphs in.
SERVED_GRAPH_FORMATS = ("turtle", "ntriples", "jsonld", "rdfxml")
GRAPH_FORMATS: dict[str, ox.RdfFormat] = {
    rdf_format(name).media_type: rdf_format(name).ox for name in SERVED_GRAPH_FORMATS
}


#: Default cap on the bytes of one answer (``--max-response``).
DEFAULT_MAX_BYTES = 16_000_000


@dataclass(frozen=True)
class DataSource:
    """What a worker loads: an on-disk store (opened read-only) or RDF files (into memory)."""

    store: Path | None = None
    files: tuple[Path, ...] = ()
    #: Copy an on-disk store into memory (needed when updates are allowed).
    in_memory: bool = False


@dataclass(frozen=True)
class QueryJob:
    query: str
    result_type: str | None  # negotiated media type for SELECT/ASK, None = not acceptable
    graph_type: str | None  # negotiated media type for CONSTRUCT/DESCRIBE
    max_rows: int
    default_graphs: tuple[str, ...] = ()
    named_graphs: tuple[str, ...] = ()
    #: Relative IRIs in the query resolve against this (the endpoint's URL).
    base_iri: str | None = None
    #: Whether SERVICE may run (``--allow-service``); otherwise refused by the parser check.
    allow_fetch: bool = False
    #: Largest answer in bytes (``--max-response``).
    max_bytes: int = DEFAULT_MAX_BYTES


@dataclass(frozen=True)
class RowsJob:
    """A SELECT for the server's own pages; ``bind`` fills ``<{name}>`` slots with checked IRIs."""

    query: str
    bind: dict[str, str] = field(default_factory=dict)
    max_rows: int = 5000


@dataclass(frozen=True)
class GraphJob:
    """A Graph Store Protocol read: one graph (``None`` = default graph) or a CONSTRUCT."""

    graph: str | None
    media_type: str
    #: Refuse (ERR_TOO_MANY_ROWS) a graph of more triples than this, like a query's rows.
    max_rows: int
    construct: str | None = None
    bind: dict[str, str] = field(default_factory=dict)
    max_bytes: int = DEFAULT_MAX_BYTES


@dataclass(frozen=True)
class UpdateJob:
    update: str
    base_iri: str | None = None
    allow_fetch: bool = False
    #: The protocol's using-graph-uri / using-named-graph-uri (checked IRIs).
    using: tuple[str, ...] = ()
    using_named: tuple[str, ...] = ()


Job = QueryJob | RowsJob | GraphJob | UpdateJob

#: A term of a :class:`RowsJob` answer: (kind, value, datatype or "", language or "").
WireTerm = tuple[str, str, str, str]


@dataclass(frozen=True)
class Reply:
    """What a worker sends back. ``error`` is one of the ``ERR_*`` kinds or None."""

    error: str | None = None
    message: str = ""
    body: bytes = b""
    media_type: str = ""
    rows: list[dict[str, WireTerm]] | None = None
    count: int = 0
    #: Seconds spent on the job, and whether it ran in the server process (fast path).
    elapsed: float = 0.0
    inprocess: bool = False


#: Fewest bytes one more result row adds in each format: "{}," in JSON, "<result/>" in XML,
#: CRLF in CSV, LF in TSV.
MIN_ROW_BYTES: dict[str, int] = {
    "application/sparql-results+json": 3,
    "application/sparql-results+xml": 9,
    "text/csv": 2,
    "text/tab-separated-values": 1,
}

ERR_SYNTAX = "syntax"
ERR_TOO_MANY_ROWS = "too-many-rows"
ERR_TOO_LARGE = "too-large"
ERR_NOT_ACCEPTABLE = "not-acceptable"
ERR_NOT_FOUND = "not-found"
ERR_STORE = "store"
ERR_FETCH = "fetch"
ERR_IS_UPDATE = "update"


