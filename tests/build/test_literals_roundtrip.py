"""Arbitrary curator text survives YAML → build → Turtle → rdflib and Oxigraph unchanged.

Quotes, backslashes, newlines, non-Latin scripts and HTML are exactly what real species
accounts contain (local names, translated notes), so they are generated, not hand-picked.
"""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rdflib import Graph, Literal

from wildkg import project
from wildkg.build.compile import Compiler
from wildkg.build.ontology import load_ontology
from wildkg.curation.loader import load_project
from wildkg.namespaces import PREFIXES, WILDKG, WK
from wildkg.rdfio import write_turtle

ONTOLOGY = load_ontology(project.ONTOLOGY_DIR)

# Printable text from many scripts plus the characters that break naive escaping.
TEXT = (
    st.lists(
        st.one_of(
            st.text(st.characters(codec="utf-8", exclude_categories=("Cs", "Cc", "Co", "Cn", "Zl", "Zp")),
                    max_size=12),
            st.sampled_from(["\"", "'", "\\", "\n", "\t", "<img src=x onerror=alert(1)>", "</script>",
                             "ऊ", "麝香", "мускус", "🦌", "&amp;", "#", ": ", " - "]),
        ),
        min_size=1,
        max_size=6,
    )
    .map("".join)
    .map(str.strip)
    .filter(bool)
)


def _account_with(data_dir: Path, text: str) -> None:
    path = data_dir / "species" / "moschus-leucogaster.yaml"
    doc = yaml.safe_load(path.read_text(encoding="utf-8"))
    doc["characteristics"] = [{"text": text, "cite": "Characteristics"}]
    path.write_text(yaml.safe_dump(doc, allow_unicode=True, sort_keys=False), encoding="utf-8")


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=TEXT)
def test_literal_text_round_trips_through_turtle(data_copy: Path, text: str) -> None:
    _account_with(data_copy, text)
    lines = Compiler(load_project(data_copy), ONTOLOGY).run().ntriples()  # the build's own path
    target = data_copy / "out.ttl"
    write_turtle("".join(lines).encode("utf-8"), target, PREFIXES)
    turtle = target.read_bytes()
    expected = Literal(text, lang="en")
    subject = WK["taxon/moschus-leucogaster"]

    back = Graph().parse(data=turtle.decode("utf-8"), format="turtle")
    assert list(back.objects(subject, WILDKG.characteristic)) == [expected]

    store = ox.Store()
    store.load(turtle, format=ox.RdfFormat.TURTLE)
    values = [q.object for q in store.quads_for_pattern(
        ox.NamedNode(str(subject)), ox.NamedNode(str(WILDKG.characteristic)), None)]
    assert values == [ox.Literal(text, language="en")]
