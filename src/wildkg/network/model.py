"""The graph as a network of things: RDF (data-model.md) → drawable nodes and edges.

What is drawn: the data entities (taxa, places, protected areas, habitats, food items,
conservation actions) and the scheme concepts the data uses (``redlist:EN``,
``threat:5.1.1``…). What is not: facts (``wildkg:Fact``), sources and their sections,
measurements, ontology terms and unused concepts; their content goes into a node's *details*
(names, literal facts, measurements with units, external links, and the source of each fact).
``include_schema=True`` also draws ontology classes, properties, concepts and schemes.

One pass over the triples builds every index, so a graph of 20,000 entities converts in
seconds; nothing here is quadratic.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache

import networkx as nx
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import RDFS
from rdflib.term import Node as RdfNode

from wildkg import project
from wildkg.namespaces import PREFIXES
from wildkg.network.kinds import (
    BUILTIN_LABELS,
    DATA_TYPES,
    DERIVED,
    DESCRIPTION,
    DWC_SCIENTIFIC,
    DWC_VERNACULAR,
    FACT_TYPES,
    HAS_MEASUREMENT,
    HIDDEN_TYPES,
    INVERSE_KEEP,
    LABEL,
    LIFE_STAGE,
    LINK_PREDICATES,
    M_TYPE,
    M_UNIT,
    MAX,
    MEASURES,
    MIN,
    NAME_PREDICATES,
    NOT_SHOWN,
    PART_OF_DOC,
    PREF_LABEL,
    PRODUCT,
    PUBLISHER,
    R_OBJECT,
    R_PREDICATE,
    R_SUBJECT,
    RANGE_PART,
    REMARKS,
    SCHEMA_TYPES,
    SCHEME_KEYS,
    SCHEME_KINDS,
    SCOPE,
    SEASON,
    SECTION_URL,
    SYMBOL,
    TITLE,
    TYPE,
    URL,
    VALUE,
    WK_NS,
    iri_str,
)

Triple = tuple[RdfNode, RdfNode, RdfNode]
#: Inside the extractor, IRIs are plain ``str`` ("_:id" for blank nodes) and literals stay
#: rdflib Literals: rdflib terms compare and hash in Python, which made a 20k-node graph 3x slower.
Term = str | Literal


def _term(term: RdfNode) -> Term:
    if isinstance(term, Literal):
        return term
    if isinstance(term, BNode):
        return "_:" + str.__str__(term)
    return str.__str__(term)


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


@dataclass
class NetworkData:
    """Nodes keyed by IRI, edges, and the table of source sections (title, URL)."""

    nodes: dict[str, NetNode]
    edges: list[NetEdge]
    sources: list[tuple[str, str]]

    def to_networkx(self) -> nx.DiGraph:
        """A networkx view (node attributes label and kind; edge attribute label)."""
        g: nx.DiGraph = nx.DiGraph()
        for iri, node in self.nodes.items():
            g.add_node(iri, label=node.label, kind=node.kind)
        g.add_edges_from((e.source, e.target, {"label": e.label}) for e in self.edges)
        return g

    def subset(self, keep: set[str]) -> NetworkData:
        """The nodes in ``keep`` and the edges between them."""
        nodes = {i: n for i, n in self.nodes.items() if i in keep}
        edges = [e for e in self.edges if e.source in nodes and e.target in nodes]
        return NetworkData(nodes, edges, self.sources)


def humanise(iri: str) -> str:
    """A readable name from an IRI's local name: ``hasHabitat`` → ``has habitat``."""
    local = re.split(r"[#/]", iri.rstrip("/#"))[-1] or iri
    words = re.sub(r"(?<=[a-z0-9])(?=[A-Z])", " ", local).replace("_", " ").replace("-", " ")
    return words.strip().lower() if not words.isupper() else words


def is_web_link(value: str) -> bool:
    """Only http(s) addresses become links (no ``javascript:``, ``data:``, ``file:``)."""
    return re.match(r"(?i)^https?://[^\s<>\"']+$", value) is not None


