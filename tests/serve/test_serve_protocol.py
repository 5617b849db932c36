"""The endpoint's request checks, without a server: keyword detection, form decoding, Accept."""

from __future__ import annotations

from urllib.parse import parse_qs, urlencode

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from wildkg.serve import guard
from wildkg.serve.jobs import GRAPH_FORMATS, RESULT_FORMATS
from wildkg.serve.protocol import (
    GRAPH_ALIASES,
    RESULT_ALIASES,
    negotiate,
    parse_form,
)


@pytest.mark.parametrize(
    ("query", "federated"),
    [
        ("SELECT * { SERVICE <http://x> { ?s ?p ?o } }", True),
        ("select * { ?s ?p ?o .service<http://x>{} }", True),
        ("SELECT * { ?s ?p ?o FILTER(?o<3) SERVICE ?x {} }", True),
        ("SELECT * { SERVICE SILENT <http://x> {} }", True),
        ("SELECT * { ?s ex:a\\#b ?o . SERVICE <x> {} }", True),  # an escaped '#' is no comment
        # issue 13, F2: a local-name escape made the old keyword scan see a string
        (
            "PREFIX ex: <http://e/> SELECT * WHERE { OPTIONAL { ?s ex:a\\' ?o } "
            "SERVICE <http://127.0.0.1:9/sparql> { ?x ?y ?z } BIND('q' AS ?w) }",
            True,
        ),
        ("SELECT * { ?s ?p 'unterminated SERVICE <x> {} }", True),  # unreadable: refused
        ("SELECT * { ?s ?p 'SERVICE' } # SERVICE", False),
        ('SELECT * { ?s ?p """a\nSERVICE <x> {} """ }', False),
        ("SELECT ?service { ?service ?p <http://x/SERVICE> }", False),
        ("PREFIX service: <http://x/> SELECT * { ?s service:x ex:SERVICE }", False),
    ],
)
def test_service_is_found_by_the_parser(query: str, federated: bool) -> None:
    """SERVICE is refused where the SPARQL parser finds it, never missed when disguised, and a
    literal, comment, IRI, variable or prefixed name that merely contains the word passes."""
    if federated:
        with pytest.raises(guard.RefusedError):
            guard.check(query, update=False, allow_fetch=False)
    else:
        guard.check(query, update=False, allow_fetch=False)


@pytest.mark.parametrize(
    ("text", "update"),
    [
        ("INSERT DATA {}", True),
        ("PREFIX a: <http://x> BASE <http://y> delete where { ?s ?p ?o }", True),
        ("WITH <x> DELETE {} WHERE {}", True),
        ("PREFIX : <http://x/> LOAD <http://x>", True),
        ("# INSERT\nSELECT * {}", False),
        ("SELECT * { ?s ?p 'DELETE' }", False),
        ("ASK {}", False),
    ],
)
def test_update_is_recognised_by_the_parser(text: str, update: bool) -> None:
    """An update sent as a query is still an update (so it gets 403, not 400)."""
    assert guard.is_update(text) is update


@pytest.mark.parametrize(
    "text",
    [
        "LOAD <http://example.org/x.ttl>",
        "INSERT { ?s ?p ?o } WHERE { SERVICE <http://127.0.0.1:9/> { ?s ?p ?o } }",  # F4
        "load <http://e/> ; INSERT DATA {}",
    ],
)
def test_load_and_service_in_updates_are_refused(text: str) -> None:
    """LOAD makes the server fetch a URL, like SERVICE in an update's WHERE (F4)."""
    with pytest.raises(guard.RefusedError) as refused:
        guard.check(text, update=True, allow_fetch=False)
    assert refused.value.kind == "fetch"


def test_the_word_load_in_a_literal_is_not_refused() -> None:
    guard.check("INSERT DATA { <http://e/s> <http://e/p> 'LOAD <http://x>' }", update=True, allow_fetch=False)


def test_deep_nesting_is_refused_by_the_parser_not_a_crash() -> None:
    """F17: ``{`` x 20,000 overflowed Oxigraph's stack and killed the worker; the parser refuses it."""
    with pytest.raises(guard.RefusedError) as refused:
        guard.check("SELECT * WHERE " + "{" * 20_000 + "}" * 20_000, update=False, allow_fetch=False)
    assert "nested too deeply" in refused.value.message


@settings(max_examples=300)
@given(
    st.dictionaries(
        st.text(min_size=1, max_size=20), st.lists(st.text(max_size=40), min_size=1, max_size=3), max_size=4
    )
)
def test_form_decoding_matches_urllib(params: dict[str, list[str]]) -> None:
    """The fast form decoder gives what urllib gives, for any text (quotes, '%', '+', '\\',
    non-Latin scripts)."""
    body = urlencode(params, doseq=True).encode()
    assert parse_form(body) == parse_qs(body.decode(), keep_blank_values=True)


@pytest.mark.parametrize("raw", [b"a=%zz", b"a=%4", b"a=b%", b"a=x\\x41", b"q=%E2%82%AC+%2B"])
def test_form_decoding_of_odd_escapes_matches_urllib(raw: bytes) -> None:
    """Invalid or partial escapes and raw backslashes are kept as urllib keeps them."""
    assert parse_form(raw) == parse_qs(raw.decode(), keep_blank_values=True)


@pytest.mark.parametrize(
    ("accept", "results", "graphs"),
    [
        (None, "application/sparql-results+json", "text/turtle"),
        ("application/sparql-results+xml", "application/sparql-results+xml", None),
        ("application/json", "application/sparql-results+json", "application/ld+json"),
        ("text/csv;q=0.5, text/tab-separated-values", "text/tab-separated-values", None),
        ("application/n-triples, */*;q=0.1", "application/sparql-results+json", "application/n-triples"),
        ("image/png", None, None),
    ],
)
def test_accept_negotiation(accept: str | None, results: str | None, graphs: str | None) -> None:
    """q-values, wildcards and common aliases pick the format; nothing acceptable is None (406)."""
    assert negotiate(accept, list(RESULT_FORMATS), RESULT_ALIASES) == results
    assert negotiate(accept, list(GRAPH_FORMATS), GRAPH_ALIASES) == graphs
