"""The build's network page patched for a change, instead of drawn again from every triple.

An incremental rebuild (:mod:`wildkg.build.incremental`) knows the lines that left and entered
the graph, and holds the published store (before) and its patched copy (after). The page model
of the published build (:class:`NetworkData`, kept beside its sorted lines) is patched: every
node whose drawing can depend on a changed subject is extracted again, by the same
:class:`~wildkg.network.model.Extractor` as a full drawing, from an index of its neighbourhood
read from the store after; all other nodes and their edges are kept.

What a node's drawing reads (:mod:`wildkg.network.model`): its own triples; its objects'
triples (their kind, label, whether they are described); through hidden nodes (facts, sources,
sections, agents, measurements), the triples those point at (sections' documents, publishers,
units); the facts whose ``rdf:subject`` it is. So the nodes a changed subject ``t`` can alter
are ``t``, whoever points at ``t`` (walking back through hidden nodes) and the subject of every
fact on that way; an object that a changed line gains or loses is looked at again too (a
concept is drawn only while some drawn node uses it). Sources are numbered in the order of
their IRIs and counted by the facts citing them, so the table follows the change.

Changes this does not follow return None, and the page is drawn again from all lines: a
changed subject that is a class or a predicate (labels and kinds of everything using it), blank
nodes, or more than :data:`LIMIT` nodes to redo. ``tests/network/test_patch.py`` compares
patched pages with drawn ones over random edits.
"""

from __future__ import annotations

import heapq
import pickle
from collections import Counter
from collections.abc import Iterable, Iterator
from pathlib import Path

import pyoxigraph as ox

from wildkg.network.index import index_triples, no_collection
from wildkg.network.kinds import (
    CLASS_KIND_PREFIX,
    DERIVED,
    FACT_TYPES,
    HIDDEN_TYPES,
    INVERSE_KEEP,
    INVERSE_OF,
    KIND_BY_KEY,
    LINK_PREDICATES,
    MEASURES,
    R_OBJECT,
    R_PREDICATE,
    R_SUBJECT,
    TYPE,
)
from wildkg.network.model import Extractor
from wildkg.network.netdata import Lit, NetEdge, NetNode, NetworkData, Row, Term
from wildkg.network.ntlines import line_terms
from wildkg.network.source import store_term

#: More nodes than this to redo, and the page is drawn again in full.
LIMIT = 5000
#: How far back from a changed subject the walk goes through hidden nodes (publisher ←
#: document ← section ← fact is three steps).
DEPTH = 4
_FORMAT = 2


def save(net: NetworkData, path: Path) -> None:
    """Keep ``net`` for the next patched page (a file of this build's own folder). Nodes, rows
    and edges go as tuples: pickling 300,000 dataclass objects took four times as long."""
    def rows(rs: list[Row]) -> list[tuple[str, str, tuple[int, ...], str]]:
        return [(r.label, r.value, r.sources, r.note) for r in rs]

    with no_collection():
        nodes = [(n.iri, n.label, n.kind, n.code, rows(n.names), rows(n.rows), n.links) for n in net.nodes.values()]
        edges = [(e.source, e.target, e.predicate, e.label, e.qualifiers, e.sources, e.note, e.inverse)
                 for e in net.edges]
        data = pickle.dumps((_FORMAT, nodes, edges, net.sources, net.kinds, net.source_iris, net.cited,
                             net.referenced), protocol=pickle.HIGHEST_PROTOCOL)
    path.write_bytes(data)


def load(path: Path) -> NetworkData | None:
    """The kept page model, or None (none kept, or of another format)."""
    try:
        data = path.read_bytes()
    except OSError:
        return None
    with no_collection():
        try:
            kept = pickle.loads(data)  # written by this build itself, in out/
            if kept[0] != _FORMAT:
                return None
            _, nodes, edges, sources, kinds, source_iris, cited, referenced = kept
            return NetworkData(
                {i: NetNode(i, label, kind, code, [Row(*r) for r in names], [Row(*r) for r in rows], links)
                 for i, label, kind, code, names, rows, links in nodes},
                [NetEdge(*e) for e in edges], sources, kinds, source_iris, cited, referenced)
        except (pickle.UnpicklingError, EOFError, AttributeError, ImportError, IndexError, KeyError,
                TypeError, ValueError):
            return None


_RDF_TYPE = ox.NamedNode(TYPE)


def _named(term: Term) -> ox.NamedNode | None:
    """``term`` as an Oxigraph IRI; None for a literal or a blank node (not looked up)."""
    return None if isinstance(term, Lit) or term.startswith("_:") else ox.NamedNode(term)


