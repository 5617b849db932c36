"""The ontology and concept schemes the build compiles against (Turtle files of the ontology
folder, shapes excepted), read once in the main process and once in each compile worker."""

from __future__ import annotations

from pathlib import Path

from rdflib import Graph

from wildkg.errors import InputError


def ontology_files(ontology_dir: Path) -> list[Path]:
    """Every Turtle file of the ontology folder except the shapes, in a fixed order."""
    files = sorted(p for p in ontology_dir.glob("*.ttl") if p.name != "shapes.ttl")
    if not files:
        raise InputError(f"{ontology_dir}: no ontology files (*.ttl) found")
    return files


def load_ontology_files(files: list[Path]) -> Graph:
    graph = Graph()
    for path in files:
        try:
            graph.parse(path, format="turtle")
        except Exception as err:  # rdflib raises many types for bad Turtle
            raise InputError(f"{path}: cannot parse Turtle: {err}") from err
    return graph


def load_ontology(ontology_dir: Path) -> Graph:
    return load_ontology_files(ontology_files(ontology_dir))
