"""Engine-independent results: comparable terms, Python values, and the timeout helper."""

from __future__ import annotations

import time

import pyoxigraph as ox
import pytest
from hypothesis import given
from hypothesis import strategies as st
from rdflib import BNode, Literal, URIRef

from wildkg.namespaces import PREFIXES, compact
from wildkg.sparql.engines import QueryTimeoutError, run_with_timeout
from wildkg.sparql.results import QueryResult, from_rdflib, python_value, term_key

XSD = PREFIXES["xsd"]


def dec(lexical: str, datatype: str = "decimal") -> ox.Literal:
    return ox.Literal(lexical, datatype=ox.NamedNode(XSD + datatype))


@pytest.mark.parametrize(
    ("a", "b"),
    [
        (dec("1.50"), dec("1.5")),  # Oxigraph normalises decimals, rdflib keeps the lexical form
        (dec("2"), dec("2.0")),
        (dec("2", "integer"), dec("2.0")),  # SUM of integers may come back as decimal
        (dec("045000", "integer"), dec("45000", "integer")),
        (ox.BlankNode("b0"), ox.BlankNode("x7")),  # labels are local to an engine
    ],
)
def test_equal_values_get_equal_keys(a: ox.Literal, b: ox.Literal) -> None:
    assert term_key(a) == term_key(b)


@pytest.mark.parametrize(
    ("a", "b"),
    [
        (dec("1.5"), dec("1.05")),
        (ox.Literal("1.5"), dec("1.5")),  # a string is not a number
        (ox.Literal("a", language="en"), ox.Literal("a")),
        (ox.NamedNode("http://x/a"), ox.Literal("http://x/a")),
    ],
)
def test_different_terms_get_different_keys(a: ox.Literal, b: ox.Literal) -> None:
    assert term_key(a) != term_key(b)


@given(st.text())
def test_any_rdflib_literal_converts_to_the_same_oxigraph_literal(text: str) -> None:
    """Quotes, newlines, non-Latin scripts survive the conversion unchanged."""
    converted = from_rdflib(Literal(text, lang="en"))
    assert isinstance(converted, ox.Literal)
    assert converted.value == text and converted.language == "en"


def test_rdflib_terms_convert_by_kind() -> None:
    assert from_rdflib(URIRef("http://x/a")) == ox.NamedNode("http://x/a")
    assert isinstance(from_rdflib(BNode()), ox.BlankNode)
    assert from_rdflib(Literal("5", datatype=URIRef(XSD + "integer"))) == dec("5", "integer")
    assert from_rdflib(None) is None


def test_python_values_and_prefixed_names() -> None:
    assert python_value(dec("7", "integer")) == 7
    assert python_value(dec("1.5")) == 1.5
    assert python_value(ox.Literal("true", datatype=ox.NamedNode(XSD + "boolean"))) is True
    assert python_value(ox.NamedNode("http://x/a")) == "http://x/a"
    assert compact("https://w3id.org/wildkg/id/taxon/panthera-uncia") == "taxon:panthera-uncia"
    assert compact("http://example.org/x") == "<http://example.org/x>"


def test_records_and_dataframe_hold_plain_values() -> None:
    result = QueryResult("select", ["name", "max"], [(ox.Literal("deer"), dec("22")), (ox.Literal("fox"), None)])
    assert result.records() == [{"name": "deer", "max": 22.0}, {"name": "fox", "max": None}]
    frame = result.to_dataframe()
    assert list(frame.columns) == ["name", "max"]
    assert frame["max"].iloc[0] == 22.0


def test_timeout_raises_after_the_limit_and_passes_results_through() -> None:
    assert run_with_timeout(lambda: 42, 5) == 42
    start = time.monotonic()
    with pytest.raises(QueryTimeoutError, match=r"stopped after 0\.2 s"):
        run_with_timeout(lambda: time.sleep(3), 0.2)
    assert time.monotonic() - start < 2
    with pytest.raises(ZeroDivisionError):
        run_with_timeout(lambda: 1 / 0, 5)
