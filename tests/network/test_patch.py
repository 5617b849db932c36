"""A patched page model is the one drawn from the whole graph: after random edits of the shipped
graph (lines removed, added, changed; entities and facts deleted; facts and sources added),
chained as consecutive rebuilds are, the page data of :func:`wildkg.network.patch.patch` equals
that of :func:`wildkg.network.model.extract` of the edited graph, byte for byte."""

from __future__ import annotations

import random
from pathlib import Path

import orjson
import pyoxigraph as ox
import pytest

from tests.helpers import DATA_DIR
from wildkg import project
from wildkg.build.pipeline import compile_merged
from wildkg.network import patch as pt
from wildkg.network.model import extract
from wildkg.network.netdata import Lit, NetworkData
from wildkg.network.ntlines import index_lines, line_terms
from wildkg.network.page import page_data

WK = "https://w3id.org/wildkg/id/"
ONT = "https://w3id.org/wildkg/ontology#"
RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
LABEL = "http://www.w3.org/2000/01/rdf-schema#label"
TITLE = "http://purl.org/dc/terms/title"
PROV_DERIVED = "http://www.w3.org/ns/prov#wasDerivedFrom"


@pytest.fixture(scope="module")
def shipped_lines() -> list[str]:
    return list(compile_merged(DATA_DIR, project.ONTOLOGY_DIR, None, jobs=1).lines)


def _store(lines: list[str]) -> ox.Store:
    store = ox.Store()
    store.load("".join(lines).encode("utf-8"), format=ox.RdfFormat.N_TRIPLES)
    return store


def _page(net: NetworkData) -> bytes:
    return orjson.dumps(page_data(net, title="t"))


def _line(s: str, p: str, o: str) -> str:
    return f"<{s}> <{p}> {o} .\n"


def _edit(lines: list[str], rng: random.Random) -> tuple[list[str], list[str]]:
    """One random edit of the kinds an account's edit makes: (removed, added) lines."""
    triples = list(zip(lines, line_terms(lines), strict=True))
    subjects = sorted({s for _, (s, _, _) in triples if not s.startswith("_:")})
    facts = sorted({s for _, (s, p, o) in triples if p == RDF + "type" and o == ONT + "Fact"})
    sections = sorted({o for _, (_, p, o) in triples if p == PROV_DERIVED})
    kind = rng.randrange(10)
    if kind == 0:  # a line goes
        return [rng.choice(lines)], []
    if kind == 1:  # an entity or a fact goes, with all it says
        gone = rng.choice(facts if rng.random() < 0.5 else subjects)
        return [line for line, (s, _, _) in triples if s == gone], []
    if kind == 2:  # a literal changes
        line, (s, p, o) = rng.choice([t for t in triples if isinstance(t[1][2], Lit)])
        tag = f"@{o.language}" if isinstance(o, Lit) and o.language else ""
        return [line], [_line(s, p, f'"edited {rng.randrange(100)}"{tag}')]
    if kind == 3:  # a triple made of the graph's own terms: a subject, a predicate, an object
        predicate = rng.choice(triples)[1][1]
        obj = rng.choice(lines).split(" ", 2)[2][:-3]
        return [], [_line(rng.choice(subjects), predicate, obj)]
    if kind == 4:  # a new fact, from an existing or a new source section
        _, (s, p, o) = rng.choice([t for t in triples if t[1][1].startswith(ONT) and not isinstance(t[1][2], Lit)
                                   and not t[1][2].startswith("_:") and t[1][1] != ONT + "hasMeasurement"])
        fact = f"{WK}fact/test-{rng.randrange(10**6)}"
        added = [_line(fact, RDF + "type", f"<{ONT}Fact>"), _line(fact, RDF + "subject", f"<{s}>"),
                 _line(fact, RDF + "predicate", f"<{p}>"), _line(fact, RDF + "object", f"<{o}>"),
                 _line(s, p, f"<{o}>")]
        if rng.random() < 0.5 and sections:
            added.append(_line(fact, PROV_DERIVED, f"<{rng.choice(sections)}>"))
        else:
            section = f"{WK}source/test-{rng.randrange(10**6)}#s"
            added += [_line(fact, PROV_DERIVED, f"<{section}>"), _line(section, RDF + "type", f"<{ONT}SourceSection>"),
                      _line(section, "http://purl.org/dc/terms/title", '"A new section"')]
        return [], [line for line in added if line not in set(lines)]
    if kind == 5:  # an edge between entities goes (a predator, a range place, a threat)
        return [rng.choice([line for line, (s, p, o) in triples if p.startswith(ONT) and not isinstance(o, Lit)
                            and o.startswith(WK) and "/fact/" not in s])], []
    if kind == 6:  # a new species: a copy of one, with the facts about it
        taxon = rng.choice([s for s in subjects if "/taxon/" in s])
        copy = f"{taxon}-copy{rng.randrange(10**6)}"
        about = {s for _, (s, p, o) in triples if p == RDF + "subject" and o == taxon}
        return [], [line.replace(f"<{taxon}>", f"<{copy}>").replace("/fact/", "/fact/copy-" + copy[-6:])
                    for line, (s, _, _) in triples if s == taxon or s in about]
    if kind == 7:  # something pointed at gets a type (a link or an undrawn term becomes a node)
        pointed = sorted({o for _, (_, _, o) in triples if not isinstance(o, Lit) and not o.startswith("_:")})
        undescribed = [o for o in pointed if o not in set(subjects)]
        target = rng.choice(undescribed if undescribed and rng.random() < 0.7 else pointed)
        return [], [_line(target, RDF + "type", f"<{ONT}Place>"), _line(target, LABEL, '"Somewhere"')]
    if kind == 8:  # a source document or a publisher is renamed
        line, (s, p, o) = rng.choice([t for t in triples if t[1][1] in (TITLE, LABEL) and "/source/" in t[1][0]]
                                     or triples)
        return [line], [_line(s, p, f'"Renamed {rng.randrange(100)}"')]
    gone = rng.choice(facts)  # a fact changes its source
    return ([line for line, (s, p, _) in triples if s == gone and p == PROV_DERIVED],
            [_line(gone, PROV_DERIVED, f"<{rng.choice(sections)}>")])


