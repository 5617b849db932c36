"""The one registry of formats wildkg reads and writes.

Each RDF format is known by its ``--format`` name and aliases, its file extensions, its media
types, and the names Oxigraph and rdflib give it; each SPARQL results format likewise. Every
other module (reading files, ``export``, ``query``, the endpoint's content negotiation) looks
formats up here, so a file's extension, a request's ``Accept`` header and a ``--format``
option always mean the same format.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox

from wildkg.errors import InputError


@dataclass(frozen=True)
class RdfFormat:
    """An RDF serialisation."""

    name: str
    aliases: tuple[str, ...]
    extensions: tuple[str, ...]
    media_types: tuple[str, ...]  # the first is the canonical one
    ox: ox.RdfFormat
    rdflib: str
    #: parsed by Oxigraph (fast); otherwise by rdflib, which handles more of the format's corners
    native: bool = True

    @property
    def media_type(self) -> str:
        return self.media_types[0]

    @property
    def quads(self) -> bool:
        return bool(self.ox.supports_datasets)


@dataclass(frozen=True)
class ResultsFormat:
    """A SPARQL 1.1 query results serialisation (SELECT and ASK)."""

    name: str
    media_types: tuple[str, ...]
    ox: ox.QueryResultsFormat

    @property
    def media_type(self) -> str:
        return self.media_types[0]


RDF_FORMATS: tuple[RdfFormat, ...] = (
    RdfFormat("turtle", ("ttl",), (".ttl", ".turtle"), ("text/turtle", "application/x-turtle"),
              ox.RdfFormat.TURTLE, "turtle"),
    RdfFormat("ntriples", ("nt", "n-triples"), (".nt",), ("application/n-triples", "text/plain"),
              ox.RdfFormat.N_TRIPLES, "nt"),
    RdfFormat("nquads", ("nq", "n-quads"), (".nq",), ("application/n-quads",), ox.RdfFormat.N_QUADS, "nquads"),
    RdfFormat("trig", (), (".trig",), ("application/trig",), ox.RdfFormat.TRIG, "trig"),
    RdfFormat("jsonld", ("json-ld",), (".jsonld", ".json"), ("application/ld+json", "application/json"),
              ox.RdfFormat.JSON_LD, "json-ld", native=False),
    RdfFormat("rdfxml", ("xml", "rdf", "owl"), (".rdf", ".owl", ".xml"), ("application/rdf+xml",),
              ox.RdfFormat.RDF_XML, "xml", native=False),
    RdfFormat("n3", (), (".n3",), ("text/n3",), ox.RdfFormat.N3, "n3"),
)

RESULTS_FORMATS: tuple[ResultsFormat, ...] = (
    ResultsFormat("json", ("application/sparql-results+json", "application/json"), ox.QueryResultsFormat.JSON),
    ResultsFormat("xml", ("application/sparql-results+xml", "application/xml", "text/xml"),
                  ox.QueryResultsFormat.XML),
    ResultsFormat("csv", ("text/csv",), ox.QueryResultsFormat.CSV),
    ResultsFormat("tsv", ("text/tab-separated-values",), ox.QueryResultsFormat.TSV),
)

_RDF_BY_NAME = {n: f for f in RDF_FORMATS for n in (f.name, *f.aliases)}
_RDF_BY_EXTENSION = {e: f for f in RDF_FORMATS for e in f.extensions}
_RESULTS_BY_NAME = {f.name: f for f in RESULTS_FORMATS}
#: Formats ``export`` writes and ``query`` prints graphs in (N3 is read only).
WRITABLE: tuple[str, ...] = ("turtle", "ntriples", "jsonld", "rdfxml", "trig", "nquads")


class FormatError(InputError):
    """An unknown format name or file extension."""


def rdf_format(name: str) -> RdfFormat:
    """The RDF format called ``name`` (a ``--format`` name or alias)."""
    try:
        return _RDF_BY_NAME[name.lower()]
    except KeyError:
        raise FormatError(f"unknown RDF format '{name}' (choose from {', '.join(WRITABLE)})") from None


def results_format(name: str) -> ResultsFormat:
    """The SPARQL results format called ``name`` (csv, tsv, json, xml)."""
    try:
        return _RESULTS_BY_NAME[name.lower()]
    except KeyError:
        raise FormatError(
            f"unknown result format '{name}' (choose from {', '.join(_RESULTS_BY_NAME)})") from None


def format_of(path: Path) -> RdfFormat:
    """The RDF format of a file, from its extension (``.gz`` is not unwrapped here)."""
    ext = path.suffix.lower()
    try:
        return _RDF_BY_EXTENSION[ext]
    except KeyError:
        known = ", ".join(sorted(_RDF_BY_EXTENSION))
        raise FormatError(f"{path}: unknown RDF file extension '{ext}' (known: {known})") from None
