"""SHACL shapes compiled to SPARQL and run on Oxigraph: validation linear in the data.

``ontology/shapes.ttl`` stays the contract. Each constraint of each shape becomes one SPARQL
SELECT that returns only the offending focus nodes (and value nodes), evaluated by Oxigraph's
engine over the whole store at once, instead of pySHACL's per-focus-node evaluation in rdflib.
The subset of SHACL compiled is the one our shapes use (class/subjects-of/objects-of and
SHACL-AF SPARQL targets; min/max count, datatype, pattern, class, nodeKind, hasValue, numeric
ranges, lessThanOrEquals, or, qualified value shapes, SPARQL constraints); anything else is an
error naming the shape, so the contract cannot silently shrink. pySHACL remains the reference:
``tests/build/test_shapes_sparql.py`` requires the same verdicts and focus nodes from both.

A check keeps its target apart from its constraint (:class:`Target`, :meth:`Check.query`), so
the runner (:mod:`wildkg.build.checks`) can put either the whole target or ``VALUES ?this {…}``
of a few focus nodes in front of the same constraint. Class membership (``sh:class``,
``sh:targetClass``: ``rdf:type/rdfs:subClassOf*``) is written as ``rdf:type`` plus ``VALUES`` of
the class and its subclasses, read from the store once (:class:`Classes`), instead of a
property path Oxigraph evaluates per row.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace
from itertools import count

import pyoxigraph as ox
from rdflib import Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.namespace import RDF, RDFS, SH
from rdflib.term import Node

from wildkg.errors import InputError

#: Shape predicates this compiler reads; any other sh: predicate on a shape is refused.
_PLAIN = {SH.name, SH.description, SH.message, SH.severity, SH.path, SH.deactivated, SH.order,
          SH.group, SH.targetClass, SH.targetSubjectsOf, SH.targetObjectsOf, SH.targetNode, SH.target}
_VALUE = {SH.datatype, SH.pattern, SH.flags, SH["class"], SH.nodeKind, SH.minInclusive, SH.maxInclusive,
          SH.minExclusive, SH.maxExclusive, SH["or"]}
_OTHER = {SH.minCount, SH.maxCount, SH.hasValue, SH.lessThanOrEquals, SH.sparql, SH.qualifiedValueShape,
          SH.qualifiedMinCount, SH.qualifiedMaxCount, SH.property}
_PREFIXES = "PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>\n" \
            "PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>\n"

Term = ox.NamedNode | ox.BlankNode | ox.Literal


@dataclass(frozen=True)
class Target:
    """The focus nodes of a shape, the union of its SHACL targets (and its parents')."""

    classes: frozenset[str] = frozenset()  # IRIs of sh:targetClass
    subjects_of: frozenset[str] = frozenset()  # IRIs of sh:targetSubjectsOf
    objects_of: frozenset[str] = frozenset()  # IRIs of sh:targetObjectsOf
    nodes: frozenset[str] = frozenset()  # sh:targetNode, as N-Triples terms
    sparql: tuple[str, ...] = ()  # SELECT queries of sh:SPARQLTarget (without prologue)

    def __or__(self, other: Target) -> Target:
        return Target(self.classes | other.classes, self.subjects_of | other.subjects_of,
                      self.objects_of | other.objects_of, self.nodes | other.nodes,
                      tuple(sorted(set(self.sparql) | set(other.sparql))))

    def __bool__(self) -> bool:
        return bool(self.classes or self.subjects_of or self.objects_of or self.nodes or self.sparql)


@dataclass(frozen=True)
class Check:
    """One constraint as a query: rows bind ``?this`` (and ``?value`` where SHACL reports one)."""

    shape: str
    path: str | None
    message: str
    severity: str
    target: Target
    #: ``head + CLAUSE + body`` is the query, CLAUSE a pattern binding ``?this`` (the target).
    head: str
    body: str
    template: bool = False  # message has {?var} / {$this} placeholders (SPARQL constraints)
    #: A SPARQL constraint: run once per focus node ``query`` found, with ``$this`` pre-bound
    #: (SHACL's pre-binding, through Oxigraph's substitutions), as pySHACL does.
    per_focus: str | None = None
    #: Queries whose ``?this`` are a superset of the offending focus nodes, cheaper than the
    #: whole target (values failing the constraint first, or a scan and an anti-join): a full
    #: run checks exactly only these nodes. Empty: the full run evaluates the whole target.
    candidates: tuple[str, ...] = ()
    #: A query answering one row whose ``?ok`` is true only if no node can offend (counts of
    #: distinct nodes, no join): a full run then skips the candidates. Empty: always ask them.
    clear: str = ""

    def query(self, clause: str) -> str:
        return f"{self.head} {clause} {self.body}"


@dataclass(frozen=True)
class Finding:
    shape: str
    focus: Term
    path: str | None
    value: Term | None
    message: str
    severity: str


class Classes:
    """``rdf:type/rdfs:subClassOf* C`` for a store: the subclasses of C are read once and the
    test is written as ``rdf:type`` + ``VALUES`` (a lookup), not as a path per row."""

    def __init__(self, store: ox.Store | None) -> None:
        self.store = store
        self._closure: dict[str, frozenset[Term]] = {}
        self._names = count()

    def closure(self, classes: Iterable[str]) -> frozenset[Term]:
        """Every class that is ``rdfs:subClassOf*`` one of ``classes`` in the default graph."""
        found: set[Term] = set()
        for c in classes:
            if c not in self._closure:
                self._closure[c] = self._read(c)
            found |= self._closure[c]
        return frozenset(found)

    def _read(self, c: str) -> frozenset[Term]:
        if self.store is None:
            return frozenset({ox.NamedNode(c)})
        rows = self.store.query(f"SELECT DISTINCT ?c WHERE {{ ?c <{RDFS.subClassOf}>* <{c}> }}",
                                use_default_graph_as_union=False)
        assert isinstance(rows, ox.QuerySolutions)
        return frozenset(r["c"] for r in rows if isinstance(r["c"], Term))

    def instance(self, var: str, classes: Iterable[str]) -> str:
        """A pattern that matches when ``var`` is an instance of one of ``classes``."""
        wanted = sorted(classes)
        closure = self.closure(wanted)
        if self.store is None or any(isinstance(c, ox.BlankNode) for c in closure):  # no bnode in VALUES
            return " UNION ".join(f"{{ {var} rdf:type/rdfs:subClassOf* <{c}> }}" for c in wanted)
        k = f"?_k{next(self._names)}"
        return f"VALUES {k} {{ {' '.join(sorted(map(str, closure)))} }} {var} rdf:type {k} ."


def _term(node: Node) -> str:
    if isinstance(node, URIRef):
        return f"<{node}>"
    if isinstance(node, Literal):
        return str(ox.Literal(str(node), datatype=ox.NamedNode(str(node.datatype)))) if node.datatype \
            else str(ox.Literal(str(node), language=node.language))
    raise InputError(f"shapes: blank node {node} where an IRI or literal is expected")


def target_pattern(target: Target, classes: Classes, *, flat: bool = False) -> str:
    """The whole target as a pattern binding ``?this`` (each focus node once; with ``flat``,
    once per way it is targeted, without the DISTINCT subquery)."""
    parts = [classes.instance("?this", target.classes)] if target.classes else []
    parts += [f"?this <{p}> [] ." for p in sorted(target.subjects_of)]
    parts += [f"[] <{p}> ?this ." for p in sorted(target.objects_of)]
    parts += [f"VALUES ?this {{ {n} }}" for n in sorted(target.nodes)]
    parts += ["{ " + select + " }" for select in target.sparql]
    union = " UNION ".join("{ " + p + " }" for p in parts)
    return union if flat else "{ SELECT DISTINCT ?this WHERE { " + union + " } }"


class _Compiler:
    def __init__(self, shapes: Graph, classes: Classes) -> None:
        self.g = shapes
        self.classes = classes
        self.prologue = _PREFIXES + "".join(
            f"PREFIX {self.g.value(d, SH.prefix)}: <{self.g.value(d, SH.namespace)}>\n"
            for d in sorted(self.g.objects(None, SH.declare), key=str))

    def fail(self, shape: Node, what: str) -> InputError:
        return InputError(f"shapes: {shape}: {what} is not supported by the Oxigraph checker")

    def shapes(self) -> Iterator[Node]:
        found = set(self.g.subjects(RDF.type, SH.NodeShape)) | set(self.g.subjects(RDF.type, SH.PropertyShape))
        yield from sorted(found, key=str)

    def target(self, shape: Node) -> Target:
        sparql = []
        for t in self.g.objects(shape, SH.target):
            select = self.g.value(t, SH.select)
            if (t, RDF.type, SH.SPARQLTarget) not in self.g or select is None:
                raise self.fail(shape, "a target other than sh:SPARQLTarget")
            sparql.append(str(select))
        own = Target(frozenset(map(str, self.g.objects(shape, SH.targetClass))),
                     frozenset(map(str, self.g.objects(shape, SH.targetSubjectsOf))),
                     frozenset(map(str, self.g.objects(shape, SH.targetObjectsOf))),
                     frozenset(_term(n) for n in self.g.objects(shape, SH.targetNode)), tuple(sorted(sparql)))
        for parent in self.g.subjects(SH.property, shape):
            own = own | self.target(parent)
        return own

    def condition(self, shape: Node, node: Node, var: str) -> str:
        """A SPARQL expression true when ``var`` conforms to the value constraints of ``node``."""
        conds = [expr for _, expr in self.parts(shape, node, var)]
        return " && ".join(conds) if conds else "true"

    def parts(self, shape: Node, node: Node, var: str) -> list[tuple[str | None, str]]:
        """The value constraints of ``node`` as (class IRI of an sh:class or None, expression)."""
        conds: list[tuple[str | None, str]] = []
        for p, o in sorted(self.g.predicate_objects(node), key=lambda po: (str(po[0]), str(po[1]))):
            if p == SH.datatype:
                conds.append((None, f"(isLiteral({var}) && datatype({var}) = {_term(o)})"))
            elif p == SH.pattern:
                flags = self.g.value(node, SH.flags)
                args = f", {_term(Literal(str(flags)))}" if flags else ""
                conds.append((None, f"(!isBlank({var}) && REGEX(STR({var}), {_term(Literal(str(o)))}{args}))"))
            elif p == SH["class"]:
                conds.append((str(o), f"EXISTS {{ {self.classes.instance(var, [str(o)])} }}"))
            elif p == SH.nodeKind:
                conds.append((None, _node_kind(o, var, self.fail(shape, f"sh:nodeKind {o}"))))
            elif p in (SH.minInclusive, SH.maxInclusive, SH.minExclusive, SH.maxExclusive):
                op = {str(SH.minInclusive): ">=", str(SH.maxInclusive): "<=", str(SH.minExclusive): ">",
                      str(SH.maxExclusive): "<"}[str(p)]
                conds.append((None, f"COALESCE({var} {op} {_term(o)}, false)"))
            elif p == SH["or"]:
                members = list(Collection(self.g, o))
                conds.append((None, "(" + " || ".join(self.member(shape, m, var) for m in members) + ")"))
        return conds

    def bad_values(self, shape: Node, path: str | None, target: Target) -> str:
        """A pattern binding ``?value`` to each distinct value of ``path`` (of a node shape: each
        target node) that fails the shape's value constraints: each value is tested once, however
        many triples carry it; a class test is an anti-join (MINUS) rather than an EXISTS per row,
        and so is an sh:or of [sh:path P; sh:minCount 1] members (MINUS of each P)."""
        where = f"[] {path} ?value" if path else \
            f"{target_pattern(target, self.classes, flat=True)} BIND(?this AS ?value)"
        values = f"{{ SELECT ?value WHERE {{ {where} }} GROUP BY ?value }}"
        parts = self.parts(shape, shape, "?value")
        minus = {}  # sh:or of path members: its expression -> the anti-joins that replace it
        for o in self.g.objects(shape, SH["or"]):
            members = list(Collection(self.g, o))
            paths = [self.g.value(m, SH.path) for m in members]
            if members and all(isinstance(p, URIRef) for p in paths):
                minus["(" + " || ".join(self.member(shape, m, "?value") for m in members) + ")"] = " ".join(
                    f"MINUS {{ ?value <{p}> [] }}" for p in paths)
        exprs = [e for c, e in parts if c is None and e not in minus]
        branches = [f"{{ SELECT ?value WHERE {{ {values} FILTER(!({' && '.join(exprs)})) }} }}"] if exprs else []
        branches += [f"{{ SELECT ?value WHERE {{ {values} MINUS {{ {self.classes.instance('?value', [c])} }} }} }}"
                     for c, _ in parts if c is not None]
        branches += [f"{{ SELECT ?value WHERE {{ {values} {m} }} }}" for m in minus.values()]
        return " UNION ".join(branches)

    def member(self, shape: Node, node: Node, var: str) -> str:
        """A shape inside sh:or / sh:qualifiedValueShape, as a condition on ``var``."""
        path = self.g.value(node, SH.path)
        used = set(self.g.predicates(node)) - {RDF.type}
        if path is None:
            if used - _VALUE:
                raise self.fail(shape, f"{sorted(map(str, used - _VALUE))} inside sh:or")
            return self.condition(shape, node, var)
        if used != {SH.path, SH.minCount} or str(self.g.value(node, SH.minCount)) != "1":
            raise self.fail(shape, "a property shape other than [sh:path P; sh:minCount 1] inside sh:or")
        return f"EXISTS {{ {var} {_term(path)} [] }}"

    def checks(self) -> Iterator[Check]:
        self.counted: dict[Target, list[tuple[str, int, int | None]]] = {}
        self.merged: dict[Target, str] = {}
        self.clears: dict[Target, str] = {}
        for shape in self.shapes():  # the count constraints of each target, for one shared scan
            path, low, high = (self.g.value(shape, p) for p in (SH.path, SH.minCount, SH.maxCount))
            active = str(self.g.value(shape, SH.deactivated)).lower() != "true"
            if active and isinstance(path, URIRef) and (high is not None or int(str(low or 0)) > 0):
                self.counted.setdefault(self.target(shape), []).append(
                    (_term(path), int(str(low or 0)), None if high is None else int(str(high))))
        for shape in self.shapes():
            if str(self.g.value(shape, SH.deactivated)).lower() == "true":
                continue
            used = set(self.g.predicates(shape)) - {RDF.type}
            unknown = {p for p in used if str(p).startswith(str(SH))} - _PLAIN - _VALUE - _OTHER
            if unknown:
                raise self.fail(shape, ", ".join(sorted(map(str, unknown))))
            yield from self.shape_checks(shape, used)

    def shape_checks(self, shape: Node, used: set[Node]) -> Iterator[Check]:
        target = self.target(shape)
        if not target:
            return
        path_node = self.g.value(shape, SH.path)
        if path_node is not None and not isinstance(path_node, URIRef):
            raise self.fail(shape, "a complex sh:path")
        path = _term(path_node) if path_node is not None else None
        message = str(self.g.value(shape, SH.message) or "constraint not met")
        severity = str(self.g.value(shape, SH.severity) or SH.Violation).rsplit("#", 1)[-1]

        def check(select: str, body: str, *candidates: str) -> Check:
            return Check(str(shape), str(path_node) if path_node else None, message, severity, target,
                         f"{self.prologue}{select} WHERE {{", body,
                         candidates=tuple(f"{self.prologue}SELECT DISTINCT ?this WHERE {{ {c} }}" for c in candidates))

        if used & _VALUE:
            cond = self.condition(shape, shape, "?value")
            step = f"?this {path} ?value ." if path else "BIND(?this AS ?value)"
            bad = [f"{self.bad_values(shape, path, target)} " + (f"?this {path} ?value ." if path else
                                                                  "BIND(?value AS ?this)")]
            yield check("SELECT DISTINCT ?this ?value", f"{step} FILTER(!({cond})) }}", *bad)
        low, high = self.g.value(shape, SH.minCount), self.g.value(shape, SH.maxCount)
        bounds = [f"COUNT(DISTINCT ?v) {op} {int(str(n))}" for op, n in (("<", low), (">", high))
                  if n is not None and not (op == "<" and int(str(n)) == 0)]
        if bounds and not path:
            raise self.fail(shape, "sh:minCount / sh:maxCount on a node shape")
        if bounds:  # min and max in one pass over the values of each focus node
            # A full run looks at: target nodes without any value (an anti-join, for sh:minCount 1),
            # and subjects of more than sh:maxCount values (a scan of the path; COUNT(?v) is
            # COUNT(DISTINCT ?v) there, a store holding no triple twice).
            cands = [f"SELECT ?this WHERE {{ ?this {path} ?v }} GROUP BY ?this "
                     f"HAVING (COUNT(?v) > {int(str(high))})"] if high is not None else []
            if low is not None and int(str(low)) == 1:
                cands.append(f"{target_pattern(target, self.classes, flat=True)} MINUS {{ ?this {path} [] }}")
            if low is not None and int(str(low)) > 1:
                cands = []  # no cheaper form: the whole target
            clear = ""
            if len(self.counted.get(target, [])) > 1:
                cands = [self.merged.setdefault(target, self.counts(target))]  # one text: run once
                clear = self.clears[target] if target in self.clears else self.clears.setdefault(
                    target, self.clear(target))
            counted = check("SELECT ?this", f"OPTIONAL {{ ?this {path} ?v }} }} GROUP BY ?this "
                                            f"HAVING ({' || '.join(bounds)})", *[f"{{ {c} }}" for c in cands])
            yield replace(counted, clear=clear)
        for p, o in sorted(self.g.predicate_objects(shape), key=lambda po: (str(po[0]), str(po[1]))):
            if p in (SH.hasValue, SH.lessThanOrEquals) and not path:
                raise self.fail(shape, f"{p} on a node shape")
            if p == SH.hasValue:
                yield check("SELECT ?this", f"FILTER NOT EXISTS {{ ?this {path} {_term(o)} }} }}")
            elif p == SH.lessThanOrEquals:
                compare = f"?this {path} ?value . ?this {_term(o)} ?w FILTER(!COALESCE(?value <= ?w, false))"
                yield check("SELECT DISTINCT ?this ?value", compare + " }", compare)
            elif p == SH.qualifiedValueShape:
                if str(self.g.value(shape, SH.qualifiedValueShapesDisjoint)).lower() == "true":
                    raise self.fail(shape, "sh:qualifiedValueShapesDisjoint")
                cond = self.member(shape, o, "?v")
                for bound, op in ((SH.qualifiedMinCount, "<"), (SH.qualifiedMaxCount, ">")):
                    n = self.g.value(shape, bound)
                    if n is not None:
                        yield check("SELECT ?this", f"OPTIONAL {{ ?this {path} ?v FILTER({cond}) }} }} "
                                                    f"GROUP BY ?this HAVING (COUNT(DISTINCT ?v) {op} {int(str(n))})")
            elif p == SH.sparql:
                yield self.sparql(shape, o, check("SELECT ?this", "}"))

    def counts(self, target: Target) -> str:
        """One query for the count constraints of every shape of ``target`` (several shapes on
        the fact nodes): the target and each path as branches of one UNION, counted per node in
        one GROUP BY, instead of an anti-join and a scan per shape. Its nodes are a superset of
        each shape's offenders (a store holds no triple twice, so rows count values)."""
        branches = [f"{{ {target_pattern(target, self.classes, flat=True)} BIND(0 AS ?i) }}"]
        bounds = []
        for k, (path, low, high) in enumerate(self.counted[target], 1):
            branches.append(f"{{ ?this {path} ?v BIND({k} AS ?i) }}")
            bounds += [f"SUM(IF(?i = {k}, 1, 0)) < {low}"] if low else []
            bounds += [f"SUM(IF(?i = {k}, 1, 0)) > {high}"] if high is not None else []
        return (f"{{ SELECT ?this WHERE {{ {' UNION '.join(branches)} }} GROUP BY ?this "
                f"HAVING (SUM(IF(?i = 0, 1, 0)) > 0 && ({' || '.join(bounds)})) }}")

    def clear(self, target: Target) -> str:
        """A query whose ``?ok`` is true only if no node of ``target`` breaks the count
        constraints of its shapes (:attr:`Check.clear`), from counts of distinct nodes, without a
        join or a per-node aggregate: with N the nodes of the target or of any counted path and
        S_k the subjects of path k, sh:minCount 1 holds on every target node if |N| = |S_k|
        (N ⊆ S_k), and sh:maxCount n ≥ 1 if path k has as many triples as subjects (one value
        each; a store holds no triple twice). Empty where a bound is neither (sh:minCount 2)."""
        branches = [f"{{ {target_pattern(target, self.classes, flat=True)} }}"]
        counts, tests = ["(COUNT(DISTINCT ?this) AS ?_n)"], []
        for k, (path, low, high) in enumerate(self.counted[target], 1):
            if low > 1:
                return ""
            branches.append(f"{{ ?this {path} ?_v BIND(?this AS ?_s{k}) }}")
            counts += [f"(COUNT(DISTINCT ?_s{k}) AS ?_d{k})", f"(COUNT(?_s{k}) AS ?_r{k})"]
            tests += [f"?_n = ?_d{k}"] if low == 1 else []
            tests += [f"?_r{k} = 0"] if high == 0 else []
            tests += [f"?_r{k} = ?_d{k}"] if high else []
        return (f"{self.prologue}SELECT (({' && '.join(tests)}) AS ?ok) WHERE {{ "
                f"{{ SELECT {' '.join(counts)} WHERE {{ {' UNION '.join(branches)} }} }} }}")

    def sparql(self, shape: Node, c: Node, base: Check) -> Check:
        select = self.g.value(c, SH.select)
        if select is None or isinstance(c, Literal):
            raise self.fail(shape, "a SPARQL constraint without sh:select")
        message = str(self.g.value(c, SH.message) or self.g.value(shape, SH.message) or "constraint not met")
        return Check(base.shape, base.path, message, base.severity, base.target, base.head, base.body,
                     template=True, per_focus=self.prologue + str(select))


def _node_kind(kind: Node, var: str, unsupported: InputError) -> str:
    forms = {SH.IRI: "isIRI({v})", SH.BlankNode: "isBlank({v})", SH.Literal: "isLiteral({v})",
             SH.BlankNodeOrIRI: "(isIRI({v}) || isBlank({v}))",
             SH.BlankNodeOrLiteral: "(isBlank({v}) || isLiteral({v}))",
             SH.IRIOrLiteral: "(isIRI({v}) || isLiteral({v}))"}
    form = forms.get(URIRef(str(kind)))
    if form is None:
        raise unsupported
    return form.format(v=var)


def compile_shapes(shapes: Graph, classes: Classes | None = None) -> list[Check]:
    """Every constraint of ``shapes`` as a :class:`Check` (an :class:`InputError` for a feature
    the compiler does not cover). With ``classes`` of a store, class tests use its subclasses."""
    return list(_Compiler(shapes, classes or Classes(None)).checks())


def prologue(check: Check) -> str:
    """The PREFIX lines a check's queries start with."""
    return check.head.split("SELECT", 1)[0]
