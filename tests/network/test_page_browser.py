"""The network page in a real browser: Debian's Chromium driven by Playwright.

Every request that is not file: or data: is blocked and recorded, and any such request fails
the test; so does any console error or uncaught exception.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import sync_playwright
from rdflib import Graph

from tests.helpers import NETWORK_FIXTURE
from wildkg.namespaces import WK, sparql_prologue
from wildkg.network.page import write_network_page

pytestmark = pytest.mark.browser

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--no-first-run", "--disable-sync"]
FIXTURE = NETWORK_FIXTURE
DEER = str(WK["taxon/moschus-leucogaster"])
EVIL = str(WK["taxon/evil"])
# Entities the page must draw, stated independently of wildkg.network.model: every taxon, place,
# habitat, food item and action, and every scheme concept one of them points to.
ENTITIES = sparql_prologue() + """
SELECT (COUNT(DISTINCT ?e) AS ?n) WHERE {
  VALUES ?cls { dwc:Taxon wildkg:Place wildkg:Habitat wildkg:FoodItem wildkg:ConservationAction }
  { ?e a ?cls }
  UNION
  { ?x a ?cls ; ?p ?e . FILTER(STRSTARTS(STR(?e), "https://w3id.org/wildkg/scheme/")) }
}"""


class Visit:
    """One opened page, with what it tried to fetch and what it complained about."""

    def __init__(self, page: Any) -> None:
        self.page = page
        self.remote: list[str] = []
        self.errors: list[str] = []
        self.dialogs: list[str] = []


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    if not Path(CHROMIUM).is_file():
        pytest.fail(f"{CHROMIUM} is missing: `make test` installs it (apt-get install chromium)")
    with sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield b
        b.close()


@pytest.fixture(scope="module")
def fixture_page(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("page") / "fixture.html"
    write_network_page(Graph().parse(FIXTURE), out)
    return out


@pytest.fixture
def visit(browser: Any) -> Iterator[Any]:
    contexts: list[Any] = []

    def open_page(path: Path) -> Visit:
        context = browser.new_context(viewport={"width": 1200, "height": 800})
        contexts.append(context)
        page = context.new_page()
        v = Visit(page)

        def route(r: Any) -> None:
            if r.request.url.startswith(("file:", "data:")):
                r.continue_()
            else:
                v.remote.append(r.request.url)
                r.abort()

        page.route("**/*", route)
        page.on("console", lambda m: v.errors.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda e: v.errors.append(str(e)))

        def on_dialog(d: Any) -> None:
            v.dialogs.append(d.message)
            d.dismiss()

        page.on("dialog", on_dialog)
        page.goto(path.as_uri())
        page.wait_for_selector("body[data-drawn='1']", timeout=20_000)
        return v

    yield open_page
    for c in contexts:
        c.close()


def _freeze(page: Any) -> None:
    """Switch physics off with the page's own checkbox, so nodes stay where they are."""
    box = page.locator("#toggle-physics")
    if box.is_checked():
        box.click()
    assert page.evaluate("() => network.physics.options.enabled") is False


def test_real_build_is_drawn_offline_with_every_entity(visit: Any, built_ttl: Path,
                                                       tmp_path: Path) -> None:
    """The page of the shipped data: no request leaves, no console error, all entities drawn."""
    graph = Graph().parse(built_ttl)
    page_path = tmp_path / "wildkg.html"
    write_network_page(graph, page_path)
    (row,) = graph.query(ENTITIES)
    v = visit(page_path)
    drawn = v.page.evaluate("() => network.body.nodeIndices.length")
    assert drawn == int(row[0]) > 30
    positions = v.page.evaluate("() => Object.keys(network.getPositions()).length")
    assert positions == drawn
    assert v.remote == [] and v.errors == []


def test_fixture_page_draws_entities_and_no_plumbing(visit: Any, fixture_page: Path) -> None:
    """Same count check on the fixture, plus every drawn node is an entity IRI."""
    (row,) = Graph().parse(FIXTURE).query(ENTITIES)
    v = visit(fixture_page)
    ids = v.page.evaluate("() => network.body.nodeIndices")
    assert len(ids) == int(row[0])
    assert not [i for i in ids if "/fact/" in i or "/source/" in i or "/measurement/" in i]
    assert v.remote == [] and v.errors == []


