"""The web UI of ``wildkg serve`` in Debian's Chromium, driven by Playwright, fully offline."""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Dialog, sync_playwright

from tests.helpers import SERVE_FIXTURE
from wildkg.serve.launch import free_port, running

pytestmark = [pytest.mark.browser, pytest.mark.server]

FIXTURE = SERVE_FIXTURE
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
]
QUERY = """SELECT ?predator ?label WHERE {
  wk:taxon\\/moschus-leucogaster obo:RO_0002458 ?predator .
  ?predator rdfs:label ?label .
} ORDER BY ?label"""


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    command = [
        sys.executable,
        "-m",
        "wildkg.cli",
        "serve",
        "--port",
        str(port),
        "--graph",
        str(FIXTURE),
        "--workers",
        "2",
    ]
    with running(command, base + "/sparql", timeout=90):
        yield base


def test_query_page_runs_a_query_and_entity_page_shows_sources(server: str) -> None:
    """Type a query, run it, see the 7 rows, download them as CSV and JSON, draw them as a
    network, open an entity page with its sources; no request leaves the server, and no
    injected script runs."""
    # Playwright's sync API refuses to run where an asyncio loop is running, which other
    # tests of the suite can leave behind in this thread: drive the browser in a fresh one.
    with ThreadPoolExecutor(max_workers=1) as pool:
        requests, dialogs = pool.submit(_drive_ui, server).result(timeout=120)
    assert dialogs == []
    assert requests and all(url.startswith(server + "/") for url in requests), requests


def _drive_ui(server: str) -> tuple[list[str], list[str]]:
    """The browser session of the test above; returns the URLs requested and any dialogs."""
    requests: list[str] = []
    dialogs: list[str] = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            page = browser.new_page()
            page.on("request", lambda request: requests.append(request.url))

            def on_dialog(dialog: Dialog) -> None:
                dialogs.append(dialog.message)
                dialog.dismiss()

            page.on("dialog", on_dialog)
            page.goto(server + "/")
            page.fill("#query", QUERY)
            page.click("#run")
            page.wait_for_selector("#results tbody tr")
            rows = page.locator("#results tbody tr")
            assert rows.count() == 7
            labels = page.locator("#results tbody tr td:nth-child(2)").all_text_contents()
            assert "Yellow-throated marten @en" in labels
            assert (page.locator("#status").text_content() or "").startswith("7 rows")

            with page.expect_download() as download_info:
                page.click("#download-csv")
            csv_text = Path(download_info.value.path()).read_text(encoding="utf-8")
            assert csv_text.splitlines()[0] == "predator,label"
            assert len(csv_text.strip().splitlines()) == 8
            with page.expect_download() as download_info:
                page.click("#download-json")
            data = json.loads(Path(download_info.value.path()).read_text(encoding="utf-8"))
            assert len(data["results"]["bindings"]) == 7

            # a SELECT without ?s ?p ?o cannot be drawn: the button says so instead
            assert page.locator("#show-network").is_disabled()

            page.click("#results tbody tr td a:text('wk:taxon/martes-flavigula')")
            page.wait_for_url("**/entity/taxon/martes-flavigula")
            assert page.locator("h1").text_content() == "Yellow-throated marten"
            facts = page.locator("#facts").text_content() or ""
            assert "Ecology and behaviour" in facts
            assert page.locator("#explore-link").get_attribute("href") == (
                "/explore?focus=https%3A%2F%2Fw3id.org%2Fwildkg%2Fid%2Ftaxon%2Fmartes-flavigula")

            page.goto(server + "/entity/taxon/moschus-leucogaster")
            assert "<img src=x onerror=alert(1)>" in (page.locator("#facts").text_content() or "")
        finally:
            browser.close()
    return requests, dialogs


PREDATION = """CONSTRUCT { ?predator obo:RO_0002439 ?prey } WHERE { ?predator obo:RO_0002439 ?prey }"""
LEOPARD = "https://w3id.org/wildkg/id/taxon/panthera-pardus"
DEER = "https://w3id.org/wildkg/id/taxon/moschus-leucogaster"


