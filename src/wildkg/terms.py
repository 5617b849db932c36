"""One conversion between rdflib terms and Oxigraph terms, for the stages that meet both."""

from __future__ import annotations

from typing import Any

import pyoxigraph as ox
from rdflib import BNode, Literal, URIRef
from rdflib.term import Node

from wildkg.errors import InputError

OxTerm = ox.NamedNode | ox.BlankNode | ox.Literal


def to_ox(node: Node) -> OxTerm:
    """The Oxigraph term of an rdflib IRI, blank node or literal."""
    if isinstance(node, URIRef):
        try:
            return ox.NamedNode(str(node))
        except ValueError as err:  # rdflib reads IRIs RDF does not allow (control characters)
            raise InputError(f"the graph holds an invalid IRI <{node}>: {err}") from None
    if isinstance(node, BNode):
        return ox.BlankNode(str(node))
    if isinstance(node, Literal):
        if node.language:
            return ox.Literal(str(node), language=node.language)
        if node.datatype is not None:
            return ox.Literal(str(node), datatype=ox.NamedNode(str(node.datatype)))
        return ox.Literal(str(node))
    raise TypeError(f"unsupported RDF term {node!r}")


def to_rdflib(term: Any) -> Node:
    """The rdflib term of an Oxigraph IRI, blank node or literal."""
    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    if term.language:
        return Literal(term.value, lang=term.language)
    return Literal(term.value, datatype=URIRef(term.datatype.value))
