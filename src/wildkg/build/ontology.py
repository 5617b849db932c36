"""The ontology and concept schemes the build compiles against (Turtle files of the ontology
folder, shapes excepted): read by Oxigraph's parser into the little the compiler asks of them
(which codes each concept scheme holds, and each concept's label), small enough to send to the
compile workers instead of parsing the files again in each."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox

from wildkg.errors import InputError

_SKOS = "http://www.w3.org/2004/02/skos/core#"


@dataclass
class Vocabulary:
    """Concept IRIs per scheme IRI, notations per scheme IRI, and each concept's ``skos:prefLabel``."""

    concepts: dict[str, set[str]] = field(default_factory=dict)
    notations: dict[str, list[str]] = field(default_factory=dict)
    labels: dict[str, str] = field(default_factory=dict)

    def in_scheme(self, concept: str, scheme: str) -> bool:
        return concept in self.concepts.get(scheme, ())

    def known(self, scheme: str) -> list[str]:
        """The notations of the scheme's concepts, sorted (for an error's hint)."""
        return sorted(self.notations.get(scheme, ()))

    def label(self, concept: str) -> str | None:
        return self.labels.get(concept)


def ontology_files(ontology_dir: Path) -> list[Path]:
    """Every Turtle file of the ontology folder except the shapes, in a fixed order."""
    files = sorted(p for p in ontology_dir.glob("*.ttl") if p.name != "shapes.ttl")
    if not files:
        raise InputError(f"{ontology_dir}: no ontology files (*.ttl) found")
    return files


def load_ontology_files(files: list[Path]) -> Vocabulary:
    in_scheme: set[tuple[str, str]] = set()
    notation: dict[str, set[str]] = {}
    labels: dict[str, list[str]] = {}
    for path in files:
        try:
            for t in ox.parse(path=str(path), format=ox.RdfFormat.TURTLE):
                p = t.predicate.value
                if p == _SKOS + "inScheme" and isinstance(t.object, ox.NamedNode):
                    in_scheme.add((str(t.subject.value), t.object.value))
                elif p == _SKOS + "notation" and isinstance(t.object, ox.Literal):
                    notation.setdefault(str(t.subject.value), set()).add(t.object.value)
                elif p == _SKOS + "prefLabel" and isinstance(t.object, ox.Literal):
                    labels.setdefault(str(t.subject.value), []).append(t.object.value)
        except (SyntaxError, ValueError) as err:
            raise InputError(f"{path}: cannot parse Turtle: {err}") from err
    vocab = Vocabulary()
    for concept, scheme in sorted(in_scheme):
        vocab.concepts.setdefault(scheme, set()).add(concept)
        vocab.notations.setdefault(scheme, []).extend(notation.get(concept, ()))
    vocab.labels = {concept: min(values) for concept, values in labels.items()}
    return vocab


def load_ontology(ontology_dir: Path) -> Vocabulary:
    return load_ontology_files(ontology_files(ontology_dir))
