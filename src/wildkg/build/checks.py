"""Running compiled SHACL checks (:mod:`wildkg.build.shapes`) on an Oxigraph store, on the
whole graph or on a few focus nodes only.

With ``focus``, each shape's target is intersected with the focus nodes first (index lookups
per node: ``rdf:type`` against the class closure, ``?this P []``, ``[] P ?this``; a SPARQL target
runs with ``?this`` pre-bound per node, see :class:`_Targets`), and each constraint then runs
with ``VALUES ?this { … }`` of those nodes in place of the target, so a few hundred focus nodes
cost a few hundred lookups, not a pass over the store. A full run uses the same path on the
nodes a check's cheaper candidate queries return (:attr:`Check.candidates`). Blank nodes cannot be written in ``VALUES``:
a blank focus node runs the constraint with ``?this`` substituted instead. The findings are
exactly those of a full run whose focus node is in the set (``tests/build/test_focus.py``).
"""

from __future__ import annotations

import re
import time
from collections.abc import Collection, Iterable, Iterator

import pyoxigraph as ox

from wildkg.build import facttriples
from wildkg.build.shapes import Check, Classes, Finding, Target, Term, prologue, target_pattern
from wildkg.errors import InputError

_RDF_TYPE = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
_DEFAULT = ox.DefaultGraph()
_THIS = ox.Variable("this")
_PLACEHOLDER = re.compile(r"\{[?$](\w+)\}")
Row = dict[str, object]
#: Binds ``?this`` for a blank focus node given by substitution (any triple it is in; the node
#: was found in one as a target): Oxigraph substitutes variables in patterns, not in ``BIND``.
_BLANK = "{ SELECT DISTINCT ?this WHERE { { ?this ?_p ?_o } UNION { ?_s ?_q ?this } } }"


def run_checks(store: ox.Store, checks: list[Check], classes: Classes,
               focus: Collection[Term] | None = None) -> list[Finding]:
    """Every check on the default graph of ``store`` (only on ``focus`` nodes if given);
    the offending nodes, sorted."""
    findings: set[Finding] = set()
    targets = _Targets(store, classes)
    for check in checks:
        findings.update(_findings(check, _rows(store, check, targets, focus)))
    return sorted(findings, key=lambda f: (str(f.focus), f.shape, f.path or "", str(f.value), f.message))


def _rows(store: ox.Store, check: Check, targets: _Targets, focus: Collection[Term] | None) -> Iterable[Row]:
    role = facttriples.role(check)
    if focus is not None:
        if role:  # fact nodes against their triples: lookups among the focus nodes first
            suspects = targets.one_sided_among(focus)[role]
            return _focus_rows(store, check, targets, suspects) if suspects else []
        return _focus_rows(store, check, targets, focus)
    if role:  # fact nodes against their triples: one pass for three shapes
        suspects = targets.one_sided()[role]
        return _focus_rows(store, check, targets, suspects) if suspects else []
    if check.clear and targets.cleared(check):  # counts that leave no room for an offender
        return []
    if check.candidates:  # a superset of the offenders, then the exact check on those only
        suspects = set().union(*(targets.suspects(check, query) for query in check.candidates))
        return _focus_rows(store, check, targets, suspects) if suspects else []
    return _solutions(store, check, check.query(target_pattern(check.target, targets.classes)))


def time_checks(store: ox.Store, checks: list[Check], classes: Classes) -> list[tuple[str, str, int, float]]:
    """(shape, kind of check, rows found, seconds) of each check of a full run."""
    out = []
    targets = _Targets(store, classes)  # as in a run: a query shared by several checks runs once
    for check in checks:
        start = time.perf_counter()
        n = sum(1 for _ in _rows(store, check, targets, None))
        kind = "SPARQL target + constraint" if check.per_focus else \
            "count" if "GROUP BY" in check.body else "value" if "?value" in check.head else "hasValue"
        out.append((check.shape, kind + (" (candidates)" if check.candidates else ""), n,
                    time.perf_counter() - start))
    return out


