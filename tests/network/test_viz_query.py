"""``wildkg viz --query``: prefixes bound, and a syntax error names the line of the user's file."""

from __future__ import annotations

import re
from pathlib import Path

from typer.testing import CliRunner

from tests.helpers import NETWORK_FIXTURE
from wildkg.cli import app


def test_a_syntax_error_names_the_users_own_line(tmp_path: Path) -> None:
    query = tmp_path / "bad.rq"
    query.write_text("CONSTRUCT { ?s ?p ?o }\nWHERE { ?s ?p ?o . ) }\n", encoding="utf-8")
    result = CliRunner().invoke(app, ["viz", "--graph", str(NETWORK_FIXTURE), "--query", str(query),
                                      "-o", str(tmp_path / "x.html")])
    assert result.exit_code == 2
    found = re.search(r"error at (\d+):", " ".join(result.output.split()))
    assert found is not None
    # a two-line file (Oxigraph may point at the end of it); the prefixes once added 26 lines
    assert 2 <= int(found.group(1)) <= 3
    assert not (tmp_path / "x.html").exists()


def test_project_prefixes_are_bound(tmp_path: Path) -> None:
    query = tmp_path / "prey.rq"
    query.write_text("CONSTRUCT { ?s obo:RO_0002458 ?o } WHERE { ?s obo:RO_0002458 ?o }\n", encoding="utf-8")
    out = tmp_path / "x.html"
    result = CliRunner().invoke(app, ["viz", "--graph", str(NETWORK_FIXTURE), "--query", str(query), "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert out.is_file()
