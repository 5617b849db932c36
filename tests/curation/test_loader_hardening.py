"""Issue 13: hostile curated YAML (F9, F15, F18, F19, F22) gets one error line naming the file
and line, fast, never a traceback; plus a hypothesis fuzz of the YAML loader."""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from wildkg.curation.loader import load_project, read_account
from wildkg.curation.yamlio import MAX_FILE_BYTES, MAX_TABLE_BYTES, read_yaml
from wildkg.errors import DataError

ACCOUNT = "species/moschus-leucogaster.yaml"


def alias_bomb(levels: int = 9, width: int = 9) -> str:
    lines = [f"b0: &a0 [{', '.join(['1'] * width)}]"]
    lines += [f"b{i}: &a{i} [{', '.join([f'*a{i - 1}'] * width)}]" for i in range(1, levels)]
    return "\n".join(lines) + "\n"


BOMB = alias_bomb()
# (case, file, text appended, message fragment)
CASES = [
    ("alias bomb in a number", ACCOUNT, BOMB + "x: {value: *a8}\n", "aliases repeat more than"),
    ("alias bomb as an id", "taxa.yaml", BOMB + "y: [{id: *a8}]\n", "aliases repeat more than"),
    ("alias bomb as a complex key", ACCOUNT, BOMB + "? *a8\n: 1\n", "aliases repeat more than"),
    ("self-referring alias", ACCOUNT, "loop: &r [1, *r]\n", "refers to a node that contains it"),
    ("complex key", ACCOUNT, "? [a, b]\n: 1\n", "a key must be plain text"),
    ("NUL byte", ACCOUNT, "summary: a\x00b\n", "U+0000 is not allowed in YAML"),
    ("escaped control character", ACCOUNT, 'z: "red \\e[31m text"\n', "control character U+001B"),
    ("NaN", ACCOUNT, "z: .nan\n", "not a finite number"),
    ("infinity", ACCOUNT, "z: -.inf\n", "not a finite number"),
    ("5,000-digit integer", ACCOUNT, "z: " + "9" * 5000 + "\n", "a number of 5000 digits"),
    ("50,000-deep nesting", ACCOUNT, "z: " + "[" * 50_000 + "]" * 50_000 + "\n", "nested more than 64"),
]