class _Targets:
    """Which nodes a shape targets, asked node by node and remembered for the run.

    The class, subjects-of, objects-of and node targets are index lookups. A SPARQL target is
    asked, with ``?this`` pre-bound, about the nodes a plain constraint of its shape flagged (a
    valid graph: none), or about every other focus node if the shape's constraint is itself a
    SPARQL query (those cost more per node than the targets); past :data:`_PER_NODE_BUDGET` seconds of such queries the target is
    evaluated once in full instead (a target written with subqueries costs a full evaluation per
    pre-bound node in Oxigraph)."""

    def __init__(self, store: ox.Store, classes: Classes) -> None:
        self.store, self.classes = store, classes
        self._simple: dict[tuple[Target, Term], bool] = {}
        self._sparql: dict[tuple[str, Term], bool] = {}
        self._full: dict[str, set[Term]] = {}
        self._types: dict[Term, frozenset[Term]] = {}
        self._suspects: dict[str, set[Term]] = {}
        self._cleared: dict[str, bool] = {}
        self._one_sided: dict[str, set[Term]] | None = None
        self._among: tuple[Collection[Term], dict[str, set[Term]]] | None = None

    def one_sided(self) -> dict[str, set[Term]]:
        """:func:`wildkg.build.facttriples.one_sided` of the store, asked once per run."""
        if self._one_sided is None:
            self._one_sided = facttriples.one_sided(self.store)
        return self._one_sided

    def one_sided_among(self, focus: Collection[Term]) -> dict[str, set[Term]]:
        """:func:`wildkg.build.facttriples.one_sided_among` of a focus run's nodes (asked once)."""
        if self._among is None or self._among[0] is not focus:
            self._among = (focus, facttriples.one_sided_among(self.store, focus))
        return self._among[1]

    def cleared(self, check: Check) -> bool:
        """Whether ``check.clear`` says no node can break the check (its text: asked once)."""
        if check.clear not in self._cleared:
            rows = list(_query(self.store, check, check.clear))
            ok = rows[0]["ok"] if rows else None
            self._cleared[check.clear] = isinstance(ok, ox.Literal) and ok.value == "true"
        return self._cleared[check.clear]

    def simple(self, target: Target, node: Term) -> bool:
        """Whether ``node`` is a focus node of the non-SPARQL targets of ``target``."""
        key = (target, node)
        if key not in self._simple:
            closure = self.classes.closure(target.classes) if target.classes else frozenset()
            self._simple[key] = _targeted(self.store, target, closure & self.types(node), node)
        return self._simple[key]

    def suspects(self, check: Check, query: str) -> set[Term]:
        """The ``?this`` of a candidates query (shared by the shapes of one target: run once)."""
        if query not in self._suspects:
            self._suspects[query] = {r["this"] for r in _query(self.store, check, query)
                                     if isinstance(r["this"], Term)}
        return self._suspects[query]

    def types(self, node: Term) -> frozenset[Term]:
        """The ``rdf:type`` objects of ``node`` in the default graph."""
        if node not in self._types:
            self._types[node] = frozenset() if isinstance(node, ox.Literal) else frozenset(
                q.object for q in self.store.quads_for_pattern(node, _RDF_TYPE, None, _DEFAULT)
                if isinstance(q.object, Term))
        return self._types[node]

    def sparql(self, check: Check, nodes: Iterable[Term]) -> set[Term]:
        """The ``nodes`` a SPARQL target of ``check``'s shape picks."""
        found: set[Term] = set()
        for select in check.target.sparql:
            query = prologue(check) + select
            spent = 0.0
            for node in sorted(nodes, key=str):
                if query in self._full:
                    hit = node in self._full[query]
                elif (query, node) in self._sparql:
                    hit = self._sparql[(query, node)]
                elif spent > _PER_NODE_BUDGET:
                    self._full[query] = {r["this"] for r in _query(self.store, check, query)
                                         if isinstance(r["this"], Term)}
                    hit = node in self._full[query]
                else:
                    start = time.perf_counter()
                    hit = self._sparql[(query, node)] = any(True for _ in _query(self.store, check, query, node))
                    spent += time.perf_counter() - start
                if hit:
                    found.add(node)
        return found


#: Seconds of pre-bound SPARQL target queries before the target is evaluated in full.
_PER_NODE_BUDGET = 0.05


def _targeted(store: ox.Store, target: Target, typed: frozenset[Term], node: Term) -> bool:
    """Whether ``node`` is a focus node of the non-SPARQL targets of ``target`` (``typed``: its
    types among the target classes and their subclasses)."""
    if typed or str(node) in target.nodes or any(_has(store, None, p, node) for p in target.objects_of):
        return True
    return not isinstance(node, ox.Literal) and any(_has(store, node, p, None) for p in target.subjects_of)


