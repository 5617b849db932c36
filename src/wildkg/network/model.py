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

from collections import Counter
from collections.abc import Iterable, Iterator

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.term import Node as RdfNode

from wildkg.network.index import TripleIndex, index_triples
from wildkg.network.kinds import (
    BUILTIN_LABELS,
    CLASS_KIND_PREFIX,
    DATA_TYPES,
    DERIVED,
    DESCRIPTION,
    DWC_SCIENTIFIC,
    DWC_VERNACULAR,
    FACT_TYPES,
    HAS_MEASUREMENT,
    HIDDEN_TYPES,
    INVERSE_KEEP,
    INVERSE_WORDING,
    KIND_BY_KEY,
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
    VOCABULARY_NAMESPACES,
    WK_NS,
    Kind,
    class_kind,
    ontology_inverses,
    ontology_labels,
)
from wildkg.network.netdata import (
    Lit,
    NetEdge,
    NetNode,
    NetworkData,
    Row,
    Term,
    humanise,
    is_web_link,
    last_segment,
)

Triple = tuple[RdfNode, RdfNode, RdfNode]
#: The sources' section IRIs in their numbering, and their (title, link) entries.
SourceTable = tuple[list[str], list[tuple[str, str]]]


def _term(term: RdfNode) -> Term:
    if isinstance(term, Literal):
        return Lit.of(str(term), term.language)
    if isinstance(term, BNode):
        return "_:" + str.__str__(term)
    return str.__str__(term)


def rdflib_terms(triples: Iterable[Triple]) -> Iterator[tuple[str, str, Term]]:
    """rdflib triples (a Graph, a query's answer) as the extractor's terms."""
    for s, p, o in triples:
        yield _term(s), str.__str__(p), _term(o)


def _plural(word: str) -> str:
    return word if word.endswith("s") else word + "s"


