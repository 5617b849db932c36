"""The build draws its page from its sorted N-Triples lines: the same bytes as the page drawn
from the store or the Turtle, and a layout reused between builds only while nothing it
depends on changed (so a rebuild's page is a fresh build's page)."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pyoxigraph as ox
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from wildkg import project
from wildkg.build.pipeline import build
from wildkg.network.layout import LAYOUT_FILE
from wildkg.network.ntlines import index_lines, line_terms
from wildkg.network.page import write_network_page
from wildkg.network.source import open_store, store_terms
from wildkg.rdfio import read_graph

ACCOUNT = "species/moschus-leucogaster.yaml"


def _lines(ttl: Path) -> list[str]:
    """The lines as the build has them: canonical N-Triples from Oxigraph, sorted."""
    return sorted({f"{t} .\n" for t in ox.parse(path=str(ttl), format=ox.RdfFormat.TURTLE)})


def _data(page: bytes) -> dict[str, Any]:
    match = re.search(rb'<script id="wildkg-data" type="application/json">(.*?)</script>', page, re.S)
    assert match is not None
    data: dict[str, Any] = json.loads(match.group(1))
    return data


def _page(graph: object, path: Path, **kwargs: object) -> bytes:
    write_network_page(graph, path, **kwargs)  # type: ignore[arg-type]
    return path.read_bytes()


def test_lines_store_and_turtle_give_the_same_page(built_dir: Path, tmp_path: Path) -> None:
    """Byte for byte, with and without positions (a low large-graph threshold)."""
    lines = _lines(built_dir / project.TTL_NAME)
    store = open_store(built_dir / project.STORE_NAME)
    for threshold in (1000, 20):
        pages = {
            "lines": _page(index_lines(lines), tmp_path / "l.html", large_threshold=threshold),
            "store": _page(store, tmp_path / "s.html", large_threshold=threshold),
            "ttl": _page(read_graph([built_dir / project.TTL_NAME]), tmp_path / "t.html",
                         large_threshold=threshold),
        }
        assert pages["lines"] == pages["store"] == pages["ttl"]
        data = _data(pages["lines"])
        assert len(data["nodes"]) > 30 and len(data["edges"]) > 30
        assert all("x" in n for n in data["nodes"]) == (threshold == 20)


def _page_lines(lines: list[str], path: Path, state: Path | None) -> bytes:
    return _page(index_lines(lines), path, large_threshold=20, state_dir=state)


def test_layout_is_reused_only_while_nodes_and_edges_stay(built_dir: Path, tmp_path: Path) -> None:
    """A changed name keeps the saved layout (the file is not rewritten); a new edge lays the
    graph out anew. Either way the page is the page written without any saved state."""
    lines = _lines(built_dir / project.TTL_NAME)
    state = tmp_path / "state"
    first = _page_lines(lines, tmp_path / "a.html", state)
    saved = (state / LAYOUT_FILE).read_bytes()
    assert first == _page_lines(lines, tmp_path / "fresh.html", None)

    renamed = [line.replace('"Moschus leucogaster"', '"Moschus leucogaster renamed"')
               for line in lines]
    assert renamed != lines
    again = _page_lines(renamed, tmp_path / "b.html", state)
    assert (state / LAYOUT_FILE).read_bytes() == saved  # reused, not recomputed
    assert again == _page_lines(renamed, tmp_path / "fresh2.html", None)
    assert b"Moschus leucogaster renamed" in again and again != first

    deer = "<https://w3id.org/wildkg/id/taxon/moschus-leucogaster>"
    occurs = " <https://w3id.org/wildkg/ontology#occursIn> "
    triples = [line.split(" ", 3)[:3] for line in lines]
    deer_places = {o for s, p, o in triples if s == deer and f" {p} " == occurs}
    place = next(o for _, p, o in triples if f" {p} " == occurs and o not in deer_places)
    edged = sorted([*lines, f"{deer}{occurs}{place} .\n"])
    third = _page_lines(edged, tmp_path / "c.html", state)
    assert (state / LAYOUT_FILE).read_bytes() != saved
    assert third == _page_lines(edged, tmp_path / "fresh3.html", None)


def test_a_rebuild_after_an_edit_writes_a_fresh_builds_page(tmp_path: Path, data_copy: Path) -> None:
    """Through the pipeline, with its page state under out/.wildkg/page."""
    out = tmp_path / "out"
    build(data_copy, project.ONTOLOGY_DIR, out, jobs=1)
    path = data_copy / ACCOUNT
    path.write_text(path.read_text(encoding="utf-8").replace("max: 22\n", "max: 23\n"),
                    encoding="utf-8")
    build(data_copy, project.ONTOLOGY_DIR, out, jobs=1)
    fresh = tmp_path / "fresh"
    build(data_copy, project.ONTOLOGY_DIR, fresh, jobs=1, cache=False)
    page = (out / project.HTML_NAME).read_bytes()
    assert page == (fresh / project.HTML_NAME).read_bytes()
    assert page == _page(open_store(fresh / project.STORE_NAME), tmp_path / "store.html")
    assert b"23" in page


@settings(max_examples=150, deadline=None)
@given(st.text(max_size=30), st.sampled_from([None, "en", "de-ch"]))
def test_any_literal_reads_back_from_a_line_as_from_the_store(text: str, language: str | None) -> None:
    """Quotes, backslashes, newlines, control characters and non-Latin scripts."""
    s, p = ox.NamedNode("https://example.org/a"), ox.NamedNode("https://example.org/p")
    triple = ox.Triple(s, p, ox.Literal(text, language=language))
    store = ox.Store()
    store.add(ox.Quad(triple.subject, triple.predicate, triple.object))
    (from_line,) = line_terms([f"{triple} .\n"])
    (from_store,) = store_terms(store)
    assert from_line == from_store
    assert from_line[2].language == from_store[2].language  # type: ignore[union-attr]


@pytest.mark.parametrize("line", ["", "\n", "# a comment\n"])
def test_blank_and_comment_lines_are_skipped(line: str) -> None:
    assert list(line_terms([line])) == []
    assert index_lines([line]).out == {}
