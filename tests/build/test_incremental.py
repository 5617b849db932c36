"""Incremental and parallel builds give exactly the bytes of a fresh single-process build,
and a rebuild after editing one account recompiles that account only."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from wildkg import project
from wildkg.build import stream
from wildkg.build.pipeline import build
from wildkg.errors import DataError

ACCOUNT = "species/moschus-leucogaster.yaml"


def _edit(data: Path) -> None:
    path = data / ACCOUNT
    path.write_text(path.read_text(encoding="utf-8").replace("max: 22\n", "max: 23\n"), encoding="utf-8")


def test_rebuild_after_one_edit_recompiles_one_account(tmp_path: Path, data_copy: Path,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    out = tmp_path / "out"
    build(data_copy, project.ONTOLOGY_DIR, out, html=False, jobs=1)
    _edit(data_copy)
    compiled: list[str] = []
    real = stream.compile_account

    def counting(*args: object) -> stream.Compiled:
        result = real(*args)  # type: ignore[arg-type]
        compiled.append(result.path.name)
        return result

    monkeypatch.setattr(stream, "compile_account", counting)
    build(data_copy, project.ONTOLOGY_DIR, out, html=False, jobs=1)
    assert compiled == ["moschus-leucogaster.yaml"]
    monkeypatch.undo()
    fresh = tmp_path / "fresh"
    build(data_copy, project.ONTOLOGY_DIR, fresh, html=False, jobs=1, cache=False)
    assert (out / project.TTL_NAME).read_bytes() == (fresh / project.TTL_NAME).read_bytes()
    assert b'"23"^^' in (out / project.TTL_NAME).read_bytes() or b" 23 " in (out / project.TTL_NAME).read_bytes()


def test_pool_and_single_process_give_the_same_bytes(tmp_path: Path, data_copy: Path,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    """Worker processes (forced on the five shipped accounts) change nothing in the output."""
    monkeypatch.setattr(stream, "POOL_THRESHOLD", 1)
    monkeypatch.setattr(stream, "CHUNK", 2)
    build(data_copy, project.ONTOLOGY_DIR, tmp_path / "pool", html=False, jobs=2, cache=False)
    build(data_copy, project.ONTOLOGY_DIR, tmp_path / "one", html=False, jobs=1, cache=False)
    assert (tmp_path / "pool" / project.TTL_NAME).read_bytes() == (tmp_path / "one" / project.TTL_NAME).read_bytes()


def test_an_error_in_a_worker_names_file_line_entity_and_field(tmp_path: Path, data_copy: Path,
                                                               monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(stream, "POOL_THRESHOLD", 1)
    path = data_copy / ACCOUNT
    path.write_text(path.read_text(encoding="utf-8").replace("{place: IN-SK,", "{place: IN-XX,"), encoding="utf-8")
    with pytest.raises(DataError) as err:
        build(data_copy, project.ONTOLOGY_DIR, tmp_path / "out", html=False, jobs=2)
    e = err.value
    assert (Path(e.file).name, e.entity, e.field) == ("moschus-leucogaster.yaml", "moschus-leucogaster", "range[11].place")
    assert e.line is not None and "IN-XX" in e.message


def test_a_cache_entry_for_other_content_is_never_used(tmp_path: Path, data_copy: Path) -> None:
    """Editing an account back and forth gives each content's own triples."""
    out = tmp_path / "out"
    build(data_copy, project.ONTOLOGY_DIR, out, html=False, jobs=1)
    first = (out / project.TTL_NAME).read_bytes()
    original = (data_copy / ACCOUNT).read_bytes()
    _edit(data_copy)
    build(data_copy, project.ONTOLOGY_DIR, out, html=False, jobs=1)
    assert (out / project.TTL_NAME).read_bytes() != first
    (data_copy / ACCOUNT).write_bytes(original)
    build(data_copy, project.ONTOLOGY_DIR, out, html=False, jobs=1)
    assert (out / project.TTL_NAME).read_bytes() == first
    shutil.rmtree(out)
