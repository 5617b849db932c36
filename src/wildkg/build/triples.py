"""The triples a compile step states, and their canonical N-Triples form."""

from __future__ import annotations

from collections.abc import Iterator

from rdflib.term import Node

from wildkg.terms import to_ox


class Triples:
    """The triples one compile step states, in a set (no rdflib ``Graph`` in the hot path).

    Offers the two operations the compiler uses of a graph: ``add`` and ``in``.
    """

    def __init__(self) -> None:
        self.triples: set[tuple[Node, Node, Node]] = set()

    def add(self, triple: tuple[Node, Node, Node]) -> None:
        self.triples.add(triple)

    def __contains__(self, triple: object) -> bool:
        return triple in self.triples

    def __len__(self) -> int:
        return len(self.triples)

    def __iter__(self) -> Iterator[tuple[Node, Node, Node]]:
        return iter(self.triples)

    def ntriples(self) -> list[str]:
        """The triples as N-Triples lines in Oxigraph's canonical form, sorted (Oxigraph
        writes the escapes: a newline inside a literal is ``\\n``, never a raw line break)."""
        return sorted({f"{to_ox(s)} {to_ox(p)} {to_ox(o)} .\n" for s, p, o in self.triples})