class Extractor:
    """Indexes a graph once; then answers labels, kinds, facts and details."""

    def __init__(self, index: TripleIndex, table: SourceTable | None = None) -> None:
        self.out = index.out
        self.types = index.types
        self.inverses = index.inverses
        self.codes = index.codes
        self.classes = index.classes
        self.labels = index.labels
        #: Kinds made from classes not ours, by key.
        self.class_kinds: dict[str, Kind] = {}
        self._kind_cache: dict[str, str | None] = {}
        self._label_cache: dict[tuple[str, bool], str] = {}
        self._inverse_cache: dict[str, str] = {}
        self._attributed: set[tuple[str, str, Term]] = set()
        self._entries: dict[str, tuple[str, str]] = {}
        #: Section → how many facts (with subject, predicate and object) cite it.
        self.cited: Counter[str] = Counter()
        #: (s, p, o) → (the sections stating it, qualifiers, note).
        self.facts: dict[tuple[str, str, Term], tuple[tuple[str, ...], tuple[str, ...], str]] = {}
        facts = [f for f, ts in self.types.items() if not ts.isdisjoint(FACT_TYPES)]
        #: Fact nodes: hidden, so never drawn.
        self.fact_nodes = frozenset(facts)
        self._index_facts(facts)
        # Sources are numbered in the order of their IRIs (not of first use), so a change to
        # one account leaves the numbers of unrelated sources alone (network/patch.py).
        self.source_iris = sorted(self.cited) if table is None else table[0]
        self.sources = [self.source(s) for s in self.source_iris] if table is None else table[1]
        self._number = {s: i for i, s in enumerate(self.source_iris)}

    # --- lookups -----------------------------------------------------------------------
    def value(self, s: Term, p: URIRef | str) -> Term | None:
        if isinstance(s, Lit):
            return None
        # the least of several values, so a store and a Turtle file (other triple orders) agree
        return min((o for q, o in self.out.get(s, ()) if q == p), default=None)

    def values(self, s: Term, p: URIRef | str) -> list[Term]:
        if isinstance(s, Lit):
            return []
        return sorted(o for q, o in self.out.get(s, ()) if q == p)

    def label(self, term: Term, *, entity: bool = False) -> str:
        """The display name of ``term``; without one, an entity shows its IRI's last segment
        and a vocabulary term (predicate, class) its humanised local name."""
        if isinstance(term, Lit):
            return str(term)
        if term in self.labels:
            return self.labels[term]
        key = (term, entity)
        if key not in self._label_cache:
            self._label_cache[key] = self._fallback_label(term, entity)
        return self._label_cache[key]

    def _fallback_label(self, term: str, entity: bool) -> str:
        name = self.value(term, DWC_VERNACULAR) or self.value(term, DWC_SCIENTIFIC)
        if name is not None:
            return str(name)
        known = BUILTIN_LABELS.get(term) or ontology_labels().get(term)
        if known:
            return known
        return last_segment(term) if entity else humanise(term)

    def code(self, term: str, kind: str) -> str:
        """``VU``, ``5.1.1``: a concept's notation, else its id in the scheme."""
        if term in self.codes:
            return self.codes[term]
        return last_segment(term) if kind in SCHEME_KEYS else ""

    def inverse(self, predicate: str) -> str:
        """The wording of ``predicate`` from its object's side, or ""."""
        if predicate in INVERSE_WORDING:
            return INVERSE_WORDING[predicate]
        if predicate not in self._inverse_cache:
            other = self.inverses.get(predicate) or ontology_inverses().get(predicate)
            self._inverse_cache[predicate] = self.label(other) if other else ""
        return self._inverse_cache[predicate]

    def kind(self, term: Term) -> str | None:
        """The data kind of ``term``; None for literals, hidden or schema terms."""
        if isinstance(term, Lit):
            return None
        if term not in self._kind_cache:
            self._kind_cache[term] = self._kind(term)
        return self._kind_cache[term]

    def _kind(self, term: str) -> str | None:
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
        if term.startswith(WK_NS):
            return "other"
        if ts:  # typed with classes that are not ours: the kind is the class
            return self._class_kind(min(ts))
        if (term in self.out and term not in self.classes
                and not term.startswith(("_:", *VOCABULARY_NAMESPACES))):
            return "other"  # an untyped resource described in the graph
        return None

    def _class_kind(self, cls: str) -> str:
        key = CLASS_KIND_PREFIX + cls
        if key not in self.class_kinds:
            self.class_kinds[key] = class_kind(cls, self.label(cls))
        return key

    def hidden(self, term: str) -> bool:
        """Facts, sources, measurements: never nodes."""
        return not self.types.get(term, set()).isdisjoint(HIDDEN_TYPES)

    def schema_kind(self, term: Term) -> str | None:
        if isinstance(term, Lit):
            return None
        for t in self.types.get(term, ()):
            if t in SCHEMA_TYPES:
                return SCHEMA_TYPES[t]
        return None

    def own_kind(self, term: str, include_schema: bool = False) -> str | None:
        """The kind of a term drawn for its own sake (described here, not a fact, and of a kind
        that is not a scheme concept, which is drawn only where data uses it); else None."""
        if term in self.fact_nodes or term not in self.out:
            return None
        kind = self.kind(term) or (self.schema_kind(term) if include_schema else None)
        return kind if kind is not None and (include_schema or kind not in SCHEME_KEYS) else None

    def candidates(self, s: str, include_schema: bool = False) -> list[tuple[str, str, str]]:
        """The triples of ``s`` that become edges if their object is drawn."""
        return [(s, p, o) for p, o in self.out[s] if type(o) is str and p not in LINK_PREDICATES
                and p not in MEASURES and (include_schema or p != TYPE)]

    def node(self, term: str, kind: str) -> NetNode:
        """The node of ``term``, details filled in."""
        node = NetNode(term, self.label(term, entity=True), kind, self.code(term, kind))
        self.fill_details(node, term)
        return node

    def edge(self, s: str, p: str, o: str) -> NetEdge:
        srcs, quals, note = self.fact(s, p, o)
        return NetEdge(s, o, p, self.label(p), quals, srcs, note, self.inverse(p))

    # --- facts and sources -------------------------------------------------------------
    def source(self, section: str) -> tuple[str, str]:
        """A source section's entry: its title (with its document's and publisher) and link."""
        if section not in self._entries:
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
            self._entries[section] = (title, link)
        return self._entries[section]

    def fact(self, s: str, p: str, o: Term) -> tuple[tuple[int, ...], tuple[str, ...], str]:
        """What the facts say of a triple: its sources' numbers, qualifiers and note."""
        said = self.facts.get((s, p, o))
        if said is None:
            return (), (), ""
        number = self._number
        return tuple(number[section] for section in said[0]), said[1], said[2]

    def _index_facts(self, facts: list[str]) -> None:
        """Every fact node, in IRI order (the same graph gives the same page)."""
        out_get, known, cited = self.out.get, self.facts, self.cited
        for fact in sorted(facts):
            said: dict[str, list[Term]] = {}
            for q, v in out_get(fact, ()):
                if q in said:
                    said[q].append(v)
                else:
                    said[q] = [v]
            if R_SUBJECT not in said or R_PREDICATE not in said or R_OBJECT not in said:
                continue
            key = (min(said[R_SUBJECT]), min(said[R_PREDICATE]), min(said[R_OBJECT]))
            sections = said.get(DERIVED, [])
            cited.update(sections)
            srcs = tuple(sections if len(sections) < 2 else sorted(sections))
            if len(said) <= 4 + (DERIVED in said) and key not in known:
                known[key] = (srcs, (), "")  # no qualifier, no note (beside rdf:type), first
            else:
                self._index_fact(key, srcs, said)

    def _index_fact(self, key: tuple[str, str, Term], srcs: tuple[str, ...],
                    said: dict[str, list[Term]]) -> None:
        s, p, o = key
        quals = [f"{_plural(self.label(stage))} only" for stage in sorted(said.get(LIFE_STAGE, ()))]
        quals.extend(f"range part: {part}" for part in sorted(said.get(RANGE_PART, ())))
        quals.extend(str(v) for v in sorted(said.get(SCOPE, ())))
        quals.extend(f"in {v}" for v in sorted(said.get(SEASON, ())))
        note = "; ".join(str(v) for v in sorted(said.get(DESCRIPTION, ())))
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

    def _per(self, srcs: tuple[str, ...], quals: list[str], note: str) -> tuple[list[str], str]:
        """Qualifiers and note marked with the sources (documents) that state them."""
        whose = " / ".join(dict.fromkeys(self.source(sec)[0].split(" — ")[0] for sec in srcs))
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
        srcs, quals, note = self.fact(subject, p, m)
        return Row(what, number, srcs, "; ".join(x for x in (remarks, *quals, note) if x))

    def fill_details(self, node: NetNode, term: str) -> None:
        names: list[tuple[int, Row]] = []
        for p, o in self.out.get(term, ()):
            if p in NOT_SHOWN:
                continue
            if p in MEASURES:
                node.rows.append(self.measurement(term, o, p))
            elif isinstance(o, Lit):
                srcs, quals, note = self.fact(term, p, o)
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


