"""`wildkg import` as users run it: a summary, N-Triples with -o, one error line and exit 2 on bad input."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

from rdflib import Graph

from tests.helpers import GBIF_FIXTURE, IUCN_FIXTURE, WIKIDATA_FIXTURE
from wildkg.namespaces import TAXON, WILDKG


def _wildkg(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "wildkg.cli", *args], cwd=cwd, capture_output=True, text=True,
                          env={"PATH": "/usr/bin:/bin", "COLUMNS": "200"})


def test_import_three_kinds_writes_ntriples_and_a_summary(tmp_path: Path) -> None:
    out = tmp_path / "x.nt"
    done = _wildkg("import", "iucn", str(IUCN_FIXTURE), "wikidata", str(WIKIDATA_FIXTURE), "gbif", str(GBIF_FIXTURE),
                   "-o", str(out), "--retrieved", "2026-11-30", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert "iucn: 45 statements" in done.stdout
    assert "gbif: taxonomicStatus 'doubtful'" in done.stdout  # skipped with its reason
    assert "wikidata: taxon wikidata Q99000301" in done.stdout  # unmatched, reported
    g = Graph().parse(out, format="nt")
    assert len(set(g.objects(TAXON["moschus-leucogaster"], WILDKG.gbifTaxonKey))) == 1
    again = tmp_path / "y.nt"
    _wildkg("import", "iucn", str(IUCN_FIXTURE), "wikidata", str(WIKIDATA_FIXTURE), "gbif", str(GBIF_FIXTURE),
            "-o", str(again), "--retrieved", "2026-11-30", cwd=tmp_path)
    assert again.read_bytes() == out.read_bytes()


def test_bad_input_is_one_line_exit_2_and_the_previous_output_stays(tmp_path: Path) -> None:
    folder = _countries_with(tmp_path, '"XX","Atlantis"')
    out = tmp_path / "x.nt"
    out.write_text("previous\n", encoding="utf-8")
    done = _wildkg("import", "iucn", str(folder), "-o", str(out), cwd=tmp_path)
    assert done.returncode == 2
    assert done.stderr.strip().splitlines() == [
        f"error: {folder / 'countries.csv'}:5, field 'code': unknown country code 'XX' (not ISO 3166)"]
    assert out.read_text(encoding="utf-8") == "previous\n"
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []


def test_an_unknown_kind_fails_before_reading_anything(tmp_path: Path) -> None:
    done = _wildkg("import", "inaturalist", "obs.csv", cwd=tmp_path)
    assert done.returncode == 2
    assert "'inaturalist' is not a source kind (known: cites, gbif, gbif-dwca, globi, iucn, wdpa, wikidata)" in done.stderr


def _countries_with(tmp_path: Path, new: str) -> Path:
    """A copy of the IUCN fixture whose first Nepal row has ``new`` for its code and name."""
    folder = tmp_path / "dl"
    shutil.copytree(IUCN_FIXTURE, folder)
    text = (folder / "countries.csv").read_text(encoding="utf-8").replace('"NP","Nepal"', new, 1)
    (folder / "countries.csv").write_text(text, encoding="utf-8")
    return folder


def test_control_characters_in_data_never_reach_the_terminal(tmp_path: Path) -> None:
    folder = _countries_with(tmp_path, '"\x1b[31mNP","Nepal"')
    done = _wildkg("import", "iucn", str(folder), "--skip-bad-rows", cwd=tmp_path)
    assert done.returncode == 0
    assert "\x1b" not in done.stdout
    assert "\\x1b[31mNP" in done.stdout


def test_control_characters_in_an_error_are_escaped(tmp_path: Path) -> None:
    folder = _countries_with(tmp_path, '"\x1b]0;pwned\x07","N"')
    done = _wildkg("import", "iucn", str(folder), cwd=tmp_path)
    assert done.returncode == 2
    assert "\x1b" not in done.stderr and "\x07" not in done.stderr
    assert "\\x1b]0;pwned\\x07" in done.stderr


def test_a_licence_that_is_not_an_iri_and_a_bad_date_are_refused(tmp_path: Path) -> None:
    for option, value, message in (("--licence", "CC BY 4.0", "'CC BY 4.0' cannot be an IRI"),
                                   ("--licence", "cc-by", "'cc-by' cannot be an IRI"),
                                   ("--retrieved", "Nov 2026", "retrieval date 'Nov 2026' is not a date")):
        done = _wildkg("import", "iucn", str(IUCN_FIXTURE), option, value, "-o", str(tmp_path / "x.nt"), cwd=tmp_path)
        assert done.returncode == 2
        assert len(done.stderr.strip().splitlines()) == 1 and message in done.stderr
        assert not (tmp_path / "x.nt").exists()
