"""The compiler writes N-Triples text itself (:mod:`wildkg.build.triples`); it must be exactly
what Oxigraph writes for the same term (escapes, language tags, datatypes, unicode), or the build's
bytes would change. Compared on every term of the shipped data and on generated literals; and a
fact's IRI still hashes the text the bulk importers hash (:mod:`wildkg.provenance`)."""

from __future__ import annotations

import pyoxigraph as ox
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.helpers import DATA_DIR
from wildkg import provenance
from wildkg.build.compile import Compiler, fact_iri
from wildkg.build.ontology import load_ontology
from wildkg.build.triples import iri, key, lit
from wildkg.curation.loader import load_project
from wildkg.errors import InputError
from wildkg.project import ONTOLOGY_DIR

XS = "http://www.w3.org/2001/XMLSchema#"


def test_every_line_of_the_shipped_data_is_oxigraphs_own() -> None:
    """Parse each compiled line with Oxigraph and print it back: the same text, byte for byte."""
    lines = Compiler(load_project(DATA_DIR), load_ontology(ONTOLOGY_DIR)).run().ntriples()
    assert len(lines) > 2000
    reprinted = [f"{t} .\n" for t in ox.parse("".join(lines).encode(), format=ox.RdfFormat.N_TRIPLES)]
    assert sorted(reprinted) == lines
    assert any('"@en ' in line for line in lines) and any(f"^^<{XS}integer>" in line for line in lines)


DATATYPES = st.sampled_from([None, *(XS + n for n in ("string", "integer", "decimal", "date")), "https://e.org/dt"])
LANGS = st.sampled_from(["en", "EN", "en-GB", "zh-Hant-TW", "ne", "x-private"])
TEXT = st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=40)


@settings(max_examples=500, deadline=None)
@given(TEXT, st.one_of(st.none(), LANGS), DATATYPES)
def test_generated_literals_are_written_as_oxigraph_writes_them(text: str, lang: str | None,
                                                                 datatype: str | None) -> None:
    """Quotes, backslashes, every control character, line and paragraph separators, any script;
    and the fact hash sees the literal as provenance.literal writes it (a tab stays raw there)."""
    if lang:
        expected = ox.Literal(text, language=lang)
    else:
        expected = ox.Literal(text, datatype=None if datatype is None else ox.NamedNode(datatype))
    term = lit(text, lang, datatype)
    assert term == str(expected)
    assert key(term) == provenance.literal(text, lang, datatype)


def test_a_fact_iri_is_the_hash_of_the_importers_text() -> None:
    s, p, o = iri("https://e.org/s"), iri("https://e.org/p"), lit("tab\there", "en")
    source, qual = iri("https://e.org/src"), (iri("https://e.org/q"), lit("a\tb"))
    expected = provenance.statement_node(s, p, provenance.literal("tab\there", "en"), source,
                                         [(qual[0], provenance.literal("a\tb"))])
    assert fact_iri(s, p, o, source, [qual]) == expected


@pytest.mark.parametrize("bad", ["https://e.org/a b", "no-scheme", "https://e.org/\x01", "https://e.org/%zz"])
def test_an_iri_that_cannot_be_one_is_an_input_error(bad: str) -> None:
    with pytest.raises(InputError):
        iri(bad)
