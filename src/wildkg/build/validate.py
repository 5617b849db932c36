"""Stage 3b: SHACL validation with pySHACL.

Returns ``(conforms, report graph, report text)`` like ``pyshacl.validate``, plus the
violations in a form a curator can read: the entity (label and IRI), the field, the
value and the shape's message.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from rdflib import Graph, URIRef
from rdflib.namespace import RDF, RDFS, SH
from rdflib.term import Node

from wildkg.errors import InputError
from wildkg.namespaces import DWC, WILDKG, compact

NOT_ENTITIES = frozenset(str(WILDKG[t]) for t in ("Fact", "Source", "SourceSection"))


@dataclass(frozen=True)
class Violation:
    focus: str
    label: str | None
    path: str | None
    value: str | None
    message: str
    severity: str

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
            )
        )
    violations.sort(key=lambda v: (v.focus, v.path or "", v.message))
    return ValidationResult(bool(conforms), report_graph, str(report_text), violations,
                            count_entities(data))


def count_entities(data: Graph) -> int:
    """How many resources are typed with a data class of ours (not facts, sources, terms)."""
    ours = set()
    for s, cls in data.subject_objects(RDF.type):
        c = str(cls)
        if (c == str(DWC.Taxon) or c.startswith(str(WILDKG))) and c not in NOT_ENTITIES:
            ours.add(s)
    return len(ours)


def parse_file(path: Path) -> Graph:
    """Parse an RDF file by extension, with errors that name it."""
    from wildkg.rdfio import read_graph

    return read_graph([path])


def validate_file(path: Path, shapes: Path) -> ValidationResult:
    """Validate an RDF file (which should hold the ontology too, as `wildkg build` writes it).
    A file without a single triple is an error, not a conforming graph (issue 13, F23)."""
    data = parse_file(path)
    if len(data) == 0:
        from wildkg.errors import InputError

        raise InputError(f"{path}: holds no triples, so there is nothing to validate")
    return validate_graph(data, shapes)
