"""Where the network's triples come from: an rdflib Graph, or an Oxigraph store read directly.

The model takes plain terms (:mod:`wildkg.network.netdata`), so a store built by ``wildkg
build`` (``out/store``) is drawn without parsing Turtle or building rdflib terms: reading
3 million triples this way costs little more than iterating the store.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pyoxigraph as ox

from wildkg.errors import InputError
from wildkg.network.netdata import Lit, Term


def open_store(path: Path) -> ox.Store:
    """An Oxigraph store folder, opened read-only (errors name the folder)."""
    try:
        return ox.Store.read_only(str(path))
    except OSError as err:
        raise InputError(f"{path}: cannot open the Oxigraph store: {err}") from err


def store_term(term: object) -> Term:
    """An Oxigraph term as the extractor's term."""
    kind = type(term)
    if kind is ox.NamedNode:
        return term.value  # type: ignore[attr-defined, no-any-return]
    if kind is ox.Literal:
        return Lit.of(term.value, term.language)  # type: ignore[attr-defined]
    if kind is ox.BlankNode:
        return "_:" + str(term.value)  # type: ignore[attr-defined]
    return str(term)  # an RDF-star triple term: shown as text


def store_terms(store: ox.Store) -> Iterator[tuple[str, str, Term]]:
    """Every triple of the store (all graphs) as the extractor's terms."""
    for quad in store:
        s = store_term(quad.subject)
        if isinstance(s, Lit):
            continue
        yield s, quad.predicate.value, store_term(quad.object)
