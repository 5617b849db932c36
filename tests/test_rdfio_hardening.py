"""Issue 13, F10 and F13: reading RDF input never expands entities without bound and never
fetches a URL, whichever command reads it; F23: an empty file does not "conform"."""

from __future__ import annotations

import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.serve.test_serve_hardening import Listener


def wildkg(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "wildkg.cli", *args], capture_output=True, text=True, timeout=120
    )


def entity_bomb(levels: int) -> str:
    """A ~1 KB RDF/XML file whose literal expands to 48 × 10^levels characters."""
    entities = ['<!ENTITY e0 "hahahahahahahahahahahahahahahahahahahahahahahaha">']
    entities += [f'<!ENTITY e{i} "' + f"&e{i - 1};" * 10 + '">' for i in range(1, levels + 1)]
    return (
        '<?xml version="1.0"?>\n<!DOCTYPE rdf:RDF [\n' + "\n".join(entities) + "\n]>\n"
        '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns:ex="http://e/">'
        f'<rdf:Description rdf:about="http://e/s"><ex:p>&e{levels};</ex:p></rdf:Description></rdf:RDF>\n'
    )


def commands(path: Path, tmp_path: Path) -> list[tuple[str, ...]]:
    return [
        ("validate", str(path)),
        ("query", "SELECT * WHERE { ?s ?p ?o }", "--graph", str(path)),
        ("query", "SELECT * WHERE { ?s ?p ?o }", "--graph", str(path), "--engine", "rdflib"),
        ("export", "--graph", str(path), "-o", str(tmp_path / "out.nt"), "--format", "ntriples"),
        ("push", "--endpoint", "http://127.0.0.1:9/store", "--no-verify", "--input", str(path)),
    ]


@pytest.fixture(scope="module")
def listener() -> Iterator[Listener]:
    server = Listener()
    yield server
    server.close()


@pytest.mark.parametrize("levels", [5, 9])
def test_f10_rdf_xml_entity_bomb_is_refused_at_once(tmp_path: Path, levels: int) -> None:
    """5 nested entities in a 1 KB file took 59 s in ``query --graph`` and ``validate``; 9
    would be 48 GB. Entity declarations are refused by expat before anything expands."""
    bomb = tmp_path / "bomb.rdf"
    bomb.write_text(entity_bomb(levels))
    for args in commands(bomb, tmp_path):
        started = time.monotonic()
        done = wildkg(*args)
        assert done.returncode == 2, (args, done.stdout[-300:], done.stderr[-300:])
        assert f"{bomb}:3: declares the XML entity 'e0'" in done.stderr, (args, done.stderr)
        assert len(done.stderr.strip().splitlines()) == 1
        assert time.monotonic() - started < 20


def test_f10_serve_refuses_the_bomb_too(tmp_path: Path) -> None:
    bomb = tmp_path / "bomb.owl"
    bomb.write_text(entity_bomb(9))
    done = subprocess.run(
        [sys.executable, "-m", "wildkg.cli", "serve", "--graph", str(bomb), "--port", "9", "--workers", "1"],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 2
    assert "declares the XML entity" in done.stderr
    assert "Traceback" not in done.stderr


def test_f13_remote_jsonld_context_is_never_fetched(tmp_path: Path, listener: Listener) -> None:
    """A JSON-LD file with a remote @context made validate, query --graph and export fetch it."""
    doc = tmp_path / "remote.jsonld"
    context = listener.url.replace("/sparql", "/context.jsonld")
    doc.write_text(
        '{"@context": ["' + context + '", {"ex": "http://e/"}], "@id": "http://e/s", "ex:name": "x"}'
    )
    for args in commands(doc, tmp_path):
        done = wildkg(*args)
        assert done.returncode == 2, (args, done.stderr)
        assert f"the JSON-LD @context '{context}'" in done.stderr
        assert "does not fetch" in done.stderr
    assert listener.hits == []


def test_f13_inline_jsonld_context_still_reads(tmp_path: Path) -> None:
    doc = tmp_path / "inline.jsonld"
    doc.write_text('{"@context": {"ex": "http://e/"}, "@id": "http://e/s", "ex:name": "x"}')
    done = wildkg("query", "SELECT ?n WHERE { <http://e/s> <http://e/name> ?n }", "--graph", str(doc), "-f", "tsv")
    assert done.returncode == 0, done.stderr
    assert '"x"' in done.stdout


@pytest.mark.parametrize("content", ["", "# only a comment\n", "@prefix ex: <http://e/> .\n"])
def test_f23_validate_of_an_empty_graph_is_an_error_not_conforms(tmp_path: Path, content: str) -> None:
    empty = tmp_path / "empty.ttl"
    empty.write_text(content)
    done = wildkg("validate", str(empty))
    assert done.returncode == 2
    assert "holds no triples" in done.stderr
    assert "Conforms" not in done.stdout
