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
from rdflib.namespace import DCTERMS, OWL, PROV, RDF, RDFS, SH, SKOS
from rdflib.term import Node as RdfNode

from wildkg import paths
from wildkg.namespaces import (
    ACTION,
    DWC,
    DWCIRI,
    EATS,
    LIFESTAGE,
    PART_OF,
    PREYED_UPON_BY,
    PREYS_ON,
    QUDT,
    REDLIST,
    THREAT,
    TRAIT,
    USE,
    WILDKG,
    WK,
)

Triple = tuple[RdfNode, RdfNode, RdfNode]


@dataclass(frozen=True)
class Kind:
    """How one kind of node looks: colour and vis-network shape, and its legend name."""

    key: str
    label: str
    colour: str
    shape: str


#: Kinds of node, in legend order. A node with several types takes the first that fits.
KINDS: tuple[Kind, ...] = (
    Kind("focal", "species (with account)", "#1b7f3b", "star"),
    Kind("species", "species", "#4caf50", "dot"),
    Kind("taxon", "other taxon", "#9ccc65", "triangle"),
    Kind("group", "taxon group", "#c0ca33", "triangleDown"),
    Kind("country", "country", "#1565c0", "square"),
    Kind("subdivision", "region", "#42a5f5", "square"),
    Kind("range", "mountain range", "#6d4c41", "triangle"),
    Kind("protected", "protected area", "#00897b", "hexagon"),
    Kind("place", "place", "#64b5f6", "dot"),
    Kind("habitat", "habitat", "#8d6e63", "diamond"),
    Kind("food", "food item", "#ffb300", "diamond"),
    Kind("action", "conservation action", "#7b1fa2", "square"),
    Kind("status", "Red List status", "#d32f2f", "star"),
    Kind("threat", "threat", "#e64a19", "triangleDown"),
    Kind("use", "use by people", "#f06292", "dot"),
    Kind("action-type", "kind of action", "#ba68c8", "diamond"),
    Kind("concept", "concept", "#90a4ae", "dot"),
    Kind("class", "class (ontology)", "#455a64", "square"),
    Kind("property", "property (ontology)", "#78909c", "diamond"),
    Kind("scheme", "concept scheme", "#37474f", "hexagon"),
    Kind("other", "other", "#9e9e9e", "dot"),
)
KIND_BY_KEY: dict[str, Kind] = {k.key: k for k in KINDS}

#: rdf:type → kind of a data entity (first match in this order wins).
DATA_TYPES: tuple[tuple[URIRef, str], ...] = (
    (WILDKG.FocalSpecies, "focal"),
    (WILDKG.Species, "species"),
    (WILDKG.TaxonGroup, "group"),
    (DWC.Taxon, "taxon"),
    (WILDKG.ProtectedArea, "protected"),
    (WILDKG.Country, "country"),
    (WILDKG.Subdivision, "subdivision"),
    (WILDKG.MountainRange, "range"),
    (WILDKG.Place, "place"),
    (WILDKG.Habitat, "habitat"),
    (WILDKG.FoodItem, "food"),
    (WILDKG.ConservationAction, "action"),
)
#: Never drawn: their content goes into the details of the entities they describe.
HIDDEN_TYPES = frozenset(
    {WILDKG.Fact, RDF.Statement, WILDKG.Source, WILDKG.SourceSection, DWC.MeasurementOrFact}
)
#: Drawn only with include_schema.
SCHEMA_TYPES: dict[URIRef, str] = {
    OWL.Class: "class", RDFS.Class: "class", SH.NodeShape: "class",
    OWL.ObjectProperty: "property", OWL.DatatypeProperty: "property",
    OWL.AnnotationProperty: "property", RDF.Property: "property", SH.PropertyShape: "property",
    OWL.Ontology: "scheme", SKOS.ConceptScheme: "scheme", SKOS.Concept: "concept",
    QUDT.Unit: "concept",
}
#: Concept namespaces → kind; a used concept is drawn as a node of that kind.
SCHEME_KINDS: tuple[tuple[str, str], ...] = (
    (str(REDLIST), "status"), (str(THREAT), "threat"), (str(USE), "use"),
    (str(ACTION), "action-type"), (str(LIFESTAGE), "concept"), (str(TRAIT), "concept"),
)
#: Predicates whose object is an external identifier or page, shown as a link.
LINK_PREDICATES = frozenset(
    {OWL.sameAs, SKOS.exactMatch, SKOS.closeMatch, RDFS.seeAlso, WILDKG.url, WILDKG.sectionUrl}
)
#: Literal predicates shown as the names of a node, in this order.
NAME_PREDICATES: tuple[URIRef, ...] = (
    DWC.vernacularName, DWC.scientificName, SKOS.prefLabel, SKOS.altLabel, SKOS.notation,
)
NOT_SHOWN = frozenset({RDF.type, RDFS.label})
#: Labels for the reused terms, should the graph not carry the ontology.
BUILTIN_LABELS: dict[URIRef, str] = {
    PREYS_ON: "preys on", PREYED_UPON_BY: "preyed upon by", EATS: "eats", PART_OF: "part of",
}
#: Inverse pairs: when both directions are stated, only the first is drawn.
INVERSE_KEEP: dict[URIRef, URIRef] = {PREYS_ON: PREYED_UPON_BY}


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
def _ontology_labels() -> dict[URIRef, str]:
    """rdfs:label of the shipped ontology's terms, for graphs given without it."""
    path = paths.ONTOLOGY_DIR / "wildkg.ttl"
    if not path.is_file():
        return {}
    g = Graph().parse(path, format="turtle")
    return {s: str(o) for s, o in g.subject_objects(RDFS.label) if isinstance(s, URIRef)}


