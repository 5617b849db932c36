"""The network page without a browser: what is drawn, the details, escaping, options, CLI."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDFS
from typer.testing import CliRunner

from tests.helpers import NETWORK_FIXTURE
from wildkg.cli import app
from wildkg.errors import InputError
from wildkg.namespaces import WILDKG, WK
from wildkg.network.model import extract, humanise
from wildkg.network.page import page_data, render_page, script_json, write_network_page

FIXTURE = NETWORK_FIXTURE
DEER = str(WK["taxon/moschus-leucogaster"])
MARTEN = str(WK["taxon/martes-flavigula"])
LEOPARD = str(WK["taxon/panthera-uncia"])
EVIL = str(WK["taxon/evil"])
DATA_JSON = re.compile(r'<script id="wildkg-data" type="application/json">(.*?)</script>', re.S)


@pytest.fixture(scope="module")
def graph() -> Graph:
    return Graph().parse(FIXTURE, format="turtle")


def page_json(html: str) -> dict:
    match = DATA_JSON.search(html)
    assert match is not None
    return json.loads(match.group(1))


def test_draws_data_entities_and_used_concepts_only(graph: Graph) -> None:
    """Facts, sources, measurements, ontology terms and unused concepts are not nodes."""
    net = extract(graph)
    expected = {DEER, MARTEN, LEOPARD, EVIL} | {
        str(WK[p]) for p in ("place/NP", "place/IN", "place/IN-SK", "protected-area/test-sanctuary")
    } | {"https://w3id.org/wildkg/scheme/iucn-redlist/EN",
         "https://w3id.org/wildkg/scheme/iucn-threats/5.1.1",
         "https://w3id.org/wildkg/scheme/use/perfume"}
    assert set(net.nodes) == expected
    kinds = {iri: n.kind for iri, n in net.nodes.items()}
    assert kinds[DEER] == "focal"
    assert kinds[str(WK["place/IN-SK"])] == "subdivision"
    assert kinds["https://w3id.org/wildkg/scheme/iucn-redlist/EN"] == "status"


def test_include_schema_adds_ontology_terms_and_unused_concepts(graph: Graph) -> None:
    """--include-schema shows the plumbing too (classes, properties, every concept)."""
    net = extract(graph, include_schema=True)
    assert str(WILDKG.Species) in net.nodes
    assert "https://w3id.org/wildkg/scheme/iucn-redlist/LC" in net.nodes
    assert net.nodes[str(WILDKG.Species)].kind == "class"
    assert not any("/fact/" in iri or "/source/" in iri for iri in net.nodes)


def test_predation_stated_both_ways_is_one_edge_marked_when_qualified(graph: Graph) -> None:
    """The generated inverse is not drawn twice; 'juveniles only' marks the qualified edge."""
    net = extract(graph)
    pairs = {frozenset((e.source, e.target)) for e in net.edges}
    predation = [e for e in net.edges if frozenset((e.source, e.target)) in
                 ({frozenset((DEER, MARTEN))} | {frozenset((DEER, LEOPARD))})]
    assert len(predation) == 2 and len(pairs) == len(net.edges)
    marten = next(e for e in predation if e.target == MARTEN)
    assert marten.label == "preyed upon by"
    assert marten.qualifiers == ("juveniles only",)
    assert net.sources[marten.sources[0]] == (
        "Test article (Test Wiki) — Ecology", "https://example.org/wiki/Test_article#Ecology")
    edge = next(e for e in page_data(net, title="t")["edges"] if e["to"] == MARTEN)
    assert edge["dashes"] is True and edge["q"] == "juveniles only"


def test_details_hold_names_measurements_sources_and_only_web_links(graph: Graph) -> None:
    """Measurements show value and unit symbol; a javascript: IRI never becomes a link."""
    deer = extract(graph).nodes[DEER]
    assert [r.value for r in deer.names] == [
        "Himalayan musk deer", "white-bellied musk deer", "Moschus leucogaster"]
    elevation = next(r for r in deer.rows if r.label == "elevation")
    assert (elevation.value, elevation.note) == ("≥ 2500 m", "lives above this altitude")
    assert elevation.sources  # the hasMeasurement fact's section
    assert deer.links == [("same as", "https://example.org/external/musk-deer")]


def test_edge_label_falls_back_to_a_readable_local_name() -> None:
    """A predicate without rdfs:label anywhere is shown in plain words."""
    g = Graph()
    g.add((WK["taxon/a"], WILDKG.someNewRelation, WK["taxon/b"]))
    g.add((WK["taxon/a"], RDFS.label, Literal("a")))
    (edge,) = extract(g).edges
    assert edge.label == "some new relation"
    assert humanise("http://x.org/ns#hasHabitat") == "has habitat"


@settings(max_examples=200, deadline=None)
@given(st.text())
def test_script_json_round_trips_and_cannot_close_the_script(text: str) -> None:
    """Any label parses back unchanged and leaves no '<', '>', '&' or U+2028/9 in the page."""
    encoded = script_json({"label": text})
    assert json.loads(encoded) == {"label": text}
    assert not set(encoded) & {"<", ">", "&", "\u2028", "\u2029"}


@settings(max_examples=40, deadline=None)
@given(st.text(min_size=1, max_size=40).filter(lambda t: t.strip() != ""))
def test_any_label_reaches_the_page_data_unchanged(label: str) -> None:
    """Quotes, newlines, other scripts and HTML in a label: exact in the data, never raw HTML."""
    g = Graph()
    g.add((WK["taxon/x"], RDFS.label, Literal(label, lang="en")))
    g.add((WK["taxon/x"], WILDKG.occursIn, WK["place/y"]))
    html = render_page(extract(g))
    node = next(n for n in page_json(html)["nodes"] if n["id"] == str(WK["taxon/x"]))
    assert node["label"] == label
    body = DATA_JSON.sub("", html)
    if re.search(r"<[A-Za-z/!?]", label):  # could open a tag (a lone '<' appears in any HTML)
        assert label not in body.split("<body>", 1)[1].split("<script>", 1)[0]


def test_page_is_self_contained_and_escapes_hostile_labels(graph: Graph) -> None:
    """No external script, style or URL reference; the hostile label stays inside the JSON."""
    html = render_page(extract(graph))
    assert not re.search(r"<(script|link|img|iframe)[^>]*\s(src|href)=", html, re.I)
    assert not re.search(r"url\((?!\"?data:)", html)
    assert "@import" not in html
    assert html.count("</script>") == 3  # data, vis-network, ours: nothing closes one early
    assert "<img src=x" not in html
    data = page_json(html)
    evil = next(n for n in data["nodes"] if n["id"] == EVIL)
    assert evil["label"].startswith('<img src=x onerror="window.__pwned=1;alert(1)">')


def test_large_graph_gets_positions_and_no_physics(graph: Graph) -> None:
    """Above the threshold every node has a fixed position, physics is off, same seed → same."""
    net = extract(graph)
    data = page_data(net, title="t", large_threshold=3)
    assert data["large"] and data["options"]["physics"]["enabled"] is False
    assert data["options"]["layout"]["improvedLayout"] is False
    assert data["options"]["edges"]["arrows"]["to"]["enabled"] is False
    assert data["edgeLabels"] is False and data["hideHubEdges"] is True
    positions = {n["id"]: (n["x"], n["y"]) for n in data["nodes"]}
    assert len(positions) == len(net.nodes) and len(set(positions.values())) == len(net.nodes)
    again = page_data(net, title="t", large_threshold=3)
    assert positions == {n["id"]: (n["x"], n["y"]) for n in again["nodes"]}
    small = page_data(net, title="t")
    assert small["options"]["physics"]["enabled"] is True
    assert all("x" not in n for n in small["nodes"])


def test_focus_draws_the_neighbourhood(graph: Graph, tmp_path: Path) -> None:
    """--focus by label with depth 1 and 2; an unknown label is a clear error."""
    one = write_network_page(graph, tmp_path / "a.html", focus="sikkim", depth=1)
    assert one.nodes == 4  # Sikkim, India, the sanctuary, the deer
    two = write_network_page(graph, tmp_path / "b.html", focus=str(WK["place/IN-SK"]), depth=2)
    assert two.nodes == 10  # all 11 but the isolated (evil) species
    prefixed = write_network_page(graph, tmp_path / "p.html", focus="wk:place/NP", depth=1)
    assert prefixed.nodes == 2  # Nepal and the deer
    with pytest.raises(InputError, match="no node"):
        write_network_page(graph, tmp_path / "c.html", focus="atlantis")


def test_query_construct_and_select_draw_their_triples(graph: Graph, tmp_path: Path) -> None:
    """A CONSTRUCT or SELECT ?s ?p ?o decides what is drawn; other SELECTs are refused."""
    construct = "CONSTRUCT { ?s obo:RO_0002458 ?o } WHERE { ?s obo:RO_0002458 ?o }"
    info = write_network_page(graph, tmp_path / "q.html", query=construct)
    data = page_json((tmp_path / "q.html").read_text(encoding="utf-8"))
    assert (info.nodes, info.edges) == (3, 2)
    assert {e["to"] for e in data["edges"]} == {MARTEN, LEOPARD}
    assert next(n for n in data["nodes"] if n["id"] == DEER)["kind"] == "focal"
    select = "SELECT ?s ?p ?o WHERE { ?s ?p ?o . FILTER(?p = wildkg:partOf) }"
    assert write_network_page(graph, tmp_path / "s.html", query=select).edges == 1
    with pytest.raises(InputError, match=r"\?s \?p \?o"):
        write_network_page(graph, tmp_path / "x.html", query="SELECT ?x WHERE { ?x ?y ?z }")


def test_output_is_deterministic_across_processes(tmp_path: Path) -> None:
    """Two runs with different hash seeds write byte-identical pages (diffable builds)."""
    pages = []
    for seed in ("1", "2"):
        out = tmp_path / f"p{seed}.html"
        code = ("from pathlib import Path; from rdflib import Graph; "
                "from wildkg.network.page import write_network_page as w; "
                f"w(Graph().parse({str(FIXTURE)!r}), Path({str(out)!r}))")
        env = {**os.environ, "PYTHONHASHSEED": seed}
        subprocess.run([sys.executable, "-c", code], check=True, env=env, timeout=120)
        pages.append(out.read_bytes())
    assert pages[0] == pages[1]


def test_cli_viz_writes_the_page_and_reports_bad_input(tmp_path: Path) -> None:
    """`wildkg viz` writes the page atomically; a missing graph exits 2 with its name."""
    runner = CliRunner()
    out = tmp_path / "net.html"
    result = runner.invoke(app, ["viz", "--graph", str(FIXTURE), "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert "11 nodes" in result.output
    assert len(page_json(out.read_text(encoding="utf-8"))["nodes"]) == 11
    assert [p.name for p in tmp_path.iterdir()] == ["net.html"]  # no temp file left
    missing = runner.invoke(app, ["viz", "--graph", str(tmp_path / "none.ttl"), "-o", str(out)])
    assert missing.exit_code == 2
    assert "none.ttl" in missing.output


def test_cli_viz_query_file_and_include_schema(tmp_path: Path) -> None:
    """--query reads a .rq file; --include-schema draws more than the default page."""
    rq = tmp_path / "q.rq"
    rq.write_text("CONSTRUCT { ?s wildkg:partOf ?o } WHERE { ?s wildkg:partOf ?o }",
                  encoding="utf-8")
    runner = CliRunner()
    out = tmp_path / "q.html"
    result = runner.invoke(app, ["viz", "-g", str(FIXTURE), "-o", str(out), "--query", str(rq)])
    assert result.exit_code == 0, result.output
    assert "2 nodes, 1 edges" in result.output
    result = runner.invoke(app, ["viz", "-g", str(FIXTURE), "-o", str(out), "--include-schema"])
    assert result.exit_code == 0, result.output
    assert len(page_json(out.read_text(encoding="utf-8"))["nodes"]) > 11


def test_unlabelled_iri_label_falls_back_to_local_name() -> None:
    """An entity without any label or name is still shown, named by its IRI's last segment."""
    g = Graph()
    g.add((WK["taxon/x"], WILDKG.occursIn, URIRef(WK["place/somewhere-far"])))
    net = extract(g)
    assert net.nodes[str(WK["place/somewhere-far"])].label == "somewhere-far"
