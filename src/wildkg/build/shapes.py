"""SHACL shapes compiled to SPARQL and run on Oxigraph: validation linear in the data.

``ontology/shapes.ttl`` stays the contract. Each constraint of each shape becomes one SPARQL
SELECT that returns only the offending focus nodes (and value nodes), evaluated by Oxigraph's
engine over the whole store at once, instead of pySHACL's per-focus-node evaluation in rdflib.
The subset of SHACL compiled is the one our shapes use (class/subjects-of/objects-of and
SHACL-AF SPARQL targets; min/max count, datatype, pattern, class, nodeKind, hasValue, numeric
ranges, lessThanOrEquals, or, qualified value shapes, SPARQL constraints); anything else is an
error naming the shape, so the contract cannot silently shrink. pySHACL remains the reference:
``tests/build/test_shapes_sparql.py`` requires the same verdicts and focus nodes from both.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

import pyoxigraph as ox
from rdflib import Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.namespace import RDF, SH
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


@dataclass(frozen=True)
class Check:
    """One constraint as a query: rows bind ``?this`` (and ``?value`` where SHACL reports one)."""

    shape: str
    path: str | None
    message: str
    severity: str
    query: str
    template: bool = False  # message has {?var} / {$this} placeholders (SPARQL constraints)
    #: A SPARQL constraint: run once per focus node ``query`` found, with ``$this`` pre-bound
    #: (SHACL's pre-binding, through Oxigraph's substitutions), as pySHACL does.
    per_focus: str | None = None


@dataclass(frozen=True)
class Finding:
    shape: str
    focus: ox.NamedNode | ox.BlankNode | ox.Literal
    path: str | None
    value: ox.NamedNode | ox.BlankNode | ox.Literal | None
    message: str
    severity: str


def _term(node: Node) -> str:
    if isinstance(node, URIRef):
        return f"<{node}>"
    if isinstance(node, Literal):
        return str(ox.Literal(str(node), datatype=ox.NamedNode(str(node.datatype)))) if node.datatype \
            else str(ox.Literal(str(node), language=node.language))
    raise InputError(f"shapes: blank node {node} where an IRI or literal is expected")


class _Compiler:
    def __init__(self, shapes: Graph) -> None:
        self.g = shapes
        self.prologue = _PREFIXES + "".join(
            f"PREFIX {self.g.value(d, SH.prefix)}: <{self.g.value(d, SH.namespace)}>\n"
            for d in sorted(self.g.objects(None, SH.declare), key=str))

    def fail(self, shape: Node, what: str) -> InputError:
        return InputError(f"shapes: {shape}: {what} is not supported by the Oxigraph checker")

    def shapes(self) -> Iterator[Node]:
        found = set(self.g.subjects(RDF.type, SH.NodeShape)) | set(self.g.subjects(RDF.type, SH.PropertyShape))
        yield from sorted(found, key=str)

    def target(self, shape: Node) -> str:
        parts = [f"?this rdf:type/rdfs:subClassOf* {_term(c)} ." for c in self.g.objects(shape, SH.targetClass)]
        parts += [f"?this {_term(p)} [] ." for p in self.g.objects(shape, SH.targetSubjectsOf)]
        parts += [f"[] {_term(p)} ?this ." for p in self.g.objects(shape, SH.targetObjectsOf)]
        parts += [f"VALUES ?this {{ {_term(n)} }}" for n in self.g.objects(shape, SH.targetNode)]
        for t in self.g.objects(shape, SH.target):
            select = self.g.value(t, SH.select)
            if (t, RDF.type, SH.SPARQLTarget) not in self.g or select is None:
                raise self.fail(shape, "a target other than sh:SPARQLTarget")
            parts.append("{ " + str(select) + " }")
        parents = list(self.g.subjects(SH.property, shape))
        parts += [self.target(p) for p in parents]
        parts = [p for p in parts if p]
        if not parts:
            return ""
        union = " UNION ".join("{ " + p + " }" for p in sorted(parts))
        return "{ SELECT DISTINCT ?this WHERE { " + union + " } }"

    def condition(self, shape: Node, node: Node, var: str) -> str:
        """A SPARQL expression true when ``var`` conforms to the value constraints of ``node``."""
        conds = []
        for p, o in sorted(self.g.predicate_objects(node), key=lambda po: (str(po[0]), str(po[1]))):
            if p == SH.datatype:
                conds.append(f"(isLiteral({var}) && datatype({var}) = {_term(o)})")
            elif p == SH.pattern:
                flags = self.g.value(node, SH.flags)
                args = f", {_term(Literal(str(flags)))}" if flags else ""
                conds.append(f"(!isBlank({var}) && REGEX(STR({var}), {_term(Literal(str(o)))}{args}))")
            elif p == SH["class"]:
                conds.append(f"EXISTS {{ {var} rdf:type/rdfs:subClassOf* {_term(o)} }}")
            elif p == SH.nodeKind:
                conds.append(_node_kind(o, var, self.fail(shape, f"sh:nodeKind {o}")))
            elif p in (SH.minInclusive, SH.maxInclusive, SH.minExclusive, SH.maxExclusive):
                op = {str(SH.minInclusive): ">=", str(SH.maxInclusive): "<=", str(SH.minExclusive): ">",
                      str(SH.maxExclusive): "<"}[str(p)]
                conds.append(f"COALESCE({var} {op} {_term(o)}, false)")
            elif p == SH["or"]:
                members = list(Collection(self.g, o))
                conds.append("(" + " || ".join(self.member(shape, m, var) for m in members) + ")")
        return " && ".join(conds) if conds else "true"

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
        pre = self.prologue

        def check(query: str, msg: str = message, template: bool = False) -> Check:
            return Check(str(shape), str(path_node) if path_node else None, msg, severity, pre + query, template)

        if used & _VALUE:
            cond = self.condition(shape, shape, "?value")
            if path:
                yield check(f"SELECT DISTINCT ?this ?value WHERE {{ {target} ?this {path} ?value "
                            f"FILTER(!({cond})) }}")
            else:
                yield check(f"SELECT DISTINCT ?this ?value WHERE {{ {target} BIND(?this AS ?value) "
                            f"FILTER(!({cond})) }}")
        bounds = [f"COUNT(DISTINCT ?v) {op} {int(str(n))}" for op, n in
                  (("<", self.g.value(shape, SH.minCount)), (">", self.g.value(shape, SH.maxCount)))
                  if n is not None and not (op == "<" and int(str(n)) == 0)]
        if bounds and not path:
            raise self.fail(shape, "sh:minCount / sh:maxCount on a node shape")
        if bounds:  # min and max in one pass over the values of each focus node
            yield check(f"SELECT ?this WHERE {{ {target} OPTIONAL {{ ?this {path} ?v }} }} "
                        f"GROUP BY ?this HAVING ({' || '.join(bounds)})")
        for p, o in sorted(self.g.predicate_objects(shape), key=lambda po: (str(po[0]), str(po[1]))):
            if p in (SH.hasValue, SH.lessThanOrEquals) and not path:
                raise self.fail(shape, f"{p} on a node shape")
            if p == SH.hasValue:
                yield check(f"SELECT ?this WHERE {{ {target} FILTER NOT EXISTS {{ ?this {path} {_term(o)} }} }}")
            elif p == SH.lessThanOrEquals:
                yield check(f"SELECT DISTINCT ?this ?value WHERE {{ {target} ?this {path} ?value . "
                            f"?this {_term(o)} ?w FILTER(!COALESCE(?value <= ?w, false)) }}")
            elif p == SH.qualifiedValueShape:
                yield from self.qualified(shape, o, target, path or "", check)
            elif p == SH.sparql:
                yield self.sparql(shape, o, target, path_node)

    def qualified(self, shape: Node, q: Node, target: str, path: str, check: object) -> Iterator[Check]:
        assert callable(check)
        if str(self.g.value(shape, SH.qualifiedValueShapesDisjoint)).lower() == "true":
            raise self.fail(shape, "sh:qualifiedValueShapesDisjoint")
        cond = self.member(shape, q, "?v")
        for bound, op in ((SH.qualifiedMinCount, "<"), (SH.qualifiedMaxCount, ">")):
            n = self.g.value(shape, bound)
            if n is not None:
                yield check(f"SELECT ?this WHERE {{ {target} OPTIONAL {{ ?this {path} ?v FILTER({cond}) }} }} "
                            f"GROUP BY ?this HAVING (COUNT(DISTINCT ?v) {op} {int(n)})")  # type: ignore[call-overload]

    def sparql(self, shape: Node, c: Node, target: str, path: Node | None) -> Check:
        select = self.g.value(c, SH.select)
        if select is None or isinstance(c, Literal):
            raise self.fail(shape, "a SPARQL constraint without sh:select")
        message = str(self.g.value(c, SH.message) or self.g.value(shape, SH.message) or "constraint not met")
        severity = str(self.g.value(shape, SH.severity) or SH.Violation).rsplit("#", 1)[-1]
        return Check(str(shape), str(path) if path else None, message, severity,
                     self.prologue + f"SELECT ?this WHERE {{ {target} }}", template=True,
                     per_focus=self.prologue + str(select))


def _node_kind(kind: Node, var: str, unsupported: InputError) -> str:
    forms = {SH.IRI: "isIRI({v})", SH.BlankNode: "isBlank({v})", SH.Literal: "isLiteral({v})",
             SH.BlankNodeOrIRI: "(isIRI({v}) || isBlank({v}))",
             SH.BlankNodeOrLiteral: "(isBlank({v}) || isLiteral({v}))",
             SH.IRIOrLiteral: "(isIRI({v}) || isLiteral({v}))"}
    form = forms.get(URIRef(str(kind)))
    if form is None:
        raise unsupported
    return form.format(v=var)


def compile_shapes(shapes: Graph) -> list[Check]:
    """Every constraint of ``shapes`` as a :class:`Check` (an :class:`InputError` for a feature
    the compiler does not cover)."""
    return list(_Compiler(shapes).checks())


_PLACEHOLDER = re.compile(r"\{[?$](\w+)\}")


def run_checks(store: ox.Store, checks: list[Check]) -> list[Finding]:
    """Run every check on the default graph of ``store``; offending nodes, sorted."""
    findings: set[Finding] = set()
    for check in checks:
        for rows in _solutions(store, check):
            findings.update(_findings(check, rows))
    return sorted(findings, key=lambda f: (str(f.focus), f.shape, f.path or "", str(f.value), f.message))


Term = ox.NamedNode | ox.BlankNode | ox.Literal


def _query(store: ox.Store, check: Check, query: str, bind: Term | None = None) -> ox.QuerySolutions:
    try:
        subs: dict[ox.Variable, ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple] | None = (
            {ox.Variable("this"): bind} if bind is not None else None)
        rows = store.query(query, use_default_graph_as_union=False, substitutions=subs)
    except (SyntaxError, ValueError, OSError) as err:
        raise InputError(f"shapes: {check.shape}: cannot run its SPARQL form: {err}") from err
    assert isinstance(rows, ox.QuerySolutions)
    return rows


def _solutions(store: ox.Store, check: Check) -> Iterator[list[dict[str, object]]]:
    """The rows of a check as dicts (``this`` always bound)."""
    rows = _query(store, check, check.query)
    names = [v.value for v in rows.variables]
    table = [{n: row[n] for n in names} for row in rows]
    if check.per_focus is None:
        yield table
        return
    foci = {r["this"] for r in table if isinstance(r["this"], Term)}
    for focus in sorted(foci, key=str):
        assert isinstance(focus, Term)
        sub = _query(store, check, check.per_focus, focus)
        sub_names = [v.value for v in sub.variables]
        yield [{**{n: row[n] for n in sub_names}, "this": focus} for row in sub]


def _findings(check: Check, rows: list[dict[str, object]]) -> Iterator[Finding]:
    for row in rows:
        focus = row.get("this")
        if not isinstance(focus, Term):
            continue
        value = row.get("value")
        message = check.message
        if check.template:
            def fill(m: re.Match[str], row: dict[str, object] = row) -> str:
                term = row.get(m.group(1))
                return str(term) if term is not None else m.group(0)

            message = _PLACEHOLDER.sub(fill, message)
        path = check.path
        found = row.get("path")
        if check.template and isinstance(found, ox.NamedNode):
            path = found.value
        yield Finding(check.shape, focus, path, value if isinstance(value, Term) else None,
                      message, check.severity)
