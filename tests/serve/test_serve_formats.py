"""The endpoint reads its --graph files through the one reader: RDF/XML as RDF/XML (an ``.owl``
file used to be parsed as Turtle), with the endpoint's answers in the registry's media types."""

from __future__ import annotations

from pathlib import Path

from rdflib import Graph

from tests.helpers import SERVE_FIXTURE
from wildkg.formats import RESULTS_FORMATS, rdf_format
from wildkg.serve.jobs import GRAPH_FORMATS, RESULT_FORMATS, DataSource
from wildkg.serve.protocol import FORMAT_PARAM
from wildkg.serve.worker import open_source


def test_an_owl_file_is_read_as_rdf_xml(tmp_path: Path) -> None:
    owl = tmp_path / "graph.owl"
    graph = Graph().parse(SERVE_FIXTURE)
    graph.serialize(owl, format="xml")
    store = open_source(DataSource(files=(owl,)))
    assert len(store) == len(graph) > 0


def test_served_media_types_come_from_the_registry() -> None:
    assert set(RESULT_FORMATS) == {f.media_type for f in RESULTS_FORMATS}
    assert GRAPH_FORMATS["application/rdf+xml"] == rdf_format("rdfxml").ox
    assert FORMAT_PARAM["xml"] == "application/sparql-results+xml"
    assert FORMAT_PARAM["ttl"] == "text/turtle" and FORMAT_PARAM["nt"] == "application/n-triples"