@lru_cache(maxsize=1)
def _ontology_labels() -> dict[str, str]:
    """rdfs:label of the shipped ontology's terms, for graphs given without it."""
    path = project.ONTOLOGY_DIR / "wildkg.ttl"
    if not path.is_file():
        return {}
    g = Graph().parse(path, format="turtle")
    return {iri_str(s): str(o) for s, o in g.subject_objects(RDFS.label) if isinstance(s, URIRef)}


def _plural(word: str) -> str:
    return word if word.endswith("s") else word + "s"


class _Extractor:
    """Indexes a graph once; then answers labels, kinds, facts and details."""

    def __init__(self, graph: Graph) -> None:
        self.out: defaultdict[str, list[tuple[str, Term]]] = defaultdict(list)
        self.types: defaultdict[str, set[str]] = defaultdict(set)
        labels: dict[str, tuple[int, str]] = {}
        for s_, p_, o_ in graph.triples((None, None, None)):
            s, p, o = _term(s_), str.__str__(p_), _term(o_)
            if isinstance(s, Literal):
                continue
            if p == TYPE and isinstance(o, str):
                self.types[s].add(o)
            elif p in (LABEL, PREF_LABEL) and isinstance(o, Literal):
                rank = (0 if p == LABEL else 2) + (0 if o.language in (None, "en") else 1)
                if s not in labels or rank < labels[s][0]:
                    labels[s] = (rank, str(o))
            self.out[s].append((p, o))
        self.labels = {s: v for s, (_, v) in labels.items()}
        self.sources: list[tuple[str, str]] = []
        self._attributed: set[tuple[str, str, Term]] = set()
        self._source_index: dict[str, int] = {}
        self.facts: dict[tuple[str, str, Term], tuple[tuple[int, ...], tuple[str, ...], str]] = {}
        facts = [f for f, ts in self.types.items() if not ts.isdisjoint(FACT_TYPES)]
        for fact in sorted(facts):  # sorted: the same graph gives the same page
            self._index_fact(fact)

    # --- lookups -----------------------------------------------------------------------
    def value(self, s: Term, p: URIRef | str) -> Term | None:
        if isinstance(s, Literal):
            return None
        return next((o for q, o in self.out.get(s, ()) if q == p), None)

    def values(self, s: Term, p: URIRef | str) -> list[Term]:
        if isinstance(s, Literal):
            return []
        return [o for q, o in self.out.get(s, ()) if q == p]

    def label(self, term: Term) -> str:
        if isinstance(term, Literal):
            return str(term)
        if term in self.labels:
            return self.labels[term]
        name = self.value(term, DWC_VERNACULAR) or self.value(term, DWC_SCIENTIFIC)
        if name is not None:
            return str(name)
        return BUILTIN_LABELS.get(term) or _ontology_labels().get(term) or humanise(term)

    def kind(self, term: Term) -> str | None:
        """The data kind of ``term``; None for literals, hidden or schema terms."""
        if isinstance(term, Literal):
            return None
        ts = self.types.get(term)
        if ts:
            if not ts.isdisjoint(HIDDEN_TYPES):
                return None
            for cls, key in DATA_TYPES:
                if cls in ts:
                    return key
        for ns, key in SCHEME_KINDS:
            if term.startswith(ns):
                return key
        if ts and any(t in SCHEMA_TYPES for t in ts):
            return None
        return "other" if term.startswith(WK_NS) else None

    def schema_kind(self, term: Term) -> str | None:
        if isinstance(term, Literal):
            return None
        for t in self.types.get(term, ()):
            if t in SCHEMA_TYPES:
                return SCHEMA_TYPES[t]
        return None

    # --- facts and sources -------------------------------------------------------------
    def _source(self, section: str) -> int:
        if section not in self._source_index:
            title = str(self.value(section, TITLE) or self.label(section))
            doc = self.value(section, PART_OF_DOC)
            if doc is not None:
                doc_title = str(self.value(doc, TITLE) or self.label(doc))
                publisher = self.value(doc, PUBLISHER)
                if publisher is not None:
                    doc_title += f" ({self.label(publisher)})"  # an agent (or an old literal)
                title = f"{doc_title} — {title}"
            url = self.value(section, SECTION_URL) or self.value(section, URL)
            if url is None and doc is not None:
                url = self.value(doc, URL)
            link = str(url) if url is not None and is_web_link(str(url)) else ""
            self._source_index[section] = len(self.sources)
            self.sources.append((title, link))
        return self._source_index[section]

    def _index_fact(self, fact: str) -> None:
        s, p, o = (self.value(fact, t) for t in (R_SUBJECT, R_PREDICATE, R_OBJECT))
        if not isinstance(s, str) or not isinstance(p, str) or o is None:
            return
        srcs = tuple(self._source(sec) for sec in self.values(fact, DERIVED)
                     if isinstance(sec, str))
        quals: list[str] = []
        for stage in self.values(fact, LIFE_STAGE):
            quals.append(f"{_plural(self.label(stage))} only")
        quals.extend(f"range part: {part}" for part in self.values(fact, RANGE_PART))
        quals.extend(str(v) for v in self.values(fact, SCOPE))
        quals.extend(f"in {v}" for v in self.values(fact, SEASON))
        note = "; ".join(str(v) for v in self.values(fact, DESCRIPTION))
        old = self.facts.get((s, p, o))
        if old is not None and set(srcs) != set(old[0]):
            # another source states the same triple: say whose qualifiers and notes these are
            quals, note = self._per(srcs, quals, note)
            if (s, p, o) not in self._attributed:
                self._attributed.add((s, p, o))
                old_quals, old_note = self._per(old[0], list(old[1]), old[2])
                old = (old[0], tuple(old_quals), old_note)
        if old is not None:
            srcs = tuple(dict.fromkeys(old[0] + srcs))
            quals = list(dict.fromkeys([*old[1], *quals]))
            note = "; ".join(x for x in (old[2], note) if x)
        self.facts[(s, p, o)] = (srcs, tuple(quals), note)

    def _per(self, srcs: tuple[int, ...], quals: list[str], note: str) -> tuple[list[str], str]:
        """Qualifiers and note marked with the sources (documents) that state them."""
        whose = " / ".join(dict.fromkeys(self.sources[i][0].split(" — ")[0] for i in srcs))
        return [f"{q} (per {whose})" for q in quals], (f"{note} (per {whose})" if note else note)

    # --- details -------------------------------------------------------------------------
    def measurement(self, subject: str, m: Term, p: str = HAS_MEASUREMENT) -> Row:
        trait, product = self.value(m, M_TYPE), self.value(m, PRODUCT)
        what = self.label(trait) if trait is not None else f"{product} price" if product else self.label(m)
        lo, hi, val = (self.value(m, p) for p in (MIN, MAX, VALUE))
        if val is not None:
            number = str(val)
        elif lo is not None and hi is not None:
            number = f"{lo}–{hi}"
        elif lo is not None:
            number = f"≥ {lo}"
        elif hi is not None:
            number = f"≤ {hi}"
        else:
            number = "?"
        unit = self.value(m, M_UNIT)
        if unit is not None:
            symbol = self.value(unit, SYMBOL)
            number += f" {symbol if symbol is not None else self.label(unit)}"
        remarks = "; ".join(str(r) for r in self.values(m, REMARKS))
        srcs, quals, note = self.facts.get((subject, p, m), ((), (), ""))
        return Row(what, number, srcs, "; ".join(x for x in (remarks, *quals, note) if x))

    def fill_details(self, node: NetNode, term: str) -> None:
        names: list[tuple[int, Row]] = []
        for p, o in self.out.get(term, ()):
            if p in NOT_SHOWN:
                continue
            if p in MEASURES:
                node.rows.append(self.measurement(term, o, p))
            elif isinstance(o, Literal):
                srcs, quals, note = self.facts.get((term, p, o), ((), (), ""))
                row = Row(self.label(p), str(o), srcs, "; ".join(x for x in (*quals, note) if x))
                if p in NAME_PREDICATES:
                    names.append((NAME_PREDICATES.index(p), row))
                else:
                    node.rows.append(row)
            elif is_web_link(o) and (p in LINK_PREDICATES or (
                    self.kind(o) is None and self.schema_kind(o) is None and o not in self.out)):
                node.links.append((self.label(p), o))
        node.names = [row for _, row in sorted(names, key=lambda x: (x[0], x[1].value))]
        node.rows.sort(key=lambda r: (r.label, r.value))
        node.links.sort()


