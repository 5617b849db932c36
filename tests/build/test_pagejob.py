"""The page drawn in a forked process while the store loads (wildkg.build.pagejob): the same
bytes as drawn inline, its failure fails the build, and a failed build stops it."""

from __future__ import annotations

import multiprocessing
import shutil
import time
from pathlib import Path

import pytest

from tests.helpers import DATA_DIR
from wildkg import project
from wildkg.build import pagejob
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
    return [p for p in multiprocessing.active_children() if p.name == "wildkg-page"]


def test_the_page_drawn_alongside_is_the_page_drawn_inline(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    inline = build(DATA_DIR, project.ONTOLOGY_DIR, tmp_path / "inline", cache=False)
    assert not inline.timings.parallel, "the shipped data is below the threshold: drawn inline"
    monkeypatch.setattr(pagejob, "PARALLEL_FROM", 0)
    forked = build(DATA_DIR, project.ONTOLOGY_DIR, tmp_path / "forked", cache=False)
    assert [name for name, _ in forked.timings.parallel] == [
        f"Writing {project.HTML_NAME} (in a forked process, alongside the stages above)"]
    for name in (project.HTML_NAME, project.TTL_NAME):
        assert (tmp_path / "forked" / name).read_bytes() == (tmp_path / "inline" / name).read_bytes()
    assert not _page_children()


def test_a_failing_page_process_fails_the_build_and_publishes_nothing(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(lines: object, version: Path) -> float:  # runs in the forked child
        raise InputError("the page cannot be drawn: test fault in the child")

    monkeypatch.setattr(pagejob, "PARALLEL_FROM", 0)
    monkeypatch.setattr(pagejob, "draw", broken)
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

    def slow(lines: object, version: Path) -> float:  # still drawing when validation fails
        time.sleep(60)
        return 0.0

    monkeypatch.setattr(pagejob, "PARALLEL_FROM", 0)
    monkeypatch.setattr(pagejob, "draw", slow)
    start = time.monotonic()
    with pytest.raises(BuildError, match="wildkg:orbit"):
        build(DATA_DIR, ontology, tmp_path / "out", cache=False)
    assert time.monotonic() - start < 50, "the build waited for the page instead of stopping it"
    assert not _page_children()
    assert not (tmp_path / "out").exists()
