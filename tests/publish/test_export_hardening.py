"""Issue 13, F5: ``export -o`` and ``viz -o`` replaced symlinks, FIFOs and device files with
regular files. Writes go through a symlink to its target; other non-regular targets are refused."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from rdflib import Graph
from rdflib.compare import isomorphic

from tests.helpers import SERVE_FIXTURE


def wildkg(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "wildkg.cli", *args], capture_output=True, text=True, timeout=120
    )


def command(kind: str, target: Path) -> tuple[str, ...]:
    if kind == "export":
        return ("export", "--graph", str(SERVE_FIXTURE), "-o", str(target))
    return ("viz", "--graph", str(SERVE_FIXTURE), "-o", str(target))


@pytest.mark.parametrize("kind", ["export", "viz"])
def test_f5_output_through_a_symlink_writes_its_target(tmp_path: Path, kind: str) -> None:
    real = tmp_path / "real" / "graph.out"
    real.parent.mkdir()
    real.write_text("old\n")
    link = tmp_path / "link.out"
    link.symlink_to(real)
    done = wildkg(*command(kind, link))
    assert done.returncode == 0, done.stderr
    assert link.is_symlink() and link.readlink() == real
    assert real.read_text() != "old\n"
    if kind == "export":
        assert isomorphic(Graph().parse(real, format="turtle"), Graph().parse(SERVE_FIXTURE))
    else:
        assert "<html" in real.read_text().lower()


@pytest.mark.parametrize("kind", ["export", "viz"])
@pytest.mark.parametrize("target", ["fifo", "device", "folder"])
def test_f5_non_regular_outputs_are_refused(tmp_path: Path, kind: str, target: str) -> None:
    """A FIFO, a device (reached through a symlink to /dev/null) or a folder stays what it
    was; the command exits 2 with one line naming the path."""
    path = tmp_path / "out"
    if target == "fifo":
        os.mkfifo(path)
    elif target == "device":
        path.symlink_to("/dev/null")
    else:
        path.mkdir()
    done = wildkg(*command(kind, path))
    assert done.returncode == 2, done.stdout
    assert "not a regular file" in done.stderr and str(path) in done.stderr
    assert len(done.stderr.strip().splitlines()) == 1
    if target == "fifo":
        assert path.is_fifo()
    elif target == "device":
        assert path.is_symlink() and Path("/dev/null").is_char_device()
    else:
        assert path.is_dir()
    assert [p.name for p in tmp_path.iterdir()] == ["out"]  # no temporary file left behind


def test_f23_rdf_xml_export_with_a_predicate_without_an_xml_name_is_refused(tmp_path: Path) -> None:
    """Oxigraph wrote ``<oxprefix:>`` for ``<http://e/1>``: broken XML. Now one error line."""
    source = tmp_path / "odd.nt"
    source.write_text('<http://e/s> <http://e/1> "x" .\n')
    target = tmp_path / "odd.rdf"
    done = wildkg("export", "--graph", str(source), "--format", "rdfxml", "-o", str(target))
    assert done.returncode == 2
    assert "cannot be written as RDF/XML" in done.stderr
    assert not target.exists()
    fine = wildkg("export", "--graph", str(SERVE_FIXTURE), "--format", "rdfxml", "-o", str(target))
    assert fine.returncode == 0, fine.stderr
    assert isomorphic(Graph().parse(target, format="xml"), Graph().parse(SERVE_FIXTURE))