@pytest.mark.parametrize(("file", "extra", "fragment"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_hostile_yaml_is_one_error_line_fast(data_copy: Path, file: str, extra: str, fragment: str) -> None:
    """F9/F15: alias bombs took 30 s and 2.3 GB then a MemoryError; NUL, NaN, huge integers and
    deep nesting gave tracebacks. Each is now refused at once, naming the file and line."""
    path = data_copy / file
    path.write_text(path.read_text(encoding="utf-8") + extra, encoding="utf-8")
    started = time.monotonic()
    with pytest.raises(DataError) as info:
        load_project(data_copy)
    assert time.monotonic() - started < 5
    message = str(info.value)
    assert fragment in message, message
    assert Path(info.value.file) == path
    original_lines = (data_copy / file).read_text(encoding="utf-8").count("\n") - extra.count("\n")
    assert info.value.line is not None and info.value.line > original_lines  # in the added text
    assert "\n" not in message and len(message) < 500


@pytest.mark.parametrize(
    ("old", "new", "fragment"),
    [
        ("  - id: canis-lupus\n", "  - id: ../../../x\n", "cannot be an id"),
        ("  - id: canis-lupus\n", "  - id: 'x#frag?y=1'\n", "cannot be an id"),
        ("  - id: canis-lupus\n", "  - id: canis lupus\n", "cannot be an id"),
        ("  - id: canis-lupus\n", "  - id: 'a<b>\"{}\\\\'\n", "cannot be an id"),
    ],
)
def test_f18_ids_that_are_not_iri_safe_are_refused(data_copy: Path, old: str, new: str, fragment: str) -> None:
    path = data_copy / "taxa.yaml"
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    with pytest.raises(DataError) as info:
        load_project(data_copy)
    assert fragment in str(info.value)
    assert info.value.field == "id" and info.value.line is not None


@pytest.mark.parametrize("url", ["https://e.org/a b", "https://e.org/<x>", 'https://e.org/"q"', "https://e.org/{x}"])
def test_f15_urls_with_unsafe_characters_are_refused(data_copy: Path, url: str) -> None:
    path = data_copy / "sources.yaml"
    text = path.read_text(encoding="utf-8")
    old = "url: https://en.wikipedia.org/wiki/White-bellied_musk_deer"
    path.write_text(text.replace(old, f"url: '{url}'", 1), encoding="utf-8")
    with pytest.raises(DataError) as info:
        load_project(data_copy)
    assert "not a valid URL" in str(info.value) and info.value.field == "url"


def test_f19_species_file_linked_from_outside_is_refused(data_copy: Path, tmp_path: Path) -> None:
    outside = tmp_path / "elsewhere.yaml"
    outside.write_text((data_copy / ACCOUNT).read_text(encoding="utf-8").replace("moschus-leucogaster", "x"))
    (data_copy / "species" / "linked.yaml").symlink_to(outside)
    with pytest.raises(DataError, match=r"is a link to .*outside"):
        load_project(data_copy)


def test_f22_large_file_is_refused_before_parsing(data_copy: Path) -> None:
    """A 10 MB species file took 57 s (50 MB: 2 minutes, 1.6 GB); now a size limit says so."""
    path = data_copy / ACCOUNT
    path.write_text(path.read_text(encoding="utf-8") + "# " + "x" * 10_000_000 + "\n", encoding="utf-8")
    started = time.monotonic()
    with pytest.raises(DataError, match=f"more than the {MAX_FILE_BYTES} a curated file may have"):
        load_project(data_copy)
    assert time.monotonic() - started < 2


def test_a_shared_table_may_pass_the_account_limit_up_to_its_own(data_copy: Path) -> None:
    """100,000 species need a taxa table of ~18 MB: tables have their own, larger limit."""
    from wildkg.curation.loader import load_shared

    taxa = data_copy / "taxa.yaml"
    text = taxa.read_text(encoding="utf-8")
    filler = "".join(f"  - id: filler-taxon-{i}\n    scientific_name: Fillerus taxon{i}\n    rank: species\n    cite: Lead\n"
                     for i in range(40_000))
    head, sep, rest = text.partition("taxa:\n")
    assert sep, "the shipped taxa.yaml starts its list with 'taxa:'"
    taxa.write_text(head + sep + filler + rest, encoding="utf-8")
    assert MAX_FILE_BYTES < taxa.stat().st_size < MAX_TABLE_BYTES
    project = load_shared(data_copy)
    assert "filler-taxon-39999" in project.taxa and "moschus-leucogaster" in project.taxa
    with taxa.open("r+b") as fh:  # sparse: no disk used, refused before a byte is read
        fh.truncate(MAX_TABLE_BYTES + 1)
    started = time.monotonic()
    with pytest.raises(DataError, match=f"more than the {MAX_TABLE_BYTES} a shared table may have"):
        load_shared(data_copy)
    assert time.monotonic() - started < 2


def test_cli_alias_bomb_is_one_line_exit_2(tmp_path: Path, data_copy: Path) -> None:
    path = data_copy / ACCOUNT
    path.write_text(path.read_text(encoding="utf-8") + BOMB + "x: {value: *a8}\n", encoding="utf-8")
    done = subprocess.run(
        [sys.executable, "-m", "wildkg.cli", "build", "--data-dir", str(data_copy), "--out-dir",
         str(tmp_path / "out"), "--no-html"],
        capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert done.returncode == 2
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in done.stderr
    assert "moschus-leucogaster.yaml:" in lines[0] and "aliases repeat more than" in lines[0]


# --- fuzzing the loader ------------------------------------------------------------------------

FRAGMENTS = st.sampled_from(
    [
        "taxon: x\n", "range:\n", "- {place: NP, cite: Lead}\n", "  ", "- ", ": ", "? ", "&a ", "*a ", "&b [",
        "*b", "]", "[", "{", "}", ",", "'", '"', "\\", "\\e", "\\x00", ".nan", ".inf", "9" * 60, "-1e400", "!!str ",
        "!!binary ", "!!python/object:os.system ", "<<: *a\n", "\n", "#", "|\n", ">\n", "\t", "\x00", "\x1b",
        "---\n", "...\n", "%YAML 1.1\n", "measurements:\n", "  - {trait: x, value: ", "}\n", "é", "\u2028",
    ]
)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.one_of(FRAGMENTS, st.text(max_size=12)), max_size=40).map("".join))
def test_fuzzed_yaml_is_read_or_refused_in_one_line(tmp_path: Path, text: str) -> None:
    """Generated YAML: read_yaml and read_account either succeed or raise one DataError with a
    single-line message naming the file; no other exception escapes."""
    path = tmp_path / "fuzz.yaml"
    path.write_bytes(text.encode("utf-8", "surrogatepass"))
    for reader in (read_yaml, read_account):
        try:
            reader(path)
        except DataError as err:
            message = str(err)
            assert message.startswith(str(path)) and "\n" not in message.strip(), message
            assert len(message) < 2000
        except yaml.YAMLError as err:  # pragma: no cover - would be a bug
            raise AssertionError(f"YAML error escaped: {err}") from err
