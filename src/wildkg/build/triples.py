"""The compiler's terms and triples as canonical N-Triples text (decision 0023).

A term is the ``str`` Oxigraph writes for it (``str(ox.NamedNode(...))``,
``str(ox.Literal(...))``): the compiler formats that text itself instead of building an rdflib
term, converting it to an Oxigraph term and printing it, per triple. :func:`iri` checks each
distinct IRI with Oxigraph once; :func:`lit` escapes as Oxigraph does and hands the rare literal
it does not format itself (control characters, unusual language tags) to Oxigraph.
tests/build/test_ntriples_form.py compares both with Oxigraph over every term of the shipped
data and generated text.
"""

from __future__ import annotations

import re

import pyoxigraph as ox

from wildkg import provenance
from wildkg.errors import InputError

_XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
#: Characters Oxigraph writes as escapes other than the five below (the other controls).
_OX_ESCAPES = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_PLAIN_LANG = re.compile(r"[a-z]+(?:-[a-z0-9]+)*")
_ESCAPE = str.maketrans({"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r", "\t": "\\t"})
#: IRIs already checked, so each distinct IRI is checked once per process.
_CHECKED: set[str] = set()


class _Keyed(str):
    """A literal whose text in a fact's hash (:func:`wildkg.provenance.literal`) differs from its
    N-Triples text (a tab: the hash keeps it raw, Oxigraph writes ``\t``; an upper-case tag)."""

    key: str


def iri(text: str) -> str:
    """``<text>``; an IRI that cannot be one is an :class:`~wildkg.errors.InputError`."""
    if text not in _CHECKED:
        provenance.iri(text)  # the hash's rules (no space, quote, bracket; a scheme)
        try:
            ox.NamedNode(text)  # and RDF's (RFC 3987)
        except ValueError as err:
            raise InputError(f"the graph holds an invalid IRI <{text}>: {err}") from None
        _CHECKED.add(text)
    return f"<{text}>"


def lit(text: str, lang: str | None = None, datatype: str | None = None) -> str:
    """The N-Triples literal Oxigraph writes for ``text`` (with ``lang`` or ``datatype``)."""
    if _OX_ESCAPES.search(text) is None and (lang is None or _PLAIN_LANG.fullmatch(lang)):
        body = text.translate(_ESCAPE)
        if lang:
            out = f'"{body}"@{lang}'
        elif datatype is None or datatype == _XSD_STRING:
            out = f'"{body}"'
        else:
            out = f'"{body}"^^{iri(datatype)}'
        if "\t" not in text:  # then provenance.literal writes the same text
            return out
    elif lang:
        out = str(ox.Literal(text, language=lang))
    else:
        out = str(ox.Literal(text, datatype=None if datatype is None else ox.NamedNode(datatype)))
    hashed = provenance.literal(text, lang, datatype)
    if hashed == out:
        return out
    keyed = _Keyed(out)
    keyed.key = hashed
    return keyed


def en(text: str) -> str:
    return lit(text, "en")


def key(term: str) -> str:
    """The text of ``term`` in a fact's hash (:func:`wildkg.provenance.statement_key`)."""
    return term.key if type(term) is _Keyed else term


class Terms:
    """``Terms(namespace).name`` is ``<namespace name>``, formatted once per name."""

    def __init__(self, namespace: object) -> None:
        self._base = str(namespace)

    def __getattr__(self, name: str) -> str:
        if name.startswith("_"):
            raise AttributeError(name)
        value = iri(self._base + name)
        setattr(self, name, value)
        return value

    def __getitem__(self, name: str) -> str:
        return iri(self._base + name)


class Triples:
    """The N-Triples lines one compile step states, without duplicates."""

    def __init__(self) -> None:
        self.lines: set[str] = set()

    def add(self, s: str, p: str, o: str) -> None:
        self.lines.add(f"{s} {p} {o} .\n")

    def __len__(self) -> int:
        return len(self.lines)

    def ntriples(self) -> list[str]:
        """The lines, sorted."""
        return sorted(self.lines)
