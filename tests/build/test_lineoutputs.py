"""The Turtle and the page written in a forked process while the store loads
(wildkg.build.lineoutputs): the same bytes as written inline, a failure there fails the build
and publishes nothing, and a build failing elsewhere stops the process."""

from __future__ import annotations

import multiprocessing
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.helpers import DATA_DIR
from wildkg import project
from wildkg.build import lineoutputs
from wildkg.build.pipeline import BuildError, build
from wildkg.errors import InputError

pytestmark = pytest.mark.skipif("fork" not in multiprocessing.get_all_start_methods(), reason="needs fork")

#: A shape every focal species breaks: the build compiles, then fails validation.
_IMPOSSIBLE = """
shapes:EveryFocalSpeciesHasAnOrbitShape a sh:PropertyShape ;
    sh:targetClass wildkg:FocalSpecies ;
    sh:path wildkg:orbit ;
    sh:minCount 1 ;
    sh:message "wildkg:orbit: a test shape no species meets" .
"""


def _page_children() -> list[multiprocessing.process.BaseProcess]:
    return [p for p in multiprocessing.active_children() if p.name == "wildkg-outputs"]


def test_the_outputs_written_alongside_are_those_written_inline(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    inline = build(DATA_DIR, project.ONTOLOGY_DIR, tmp_path / "inline", cache=False)
    assert not inline.timings.parallel, "the shipped data is below the threshold: drawn inline"
    monkeypatch.setattr(lineoutputs, "PARALLEL_FROM", 0)
    forked = build(DATA_DIR, project.ONTOLOGY_DIR, tmp_path / "forked", cache=False)
    assert [name for name, _ in forked.timings.parallel] == [
        f"Writing {name} (in a forked process, alongside the stages above)"
        for name in (project.TTL_NAME, project.HTML_NAME)]
    for name in (project.HTML_NAME, project.TTL_NAME):
        assert (tmp_path / "forked" / name).read_bytes() == (tmp_path / "inline" / name).read_bytes()
    assert not _page_children()


def test_a_failing_page_process_fails_the_build_and_publishes_nothing(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(lines: object, version: Path, consume: bool = False, keep: bool = False) -> float:  # in the forked child
        raise InputError("the page cannot be drawn: test fault in the child")

    monkeypatch.setattr(lineoutputs, "PARALLEL_FROM", 0)
    monkeypatch.setattr(lineoutputs, "draw", broken)
    out = tmp_path / "out"
    with pytest.raises(InputError, match="test fault in the child"):
        build(DATA_DIR, project.ONTOLOGY_DIR, out, cache=False)
    assert not (out / project.HTML_NAME).exists() and not (out / project.TTL_NAME).exists()
    assert not _page_children()


def test_a_build_that_fails_validation_stops_the_page_process(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    ontology = tmp_path / "ontology"
    shutil.copytree(project.ONTOLOGY_DIR, ontology)
    with (ontology / "shapes.ttl").open("a", encoding="utf-8") as fh:
        fh.write(_IMPOSSIBLE)

    def slow(lines: object, version: Path, consume: bool = False) -> float:  # still drawing
        time.sleep(60)
        return 0.0

    monkeypatch.setattr(lineoutputs, "PARALLEL_FROM", 0)
    monkeypatch.setattr(lineoutputs, "draw", slow)
    start = time.monotonic()
    with pytest.raises(BuildError, match="wildkg:orbit"):
        build(DATA_DIR, ontology, tmp_path / "out", cache=False)
    assert time.monotonic() - start < 50, "the build waited for the page instead of stopping it"
    assert not _page_children()
    assert not (tmp_path / "out").exists()


def test_without_the_page_the_turtle_is_still_written_alongside(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    inline = build(DATA_DIR, project.ONTOLOGY_DIR, tmp_path / "inline", cache=False, html=False)
    monkeypatch.setattr(lineoutputs, "PARALLEL_FROM", 0)
    forked = build(DATA_DIR, project.ONTOLOGY_DIR, tmp_path / "forked", cache=False, html=False)
    assert [name for name, _ in forked.timings.parallel] == [
        f"Writing {project.TTL_NAME} (in a forked process, alongside the stages above)"]
    assert (tmp_path / "forked" / project.TTL_NAME).read_bytes() == \
        (tmp_path / "inline" / project.TTL_NAME).read_bytes()
    assert not (tmp_path / "forked" / project.HTML_NAME).exists()
    assert not inline.timings.parallel


#: A build whose output process is slow; it prints the child's pid once it is drawing.
_SLOW_BUILD = r"""
import sys, time
from pathlib import Path
from wildkg import project
from wildkg.build import lineoutputs
from wildkg.build.pipeline import build

def slow(lines, version, consume=False, keep=False):
    import os
    print(os.getpid(), flush=True)
    time.sleep(120)
    return 0.0

lineoutputs.PARALLEL_FROM = 0
lineoutputs.draw = slow
build(Path(sys.argv[1]), project.ONTOLOGY_DIR, Path(sys.argv[2]), cache=False)
"""


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the parent-death signal is Linux's")
def test_the_output_process_dies_with_a_killed_build(tmp_path: Path) -> None:
    """kill -9 of the build leaves no orphan writing into its version folder."""
    proc = subprocess.Popen([sys.executable, "-c", _SLOW_BUILD, str(DATA_DIR), str(tmp_path / "out")],
                            stdout=subprocess.PIPE, text=True)
    assert proc.stdout is not None
    child = int(proc.stdout.readline())
    assert _alive(child)
    proc.kill()
    proc.wait()
    deadline = time.monotonic() + 10
    while _alive(child) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not _alive(child), "the output process outlived the killed build"


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"  # a zombie has exited (its parent, init, reaps it)