class _Graph:
    """Point lookups on a store, as the extractor's terms."""

    def __init__(self, store: ox.Store) -> None:
        self.store = store
        self._types: dict[str, set[str]] = {}

    def out(self, s: Term) -> list[tuple[str, Term]]:
        node = _named(s)
        return [] if node is None else [(q.predicate.value, store_term(q.object))
                                        for q in self.store.quads_for_pattern(node, None, None)]

    def into(self, o: Term) -> Iterator[tuple[str, str]]:
        """(subject, predicate) of the triples whose object is the IRI ``o``."""
        node = _named(o)
        if node is not None:
            for q in self.store.quads_for_pattern(None, None, node):
                yield store_term(q.subject), q.predicate.value

    def subjects(self, p: str, o: Term) -> list[str]:
        """The subjects of the triples ``? p o`` (``o`` an IRI)."""
        node = _named(o)
        return [] if node is None else [str(store_term(q.subject)) for q in
                                        self.store.quads_for_pattern(None, ox.NamedNode(p), node)]

    def objects(self, s: Term, p: str) -> list[Term]:
        node = _named(s)
        return [] if node is None else [store_term(q.object) for q in
                                        self.store.quads_for_pattern(node, ox.NamedNode(p), None)]

    def types(self, s: str) -> set[str]:
        if s not in self._types:
            self._types[s] = {str(o) for o in self.objects(s, TYPE) if not isinstance(o, Lit)}
        return self._types[s]

    def is_class(self, term: Term) -> bool:
        """Whether something in the store has ``term`` as its rdf:type."""
        node = _named(term)
        return node is not None and next(self.store.quads_for_pattern(None, _RDF_TYPE, node), None) is not None

    def used_as(self, term: str) -> bool:
        """Whether ``term`` is a predicate or a class somewhere in the store."""
        return (next(self.store.quads_for_pattern(None, ox.NamedNode(term), None), None) is not None
                or self.is_class(term))

    def fact_sections(self, fact: str) -> list[Term] | None:
        """The sections a fact cites, or None when it is not a fact the page reads (typed,
        with a subject, a predicate and an object)."""
        said = self.out(fact)
        if not any(p == TYPE and o in FACT_TYPES for p, o in said):
            return None
        if not {R_SUBJECT, R_PREDICATE, R_OBJECT} <= {p for p, _ in said}:
            return None
        return [o for p, o in said if p == DERIVED]


def _changed(lines: Iterable[str]) -> tuple[set[str], set[str]] | None:
    """Subjects and IRI objects of changed lines; None if a blank node is among them."""
    subjects: set[str] = set()
    objects: set[str] = set()
    for s, _, o in line_terms(lines):
        if s.startswith("_:") or (not isinstance(o, Lit) and o.startswith("_:")):
            return None
        subjects.add(s)
        if not isinstance(o, Lit):
            objects.add(o)
    return subjects, objects


def _affected(graphs: list[_Graph], subjects: set[str]) -> tuple[set[str], set[str]] | None:
    """Nodes whose drawing a change of ``subjects`` can alter, and the hidden nodes met on the
    way (sections among them have a new title); None past :data:`LIMIT`."""
    redo: set[str] = set()
    hidden: set[str] = set()
    for g in graphs:
        for t in subjects:
            redo.add(t)
            if not g.types(t).isdisjoint(FACT_TYPES):
                redo.update(s for s in g.objects(t, R_SUBJECT) if not isinstance(s, Lit))
            seen, frontier = {t}, [t]
            for _ in range(DEPTH):
                nxt = []
                for x in frontier:
                    for y, _p in g.into(x):
                        if y in seen:
                            continue
                        seen.add(y)
                        types = g.types(y)
                        if not types.isdisjoint(FACT_TYPES):
                            redo.update(s for s in g.objects(y, R_SUBJECT) if not isinstance(s, Lit))
                        elif not types.isdisjoint(HIDDEN_TYPES):
                            hidden.add(y)
                            nxt.append(y)
                        else:
                            redo.add(y)
                if len(redo) > LIMIT:
                    return None
                frontier = nxt
            if not g.types(t).isdisjoint(HIDDEN_TYPES):
                hidden.add(t)
    return redo, hidden


def _neighbourhood(g: _Graph, seeds: set[str]) -> list[tuple[str, str, Term]]:
    """The triples of ``seeds``, of the facts about them, of everything these point at (on
    through hidden nodes), of the predicates used, and who calls a predicate its inverse."""
    triples: list[tuple[str, str, Term]] = []
    done: set[str] = set()
    level = set(seeds)
    for s in seeds:
        level.update(g.subjects(R_SUBJECT, s))
    expand = set(level)  # the seeds and their facts: their objects are read
    predicates: set[str] = set()
    for _ in range(DEPTH + 1):
        nxt: set[str] = set()
        for s in sorted(level - done):
            done.add(s)
            said = g.out(s)
            triples.extend((s, p, o) for p, o in said)
            hidden = s in expand or not g.types(s).isdisjoint(HIDDEN_TYPES)
            for p, o in said:
                predicates.add(p)
                if hidden and not isinstance(o, Lit):
                    nxt.add(o)
        expand = {o for o in nxt if not g.types(o).isdisjoint(HIDDEN_TYPES)}
        level = nxt
    for p in sorted(predicates - done):
        triples.extend((p, q, o) for q, o in g.out(p))
    triples.extend((s, INVERSE_OF, p) for p in sorted(predicates) for s in g.subjects(INVERSE_OF, p))
    return triples