@pytest.mark.parametrize("seed", range(4))
def test_a_patched_page_is_the_page_drawn_from_the_whole_graph(shipped_lines: list[str], seed: int) -> None:
    rng = random.Random(seed)
    lines = sorted(set(shipped_lines))
    net = extract(index_lines(lines))
    store = _store(lines)
    patched = 0
    for _ in range(12):
        removed: list[str] = []
        added: list[str] = []
        for _ in range(rng.randrange(1, 3)):
            r, a = _edit(lines, rng)
            removed += [x for x in r if x not in removed]
            added += [x for x in a if x not in added and x not in removed]
        removed = sorted(set(removed) & set(lines))
        added = sorted(set(added) - set(lines))
        new_lines = sorted((set(lines) - set(removed)) | set(added))
        new_store = _store(new_lines)
        expected = extract(index_lines(new_lines))
        got = pt.patch(net, store, new_store, removed, added)
        if got is not None:
            patched += 1
            assert _page(got) == _page(expected), (removed, added)
        lines, store = new_lines, new_store
        net = got if got is not None else expected
    assert patched >= 8  # most edits of an account are patched, not drawn again


def test_the_kept_model_loads_back_and_a_foreign_file_is_ignored(shipped_lines: list[str], tmp_path: Path) -> None:
    net = extract(index_lines(sorted(set(shipped_lines))))
    pt.save(net, tmp_path / "page.pickle")
    again = pt.load(tmp_path / "page.pickle")
    assert again is not None and _page(again) == _page(net)
    (tmp_path / "other").write_bytes(b"not a pickle")
    assert pt.load(tmp_path / "other") is None
    assert pt.load(tmp_path / "missing") is None


_SMALL = """
@prefix wildkg: <https://w3id.org/wildkg/ontology#> .
@prefix taxon: <https://w3id.org/wildkg/id/taxon/> .
@prefix dwc: <http://rs.tdwg.org/dwc/terms/> .
@prefix redlist: <https://w3id.org/wildkg/scheme/iucn-redlist/> .
taxon:a a dwc:Taxon ; dwc:scientificName "Aus aus" ; wildkg:preysOn <http://example.org/x> ;
    wildkg:hasRedListCategory redlist:EN .
taxon:b a dwc:Taxon ; dwc:scientificName "Bus bus" ; wildkg:preysOn taxon:a .
"""


def _lines(turtle: str) -> list[str]:
    triples = ox.parse(turtle.encode("utf-8"), format=ox.RdfFormat.TURTLE)
    return sorted({f"{t.subject} {t.predicate} {t.object} .\n" for t in triples})


@pytest.mark.parametrize(("removed", "added"), [
    # an undescribed object becomes a place: the edge to it, from a node whose triples did not change
    ([], ["<http://example.org/x> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> "
          "<https://w3id.org/wildkg/ontology#Place> .\n"]),
    # the only use of a concept goes: the concept is no longer drawn
    (["<https://w3id.org/wildkg/id/taxon/a> <https://w3id.org/wildkg/ontology#hasRedListCategory> "
      "<https://w3id.org/wildkg/scheme/iucn-redlist/EN> .\n"], []),
    # a species is deleted: the edge of its predator goes
    ([line for line in _lines(_SMALL) if line.startswith("<https://w3id.org/wildkg/id/taxon/a>")], []),
])
def test_nodes_pointing_at_a_change_and_concepts_it_stops_using_are_redrawn(removed: list[str],
                                                                            added: list[str]) -> None:
    before = _lines(_SMALL)
    after = sorted((set(before) - set(removed)) | set(added))
    assert set(removed) <= set(before)
    old, new = extract(index_lines(before)), extract(index_lines(after))
    assert _page(old) != _page(new)
    got = pt.patch(old, _store(before), _store(after), removed, added)
    assert got is not None and _page(got) == _page(new)
