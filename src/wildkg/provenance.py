"""Who said what: statement identity and the description of datasets and their records.

A *statement* is one assertion of one source: the plain triple plus a reified
``rdf:Statement``/``wildkg:Fact`` node carrying ``prov:wasDerivedFrom`` the record or
section it comes from and its qualifiers. Its IRI is a hash over the triple, the source
and the qualifiers (``docs/decisions/0050-statement-per-source.md``), so two sources of
one triple are two nodes and a qualifier of one never appears to be said by the other.

Terms are handled here as N-Triples text (``<iri>``, ``"lexical"@en``…): the bulk
importers write millions of lines, and formatting strings is several times faster than
building rdflib nodes. :func:`term` converts rdflib nodes for the curated compiler, so both
paths hash the same text.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from rdflib import Literal, URIRef
from rdflib.namespace import DCTERMS, PROV, RDF, RDFS, XSD
from rdflib.term import Node

from wildkg.errors import InputError
from wildkg.ids import slug
from wildkg.namespaces import WILDKG, WK

Qualifiers = tuple[tuple[str, str], ...]

# --- N-Triples terms ----------------------------------------------------------------------

#: Characters N-Triples forbids inside an IRI reference (plus controls and space).
_BAD_IRI = re.compile(r'[\x00-\x20<>"{}|^`\\]')
_SCHEME = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*:")
_ESCAPES = {"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r"}
_ESCAPE_RE = re.compile(r'[\\"\n\r]')


class IriError(InputError, ValueError):
    """A value that cannot become an IRI (it would change the meaning of the output)."""


def iri(text: str) -> str:
    """``<text>``, refusing characters an IRI cannot hold (never silently encoded)."""
    if _BAD_IRI.search(text) or not _SCHEME.match(text):
        raise IriError(f"'{text}' cannot be an IRI (it needs a scheme such as https: and no space, quote, "
                       "angle bracket or control character)")
    return f"<{text}>"


def valid_iri(text: str) -> bool:
    return _BAD_IRI.search(text) is None and _SCHEME.match(text) is not None


def literal(text: str, lang: str | None = None, datatype: str | None = None) -> str:
    """An N-Triples literal: ``"text"``, ``"text"@lang`` or ``"text"^^<datatype>``."""
    body = _ESCAPE_RE.sub(lambda m: _ESCAPES[m.group()], text)
    if lang:
        return f'"{body}"@{lang}'
    if datatype and datatype != str(XSD.string):
        return f'"{body}"^^<{datatype}>'
    return f'"{body}"'


def term(node: Node) -> str:
    """The N-Triples text of an rdflib IRI or literal (blank nodes are not used in wildkg)."""
    if isinstance(node, URIRef):
        return iri(str(node))
    if isinstance(node, Literal):
        return literal(str(node), node.language, str(node.datatype) if node.datatype else None)
    raise TypeError(f"no N-Triples term for {node!r}")


def wk(path: str) -> str:
    """``<https://w3id.org/wildkg/id/path>`` as N-Triples text."""
    return iri(str(WK) + path)


def vocab(ns_term: URIRef) -> str:
    return f"<{ns_term}>"


T_TYPE, T_LABEL = vocab(RDF.type), vocab(RDFS.label)
T_STATEMENT, T_FACT = vocab(RDF.Statement), vocab(WILDKG.Fact)
T_SUBJECT, T_PREDICATE, T_OBJECT = vocab(RDF.subject), vocab(RDF.predicate), vocab(RDF.object)
T_DERIVED = vocab(PROV.wasDerivedFrom)

# --- statement identity ------------------------------------------------------------------


def statement_key(s: str, p: str, o: str, source: str, qualifiers: Iterable[tuple[str, str]] = ()) -> str:
    """The first 16 hex digits of SHA-256 over the triple, its source and its sorted
    qualifiers, all in N-Triples text: the identity of one source's assertion."""
    parts = [s, p, o, source, *sorted(f"{qp} {qo}" for qp, qo in qualifiers)]
    return hashlib.sha256("\n".join(parts).encode()).hexdigest()[:16]


def statement_node(s: str, p: str, o: str, source: str, qualifiers: Iterable[tuple[str, str]] = ()) -> str:
    return f"<{WK}fact/{statement_key(s, p, o, source, qualifiers)}>"


def fact_iri(s: Node, p: Node, o: Node, source: Node, qualifiers: Iterable[tuple[Node, Node]] = ()) -> URIRef:
    """The statement node of rdflib terms (used by the curated compiler)."""
    key = statement_key(term(s), term(p), term(o), term(source), [(term(a), term(b)) for a, b in qualifiers])
    return URIRef(f"{WK}fact/{key}")


