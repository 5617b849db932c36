"""Export to every format and parse back to the same graph."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from rdflib import Dataset, Graph
from rdflib.compare import isomorphic

from wildkg.formats import rdf_format
from wildkg.publish.export import EXPORT_FORMATS, export_graph

RDFLIB_PARSERS = {
    "turtle": "turtle", "ntriples": "nt", "jsonld": "json-ld", "rdfxml": "xml",
    "trig": "trig", "nquads": "nquads",
}


def _parse_back(path: Path, fmt: str) -> Graph:
    if fmt in ("trig", "nquads"):
        dataset = Dataset()
        dataset.parse(path, format=RDFLIB_PARSERS[fmt])
        merged = Graph()
        for s, p, o, _ in dataset.quads((None, None, None, None)):
            merged.add((s, p, o))
        return merged
    return Graph().parse(path, format=RDFLIB_PARSERS[fmt])


@pytest.mark.parametrize("fmt", sorted(EXPORT_FORMATS))
def test_export_round_trips_to_an_isomorphic_graph(
    tmp_path: Path, built_ttl: Path, built_graph: Graph, fmt: str
) -> None:
    """Nothing is lost or changed in any format: parse the export back and compare graphs."""
    target = tmp_path / f"graph{rdf_format(fmt).extensions[0]}"
    export_graph([built_ttl], fmt, target)
    back = _parse_back(target, fmt)
    assert len(back) == len(built_graph)
    assert isomorphic(back, built_graph)


def test_export_writes_to_stdout_by_default(built_ttl: Path, built_graph: Graph) -> None:
    """`wildkg export --format ntriples` with no -o prints the graph."""
    proc = subprocess.run(
        [sys.executable, "-m", "wildkg.cli", "export", "--format", "ntriples", "--graph", str(built_ttl)],
        capture_output=True, check=True,
    )
    assert isomorphic(Graph().parse(data=proc.stdout.decode(), format="nt"), built_graph)


def test_unknown_format_is_refused(tmp_path: Path, built_ttl: Path) -> None:
    proc = subprocess.run(
        [sys.executable, "-m", "wildkg.cli", "export", "--format", "yaml", "--graph", str(built_ttl),
         "-o", str(tmp_path / "x")],
        capture_output=True, text=True,
    )
    assert proc.returncode == 2
    assert "unknown export format 'yaml'" in proc.stderr
    assert not (tmp_path / "x").exists()