def _browse(server: str, steps: Any) -> tuple[list[str], list[str]]:
    """Run ``steps(page)`` in Chromium; return the URLs requested and the console errors."""
    requests: list[str] = []
    errors: list[str] = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            page = browser.new_page(viewport={"width": 1200, "height": 800})
            page.on("request", lambda request: requests.append(request.url))
            page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
            page.on("pageerror", lambda e: errors.append(str(e)))
            page.on("response", lambda r: errors.append(f"{r.status} {r.url}") if r.status >= 400 else None)
            steps(page)
        finally:
            browser.close()
    return requests, errors


def _in_thread(server: str, steps: Any) -> tuple[list[str], list[str]]:
    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(_browse, server, steps).result(timeout=120)


def test_predation_construct_network_shows_names_arrows_and_kinds(server: str) -> None:
    """Run a predation CONSTRUCT, press "Show as network": the explorer draws every predator
    and prey by name (not IRI), as kinds with their colours, with arrows; the panel words
    the relation from each side. Nothing is fetched from elsewhere, no CSP violation."""
    seen: dict[str, Any] = {}

    def steps(page: Any) -> None:
        page.goto(server + "/")
        page.fill("#query", PREDATION)
        page.click("#run")
        page.wait_for_selector("#graph-text:not([hidden])")
        page.click("#show-network")
        page.wait_for_selector("body[data-drawn='1']", timeout=20_000)
        seen["nodes"] = page.evaluate("() => network.body.data.nodes.get()")
        seen["arrows"] = page.evaluate("() => network.edgesHandler.options.arrows.to.enabled")
        seen["edges"] = page.evaluate("() => network.body.data.edges.get().map(e => [e.from, e.to])")
        page.evaluate(f"() => wildkg.open({LEOPARD!r})")
        page.wait_for_selector("#panel:not([hidden])")
        page.wait_for_timeout(300)
        seen["panel"] = page.text_content("#panel")

    requests, errors = _in_thread(server, steps)
    assert errors == []
    assert all(url.startswith(server + "/") for url in requests), requests
    labels = {n["id"]: n["label"] for n in seen["nodes"]}
    assert labels[LEOPARD] == "Leopard" and labels[DEER].lower().endswith("musk deer")
    assert not [label for label in labels.values() if label.startswith(("http", "wk:"))]
    kinds = {n["id"]: n["kind"] for n in seen["nodes"]}
    assert kinds[LEOPARD] in ("species", "focal", "taxon")
    assert len({n["color"] for n in seen["nodes"]}) >= 1
    assert seen["arrows"] is True
    assert [LEOPARD, DEER] in seen["edges"]
    assert "preys on (" in seen["panel"]


def test_explorer_searches_the_store_and_expands_by_click(server: str) -> None:
    """In the served explorer, typing part of a scientific name lists the species; Enter
    opens it with its neighbours fetched from the store; a click on a neighbour expands it."""
    seen: dict[str, Any] = {}

    def steps(page: Any) -> None:
        page.goto(server + "/explore")
        page.wait_for_selector("body[data-drawn='1']", timeout=20_000)
        page.keyboard.press("/")
        page.keyboard.type("moschus leuco")
        page.wait_for_selector("#search-results li")
        page.keyboard.press("Enter")
        page.wait_for_selector("#panel:not([hidden])")
        page.wait_for_function("() => network.body.data.nodes.length > 2")
        seen["first"] = page.evaluate("() => network.body.data.nodes.getIds()")
        seen["title"] = page.text_content("#panel h2")
        page.evaluate("() => network.stopSimulation()")
        point = page.evaluate(f"() => network.canvasToDOM(network.getPositions([{LEOPARD!r}])[{LEOPARD!r}])")
        box = page.locator("#network canvas").bounding_box()
        page.mouse.click(box["x"] + point["x"], box["y"] + point["y"])
        page.wait_for_function(f"() => document.getElementById('panel').dataset.node === {LEOPARD!r}")
        seen["title2"] = page.text_content("#panel h2")

    requests, errors = _in_thread(server, steps)
    assert errors == []
    assert seen["title"].lower().endswith("musk deer")
    assert DEER in seen["first"] and LEOPARD in seen["first"]
    assert seen["title2"] == "Leopard"
    assert any("/explore/expand?iri=" + LEOPARD.replace(":", "%3A").replace("/", "%2F") in u
               for u in requests)