def test_search_selects_and_centres_the_node(visit: Any, fixture_page: Path) -> None:
    """Typing a name and pressing Find selects the node, centres the view on it, opens it."""
    v = visit(fixture_page)
    _freeze(v.page)
    v.page.fill("#search", "Snow Leop")
    v.page.click("#search-form button")
    leopard = str(WK["taxon/panthera-uncia"])
    assert v.page.evaluate("() => network.getSelectedNodes()") == [leopard]
    view = v.page.evaluate("() => network.getViewPosition()")
    pos = v.page.evaluate(f"() => network.getPositions([{leopard!r}])[{leopard!r}]")
    assert abs(view["x"] - pos["x"]) < 1 and abs(view["y"] - pos["y"]) < 1
    assert v.page.text_content("#panel h2") == "snow leopard"
    v.page.fill("#search", "no such thing")
    v.page.click("#search-form button")
    assert v.page.text_content("#search-status") == "no match"
    assert v.errors == []


def test_clicking_a_node_opens_the_panel_with_sources(visit: Any, fixture_page: Path) -> None:
    """A real mouse click on the deer shows its kind, numbers, relations and source links."""
    v = visit(fixture_page)
    _freeze(v.page)
    point = v.page.evaluate(
        f"() => network.canvasToDOM(network.getPositions([{DEER!r}])[{DEER!r}])")
    box = v.page.locator("#network canvas").bounding_box()
    v.page.mouse.click(box["x"] + point["x"], box["y"] + point["y"])
    v.page.wait_for_selector("#panel:not([hidden])", timeout=5_000)
    panel = v.page.text_content("#panel")
    assert v.page.text_content("#panel h2") == "white-bellied musk deer"
    for text in ("species (with account)", "≥ 2500 m", "juveniles only",
                 "Test article (Test Wiki) — Ecology", "Test article (Test Wiki) — Description"):
        assert text in panel
    hrefs = v.page.eval_on_selector_all("#panel a[href^='http']", "as => as.map(a => a.href)")
    assert "https://example.org/wiki/Test_article#Ecology" in hrefs
    assert "https://example.org/external/musk-deer" in hrefs
    assert not [h for h in hrefs if h.startswith("javascript:")]
    assert v.errors == []


def test_hostile_label_is_shown_as_text_and_runs_nothing(visit: Any, fixture_page: Path) -> None:
    """`<img onerror>` and `</script>` in a label: no dialog, no injected element, exact text."""
    v = visit(fixture_page)
    label = v.page.evaluate(f"() => network.body.data.nodes.get({EVIL!r}).label")
    v.page.fill("#search", "<img")
    v.page.click("#search-form button")
    assert v.page.text_content("#panel h2") == label
    assert label.startswith('<img src=x onerror="window.__pwned=1;alert(1)"></script>')
    v.page.wait_for_timeout(300)
    assert v.dialogs == []
    assert v.page.evaluate("() => window.__pwned === undefined")
    assert v.page.evaluate("() => document.querySelectorAll('img, iframe').length") == 0
    assert v.remote == [] and v.errors == []


def test_kind_filter_and_edge_label_toggle(visit: Any, fixture_page: Path) -> None:
    """Unticking a kind hides its nodes; the edge-label switch clears and restores labels."""
    v = visit(fixture_page)
    before = v.page.evaluate("() => network.body.nodeIndices.length")
    v.page.click("#legend input[data-kind='country']")
    v.page.wait_for_timeout(100)
    assert v.page.evaluate("() => network.body.nodeIndices.length") == before - 2
    assert v.page.text_content("#counts").startswith(f"{before - 2} nodes")  # counts follow
    labels = "() => network.body.data.edges.get().filter(e => e.label).length"
    v.page.evaluate("() => { network.moveTo({scale: 0.5}); wildkg.refreshEdgeLabels(); }")
    assert v.page.evaluate(labels) == 0  # zoomed out: edge labels only on hover
    v.page.click("#toggle-edge-labels")
    assert v.page.evaluate(labels) == v.page.evaluate("() => network.body.data.edges.length")
    v.page.click("#toggle-edge-labels")
    assert v.page.evaluate(labels) == 0
    assert v.errors == []


