"""The network's triples read from canonical N-Triples lines, as the build writes them.

The build has every triple as a sorted N-Triples line in memory before it loads the store
(:mod:`wildkg.build.stream`). Splitting those strings costs a fraction of reading the same
triples back out of the on-disk store, where every term of every quad is a point lookup
(docs/perf/build-page.md), so the build's page is drawn from the lines. The terms are the
ones :func:`wildkg.network.source.store_terms` gives for the same triples.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass

from wildkg.network.index import NOTED, TripleIndex, no_collection
from wildkg.network.kinds import TYPE
from wildkg.network.netdata import Lit, Term

_ESCAPE = re.compile(r"\\(?:u([0-9A-Fa-f]{4})|U([0-9A-Fa-f]{8})|(.))")
_SIMPLE = {"t": "\t", "b": "\b", "n": "\n", "r": "\r", "f": "\f", '"': '"', "'": "'",
           "\\": "\\"}


@dataclass(frozen=True)
class NTriplesLines:
    """A graph given as its canonical N-Triples lines (what the build holds in memory)."""

    lines: Sequence[str]


def _unescape(match: re.Match[str]) -> str:
    code = match.group(1) or match.group(2)
    if code:
        return chr(int(code, 16))
    return _SIMPLE.get(match.group(3), match.group(0))


def _object(rest: str) -> Term:
    """The object of a line, from its first character to before the closing `` .``."""
    first = rest[0]
    if first == "<":
        return rest[1:-1]
    if first == "_":
        return rest
    end = rest.rindex('"')
    lexical = rest[1:end]
    if "\\" in lexical:
        lexical = _ESCAPE.sub(_unescape, lexical)
    if rest.startswith("@", end + 1):
        return Lit.of(lexical, rest[end + 2:])
    return Lit(lexical)


def line_terms(lines: Iterable[str]) -> Iterator[tuple[str, str, Term]]:
    """Each triple line (``<s> <p> o .``) as the extractor's terms; other lines are skipped."""
    for line in lines:
        first = line[:1]
        if first != "<" and first != "_":
            continue  # a blank line or a comment
        cut = line.index(" ")
        s = line[1:cut - 1] if first == "<" else line[:cut]
        at = line.index(" ", cut + 1)
        yield s, line[cut + 2:at - 1], _object(line[at + 1:line.rindex(" .")])


def index_lines(lines: Iterable[str]) -> TripleIndex:
    """:func:`wildkg.network.index.index_triples` of :func:`line_terms`, in one loop.

    The lines of one subject follow each other, so its list is looked up once per subject;
    each predicate is one string object however many lines use it; rdf:type, the most common
    predicate noted, is noted here.
    """
    index = TripleIndex()
    out, types, classes, note = index.out, index.types, index.classes, index.note
    predicates: dict[str, str] = {}
    current = "\x00"  # the subject token and its space: no line starts with it
    s = ""
    pairs: list[tuple[str, Term]] = []
    with no_collection():
        for line in lines:
            if not line.startswith(current):
                first = line[:1]
                if first != "<" and first != "_":
                    continue  # a blank line or a comment
                token = line[:line.index(" ")]
                current = token + " "
                s = token[1:-1] if first == "<" else token
                got = out.get(s)
                if got is None:
                    got = out[s] = []
                pairs = got
            _, ptoken, rest = line.split(" ", 2)
            p = predicates.get(ptoken)
            if p is None:
                p = predicates[ptoken] = ptoken[1:-1]
            o: Term = rest[1:rest.rindex("> .")] if rest[0] == "<" else _object(rest[:rest.rindex(" .")])
            if p in NOTED:
                if p == TYPE and not isinstance(o, Lit):
                    if s in types:
                        types[s].add(o)
                    else:
                        types[s] = {o}
                    classes.add(o)
                else:
                    note(s, p, o)
            pairs.append((p, o))
    return index
