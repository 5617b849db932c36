"""The incremental build (a patched copy of the published build) gives what a full build of the
same data gives: the same Turtle bytes, the same store, the same counts, the same errors."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib.namespace import RDF

from wildkg import project
from wildkg.build.pipeline import BuildResult, build
from wildkg.errors import DataError
from wildkg.namespaces import PREYS_ON, WILDKG, WK

ACCOUNT = "species/moschus-leucogaster.yaml"
TAHR = "species/hemitragus-jemlahicus.yaml"
PATCHED_PAGE = "Patching the page model (changed nodes only)"
INCREMENTAL = "Waiting for wildkg.ttl and the sorted lines (changed subjects only, spliced alongside)"


def _build(data: Path, out: Path, **kw: object) -> BuildResult:
    kw.setdefault("html", False)
    return build(data, project.ONTOLOGY_DIR, out, jobs=1, **kw)  # type: ignore[arg-type]


def _quads(store_dir: Path) -> set[str]:
    store = ox.Store.read_only(str(store_dir))
    return {str(q) for q in store}


def _stages(result: BuildResult) -> list[str]:
    return [name for name, _ in result.timings.stages]


def _same_as_full(data: Path, out: Path, result: BuildResult, tmp: Path, html: bool = False) -> None:
    fresh = tmp / "fresh"
    shutil.rmtree(fresh, ignore_errors=True)
    full = _build(data, fresh, html=html)  # with the cache: it keeps its sorted lines too
    assert INCREMENTAL not in _stages(full)
    assert (out / project.TTL_NAME).read_bytes() == (fresh / project.TTL_NAME).read_bytes()
    lines = Path(".wildkg", "current", ".build", "lines.nt")
    assert (out / lines).read_bytes() == (fresh / lines).read_bytes()
    if html:
        assert (out / project.HTML_NAME).read_bytes() == (fresh / project.HTML_NAME).read_bytes()
    assert _quads(out / project.STORE_NAME) == _quads(fresh / project.STORE_NAME)
    assert (result.triples, result.facts) == (full.triples, full.facts)
    assert (result.entities, result.relations) == (full.entities, full.relations)


def _edit(data: Path, old: str, new: str, name: str = ACCOUNT) -> None:
    path = data / name
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


@pytest.fixture
def built(tmp_path: Path, data_copy: Path) -> Path:
    out = tmp_path / "out"
    _build(data_copy, out)
    return out


def test_edits_adds_and_deletes_patch_the_last_build(tmp_path: Path, data_copy: Path) -> None:
    """A value changed, a predator added (new facts and a new subject line of the predator), an
    account added and one deleted: each rebuild takes the incremental path and equals a full
    build (Turtle, store, counts, sorted lines, and the page)."""
    built = tmp_path / "out"
    _build(data_copy, built, html=True)
    _edit(data_copy, "max: 22\n", "max: 23\n")
    result = _build(data_copy, built, html=True)
    assert INCREMENTAL in _stages(result)
    assert PATCHED_PAGE in _stages(result)  # the kept page model patched, not the page drawn again
    _same_as_full(data_copy, built, result, tmp_path, html=True)

    _edit(data_copy, "predators:\n", "predators:\n- {taxon: canis-lupus, cite: Ecology}\n",
          TAHR)
    result = _build(data_copy, built, html=True)
    assert INCREMENTAL in _stages(result) and PATCHED_PAGE in _stages(result)
    assert f"<{WK}taxon/canis-lupus> <{PREYS_ON}> <{WK}taxon/hemitragus-jemlahicus>" in _quads(built / "store")
    _same_as_full(data_copy, built, result, tmp_path, html=True)

    (data_copy / "species" / "vulpes-vulpes.yaml").write_text(
        "taxon: vulpes-vulpes\nsource: article-himalayan-tahr\nsummary: A new account.\n"
        "status: {iucn: LC, cite: Lead}\nrange:\n- {place: NP, cite: Distribution and habitat}\n",
        encoding="utf-8")
    result = _build(data_copy, built, html=True)
    assert INCREMENTAL in _stages(result)
    _same_as_full(data_copy, built, result, tmp_path, html=True)

    (data_copy / "species" / "ailurus-fulgens.yaml").unlink()
    result = _build(data_copy, built, html=True)
    assert INCREMENTAL in _stages(result)
    assert f"<{WK}taxon/ailurus-fulgens> <{RDF.type}> <{WILDKG.FocalSpecies}>" not in _quads(built / "store")
    _same_as_full(data_copy, built, result, tmp_path, html=True)


def test_renaming_a_taxon_moves_every_line(tmp_path: Path, data_copy: Path, built: Path) -> None:
    """An account re-pointed at another taxon: the old taxon loses its account's lines, the new
    one gains them (its kind changes from species to species with account)."""
    _edit(data_copy, "taxon: hemitragus-jemlahicus\n", "taxon: lynx-lynx\n", TAHR)
    result = _build(data_copy, built)
    assert INCREMENTAL in _stages(result)
    _same_as_full(data_copy, built, result, tmp_path)


def test_a_line_another_part_emits_stays_until_no_part_does(tmp_path: Path, data_copy: Path) -> None:
    """A summary equal to the taxon's description in taxa.yaml is one line emitted by two parts
    (the shared records and the account): editing the summary away keeps the line; the full
    build agrees."""
    text = "A wild goat of the high Himalaya."
    taxa = data_copy / "taxa.yaml"
    taxa.write_text(taxa.read_text(encoding="utf-8").replace(
        "  - id: hemitragus-jemlahicus\n", f"  - id: hemitragus-jemlahicus\n    description: {text}\n", 1),
        encoding="utf-8")
    _edit(data_copy, "taxon: hemitragus-jemlahicus\n", f"taxon: hemitragus-jemlahicus\nsummary: {text}\n", TAHR)
    out = tmp_path / "out"
    _build(data_copy, out)
    line = f'"{text}"@en'.encode()
    assert (out / project.TTL_NAME).read_bytes().count(line) == 1

    _edit(data_copy, f"summary: {text}", "summary: Something else.", TAHR)
    result = _build(data_copy, out)
    assert INCREMENTAL in _stages(result)
    assert (out / project.TTL_NAME).read_bytes().count(line) == 1  # the shared records still emit it
    _same_as_full(data_copy, out, result, tmp_path)

    _edit(data_copy, "summary: Something else.", f"summary: {text}", TAHR)
    result = _build(data_copy, out)
    assert INCREMENTAL in _stages(result)
    _same_as_full(data_copy, out, result, tmp_path)


def test_a_duplicate_taxon_fails_as_a_full_build_does(tmp_path: Path, data_copy: Path, built: Path) -> None:
    """The same error line as a full build, and the published outputs are unchanged."""
    before = (built / project.TTL_NAME).read_bytes()
    _edit(data_copy, "taxon: hemitragus-jemlahicus\n", "taxon: moschus-leucogaster\n",
          TAHR)
    with pytest.raises(DataError) as incremental:
        _build(data_copy, built)
    with pytest.raises(DataError) as full:
        _build(data_copy, tmp_path / "fresh", cache=False)
    assert str(incremental.value) == str(full.value)
    assert re.search(r"second account for taxon 'moschus-leucogaster'", str(incremental.value))
    assert (built / project.TTL_NAME).read_bytes() == before


def test_bad_data_in_a_changed_account_fails_as_a_full_build_does(tmp_path: Path, data_copy: Path,
                                                                   built: Path) -> None:
    before = (built / project.TTL_NAME).read_bytes()
    _edit(data_copy, "{place: IN-SK,", "{place: IN-XX,")
    with pytest.raises(DataError) as incremental:
        _build(data_copy, built)
    with pytest.raises(DataError) as full:
        _build(data_copy, tmp_path / "fresh", cache=False)
    assert str(incremental.value) == str(full.value)
    assert (built / project.TTL_NAME).read_bytes() == before


def test_unchanged_data_publishes_nothing_new(data_copy: Path, built: Path) -> None:
    """Touching a file (new mtime, same bytes) is no change: the published version stays."""
    version = (built / ".wildkg" / "current").resolve()
    (data_copy / ACCOUNT).touch()
    result = _build(data_copy, built)
    assert (built / ".wildkg" / "current").resolve() == version
    assert result.triples > 0 and INCREMENTAL not in _stages(result)


def test_a_change_to_shared_records_builds_in_full(tmp_path: Path, data_copy: Path, built: Path) -> None:
    _edit(data_copy, "names: [leopard]", "names: [leopard, common leopard]", "taxa.yaml")
    result = _build(data_copy, built)
    assert INCREMENTAL not in _stages(result)
    _same_as_full(data_copy, built, result, tmp_path)


def test_line_separators_inside_a_literal_survive_the_cache_and_the_patch(tmp_path: Path, data_copy: Path) -> None:
    """U+2028 and U+2029 (text pasted from web pages and PDFs) stay raw inside N-Triples
    literals: a line split at them would break the cached lines and the incremental diff."""
    out = tmp_path / "out"
    _edit(data_copy, "taxon: hemitragus-jemlahicus\n", 'taxon: hemitragus-jemlahicus\nsummary: "one\\Ltwo\\Pthree"\n',
          TAHR)  # YAML's escapes of U+2028 and U+2029 (raw, YAML reads them as line breaks)
    _build(data_copy, out)
    _edit(data_copy, "one\\Ltwo", "one\\LTWO", TAHR)
    result = _build(data_copy, out)  # the old lines come from the cache
    assert INCREMENTAL in _stages(result)
    _same_as_full(data_copy, out, result, tmp_path)
    assert "one\u2028TWO\u2029three" in (out / project.TTL_NAME).read_text(encoding="utf-8")
    shutil.rmtree(out / ".wildkg" / "versions")  # no manifest: a full build, every account from the cache
    (out / ".wildkg" / "current").unlink()
    result = _build(data_copy, out)
    assert INCREMENTAL not in _stages(result)
    _same_as_full(data_copy, out, result, tmp_path)


def test_the_page_switched_on_or_off_takes_the_incremental_path(tmp_path: Path, data_copy: Path) -> None:
    """The page is drawn from the kept sorted lines, so turning it on needs no full build;
    turning it off removes its link (an older page is never left behind)."""
    out = tmp_path / "out"
    _build(data_copy, out)
    result = _build(data_copy, out, html=True)  # no data change, but the page is wanted now
    assert INCREMENTAL in _stages(result)
    _same_as_full(data_copy, out, result, tmp_path, html=True)
    _edit(data_copy, "max: 22\n", "max: 23\n")
    result = _build(data_copy, out)
    assert INCREMENTAL in _stages(result)
    assert not (out / project.HTML_NAME).exists()
    _same_as_full(data_copy, out, result, tmp_path)
