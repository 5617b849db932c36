"""The build's summary counts, read from its N-Triples lines (fast), equal the counts read from
the store quad by quad (the reference implementation), on the shipped build and on generated data
with literals that look like triples."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pyoxigraph as ox
import pytest

from tests.helpers import REPO
from wildkg import project
from wildkg.build.pipeline import compile_lines
from wildkg.build.report import count_kinds, count_kinds_store
from wildkg.namespaces import WILDKG

RDF_TYPE = "<http://www.w3.org/1999/02/22-rdf-syntax-ns#type>"


def store_of(lines: list[str]) -> ox.Store:
    store = ox.Store()
    store.bulk_load("".join(lines).encode(), format=ox.RdfFormat.N_TRIPLES)
    return store


def test_counts_from_lines_equal_counts_from_the_store(built_dir: Path) -> None:
    store = ox.Store.read_only(str(built_dir / project.STORE_NAME))
    lines = sorted({f"{q.subject} {q.predicate} {q.object} .\n"
                    for q in store.quads_for_pattern(None, None, None, ox.DefaultGraph())})
    entities, relations = count_kinds(lines, store)
    assert (entities, relations) == count_kinds_store(store)
    assert entities["species (with account)"] >= 1 and sum(relations.values()) > 100


def test_a_literal_that_reads_like_a_type_triple_is_not_counted() -> None:
    lines = [
        f'<https://e.org/a> {RDF_TYPE} <{WILDKG.FocalSpecies}> .\n',
        f'<https://e.org/b> <http://purl.org/dc/terms/description> "x {RDF_TYPE} <{WILDKG.Country}> ." .\n',
        f'<https://e.org/c> <http://purl.org/dc/terms/description> "<https://e.org/d> {RDF_TYPE} <x> ." .\n',
    ]
    store = store_of(lines)
    assert count_kinds(lines, store) == count_kinds_store(store)
    assert count_kinds(lines, store)[0]["species (with account)"] == 1


@pytest.mark.slow
def test_counts_agree_on_generated_accounts(tmp_path: Path) -> None:
    """200 generated species (many kinds, facts of every relation)."""
    subprocess.run([sys.executable, str(REPO / "bench" / "generate.py"), "--species", "200", "--out",
                    str(tmp_path)], check=True, capture_output=True)
    lines = compile_lines(tmp_path / "curated-200" / "data", project.ONTOLOGY_DIR, None, jobs=1)
    store = store_of(lines)
    entities, relations = count_kinds(lines, store)
    assert (entities, relations) == count_kinds_store(store)
    assert entities["species (with account)"] == 200