def _extractor(g: _Graph, triples: list[tuple[str, str, Term]],
               table: tuple[list[str], list[tuple[str, str]]]) -> Extractor:
    index = index_triples(triples)
    for o in {o for pairs in index.out.values() for _, o in pairs if not isinstance(o, Lit)} - index.classes:
        if g.is_class(o):
            index.classes.add(o)  # a class elsewhere in the graph: never drawn as "other"
    return Extractor(index, table)


def _sources(old: NetworkData, before: _Graph, after: _Graph, subjects: set[str]) -> tuple[list[str], Counter[str]]:
    """The sections cited after the change (in their order) and their counts."""
    cited: Counter[str] = Counter(old.cited)
    for t in subjects:
        was, now = before.fact_sections(t), after.fact_sections(t)
        if was:
            cited.subtract(str(s) for s in was)
        if now:
            cited.update(str(s) for s in now)
    cited = +cited
    return sorted(cited), cited


def patch(old: NetworkData, before: ox.Store, after: ox.Store, removed: list[str],
          added: list[str]) -> NetworkData | None:
    """``old`` (the page model of the graph in ``before``) made the page model of the graph
    in ``after``, which differs by the ``removed`` and ``added`` N-Triples lines; None when
    the change is one to draw again in full."""
    changed = _changed([*removed, *added])
    if changed is None:
        return None
    subjects, objects = changed
    g0, g1 = _Graph(before), _Graph(after)
    if any(g.used_as(t) for g in (g0, g1) for t in subjects):
        return None
    with no_collection():
        found = _affected([g0, g1], subjects)
        if found is None:
            return None
        redo, hidden = found
        redo |= objects
        iris, cited = _sources(old, g0, g1, subjects)
        entries = dict(zip(old.source_iris, old.sources, strict=True))
        fresh = {s for s in iris if s not in entries} | (hidden & set(iris))
        for _ in range(3):  # more only if a node stops or starts being drawn for its own sake
            table: tuple[list[str], list[tuple[str, str]]] = (iris, [])
            ex = _extractor(g1, _neighbourhood(g1, redo | fresh), table)
            table[1].extend(ex.source(s) if s in fresh else entries[s] for s in iris)
            own = {t: ex.own_kind(t) for t in redo}
            flipped = {t for t, k in own.items() if (k is not None) != (t in old.nodes and t not in old.referenced)}
            more = {o for t in flipped for _, o in ex.out.get(t, ()) if not isinstance(o, Lit)} - redo
            if not more:
                break
            redo |= more
        else:
            return None
        return _patched(old, ex, g1, redo, own, cited)


def _patched(old: NetworkData, ex: Extractor, g1: _Graph, redo: set[str], own: dict[str, str | None],
             cited: Counter[str]) -> NetworkData:
    def own_after(y: str) -> bool:
        return own[y] is not None if y in own else (y in old.nodes and y not in old.referenced)

    nodes: dict[str, NetNode] = {i: n for i, n in old.nodes.items() if i not in redo}
    referenced = set(old.referenced - redo)
    new_edges: list[NetEdge] = []
    for t in sorted(redo):
        kind = own[t]
        if kind is not None:
            nodes[t] = ex.node(t, kind)
            for s, p, o in dict.fromkeys(ex.candidates(t)):
                if ex.kind(o) is None:
                    continue
                if p in INVERSE_KEEP and own_after(o) and (INVERSE_KEEP[p], t) in ex.out.get(o, ()):
                    continue
                new_edges.append(ex.edge(s, p, o))
            continue
        kind = ex.kind(t)
        if kind is not None and any(
                own_after(y) and not y.startswith("_:") and p != TYPE and p not in LINK_PREDICATES
                and p not in MEASURES for y, p in g1.into(t)):
            nodes[t] = ex.node(t, kind)
            referenced.add(t)
    _renumber(old, nodes, redo, ex.source_iris)
    key = _edge_key
    kept = (e for e in old.edges if e.source not in redo and e.target in nodes)
    edges = list(heapq.merge(kept, sorted(new_edges, key=key), key=key))
    kinds = dict(KIND_BY_KEY)
    classes = {k: v for k, v in old.kinds.items() if k.startswith(CLASS_KIND_PREFIX)} | ex.class_kinds
    kinds.update(sorted(classes.items()))
    return NetworkData(dict(sorted(nodes.items())), edges, ex.sources, kinds, ex.source_iris, dict(cited),
                       frozenset(referenced))


def _edge_key(e: NetEdge) -> tuple[str, str, str]:
    return (e.source, e.predicate, e.target)


def _renumber(old: NetworkData, nodes: dict[str, NetNode], redo: set[str], iris: list[str]) -> None:
    """Kept nodes' and edges' source numbers in the new table's numbering (kept objects are
    changed in place: ``old`` is not used again)."""
    if iris == old.source_iris:
        return
    number = {s: i for i, s in enumerate(iris)}
    to = [number.get(s, -1) for s in old.source_iris]
    for iri, node in nodes.items():
        if iri in redo:
            continue
        for row in (*node.names, *node.rows):
            if row.sources:
                row.sources = tuple(to[i] for i in row.sources)
    for edge in old.edges:
        if edge.source not in redo and edge.sources:
            edge.sources = tuple(to[i] for i in edge.sources)
