"""Issue 13, F20: data reaches the terminal table as text, never as escape sequences."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

HOSTILE = "red \x1b[31mALERT\x1b[0m \x1b]0;pwned\x07 bell\x07 \u202eevil\u202c\ttab"


@pytest.mark.parametrize("engine", ["oxigraph", "rdflib"])
def test_query_table_shows_control_characters_as_escapes(tmp_path: Path, engine: str) -> None:
    graph = tmp_path / "hostile.nt"
    literal = "".join(c if " " <= c < "\x7f" and c not in '"\\' else f"\\u{ord(c):04X}" for c in HOSTILE)
    graph.write_text(f'<http://e/s> <http://e/label> "{literal}" .\n', encoding="utf-8")
    done = subprocess.run(
        [sys.executable, "-m", "wildkg.cli", "query", "SELECT ?s ?label WHERE { ?s <http://e/label> ?label }",
         "--graph", str(graph), "--engine", engine],
        capture_output=True, text=True, timeout=120, env={"COLUMNS": "400", "PATH": "/usr/bin:/bin"},
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    for char in ("\x1b", "\x07", "\u202e", "\u202c"):
        assert char not in done.stdout
    assert "\\x1b[31mALERT\\x1b[0m" in done.stdout
    assert "\\u202eevil" in done.stdout


@pytest.mark.parametrize("engine", ["oxigraph", "rdflib"])
def test_invalid_iri_with_an_escape_is_one_clean_error_line(tmp_path: Path, engine: str) -> None:
    """An IRI holding ESC: Oxigraph refuses the file, rdflib reads it; either way the user gets
    one error line (exit 2) in which the character is shown as an escape, not sent raw."""
    graph = tmp_path / "hostile.nt"
    graph.write_text('<http://e/s\\u001b[2J> <http://e/p> "x" .\n', encoding="utf-8")
    done = subprocess.run(
        [sys.executable, "-m", "wildkg.cli", "query", "SELECT ?s WHERE { ?s ?p ?o }", "--graph", str(graph),
         "--engine", engine],
        capture_output=True, text=True, timeout=120, env={"COLUMNS": "400", "PATH": "/usr/bin:/bin"},
    )  # fmt: skip
    assert done.returncode == 2
    assert "\x1b" not in done.stderr + done.stdout
    assert "Traceback" not in done.stderr
    assert len(done.stderr.strip().splitlines()) == 1


@pytest.mark.parametrize("value", ["nan", "inf", "-1"])
def test_query_timeout_must_be_a_positive_finite_number(value: str) -> None:
    """Issue 13, F23: ``--timeout nan`` gave a traceback."""
    done = subprocess.run(
        [sys.executable, "-m", "wildkg.cli", "query", "ASK {}", "--graph", str(Path(__file__).parents[1] / "fixtures" / "serve.ttl"),
         "--timeout", value],
        capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert done.returncode == 2
    assert "--timeout must be a positive number" in done.stderr and "Traceback" not in done.stderr
