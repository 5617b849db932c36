"""The shared records compiled in worker processes (taxa split between them) give exactly the
lines of one process, and the first bad taxon in file order is the error either way."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.helpers import DATA_DIR
from wildkg.build import stream
from wildkg.build.ontology import load_ontology
from wildkg.curation.loader import load_shared
from wildkg.errors import DataError
from wildkg.project import ONTOLOGY_DIR


def test_shared_records_in_processes_equal_one_process(monkeypatch: pytest.MonkeyPatch) -> None:
    project, ontology = load_shared(DATA_DIR), load_ontology(ONTOLOGY_DIR)
    alone = stream.compile_shared(project, ontology, jobs=1)
    monkeypatch.setattr(stream, "SHARED_SPLIT", 1)
    split = stream.compile_shared(project, ontology, jobs=2)
    assert len(project.taxa) >= 4 and len(alone) > 500
    assert split == alone


def test_a_bad_taxon_is_the_same_error_in_processes(data_copy: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = data_copy / "taxa.yaml"
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    ranks = [i for i, line in enumerate(lines) if line.strip().startswith("rank:")]
    for i in (ranks[1], ranks[-1]):  # two bad taxa, in both halves: the first one is reported
        lines[i] = lines[i].replace("rank:", "kind: nonsense\n    rank:")
    path.write_text("".join(lines), encoding="utf-8")
    project, ontology = load_shared(data_copy), load_ontology(ONTOLOGY_DIR)
    with pytest.raises(DataError) as alone:
        stream.compile_shared(project, ontology, jobs=1)
    monkeypatch.setattr(stream, "SHARED_SPLIT", 1)
    with pytest.raises(DataError) as split:
        stream.compile_shared(project, ontology, jobs=2)
    assert str(split.value) == str(alone.value) and "unknown taxon kind" in str(alone.value)