@dataclass(frozen=True, slots=True)
class Statement:
    """One assertion ``s p o`` by ``source`` (a record or section IRI), with qualifiers.
    Every field is N-Triples text."""

    s: str
    p: str
    o: str
    source: str
    qualifiers: Qualifiers = ()

    @property
    def node(self) -> str:
        return statement_node(self.s, self.p, self.o, self.source, self.qualifiers)

    def lines(self) -> list[str]:
        """The plain triple and the statement node's triples, as N-Triples lines."""
        n = self.node
        out = [
            f"{self.s} {self.p} {self.o} .\n",
            f"{n} {T_TYPE} {T_STATEMENT} .\n",
            f"{n} {T_TYPE} {T_FACT} .\n",
            f"{n} {T_SUBJECT} {self.s} .\n",
            f"{n} {T_PREDICATE} {self.p} .\n",
            f"{n} {T_OBJECT} {self.o} .\n",
            f"{n} {T_DERIVED} {self.source} .\n",
        ]
        out.extend(f"{n} {qp} {qo} .\n" for qp, qo in self.qualifiers)
        return out


# --- datasets, records, agents -----------------------------------------------------------



def agent_iri(name: str) -> URIRef:
    """The agent (publisher) named ``name``: ``wk:agent/<slug>``."""
    return WK[f"agent/{slug(name)}"]


def agent_lines(name: str) -> list[str]:
    a = iri(str(agent_iri(name)))
    return [f"{a} {T_TYPE} {vocab(PROV.Agent)} .\n", f"{a} {T_TYPE} {vocab(DCTERMS.Agent)} .\n",
            f"{a} {T_LABEL} {literal(name)} .\n"]


_DATE_RE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


@dataclass(frozen=True)
class Dataset:
    """A published dataset in one version, as imported: ``wk:source/<id>``.

    ``id`` is derived from the kind and the version, so two versions of the Red List are
    two datasets and their statements stay apart."""

    kind: str
    title: str
    url: str
    publisher: str
    licence: str | None = None
    version: str | None = None
    retrieved: str | None = None
    citation: str | None = None
    extra: Sequence[str] = field(default_factory=tuple)

    @property
    def id(self) -> str:
        return slug(f"{self.kind}-{self.version}") if self.version else slug(self.kind)

    @property
    def node(self) -> str:
        return wk(f"source/{self.id}")

    def record(self, kind: str, local_id: str) -> str:
        """The IRI (N-Triples) of one record: ``wk:source/<dataset>/<kind>/<local id>``."""
        return wk(f"source/{self.id}/{kind}/{local_id}")

    def record_lines(self, kind: str, local_id: str, title: str) -> list[str]:
        r = self.record(kind, local_id)
        return [
            f"{r} {T_TYPE} {vocab(WILDKG.SourceRecord)} .\n",
            f"{r} {T_TYPE} {vocab(WILDKG.SourceSection)} .\n",
            f"{r} {T_TYPE} {vocab(PROV.Entity)} .\n",
            f"{r} {vocab(DCTERMS.isPartOf)} {self.node} .\n",
            f"{r} {vocab(DCTERMS.identifier)} {literal(local_id)} .\n",
            f"{r} {vocab(DCTERMS.title)} {literal(title)} .\n",
        ]

    def lines(self) -> list[str]:
        d = self.node
        title = f"{self.title} ({self.version})" if self.version else self.title
        out = [
            f"{d} {T_TYPE} {vocab(WILDKG.Source)} .\n",
            f"{d} {T_TYPE} {vocab(WILDKG.Dataset)} .\n",
            f"{d} {T_TYPE} {vocab(PROV.Entity)} .\n",
            f"{d} {T_LABEL} {literal(title)} .\n",
            f"{d} {vocab(DCTERMS.title)} {literal(title)} .\n",
            f"{d} {vocab(WILDKG.url)} {iri(self.url)} .\n",
            f"{d} {vocab(DCTERMS.publisher)} {iri(str(agent_iri(self.publisher)))} .\n",
            *agent_lines(self.publisher),
        ]
        if self.licence:
            out.append(f"{d} {vocab(DCTERMS.license)} {iri(self.licence)} .\n")
        if self.version:
            out.append(f"{d} {vocab(WILDKG.datasetVersion)} {literal(self.version)} .\n")
        if self.retrieved:
            if not _DATE_RE.match(self.retrieved):
                raise InputError(f"retrieval date '{self.retrieved}' is not a date written YYYY-MM-DD")
            out.append(f"{d} {vocab(WILDKG.retrievedOn)} {literal(self.retrieved, datatype=str(XSD.date))} .\n")
        if self.citation:
            out.append(f"{d} {vocab(DCTERMS.bibliographicCitation)} {literal(self.citation)} .\n")
        out.extend(self.extra)
        return out
