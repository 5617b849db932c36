"""Stage 3b: SHACL validation, on Oxigraph (shapes compiled to SPARQL, :mod:`wildkg.build.shapes`)
or with pySHACL (the reference, :func:`validate_graph`).

Returns ``(conforms, report graph, report text)`` like ``pyshacl.validate``, plus the
violations in a form a curator can read: the entity (label and IRI), the field, the
value and the shape's message.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import RDF, RDFS, SH, XSD
from rdflib.term import Node

from wildkg.errors import InputError
from wildkg.namespaces import DWC, WILDKG, compact
from wildkg.terms import to_rdflib

NOT_ENTITIES = frozenset(str(WILDKG[t]) for t in ("Fact", "Source", "SourceSection"))


@dataclass(frozen=True)
class Violation:
    focus: str
    label: str | None
    path: str | None
    value: str | None
    message: str
    severity: str
    shape: str | None = None

    def __str__(self) -> str:
        who = f"{self.label} <{self.focus}>" if self.label else f"<{self.focus}>"
        parts = [f"{self.severity}: {who}"]
        if self.path:
            parts.append(f"field {self.path}")
        if self.value:
            parts.append(f"value {self.value}")
        return ", ".join(parts) + f": {self.message}"


@dataclass
class ValidationResult:
    conforms: bool
    report_graph: Graph
    report_text: str
    violations: list[Violation] = field(default_factory=list)
    #: Resources typed with a class of ours (dwc:Taxon or a wildkg: class). With none, the
    #: shapes target nothing: "conforms" then says nothing about the file.
    entities: int = -1

    def summary(self, limit: int = 20) -> str:
        lines = [f"  - {v}" for v in self.violations[:limit]]
        if len(self.violations) > limit:
            lines.append(f"  … and {len(self.violations) - limit} more")
        return "\n".join(lines)


def _short(node: Node | None) -> str | None:
    if node is None:
        return None
    return compact(str(node), brackets=False) if isinstance(node, URIRef) else str(node)


def load_shapes(shapes: Path) -> Graph:
    if not shapes.is_file():
        raise InputError(f"{shapes}: shapes file not found")
    graph = Graph()
    try:
        graph.parse(shapes, format="turtle")
    except Exception as err:
        raise InputError(f"{shapes}: cannot parse Turtle: {err}") from err
    return graph


def validate_graph(data: Graph, shapes: Path | Graph) -> ValidationResult:
    """Validate ``data`` against the SHACL ``shapes`` (no inference; the ontology is in the data)."""
    import pyshacl

    shapes_graph = shapes if isinstance(shapes, Graph) else load_shapes(shapes)
    conforms, report_graph, report_text = pyshacl.validate(
        data, shacl_graph=shapes_graph, inference="none", advanced=True, allow_warnings=True
    )
    if not isinstance(report_graph, Graph):  # pyshacl reports a broken shapes graph this way
        raise InputError(f"the SHACL shapes cannot be used: {report_graph}")
    violations = []
    for result in report_graph.subjects(SH.resultSeverity, None):
        focus = report_graph.value(result, SH.focusNode)
        label = data.value(focus, RDFS.label) if focus is not None else None
        severity = report_graph.value(result, SH.resultSeverity)
        violations.append(
            Violation(
                focus=str(focus),
                label=str(label) if label is not None else None,
                path=_short(report_graph.value(result, SH.resultPath)),
                value=_short(report_graph.value(result, SH.value)),
                message=str(report_graph.value(result, SH.resultMessage) or "constraint not met"),
                severity=str(severity).rsplit("#", 1)[-1] if severity else "Violation",
                shape=str(report_graph.value(result, SH.sourceShape)),
            )
        )
    violations.sort(key=lambda v: (v.focus, v.path or "", v.message))
    return ValidationResult(bool(conforms), report_graph, str(report_text), violations,
                            count_entities(data))


def count_entities(data: Graph) -> int:
    """How many resources are typed with a data class of ours (not facts, sources, terms)."""
    return _count_ours((str(s), str(c)) for s, c in data.subject_objects(RDF.type))


def count_entities_in_store(store: ox.Store) -> int:
    """:func:`count_entities` of an Oxigraph store (all graphs): the classes in use are listed
    first (one scan in Oxigraph, not a Python object per typed node), then their instances."""
    rows = store.query(f"SELECT ?c WHERE {{ [] <{RDF.type}> ?c }} GROUP BY ?c", use_default_graph_as_union=True)
    assert isinstance(rows, ox.QuerySolutions)
    ours = sorted(str(r["c"]) for r in rows if isinstance(r["c"], ox.NamedNode)
                  and _count_ours([("", r["c"].value)]))
    if not ours:
        return 0
    found = store.query(f"SELECT (COUNT(DISTINCT ?s) AS ?n) WHERE {{ VALUES ?c {{ {' '.join(ours)} }} "
                        f"?s <{RDF.type}> ?c }}", use_default_graph_as_union=True)
    assert isinstance(found, ox.QuerySolutions)
    n = next(iter(found))["n"]
    return int(n.value) if isinstance(n, ox.Literal) else 0


def _count_ours(typed: Iterable[tuple[str, str]]) -> int:
    ours = set()
    for s, c in typed:
        if (c == str(DWC.Taxon) or c.startswith(str(WILDKG))) and c not in NOT_ENTITIES:
            ours.add(s)
    return len(ours)


def parse_file(path: Path) -> Graph:
    """Parse an RDF file by extension, with errors that name it."""
    from wildkg.rdfio import read_graph

    return read_graph([path])


def _ox_short(term: ox.NamedNode | ox.BlankNode | ox.Literal | None) -> str | None:
    if term is None:
        return None
    if isinstance(term, ox.NamedNode):
        return compact(term.value, brackets=False)
    return term.value


def _label(store: ox.Store, focus: ox.NamedNode | ox.BlankNode | ox.Literal) -> str | None:
    if isinstance(focus, ox.Literal):
        return None
    for quad in store.quads_for_pattern(focus, ox.NamedNode(str(RDFS.label)), None, ox.DefaultGraph()):
        if isinstance(quad.object, ox.Literal):
            return quad.object.value
    return None


def validate_store(store: ox.Store, shapes: Path | Graph,
                   focus: Collection[ox.NamedNode | ox.BlankNode | ox.Literal] | None = None) -> ValidationResult:
    """Validate the default graph of an Oxigraph store against the SHACL ``shapes``, each
    constraint compiled to one SPARQL query (same verdicts and focus nodes as pySHACL).

    With ``focus``, only those nodes are checked: the findings are exactly the findings of a
    full run whose focus node is in the set. After a change, pass
    :func:`wildkg.build.focus.affected_focus` of the added and removed triples.
    """
    from wildkg.build.checks import run_checks
    from wildkg.build.shapes import Classes, compile_shapes

    shapes_graph = shapes if isinstance(shapes, Graph) else load_shapes(shapes)
    classes = Classes(store)
    findings = run_checks(store, compile_shapes(shapes_graph, classes), classes, focus)
    report = Graph()
    root = BNode("report")
    report.add((root, RDF.type, SH.ValidationReport))
    violations = []
    for i, f in enumerate(findings):
        node = BNode(f"result{i}")
        report.add((root, SH.result, node))
        report.add((node, RDF.type, SH.ValidationResult))
        report.add((node, SH.focusNode, to_rdflib(f.focus)))
        report.add((node, SH.sourceShape, URIRef(f.shape)))
        report.add((node, SH.resultMessage, Literal(f.message)))
        report.add((node, SH.resultSeverity, SH[f.severity]))
        if f.path:
            report.add((node, SH.resultPath, URIRef(f.path)))
        if f.value is not None:
            report.add((node, SH.value, to_rdflib(f.value)))
        violations.append(Violation(
            focus=f.focus.value, label=_label(store, f.focus),
            path=compact(f.path, brackets=False) if f.path else None, value=_ox_short(f.value),
            message=f.message, severity=f.severity, shape=f.shape))
    conforms = all(v.severity in ("Warning", "Info") for v in violations)
    report.add((root, SH.conforms, Literal(conforms, datatype=XSD.boolean)))
    text = f"Validation Report\nConforms: {conforms}\nResults ({len(violations)}):\n" + "\n".join(
        f"  {v}" for v in violations)
    violations.sort(key=lambda v: (v.focus, v.path or "", v.message))
    # A focus run is part of an incremental build: the entities were counted by the full run.
    entities = count_entities_in_store(store) if focus is None else -1
    return ValidationResult(conforms, report, text, violations, entities)


def validate_file(path: Path, shapes: Path) -> ValidationResult:
    """Validate an RDF file (which should hold the ontology too, as `wildkg build` writes it),
    or a store folder such as ``out/store``. A file without a single triple is an error."""
    from wildkg.rdfio import load_into

    if path.is_dir():
        return validate_build(path, shapes)

    store = ox.Store()
    load_into(store, path)
    if len(store) == 0:  # an empty file is an error, not a conforming graph (issue 13, F23)
        raise InputError(f"{path}: holds no triples, so there is nothing to validate")
    return validate_store(store, shapes)


def validate_build(store_dir: Path, shapes: Path) -> ValidationResult:
    """Validate the store a build wrote (``out/store/``), without re-parsing Turtle."""
    from wildkg.rdfio import open_store

    return validate_store(open_store(store_dir), shapes)