def test_entity_page_names_and_status_first_with_codes_and_sparql_names(server: str) -> None:
    """The deer's page: names first, then status as "Endangered (EN)", no "@en"; its IRI as a
    prefixed name that SPARQL accepts; relations from others worded from the deer's side."""
    import httpx
    import pyoxigraph as ox

    from wildkg.namespaces import PREFIXES

    page = httpx.get(server + "/entity/taxon/moschus-leucogaster", headers={"Accept": "text/html"}).text
    headings = [h for h in ("<h2>Names</h2>", "<h2>Status</h2>", "<h2>Facts</h2>", "<h2>Linked from</h2>")
                if h in page]
    assert headings[:3] == ["<h2>Names</h2>", "<h2>Status</h2>", "<h2>Facts</h2>"]
    assert page.index("<h2>Names</h2>") < page.index("Himalayan musk deer") < page.index("<h2>Status</h2>")
    assert "Endangered (EN)" in page
    assert "@en" not in page
    name = page.split('<p class="iri"><code title="')[1].split(">", 1)[1].split("<", 1)[0]
    assert name == "taxon:moschus-leucogaster"
    (row,) = ox.Store().query(f"SELECT ?x WHERE {{ BIND({name} AS ?x) }}", prefixes=PREFIXES)
    assert row["x"].value == DEER
    leopard = httpx.get(server + "/entity/taxon/panthera-pardus", headers={"Accept": "text/html"}).text
    assert "preys on" in leopard and "preyed upon by" not in leopard.split("<h2>Linked from</h2>")[-1]


def test_entity_index_lists_and_searches_by_kind(server: str) -> None:
    """/entity/ lists entities by kind; a search by scientific name narrows it."""
    import httpx

    everything = httpx.get(server + "/entity/")
    assert everything.status_code == 200
    assert "<h2>species" in everything.text and 'href="/entity/taxon/panthera-pardus"' in everything.text
    found = httpx.get(server + "/entity/", params={"q": "Panthera pard"}).text
    assert 'href="/entity/taxon/panthera-pardus"' in found
    assert 'href="/entity/taxon/panthera-uncia"' not in found
    assert "1 entity matching" in found
    hostile = httpx.get(server + "/entity/", params={"q": '"<script>'})
    assert hostile.status_code == 200 and "<script>" not in hostile.text.split("<main>")[1]


def test_explorer_json_answers_and_hostile_input(server: str) -> None:
    """/explore/expand gives the node with names and kinds, its neighbours and the edges with
    sources; /explore/search escapes quotes and backslashes; an update or a bad IRI is refused;
    /explore?focus= opens one entity."""
    import httpx

    part = httpx.get(server + "/explore/expand", params={"iri": DEER}).json()
    labels = {n["id"]: n["label"] for n in part["nodes"]}
    assert labels[LEOPARD] == "Leopard" and "Moschus leucogaster" not in labels.values()
    edge = next(e for e in part["edges"] if e["from"] == DEER and e["to"] == LEOPARD)
    assert edge["rel"] == "preyed upon by" and edge["inv"] == "preys on"
    assert any("Ecology and behaviour" in s[0] for s in part["sources"])
    assert part["focus"] == [DEER] and part["details"][DEER]["names"]
    for text in ('a"b', "x\\", '") } ; DROP ALL ; #'):
        answer = httpx.get(server + "/explore/search", params={"q": text})
        assert answer.status_code == 200 and answer.json()["hits"] == []
    assert httpx.get(server + "/explore/search", params={"q": "a\x01b"}).status_code == 400
    found = httpx.get(server + "/explore/search", params={"q": "leucogaster"}).json()["hits"]
    assert [h["id"] for h in found] == [DEER]
    assert httpx.get(server + "/explore/expand", params={"iri": "not an iri>"}).status_code == 400
    update = httpx.get(server + "/explore", params={"query": "DELETE WHERE { ?s ?p ?o }"})
    assert update.status_code == 403  # refused by the worker's parser-based guard, as on /sparql
    assert httpx.get(server + "/sparql", params={"query": "ASK { ?s ?p ?o }"},
                     headers={"Accept": "application/sparql-results+json"}).json()["boolean"] is True
    page = httpx.get(server + "/explore", params={"focus": DEER})
    assert page.status_code == 200 and DEER in page.text and "<script src=\"/network-static/" in page.text
