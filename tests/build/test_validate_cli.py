"""`wildkg validate`: exit 0 conformant, 1 not, 2 error, with a readable report."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from rdflib import Graph

from wildkg.namespaces import DWC, WK


def _validate(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "wildkg.cli", "validate", *args],
                          capture_output=True, text=True)


def test_built_graph_conforms(built_ttl: Path) -> None:
    proc = _validate(str(built_ttl))
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "Conforms" in proc.stdout


def test_removing_the_scientific_name_is_reported(tmp_path: Path, built_graph: Graph) -> None:
    """The Done-when check: drop the species' scientific name and validation exits 1, naming it."""
    broken = Graph()
    broken += built_graph
    broken.remove((WK["taxon/moschus-leucogaster"], DWC.scientificName, None))
    path = tmp_path / "broken.ttl"
    broken.serialize(path, format="turtle")
    proc = _validate(str(path))
    assert proc.returncode == 1
    assert "Does not conform" in proc.stdout
    out = " ".join(proc.stdout.split())
    assert "white-bellied musk deer" in out
    assert "dwc:scientificName" in out


def test_unreadable_file_exits_2(tmp_path: Path) -> None:
    bad = tmp_path / "bad.ttl"
    bad.write_text("@prefix : <urn:x#> .\n:a :b ", encoding="utf-8")
    proc = _validate(str(bad))
    assert proc.returncode == 2
    assert "bad.ttl" in proc.stderr
    assert "Traceback" not in proc.stderr
