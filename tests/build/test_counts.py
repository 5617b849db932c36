"""The build's summary counts (entities per kind, facts per relation) read from the store by class
and by one SPARQL aggregate equal the plain definition: every ``rdf:type`` triple read, each
subject counted as its most specific kind, each fact node's ``rdf:predicate`` counted."""

from __future__ import annotations

import subprocess
import sys
from collections import Counter
from pathlib import Path

import pyoxigraph as ox
import pytest

from tests.helpers import REPO
from wildkg import project
from wildkg.build.pipeline import compile_lines
from wildkg.build.report import KINDS, _relation_name_store, count_kinds_store
from wildkg.namespaces import WILDKG

RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"


def by_definition(store: ox.Store) -> tuple[Counter[str], Counter[str]]:
    """Every type triple of the default graph, in Python (the slow way the counts were taken)."""
    types: dict[str, set[str]] = {}
    for q in store.quads_for_pattern(None, ox.NamedNode(RDF + "type"), None, ox.DefaultGraph()):
        types.setdefault(str(q.subject), set()).add(q.object.value)
    entities: Counter[str] = Counter()
    for classes in types.values():
        name = next((name for cls, name in KINDS if str(cls) in classes), None)
        if name not in (None, "fact"):
            entities[name] += 1
    relations: Counter[str] = Counter()
    for q in store.quads_for_pattern(None, ox.NamedNode(RDF + "predicate"), None, ox.DefaultGraph()):
        if str(WILDKG.Fact) in types.get(str(q.subject), ()):
            relations[_relation_name_store(store, q.object.value)] += 1
    return entities, relations


def store_of(lines: list[str]) -> ox.Store:
    store = ox.Store()
    store.bulk_load("".join(lines).encode(), format=ox.RdfFormat.N_TRIPLES)
    return store


def test_counts_of_the_shipped_build(built_dir: Path) -> None:
    store = ox.Store.read_only(str(built_dir / project.STORE_NAME))
    entities, relations = count_kinds_store(store)
    assert (entities, relations) == by_definition(store)
    assert entities["species (with account)"] >= 1 and sum(relations.values()) > 100


def test_a_subject_of_several_kinds_counts_once_as_the_most_specific() -> None:
    s, t = "<https://e.org/a>", f"<{RDF}type>"
    lines = [f"{s} {t} <{WILDKG.Species}> .\n", f"{s} {t} <{WILDKG.FocalSpecies}> .\n",
             f"{s} {t} <http://rs.tdwg.org/dwc/terms/Taxon> .\n", f"<https://e.org/f> {t} <{WILDKG.Fact}> .\n",
             f"<https://e.org/f> <{RDF}predicate> <https://e.org/p> .\n",
             f"<https://e.org/g> <{RDF}predicate> <https://e.org/p> .\n"]  # not a fact: not counted
    store = store_of(lines)
    entities, relations = count_kinds_store(store)
    assert entities == Counter({"species (with account)": 1})
    assert relations == Counter({_relation_name_store(store, "https://e.org/p"): 1})
    assert (entities, relations) == by_definition(store)


@pytest.mark.slow
def test_counts_agree_on_generated_accounts(tmp_path: Path) -> None:
    """200 generated species (many kinds, facts of every relation)."""
    subprocess.run([sys.executable, str(REPO / "bench" / "generate.py"), "--species", "200", "--out",
                    str(tmp_path)], check=True, capture_output=True)
    store = store_of(compile_lines(tmp_path / "curated-200" / "data", project.ONTOLOGY_DIR, None, jobs=1))
    entities, relations = count_kinds_store(store)
    assert (entities, relations) == by_definition(store)
    assert entities["species (with account)"] == 200


def test_counts_of_some_subjects_add_up_to_the_whole_store(built_dir: Path) -> None:
    """The incremental build adjusts its counts by ``count_store`` of the changed subjects:
    over every subject it must give the whole store's numbers."""
    from wildkg.build.report import count_store, count_whole_store

    store = ox.Store.read_only(str(built_dir / project.STORE_NAME))
    subjects = {q.subject for q in store.quads_for_pattern(None, None, None, ox.DefaultGraph())
                if isinstance(q.subject, (ox.NamedNode, ox.BlankNode))}
    assert count_store(store, sorted(subjects, key=str)) == count_whole_store(store)
