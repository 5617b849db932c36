"""The Oxigraph checker (shapes compiled to SPARQL) against pySHACL, the reference.

For the shipped data's build and for EVERY broken fixture of ``test_shapes.py``, both engines
must give the same verdict and flag the same (shape, focus node) pairs.
"""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
import pyshacl
import pytest
from rdflib import Graph
from rdflib.namespace import SH

from tests.build.test_shapes import _ONTOLOGY, _SHAPES, BROKEN, Mutation, _valid_data
from wildkg.build.shapes import compile_shapes
from wildkg.build.validate import validate_store
from wildkg.errors import InputError


def _store_of(graph: Graph) -> ox.Store:
    store = ox.Store()
    store.load(graph.serialize(format="nt", encoding="utf-8"), format=ox.RdfFormat.N_TRIPLES)
    return store


def _pyshacl(graph: Graph) -> tuple[bool, set[tuple[str, str]]]:
    conforms, report, _ = pyshacl.validate(graph, shacl_graph=_SHAPES, inference="none", advanced=True,
                                           allow_warnings=True)
    assert isinstance(report, Graph)
    pairs = {(str(report.value(r, SH.sourceShape)), str(report.value(r, SH.focusNode)))
             for r in report.subjects(SH.resultSeverity, None)}
    return bool(conforms), pairs


def _oxigraph(graph: Graph) -> tuple[bool, set[tuple[str, str]]]:
    result = validate_store(_store_of(graph), _SHAPES)
    return result.conforms, {(str(v.shape), v.focus) for v in result.violations}


def test_both_engines_accept_the_shipped_build(built_graph: Graph) -> None:
    """The build's own graph conforms under both engines."""
    assert _pyshacl(built_graph) == (True, set())
    assert _oxigraph(built_graph) == (True, set())


@pytest.mark.parametrize(("mutate", "shapes"), [pytest.param(m, s, id=name) for name, m, s, _ in BROKEN])
def test_every_broken_fixture_gets_the_same_verdict_and_focus_nodes(mutate: Mutation, shapes: set[str]) -> None:
    data = _valid_data()
    mutate(data)
    full = data + _ONTOLOGY
    reference = _pyshacl(full)
    assert reference[0] is False and reference[1], "the fixture must break a shape"
    assert _oxigraph(full) == reference


def test_the_valid_fixture_conforms_under_both() -> None:
    full = _valid_data() + _ONTOLOGY
    assert _pyshacl(full) == _oxigraph(full) == (True, set())


def test_a_shape_feature_the_checker_lacks_is_an_error_not_a_pass(tmp_path: Path) -> None:
    """A contract the SPARQL compiler cannot express must fail loudly, never shrink silently."""
    shapes = Graph().parse(data="""
        @prefix sh: <http://www.w3.org/ns/shacl#> . @prefix ex: <http://example.org/> .
        ex:S a sh:NodeShape ; sh:targetClass ex:C ; sh:closed true .
    """, format="turtle")
    with pytest.raises(InputError, match="not supported"):
        compile_shapes(shapes)
