"""Statement identity: a node per (triple, source, qualifiers), and N-Triples terms that parse back."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
from hypothesis import given, settings
from hypothesis import strategies as st

from wildkg.provenance import IriError, Statement, iri, literal, statement_node
from wildkg.sources.writer import SortedNTriplesWriter

S, P, OBJ = "<https://w3id.org/wildkg/id/taxon/a>", "<https://w3id.org/wildkg/ontology#occursIn>", "<https://w3id.org/wildkg/id/place/NP>"
WIKI, IUCN = "<https://w3id.org/wildkg/id/source/w/lead>", "<https://w3id.org/wildkg/id/source/iucn/assessment/1>"
PART = ("<https://w3id.org/wildkg/ontology#rangePart>", '"northern"@en')


def test_two_sources_of_one_triple_are_two_statements() -> None:
    """The same triple from two sources: two nodes, so one source's qualifier is never the other's."""
    assert statement_node(S, P, OBJ, WIKI) != statement_node(S, P, OBJ, IUCN)
    assert statement_node(S, P, OBJ, WIKI, [PART]) != statement_node(S, P, OBJ, WIKI)


def test_statement_identity_is_deterministic_and_ignores_qualifier_order() -> None:
    q2 = ("<https://w3id.org/wildkg/ontology#scope>", '"x"')
    assert statement_node(S, P, OBJ, WIKI, [PART, q2]) == statement_node(S, P, OBJ, WIKI, [q2, PART])
    assert statement_node(S, P, OBJ, WIKI) == "<https://w3id.org/wildkg/id/fact/" + \
        statement_node(S, P, OBJ, WIKI).rsplit("/", 1)[1]


def test_statement_lines_carry_triple_source_and_qualifiers() -> None:
    lines = Statement(S, P, OBJ, WIKI, (PART,)).lines()
    triples = [q.triple for q in ox.parse("".join(lines).encode(), format=ox.RdfFormat.N_TRIPLES)]
    assert ox.Triple(ox.NamedNode(S[1:-1]), ox.NamedNode(P[1:-1]), ox.NamedNode(OBJ[1:-1])) in triples
    assert len(triples) == 8  # plain triple, 2 types, s/p/o, source, one qualifier


@settings(max_examples=200, deadline=None)
@given(st.text())
def test_any_text_round_trips_as_a_literal(text: str) -> None:
    """Quotes, backslashes, newlines, HTML and any script come back unchanged from Oxigraph's parser."""
    line = f"{S} {P} {literal(text, 'en')} .\n"
    (quad,) = ox.parse(line.encode(), format=ox.RdfFormat.N_TRIPLES)
    assert isinstance(quad.object, ox.Literal)
    assert quad.object.value == text


def test_a_value_that_cannot_be_an_iri_is_refused() -> None:
    for bad in ("https://x.org/a b", "https://x.org/a>", 'https://x.org/"', "https://x.org/\n"):
        try:
            iri(bad)
        except IriError:
            continue
        raise AssertionError(f"{bad!r} became an IRI")


def test_writer_sorts_and_deduplicates_across_spilled_runs(tmp_path: Path) -> None:
    """Lines spilled in several runs come out sorted, once each; the same input gives the same bytes."""
    lines = [f"<urn:x:{i % 37}> <urn:p> \"{i % 11}\" .\n" for i in range(1000)]
    outs = []
    for name, chunk in (("a.nt", 50), ("b.nt", 100_000)):
        w = SortedNTriplesWriter(tmp_path / name, chunk_lines=chunk)
        w.add(lines)
        outs.append(w.close().read_bytes())
    assert outs[0] == outs[1]
    got = outs[0].decode().splitlines(keepends=True)
    assert got == sorted(set(lines))
    assert not list(tmp_path.glob(".wildkg-import-*"))  # temporary runs removed
