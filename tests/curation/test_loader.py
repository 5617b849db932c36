"""Every kind of bad input gets one clear message naming the file, entity, field and line."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

from wildkg import project
from wildkg.build.pipeline import build
from wildkg.errors import DataError

ACCOUNT = "species/moschus-leucogaster.yaml"

# (case, file, old text, new text, entity, field, message fragment)
CASES = [
    ("yaml syntax error", ACCOUNT, "status:\n  iucn: EN", "status:\n  iucn: [EN", None, None,
     "YAML syntax error"),
    ("unknown place", ACCOUNT, "{place: IN-SK,", "{place: IN-XX,", "moschus-leucogaster", "range[11].place",
     "unknown place 'IN-XX'"),
    ("unknown taxon", ACCOUNT, "{taxon: lynx-lynx,", "{taxon: lynx-lynxx,", "moschus-leucogaster",
     "predators[2].taxon", "unknown taxon 'lynx-lynxx'"),
    ("unknown IUCN category", ACCOUNT, "iucn: EN", "iucn: XX", "moschus-leucogaster", "status.iucn",
     "unknown redlist code 'XX'"),
    ("unknown IUCN threat", ACCOUNT, 'iucn: "5.1.1"', 'iucn: "5.9.9"', "moschus-leucogaster",
     "threats[0].iucn", "unknown threat code '5.9.9'"),
    ("duplicate entity", "taxa.yaml", "  - id: canis-lupus\n", "  - id: vulpes-vulpes\n", "vulpes-vulpes",
     "id", "duplicate taxon id 'vulpes-vulpes'"),
    ("number of the wrong type", ACCOUNT, "    max: 22\n", "    max: twenty-two\n",
     "moschus-leucogaster", "measurements[2].max", "expected a number, got str"),
    ("negative number", ACCOUNT, "    max: 22\n", "    max: -22\n", "moschus-leucogaster",
     "measurements[2].max", "must not be negative"),
    ("text where a list belongs", "taxa.yaml", "names: [leopard]", "names: {a: leopard}", "panthera-pardus",
     "names", "expected a list"),
    ("unknown field", ACCOUNT, "{place: NP, cite: Lead}", "{place: NP, kite: Lead}",
     "moschus-leucogaster", "range[1].kite", "unknown field"),
    ("fact without a source", ACCOUNT, "{place: NP, cite: Lead}", "{place: NP}",
     "moschus-leucogaster", "range[1].cite", "needs a `cite:`"),
    ("unknown section", ACCOUNT, "{place: NP, cite: Lead}", "{place: NP, cite: Leed}",
     "moschus-leucogaster", "range[1].cite", "has no section 'Leed'"),
    ("unknown source", "places.yaml", "cite: wikipedia-white-bellied-musk-deer#Lead",
     "cite: encyclopaedia#Lead", "himalayas", "cite", "unknown source 'encyclopaedia'"),
    ("wrong ISO code", "places.yaml", "  - {id: PK,", "  - {id: QQ, kind: country, label: Q, cite: ISO 3166-1}\n"
     "  - {id: PK,", "QQ", "id", "not an ISO 3166-1"),
    ("subdivision in the wrong country", "places.yaml", "{id: IN-SK, kind: subdivision, label: Sikkim, part_of: IN",
     "{id: IN-SK, kind: subdivision, label: Sikkim, part_of: NP", "IN-SK", "part_of", "ISO 3166-2 puts IN-SK in IN"),
    ("duplicate key", ACCOUNT, "  iucn: EN\n", "  iucn: EN\n  iucn: VU\n", None, "iucn", "appears twice"),
    ("min above max", ACCOUNT, "    min: 16\n    max: 24\n", "    min: 26\n    max: 24\n",
     "moschus-leucogaster", "measurements[5].max", "below min"),
    ("unknown unit", ACCOUNT, "unit: ha", "unit: acres", "moschus-leucogaster", "measurements[2].unit",
     "unknown unit 'acres'"),
]


@pytest.mark.parametrize(
    ("file", "old", "new", "entity", "field", "fragment"),
    [c[1:] for c in CASES],
    ids=[c[0] for c in CASES],
)
def test_bad_input_is_reported_precisely(
    tmp_path: Path, data_copy: Path, file: str, old: str, new: str,
    entity: str | None, field: str | None, fragment: str,
) -> None:
    """The message names the file and line, the entity and the field; nothing is written."""
    path = data_copy / file
    text = path.read_text(encoding="utf-8")
    assert old in text, f"fixture drifted: {old!r}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    first_line = text.split(old, 1)[0].count("\n") + 1  # where the edit starts
    last_line = first_line + new.rstrip("\n").count("\n")
    with pytest.raises(DataError) as info:
        build(data_copy, project.ONTOLOGY_DIR, tmp_path / "out", html=False)
    err = info.value
    message = str(err)
    assert Path(err.file).name == Path(file).name
    assert fragment in message
    if entity:
        assert err.entity == entity
    if field:
        assert err.field == field
    assert err.line is not None
    assert first_line <= err.line <= last_line + 1, (err.line, first_line, last_line, message)
    assert not (tmp_path / "out" / project.TTL_NAME).exists()


def test_cli_reports_bad_data_in_one_line_without_traceback(tmp_path: Path, data_copy: Path) -> None:
    """What a curator sees: exit 2, one `error:` line with file:line, entity and field, no traceback."""
    path = data_copy / ACCOUNT
    path.write_text(path.read_text(encoding="utf-8").replace("{place: IN-SK,", "{place: IN-XX,"), encoding="utf-8")
    proc = subprocess.run(
        [sys.executable, "-m", "wildkg.cli", "build", "--data-dir", str(data_copy), "--out-dir",
         str(tmp_path / "out"), "--no-html"],
        capture_output=True, text=True, cwd=tmp_path,
    )
    assert proc.returncode == 2
    assert "Traceback" not in proc.stderr
    assert re.search(r"moschus-leucogaster\.yaml:\d+, entity 'moschus-leucogaster', field 'range\[11\]\.place': "
                     r"unknown place 'IN-XX'", " ".join(proc.stderr.split())), proc.stderr
    assert not (tmp_path / "out").exists()


def test_missing_data_file_is_named(tmp_path: Path, data_copy: Path) -> None:
    (data_copy / "places.yaml").unlink()
    with pytest.raises(DataError, match=r"places\.yaml: required data file is missing"):
        build(data_copy, project.ONTOLOGY_DIR, tmp_path / "out", html=False)