def test_category_nodes_hide_with_their_links_and_counts_follow(visit: Any, fixture_page: Path) -> None:
    """Unticking "category nodes" hides status, threat and use nodes, not just their links."""
    v = visit(fixture_page)
    before = v.page.evaluate("() => network.body.nodeIndices.length")
    v.page.click("#toggle-hub-edges")
    v.page.wait_for_timeout(100)
    after = v.page.evaluate("() => network.body.nodeIndices.length")
    assert after == before - 3  # redlist:EN, threat:5.1.1, use:perfume
    assert v.page.text_content("#counts").startswith(f"{after} nodes")
    assert v.errors == []


def test_scientific_name_search_focuses_and_click_expands(visit: Any, tmp_path: Path) -> None:
    """Explore mode: typing a scientific name (with a typo) lists the species; Enter shows it
    with its neighbours; clicking a neighbour expands that one, worded from its side."""
    out = tmp_path / "explore.html"
    write_network_page(Graph().parse(FIXTURE), out, explore_from=3)
    v = visit(out)
    assert v.page.evaluate("() => document.body.dataset.mode") == "overview"
    v.page.keyboard.press("/")
    v.page.keyboard.type("moschus leucogastr")  # a typo: fuzzy
    v.page.wait_for_selector("#search-results li")
    v.page.keyboard.press("Enter")
    v.page.wait_for_selector("#panel:not([hidden])")
    assert v.page.text_content("#panel h2") == "white-bellied musk deer"
    shown = set(v.page.evaluate("() => network.body.data.nodes.getIds()"))
    leopard = str(WK["taxon/panthera-uncia"])
    assert DEER in shown and leopard in shown
    assert "preyed upon by (" in v.page.text_content("#panel")
    v.page.evaluate("() => network.stopSimulation()")
    point = v.page.evaluate(f"() => network.canvasToDOM(network.getPositions([{leopard!r}])[{leopard!r}])")
    box = v.page.locator("#network canvas").bounding_box()
    v.page.mouse.click(box["x"] + point["x"], box["y"] + point["y"])
    v.page.wait_for_function(f"() => document.getElementById('panel').dataset.node === {leopard!r}")
    assert "preys on (" in v.page.text_content("#panel")  # worded from the leopard's side
    assert v.remote == [] and v.errors == []


def test_code_and_synonym_find_their_nodes(visit: Any, tmp_path: Path) -> None:
    """A threat code ("5.1.1") and a second common name find their nodes."""
    out = tmp_path / "explore.html"
    write_network_page(Graph().parse(FIXTURE), out, explore_from=3)
    v = visit(out)
    for text, want in (("5.1.1", "Intentional use (5.1.1)"), ("himalayan musk", "white-bellied musk deer")):
        v.page.fill("#search", text)
        v.page.press("#search", "Enter")
        v.page.wait_for_function(f"() => document.querySelector('#panel h2') && "
                                 f"document.querySelector('#panel h2').textContent === {want!r}")
    assert v.remote == [] and v.errors == []


def test_twenty_thousand_resources_in_a_foreign_vocabulary_draw(visit: Any, tmp_path: Path) -> None:
    """20,000 typed, labelled resources in a vocabulary not ours: the page opens on an
    overview of their kinds (named after the classes) and "Show all" draws every one."""
    from bench.foreign import foreign_graph

    out = tmp_path / "foreign.html"
    info = write_network_page(foreign_graph(20_000), out)
    assert info.nodes == 20_000
    v = visit(out)
    kinds = v.page.evaluate("() => network.body.data.nodes.get().map(n => n.label)")
    assert any(k.startswith("Observation (") for k in kinds), kinds
    v.page.click("#show-all")
    v.page.wait_for_function("() => network.body.nodeIndices.length === 20000", timeout=60_000)
    assert v.remote == [] and v.errors == []


def test_large_page_is_drawn_with_fixed_positions(visit: Any, tmp_path: Path) -> None:
    """Large mode (threshold lowered): physics off, nodes where Python put them, no arrows."""
    out = tmp_path / "large.html"
    write_network_page(Graph().parse(FIXTURE), out, large_threshold=3)
    v = visit(out)
    assert v.page.evaluate("() => network.physics.options.enabled") is False
    x = v.page.evaluate(f"() => network.getPositions([{DEER!r}])[{DEER!r}].x")
    data = v.page.evaluate(
        f"() => JSON.parse(document.getElementById('wildkg-data').textContent)"
        f".nodes.find(n => n.id === {DEER!r}).x")
    assert abs(x - data) < 1  # getPositions rounds to whole pixels
    arrows = "() => network.edgesHandler.options.arrows.to.enabled"
    assert v.page.evaluate(arrows) is False
    v.page.click("#toggle-edge-labels")  # labels and arrows come back together
    assert v.page.evaluate(arrows) is True
    assert v.remote == [] and v.errors == []