def _plural(word: str) -> str:
    return word if word.endswith("s") else word + "s"


class _Extractor:
    """Indexes a graph once; then answers labels, kinds, facts and details."""

    def __init__(self, graph: Graph) -> None:
        self.out: defaultdict[RdfNode, list[tuple[RdfNode, RdfNode]]] = defaultdict(list)
        self.types: defaultdict[RdfNode, set[RdfNode]] = defaultdict(set)
        labels: dict[RdfNode, tuple[int, str]] = {}
        for s, p, o in graph.triples((None, None, None)):
            if p == RDF.type:
                self.types[s].add(o)
            elif p in (RDFS.label, SKOS.prefLabel) and isinstance(o, Literal):
                rank = (0 if p == RDFS.label else 2) + (0 if o.language in (None, "en") else 1)
                if s not in labels or rank < labels[s][0]:
                    labels[s] = (rank, str(o))
            self.out[s].append((p, o))
        self.labels = {s: v for s, (_, v) in labels.items()}
        self.sources: list[tuple[str, str]] = []
        self._source_index: dict[RdfNode, int] = {}
        self.facts: dict[Triple, tuple[tuple[int, ...], tuple[str, ...], str]] = {}
        facts = [f for f, ts in self.types.items() if WILDKG.Fact in ts or RDF.Statement in ts]
        for fact in sorted(facts, key=str):  # sorted: the same graph gives the same page
            self._index_fact(fact)

    # --- lookups -----------------------------------------------------------------------
    def value(self, s: RdfNode, p: URIRef) -> RdfNode | None:
        return next((o for q, o in self.out.get(s, ()) if q == p), None)

    def values(self, s: RdfNode, p: URIRef) -> list[RdfNode]:
        return [o for q, o in self.out.get(s, ()) if q == p]

    def label(self, term: RdfNode) -> str:
        if term in self.labels:
            return self.labels[term]
        name = self.value(term, DWC.vernacularName) or self.value(term, DWC.scientificName)
        if name is not None:
            return str(name)
        if isinstance(term, URIRef):
            return BUILTIN_LABELS.get(term) or _ontology_labels().get(term) or humanise(str(term))
        return str(term)

    def kind(self, term: RdfNode) -> str | None:
        """The data kind of ``term``; None for hidden or schema terms."""
        ts = self.types.get(term, set())
        if ts & HIDDEN_TYPES:
            return None
        for cls, key in DATA_TYPES:
            if cls in ts:
                return key
        text = str(term)
        for ns, key in SCHEME_KINDS:
            if text.startswith(ns):
                return key
        if any(t in SCHEMA_TYPES for t in ts):
            return None
        return "other" if text.startswith(str(WK)) else None

    def schema_kind(self, term: RdfNode) -> str | None:
        for t in self.types.get(term, ()):
            if t in SCHEMA_TYPES:
                return SCHEMA_TYPES[t]
        return None

    # --- facts and sources -------------------------------------------------------------
    def _source(self, section: RdfNode) -> int:
        if section not in self._source_index:
            title = str(self.value(section, DCTERMS.title) or self.label(section))
            doc = self.value(section, DCTERMS.isPartOf)
            if doc is not None:
                doc_title = str(self.value(doc, DCTERMS.title) or self.label(doc))
                publisher = self.value(doc, DCTERMS.publisher)
                if publisher is not None:
                    doc_title += f" ({publisher})"
                title = f"{doc_title} — {title}"
            url = self.value(section, WILDKG.sectionUrl) or self.value(section, WILDKG.url)
            if url is None and doc is not None:
                url = self.value(doc, WILDKG.url)
            link = str(url) if url is not None and is_web_link(str(url)) else ""
            self._source_index[section] = len(self.sources)
            self.sources.append((title, link))
        return self._source_index[section]

    def _index_fact(self, fact: RdfNode) -> None:
        s, p, o = (self.value(fact, t) for t in (RDF.subject, RDF.predicate, RDF.object))
        if s is None or p is None or o is None:
            return
        srcs = tuple(self._source(sec) for sec in self.values(fact, PROV.wasDerivedFrom))
        quals: list[str] = []
        for stage in self.values(fact, WILDKG.preyLifeStage):
            quals.append(f"{_plural(self.label(stage))} only")
        for part in self.values(fact, WILDKG.rangePart):
            quals.append(f"range part: {part}")
        quals.extend(str(v) for v in self.values(fact, WILDKG.scope))
        quals.extend(f"in {v}" for v in self.values(fact, WILDKG.season))
        note = "; ".join(str(v) for v in self.values(fact, DCTERMS.description))
        old = self.facts.get((s, p, o))
        if old is not None:
            srcs = tuple(dict.fromkeys(old[0] + srcs))
            quals = list(dict.fromkeys([*old[1], *quals]))
            note = "; ".join(x for x in (old[2], note) if x)
        self.facts[(s, p, o)] = (srcs, tuple(quals), note)

    # --- details -------------------------------------------------------------------------
    def measurement(self, subject: RdfNode, m: RdfNode) -> Row:
        trait = self.value(m, DWCIRI.measurementType)
        what = self.label(trait) if trait is not None else self.label(m)
        lo, hi, val = (self.value(m, p) for p in (WILDKG.minValue, WILDKG.maxValue, WILDKG.value))
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
        unit = self.value(m, DWCIRI.measurementUnit)
        if unit is not None:
            symbol = self.value(unit, QUDT.symbol)
            number += f" {symbol if symbol is not None else self.label(unit)}"
        remarks = "; ".join(str(r) for r in self.values(m, DWC.measurementRemarks))
        srcs, quals, note = self.facts.get((subject, WILDKG.hasMeasurement, m), ((), (), ""))
        return Row(what, number, srcs, "; ".join(x for x in (remarks, *quals, note) if x))

    def fill_details(self, node: NetNode, term: RdfNode) -> None:
        names: list[tuple[int, Row]] = []
        for p, o in self.out.get(term, ()):
            if p in NOT_SHOWN:
                continue
            if p == WILDKG.hasMeasurement:
                node.rows.append(self.measurement(term, o))
            elif p in LINK_PREDICATES or (isinstance(o, URIRef) and self.kind(o) is None
                                          and self.schema_kind(o) is None and o not in self.out):
                if is_web_link(str(o)):
                    node.links.append((self.label(p), str(o)))
            elif isinstance(o, Literal):
                srcs, quals, note = self.facts.get((term, p, o), ((), (), ""))
                row = Row(self.label(p), str(o), srcs, "; ".join(x for x in (*quals, note) if x))
                if p in NAME_PREDICATES:
                    names.append((NAME_PREDICATES.index(p), row))
                else:
                    node.rows.append(row)
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
    terms: dict[str, RdfNode] = {}

    def add(term: RdfNode, kind: str) -> None:
        if str(term) not in nodes:
            nodes[str(term)] = NetNode(str(term), ex.label(term), kind)
            terms[str(term)] = term

    edges: list[NetEdge] = []
    if only is not None:
        triples = [t for t in only if isinstance(t[0], URIRef | BNode)]
        for s, p, o in triples:
            add(s, ex.kind(s) or ex.schema_kind(s) or "other")
            if isinstance(o, URIRef | BNode):
                add(o, ex.kind(o) or ex.schema_kind(o) or "other")
        candidates = [(s, p, o) for s, p, o in triples if isinstance(o, URIRef | BNode)]
    else:
        for term in list(ex.out):
            if isinstance(term, URIRef):
                kind = ex.kind(term) or (ex.schema_kind(term) if include_schema else None)
                if kind is not None and (kind not in {k for _, k in SCHEME_KINDS}
                                         or include_schema):
                    add(term, kind)
        data = list(terms.values())
        candidates = [(s, p, o) for s in data for p, o in ex.out[s]
                      if isinstance(o, URIRef) and p not in LINK_PREDICATES
                      and p != WILDKG.hasMeasurement and (include_schema or p != RDF.type)]
        for _s, _p, o in candidates:   # used concepts and referenced entities become nodes
            kind = ex.kind(o)
            if kind is not None:
                add(o, kind)
        candidates = [(s, p, o) for s, p, o in candidates if str(o) in nodes]
        present = set(candidates)
        candidates = [(s, p, o) for s, p, o in candidates
                      if not (p in INVERSE_KEEP and (o, INVERSE_KEEP[p], s) in present)]
    for s, p, o in candidates:
        srcs, quals, note = ex.facts.get((s, p, o), ((), (), ""))
        edges.append(NetEdge(str(s), str(o), str(p), ex.label(p), quals, srcs, note))
    for iri, node in nodes.items():
        ex.fill_details(node, terms[iri])
    edges.sort(key=lambda e: (e.source, e.predicate, e.target))
    return NetworkData(dict(sorted(nodes.items())), edges, ex.sources)


def find_nodes(net: NetworkData, needle: str) -> list[str]:
    """IRIs of the nodes whose IRI, label or name equals ``needle`` (case-insensitive)."""
    if needle in net.nodes:
        return [needle]
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
