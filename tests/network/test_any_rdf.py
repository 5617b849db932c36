"""Any RDF draws: kinds from classes not ours, labels from the usual label properties, an error
with a reason when nothing can be drawn, and `validate` saying a file holds nothing of ours."""

from __future__ import annotations

from pathlib import Path

from rdflib import Graph
from typer.testing import CliRunner

from tests.helpers import NETWORK_FIXTURE
from wildkg.cli import app
from wildkg.network.explore import find_nodes, search_terms
from wildkg.network.model import extract

FOAF = """@prefix foaf: <http://xmlns.com/foaf/0.1/> .
@prefix schema: <https://schema.org/> .
@prefix dcterms: <http://purl.org/dc/terms/> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix ex: <http://example.org/> .
ex:Ranger rdfs:label "park ranger" .
ex:alice a foaf:Person, ex:Ranger ; foaf:name "Alice Tamang" ; foaf:knows ex:bob .
ex:bob a foaf:Person ; foaf:name "Bob" ; foaf:made ex:report .
ex:report a foaf:Document ; dcterms:title "Snow leopard survey 2024" .
ex:site a ex:Site ; schema:name "Hemis camera trap 7" .
ex:zone a ex:Zone ; skos:prefLabel "core zone"@en, "Kernzone"@de .
ex:lonely ex:note "no type, no label" .
"""


def _graph() -> Graph:
    return Graph().parse(data=FOAF, format="turtle")


def test_kinds_come_from_the_classes_and_labels_from_common_properties() -> None:
    """Each class not ours becomes a kind named after its label or local name; each label
    comes from foaf:name, schema:name, dcterms:title, skos:prefLabel (English first)."""
    net = extract(_graph())
    labels = {iri.rsplit("/", 1)[-1]: n.label for iri, n in net.nodes.items()}
    assert labels == {"alice": "Alice Tamang", "bob": "Bob", "report": "Snow leopard survey 2024",
                      "site": "Hemis camera trap 7", "zone": "core zone", "lonely": "lonely"}
    kinds = {iri.rsplit("/", 1)[-1]: net.kinds[n.kind].label for iri, n in net.nodes.items()}
    assert kinds["bob"] == "person" and kinds["report"] == "document"
    assert kinds["alice"] in ("person", "park ranger")  # typed twice: one of its classes
    assert kinds["site"] == "site" and kinds["lonely"] == "other"
    assert {(e.source.rsplit("/", 1)[-1], e.label, e.target.rsplit("/", 1)[-1]) for e in net.edges} == {
        ("alice", "knows", "bob"), ("bob", "made", "report")}
    # a kind keeps its colour wherever it is drawn (the served explorer merges answers)
    again = extract(_graph())
    assert {k: (v.colour, v.shape) for k, v in again.kinds.items()} == {
        k: (v.colour, v.shape) for k, v in net.kinds.items()}


def test_search_terms_hold_names_codes_and_the_iri_segment() -> None:
    """What the page searches: label, names, code and the IRI's last segment."""
    net = extract(Graph().parse(NETWORK_FIXTURE))
    deer = net.nodes["https://w3id.org/wildkg/id/taxon/moschus-leucogaster"]
    assert {"moschus leucogaster", "himalayan musk deer", "moschus-leucogaster"} <= set(search_terms(deer))
    threat = net.nodes["https://w3id.org/wildkg/scheme/iucn-threats/5.1.1"]
    assert threat.code == "5.1.1" and "5.1.1" in search_terms(threat)
    assert find_nodes(net, "5.1.1") == [threat.iri]
    assert find_nodes(net, "Moschus leucogaster") == [deer.iri]


def test_inverse_wording_from_the_ontology_and_the_table() -> None:
    """Every edge knows how it reads from its target's side."""
    net = extract(Graph().parse(NETWORK_FIXTURE))
    wording = {e.label: e.inverse for e in net.edges}
    assert wording["preyed upon by"] == "preys on"
    assert wording["occurs in"] == "home to"


def test_viz_of_a_graph_without_drawable_nodes_exits_2_with_a_reason(tmp_path: Path) -> None:
    """An empty graph or one of blank nodes only: one error line naming the file, exit 2,
    no page written."""
    runner = CliRunner()
    for name, text, reason in (("empty.ttl", "", "holds no triples"),
                               ("blank.nt", '_:b <http://example.org/p> "x" .\n', "only blank nodes")):
        path = tmp_path / name
        path.write_text(text, encoding="utf-8")
        out = tmp_path / "page.html"
        result = runner.invoke(app, ["viz", "--graph", str(path), "-o", str(out)])
        assert result.exit_code == 2, result.output
        assert name in result.output and reason in result.output
        assert not out.exists()


def test_viz_of_foaf_draws_and_validate_says_nothing_of_ours(tmp_path: Path) -> None:
    """A FOAF file draws its people; `validate` conforms but says it held no entity of ours."""
    path = tmp_path / "people.ttl"
    path.write_text(FOAF, encoding="utf-8")
    runner = CliRunner()
    drawn = runner.invoke(app, ["viz", "--graph", str(path), "-o", str(tmp_path / "p.html")])
    assert drawn.exit_code == 0 and "6 nodes" in drawn.output
    checked = runner.invoke(app, ["validate", str(path)])
    assert checked.exit_code == 0
    assert "no entities of ours" in " ".join(checked.output.split())


def test_viz_reads_the_store_directly_and_draws_the_same(built_dir: Path, tmp_path: Path) -> None:
    """`wildkg viz --graph out/store` (no Turtle parsed) gives the same page data as the Turtle."""
    import json
    import re

    runner = CliRunner()
    pages = {}
    for name, source in (("store", built_dir / "store"), ("ttl", built_dir / "wildkg.ttl")):
        out = tmp_path / f"{name}.html"
        result = runner.invoke(app, ["viz", "--graph", str(source), "-o", str(out)])
        assert result.exit_code == 0, result.output
        match = re.search(r'<script id="wildkg-data" type="application/json">(.*?)</script>',
                          out.read_text(encoding="utf-8"), re.S)
        assert match is not None
        data = json.loads(match.group(1))
        data.pop("title")
        pages[name] = data
    assert len(pages["store"]["nodes"]) > 30
    assert pages["store"] == pages["ttl"]
