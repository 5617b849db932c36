"""The network's data: nodes, edges, details rows and the table of sources.

Plain data, independent of where the triples came from (a file, the store, a query's answer),
so the offline page, the served explorer and the pyvis view share it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from wildkg.network.kinds import KIND_BY_KEY, Kind

if TYPE_CHECKING:
    import networkx as nx


class Lit(str):
    """A literal as the extractor keeps it: its lexical form, and its language tag or None.

    Not an rdflib Literal: building one per literal of a 3-million-triple store took longer
    than reading the store (issue 14); this one costs what a ``str`` costs.
    """

    language: str | None = None

    @classmethod
    def of(cls, value: str, language: str | None = None) -> Lit:
        lit = cls(value)
        if language:
            lit.language = language
        return lit


#: Inside the extractor, IRIs are plain ``str`` ("_:id" for blank nodes) and literals are
#: :class:`Lit`: rdflib terms compare and hash in Python, which made a 20k-node graph 3x slower.
Term = str | Lit


@dataclass
class Row:
    """One line of a node's details: what, the value, and the sources (indexes)."""

    label: str
    value: str
    sources: tuple[int, ...] = ()
    note: str = ""


@dataclass
class NetNode:
    iri: str
    label: str
    kind: str
    #: A short code shown beside the label: ``VU``, ``5.1.1`` (skos:notation or the concept's id).
    code: str = ""
    names: list[Row] = field(default_factory=list)
    rows: list[Row] = field(default_factory=list)
    links: list[tuple[str, str]] = field(default_factory=list)


@dataclass
class NetEdge:
    source: str
    target: str
    predicate: str
    label: str
    qualifiers: tuple[str, ...] = ()
    sources: tuple[int, ...] = ()
    note: str = ""
    #: The relation worded from the target's side ("preyed on by"); "" if no wording is known.
    inverse: str = ""


@dataclass
class NetworkData:
    """Nodes keyed by IRI, edges, and the table of source sections (title, URL)."""

    nodes: dict[str, NetNode]
    edges: list[NetEdge]
    sources: list[tuple[str, str]]
    #: Every kind a node may have: ours, plus one per class not ours found in the graph.
    kinds: dict[str, Kind] = field(default_factory=lambda: dict(KIND_BY_KEY))
    #: The IRI of each source section, in the numbering of ``sources``.
    source_iris: list[str] = field(default_factory=list)
    #: Section → how many facts cite it (what a patched page keeps its sources by).
    cited: dict[str, int] = field(default_factory=dict)
    #: Nodes drawn only because a drawn node points at them (used scheme concepts…).
    referenced: frozenset[str] = frozenset()

    def to_networkx(self) -> nx.DiGraph:
        """A networkx view (node attributes label and kind; edge attribute label)."""
        import networkx as nx  # loaded when asked for: 0.14 s that building a page does not need

        g: nx.DiGraph = nx.DiGraph()
        for iri, node in self.nodes.items():
            g.add_node(iri, label=node.label, kind=node.kind)
        g.add_edges_from((e.source, e.target, {"label": e.label}) for e in self.edges)
        return g

    def subset(self, keep: set[str]) -> NetworkData:
        """The nodes in ``keep`` and the edges between them."""
        nodes = {i: n for i, n in self.nodes.items() if i in keep}
        edges = [e for e in self.edges if e.source in nodes and e.target in nodes]
        return NetworkData(nodes, edges, self.sources, self.kinds, self.source_iris)


def humanise(iri: str) -> str:
    """A readable name from an IRI's local name: ``hasHabitat`` → ``has habitat``."""
    local = re.split(r"[#/]", iri.rstrip("/#"))[-1] or iri
    words = re.sub(r"(?<=[a-z0-9])(?=[A-Z])", " ", local).replace("_", " ").replace("-", " ")
    return words.strip().lower() if not words.isupper() else words


def last_segment(iri: str) -> str:
    """The last segment of an IRI, as written: ``.../people/alice`` → ``alice``."""
    return re.split(r"[#/:]", iri.rstrip("/#"))[-1] or iri


def is_web_link(value: str) -> bool:
    """Only http(s) addresses become links (no ``javascript:``, ``data:``, ``file:``)."""
    return re.match(r"(?i)^https?://[^\s<>\"']+$", value) is not None