def extract(graph: Graph | TripleIndex | Iterable[tuple[str, str, Term]], *,
            include_schema: bool = False, only: Iterable[Triple] | None = None) -> NetworkData:
    """The drawable network of ``graph``.

    With ``only`` (the triples a query returned), exactly the IRIs and IRI-valued triples
    among them are drawn; kinds, labels and details still come from the whole graph.
    """
    if not isinstance(graph, TripleIndex):
        graph = index_triples(rdflib_terms(graph) if isinstance(graph, Graph) else graph)
    ex = Extractor(graph)
    nodes: dict[str, str] = {}  # IRI → kind
    candidates: list[tuple[str, str, str]] = []
    if only is not None:
        for s_, p_, o_ in only:
            s, p, o = _term(s_), _term(p_), _term(o_)
            if not isinstance(s, str) or not isinstance(p, str) or ex.hidden(s):
                continue
            nodes.setdefault(s, ex.kind(s) or ex.schema_kind(s) or "other")
            if not isinstance(o, Lit) and not ex.hidden(o) and p not in LINK_PREDICATES:
                nodes.setdefault(o, ex.kind(o) or ex.schema_kind(o) or "other")
                candidates.append((s, p, o))
        referenced: set[str] = set()
    else:
        for term in list(ex.out):
            kind = ex.own_kind(term, include_schema)
            if kind is not None:
                nodes[term] = kind
        candidates = [c for s in list(nodes) for c in ex.candidates(s, include_schema)]
        referenced = set()
        for o in dict.fromkeys(o for *_, o in candidates):  # used concepts, referenced entities
            kind = ex.kind(o)
            if kind is not None and o not in nodes:
                nodes[o] = kind
                referenced.add(o)
        candidates = [t for t in candidates if t[2] in nodes]
        present = set(candidates)
        candidates = [(s, p, o) for s, p, o in candidates
                      if not (p in INVERSE_KEEP and (o, INVERSE_KEEP[p], s) in present)]
    edges = [ex.edge(s, p, o) for s, p, o in dict.fromkeys(candidates)]
    drawn = {iri: ex.node(iri, kind) for iri, kind in sorted(nodes.items())}
    edges.sort(key=lambda e: (e.source, e.predicate, e.target))
    kinds = dict(KIND_BY_KEY)
    kinds.update(sorted(ex.class_kinds.items()))
    return NetworkData(drawn, edges, ex.sources, kinds, ex.source_iris, dict(ex.cited), frozenset(referenced))