def extract(graph: Graph, *, include_schema: bool = False,
            only: Iterable[Triple] | None = None) -> NetworkData:
    """The drawable network of ``graph``.

    With ``only`` (the triples a query returned), exactly the IRIs and IRI-valued triples
    among them are drawn; kinds, labels and details still come from the whole graph.
    """
    ex = _Extractor(graph)
    nodes: dict[str, NetNode] = {}

    def add(term: str, kind: str) -> None:
        if term not in nodes:
            nodes[term] = NetNode(term, ex.label(term), kind)

    candidates: list[tuple[str, str, str]] = []
    if only is not None:
        for s_, p_, o_ in only:
            s, p, o = _term(s_), _term(p_), _term(o_)
            if not isinstance(s, str) or not isinstance(p, str):
                continue
            add(s, ex.kind(s) or ex.schema_kind(s) or "other")
            if isinstance(o, str):
                add(o, ex.kind(o) or ex.schema_kind(o) or "other")
                candidates.append((s, p, o))
    else:
        for term in list(ex.out):
            kind = ex.kind(term) or (ex.schema_kind(term) if include_schema else None)
            if kind is not None and (include_schema or kind not in SCHEME_KEYS):
                add(term, kind)
        candidates = [(s, p, o) for s in list(nodes) for p, o in ex.out[s]
                      if isinstance(o, str) and p not in LINK_PREDICATES
                      and p not in MEASURES and (include_schema or p != TYPE)]
        for *_, o in candidates:  # used concepts and referenced entities become nodes
            kind = ex.kind(o)
            if kind is not None:
                add(o, kind)
        candidates = [t for t in candidates if t[2] in nodes]
        present = set(candidates)
        candidates = [(s, p, o) for s, p, o in candidates
                      if not (p in INVERSE_KEEP and (o, INVERSE_KEEP[p], s) in present)]
    edges: list[NetEdge] = []
    for s, p, o in dict.fromkeys(candidates):
        srcs, quals, note = ex.facts.get((s, p, o), ((), (), ""))
        edges.append(NetEdge(s, o, p, ex.label(p), quals, srcs, note))
    for iri, node in nodes.items():
        ex.fill_details(node, iri)
    edges.sort(key=lambda e: (e.source, e.predicate, e.target))
    return NetworkData(dict(sorted(nodes.items())), edges, ex.sources)


def find_nodes(net: NetworkData, needle: str) -> list[str]:
    """IRIs of the nodes whose IRI (full or prefixed), label or name equals ``needle``.

    Labels and names are compared case-insensitively; every match is returned.
    """
    if needle in net.nodes:
        return [needle]
    prefix, _, local = needle.partition(":")
    if local and prefix in PREFIXES and PREFIXES[prefix] + local in net.nodes:
        return [PREFIXES[prefix] + local]  # a prefixed name: wk:taxon/panthera-uncia
    want = needle.casefold().strip()
    return [iri for iri, n in net.nodes.items()
            if n.label.casefold() == want or any(r.value.casefold() == want for r in n.names)]


def neighbourhood(net: NetworkData, seeds: list[str], depth: int) -> NetworkData:
    """The nodes within ``depth`` steps of any seed (edges in either direction)."""
    g = net.to_networkx().to_undirected(as_view=True)
    keep: set[str] = set()
    for seed in seeds:
        keep.update(nx.single_source_shortest_path_length(g, seed, cutoff=depth))
    return net.subset(keep)
