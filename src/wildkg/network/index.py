"""One pass over a graph's triples: what the network model looks up afterwards.

Two ways in, one result (:class:`TripleIndex`): :func:`index_triples` takes terms from any
source (rdflib, the store, a query's answer); :func:`wildkg.network.ntlines.index_lines`
reads the build's sorted N-Triples lines directly. Both keep the least label of the best rank
and the least notation, so the order in which a source gives its triples changes nothing.
"""

from __future__ import annotations

import gc
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

from wildkg.network.kinds import INVERSE_OF, LABEL_RANK, NOTATION, TYPE
from wildkg.network.netdata import Lit, Term


@contextmanager
def no_collection() -> Iterator[None]:
    """No cyclic garbage collection while millions of small tuples are made: the collector's
    passes over them were 60 % of the page's time at 10,000 species (docs/perf/build-page.md).
    Nothing made here is cyclic; the collector runs again afterwards."""
    was = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was:
            gc.enable()


@dataclass
class TripleIndex:
    """Every subject's (predicate, object) pairs, and the lookups made while reading them."""

    out: dict[str, list[tuple[str, Term]]] = field(default_factory=dict)
    types: dict[str, set[str]] = field(default_factory=dict)
    #: subject → (rank, label): the best-ranked label, the least of equals.
    ranked: dict[str, tuple[int, str]] = field(default_factory=dict)
    codes: dict[str, str] = field(default_factory=dict)
    inverses: dict[str, str] = field(default_factory=dict)
    #: Objects of rdf:type: never drawn as "other".
    classes: set[str] = field(default_factory=set)

    def note(self, s: str, p: str, o: Term) -> None:
        """Record what the special predicates say (types, labels, notations, inverses)."""
        if p == TYPE:
            if not isinstance(o, Lit):
                self.types.setdefault(s, set()).add(o)
                self.classes.add(o)
        elif p in LABEL_RANK:
            if isinstance(o, Lit):
                rank = 2 * LABEL_RANK[p] + (0 if o.language in (None, "", "en") else 20)
                old = self.ranked.get(s)
                if old is None or (rank, str(o)) < old:
                    self.ranked[s] = (rank, str(o))
        elif p == NOTATION:
            if isinstance(o, Lit) and (s not in self.codes or str(o) < self.codes[s]):
                self.codes[s] = str(o)
        elif p == INVERSE_OF and not isinstance(o, Lit):
            self.inverses[s], self.inverses[o] = o, s

    @property
    def labels(self) -> dict[str, str]:
        return {s: v for s, (_, v) in self.ranked.items()}


#: The predicates :meth:`TripleIndex.note` looks at.
NOTED = frozenset({TYPE, NOTATION, INVERSE_OF, *LABEL_RANK})


def index_triples(triples: Iterable[tuple[str, str, Term]]) -> TripleIndex:
    """Index terms from any source."""
    index = TripleIndex()
    out = index.out
    with no_collection():
        for s, p, o in triples:
            if p in NOTED:
                index.note(s, p, o)
            pairs = out.get(s)
            if pairs is None:
                out[s] = [(p, o)]
            else:
                pairs.append((p, o))
    return index