def test_labels_are_legible_at_first_view_and_help_is_beside_the_drawing(
        visit: Any, built_ttl: Path, tmp_path: Path) -> None:
    """The shipped build's page: node labels at least 13 px on screen once laid out, a hint
    how to open a node, and a legend that does not cover the drawing."""
    page_path = tmp_path / "wildkg.html"
    write_network_page(Graph().parse(built_ttl), page_path)
    v = visit(page_path)
    v.page.wait_for_timeout(500)
    v.page.evaluate("() => { network.stopSimulation(); network.fit(); wildkg.legibleLabels(); }")
    size = v.page.evaluate("() => network.nodesHandler.options.font.size * network.getScale()")
    assert size >= 12.9
    assert "Click a node" in v.page.text_content("#hint")
    legend = v.page.locator("#legend").bounding_box()
    drawing = v.page.locator("#network").bounding_box()
    assert legend["x"] + legend["width"] <= drawing["x"] + 1  # beside, not over, the canvas
    assert v.errors == []


def test_collapse_pin_and_back(visit: Any, tmp_path: Path) -> None:
    """Open the deer, pin the leopard, collapse the deer: its other neighbours go, the pinned
    leopard stays; Back brings the previous view back."""
    out = tmp_path / "explore.html"
    write_network_page(Graph().parse(FIXTURE), out, explore_from=3)
    v = visit(out)
    leopard = str(WK["taxon/panthera-uncia"])
    v.page.evaluate(f"() => wildkg.open({DEER!r})")
    v.page.wait_for_selector("#panel:not([hidden])")
    opened = set(v.page.evaluate("() => network.body.data.nodes.getIds()"))
    assert len(opened) > 5
    v.page.evaluate(f"() => wildkg.togglePin({leopard!r})")
    v.page.click("#panel-collapse")
    after = set(v.page.evaluate("() => network.body.data.nodes.getIds()"))
    assert after == {DEER, leopard}
    assert v.page.evaluate(f"() => network.body.data.nodes.get({leopard!r}).fixed") is True
    v.page.click("#go-back")
    assert set(v.page.evaluate("() => network.body.data.nodes.getIds()")) == opened
    assert v.errors == []


def test_hovering_an_edge_shows_its_label(visit: Any, fixture_page: Path) -> None:
    """Zoomed out, edges carry no text; hovering one shows its relation."""
    v = visit(fixture_page)
    _freeze(v.page)
    v.page.evaluate("() => { network.moveTo({scale: 0.6}); wildkg.refreshEdgeLabels(); }")
    edge = v.page.evaluate("() => network.body.data.edges.getIds()[0]")
    assert v.page.evaluate(f"() => network.body.data.edges.get({edge!r}).label") in ("", None)
    v.page.evaluate(f"() => network.body.emitter.emit('hoverEdge', {{edge: {edge!r}}})")
    assert v.page.evaluate(f"() => network.body.data.edges.get({edge!r}).label")
    assert v.errors == []


def test_overview_by_country_counts_species(visit: Any, built_ttl: Path, tmp_path: Path) -> None:
    """Overview by country: each country with the number of species linked to it, the most
    first; clicking one opens it in explore mode."""
    page_path = tmp_path / "explore.html"
    write_network_page(Graph().parse(built_ttl), page_path, explore_from=10)
    v = visit(page_path)
    v.page.select_option("#overview-by", "country")
    labels = v.page.evaluate("() => network.body.data.nodes.get().map(n => n.label)")
    counts = [int(label.rsplit("(", 1)[1].split()[0]) for label in labels]
    assert counts == sorted(counts, reverse=True) and counts[0] >= 3
    assert any(label.startswith("India (") and label.endswith(" species)") for label in labels)
    v.page.evaluate("() => { var n = network.body.data.nodes.get()[0]; "
                    "network.body.emitter.emit('click', {nodes: [n.id], edges: []}); }")
    v.page.wait_for_selector("#panel:not([hidden])")
    assert v.page.evaluate("() => document.body.dataset.mode") == "explore"
    assert v.errors == []