def _has(store: ox.Store, s: Term | None, p: str, o: Term | None) -> bool:
    if isinstance(s, ox.Literal):
        return False
    return any(True for _ in store.quads_for_pattern(s, ox.NamedNode(p), o, _DEFAULT))


def _focus_rows(store: ox.Store, check: Check, targets: _Targets, focus: Collection[Term]) -> Iterator[Row]:
    """The check's rows for the focus nodes its shape targets. The constraint runs first on the
    nodes its non-SPARQL targets pick plus, if the shape has a SPARQL target, all the others;
    only the nodes it flags among the latter are then asked of the SPARQL target. A SPARQL
    constraint (a query per node, 2 s for some nodes in Oxigraph) runs on target nodes only."""
    picked = {n for n in focus if targets.simple(check.target, n)}
    maybe = {n for n in focus if n not in picked} if check.target.sparql else set()
    if check.per_focus is not None and maybe:  # a SPARQL constraint per node costs more: target first
        picked |= targets.sparql(check, maybe)
        maybe = set()
    rows = list(_constraint_rows(store, check, picked | maybe))
    flagged = {r["this"] for r in rows if r["this"] in maybe}
    confirmed = picked | targets.sparql(check, flagged)  # type: ignore[arg-type]
    yield from (r for r in rows if r["this"] in confirmed)


def _constraint_rows(store: ox.Store, check: Check, nodes: set[Term]) -> Iterator[Row]:
    """The check's constraint on each of ``nodes``, as if each were a target."""
    if check.per_focus is not None:
        yield from _per_focus(store, check, sorted(nodes, key=str))
        return
    named = sorted((n for n in nodes if not isinstance(n, ox.BlankNode)), key=str)
    if named:
        yield from _solutions(store, check, check.query(f"VALUES ?this {{ {' '.join(map(str, named))} }}"))
    for blank in sorted((n for n in nodes if isinstance(n, ox.BlankNode)), key=str):
        yield from _solutions(store, check, check.query(_BLANK), blank)


def _query(store: ox.Store, check: Check, query: str, bind: Term | None = None) -> ox.QuerySolutions:
    try:
        subs: dict[ox.Variable, ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple] | None = (
            {_THIS: bind} if bind is not None else None)
        rows = store.query(query, use_default_graph_as_union=False, substitutions=subs)
    except (SyntaxError, ValueError, OSError) as err:
        raise InputError(f"shapes: {check.shape}: cannot run its SPARQL form: {err}") from err
    assert isinstance(rows, ox.QuerySolutions)
    return rows


def _solutions(store: ox.Store, check: Check, query: str, bind: Term | None = None) -> Iterator[Row]:
    """The rows of a check as dicts (``this`` always bound)."""
    rows = _query(store, check, query, bind)
    names = [v.value for v in rows.variables]
    table = [{n: row[n] for n in names} for row in rows]
    if bind is not None:
        table = [{**row, "this": bind} for row in table]
    if check.per_focus is None or bind is not None:
        yield from table
        return
    yield from _per_focus(store, check, sorted({r["this"] for r in table if isinstance(r["this"], Term)}, key=str))


def _per_focus(store: ox.Store, check: Check, foci: list[Term]) -> Iterator[Row]:
    """A SPARQL constraint, once per focus node, ``$this`` pre-bound."""
    assert check.per_focus is not None
    for focus in foci:
        sub = _query(store, check, check.per_focus, focus)
        names = [v.value for v in sub.variables]
        yield from ({**{n: row[n] for n in names}, "this": focus} for row in sub)


def _findings(check: Check, rows: Iterable[Row]) -> Iterator[Finding]:
    for row in rows:
        focus = row.get("this")
        if not isinstance(focus, Term):
            continue
        value = row.get("value")
        message = check.message
        if check.template:
            def fill(m: re.Match[str], row: Row = row) -> str:
                term = row.get(m.group(1))
                return str(term) if term is not None else m.group(0)

            message = _PLACEHOLDER.sub(fill, message)
        path = check.path
        found = row.get("path")
        if check.template and isinstance(found, ox.NamedNode):
            path = found.value
        yield Finding(check.shape, focus, path, value if isinstance(value, Term) else None,
                      message, check.severity)
