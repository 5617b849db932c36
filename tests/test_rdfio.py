"""The persistent Oxigraph store the build writes (out/store): complete, atomic, read-only."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import Graph, Literal, URIRef

from wildkg.errors import InputError
from wildkg.namespaces import PREFIXES, WK
from wildkg.rdfio import open_store, write_store

TTL = """@prefix taxon: <https://w3id.org/wildkg/id/taxon/> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
taxon:a rdfs:label "first"@en .
taxon:b rdfs:label "second"@en ; rdfs:comment "ünïcode, \\"quotes\\" and <tags>" .
"""


def labels(store: ox.Store) -> set[str]:
    rows = store.query("SELECT ?l WHERE { ?s rdfs:label ?l }", prefixes=PREFIXES)
    return {row[0].value for row in rows}  # type: ignore[union-attr]


def test_store_from_turtle_holds_every_triple(tmp_path: Path) -> None:
    """Reopened read-only, the store answers with exactly the file's triples."""
    ttl = tmp_path / "g.ttl"
    ttl.write_text(TTL, encoding="utf-8")
    target = write_store(ttl, tmp_path / "store")
    store = open_store(target)
    assert len(store) == 3
    assert labels(store) == {"first", "second"}
    comment = next(iter(store.query("SELECT ?c WHERE { ?s rdfs:comment ?c }", prefixes=PREFIXES)))
    assert comment[0].value == 'ünïcode, "quotes" and <tags>'  # type: ignore[union-attr]


def test_store_from_an_rdflib_graph(tmp_path: Path) -> None:
    """The build can hand over its in-memory graph instead of a file."""
    graph = Graph()
    graph.add((URIRef(WK["taxon/x"]), URIRef(PREFIXES["rdfs"] + "label"), Literal("x", lang="en")))
    store = open_store(write_store(graph, tmp_path / "store"))
    assert labels(store) == {"x"}


def test_rewriting_replaces_the_old_store_and_leaves_no_temporaries(tmp_path: Path) -> None:
    """A second build swaps in a complete new store; nothing of the old one or the swap remains."""
    first = tmp_path / "first.ttl"
    first.write_text(TTL, encoding="utf-8")
    second = tmp_path / "second.nt"
    second.write_text(f'<{WK}taxon/z> <{PREFIXES["rdfs"]}label> "only"@en .\n', encoding="utf-8")
    write_store(first, tmp_path / "store")
    write_store(second, tmp_path / "store")
    assert labels(open_store(tmp_path / "store")) == {"only"}
    assert sorted(p.name for p in tmp_path.iterdir()) == ["first.ttl", "second.nt", "store"]


def test_a_failed_build_keeps_the_previous_store(tmp_path: Path) -> None:
    """Broken input raises a readable error and the last good store still answers."""
    good = tmp_path / "good.ttl"
    good.write_text(TTL, encoding="utf-8")
    write_store(good, tmp_path / "store")
    bad = tmp_path / "bad.ttl"
    bad.write_text("@prefix x: <http://x/> .\nx:a x:b .\n", encoding="utf-8")
    with pytest.raises(InputError, match=r"bad\.ttl: cannot parse"):
        write_store(bad, tmp_path / "store")
    assert labels(open_store(tmp_path / "store")) == {"first", "second"}
    assert sorted(p.name for p in tmp_path.iterdir()) == ["bad.ttl", "good.ttl", "store"]


def test_read_only_store_refuses_writes(tmp_path: Path) -> None:
    """Queries open the store read-only, so they can never change the build's output."""
    ttl = tmp_path / "g.ttl"
    ttl.write_text(TTL, encoding="utf-8")
    store = open_store(write_store(ttl, tmp_path / "store"))
    with pytest.raises(RuntimeError, match="read-write"):
        store.update("INSERT DATA { <http://x/a> <http://x/b> <http://x/c> }")


def test_opening_a_missing_store_says_what_to_do(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="run `wildkg build`"):
        open_store(tmp_path / "nope")


def test_the_build_writes_a_store_with_the_same_triples(built_dir: Path, built_graph: Graph) -> None:
    """The store beside out/wildkg.ttl holds the same number of triples as the Turtle."""
    store = open_store(built_dir / "store")
    assert len(store) == len(built_graph)
