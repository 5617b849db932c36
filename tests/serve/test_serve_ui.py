"""The web UI of ``wildkg serve`` in Debian's Chromium, driven by Playwright, fully offline."""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

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

            page.click("#show-network")
            page.wait_for_selector("#network svg g.node")
            assert page.locator("#network svg g.node").count() == 14  # 7 predators, 7 labels

            page.click("#results tbody tr td a:text('wk:taxon/martes-flavigula')")
            page.wait_for_url("**/entity/taxon/martes-flavigula")
            assert page.locator("h1").text_content() == "Yellow-throated marten"
            facts = page.locator("#facts").text_content() or ""
            assert "Ecology and behaviour" in facts
            page.wait_for_selector("#network svg g.node.main")

            page.goto(server + "/entity/taxon/moschus-leucogaster")
            assert "<img src=x onerror=alert(1)>" in (page.locator("#facts").text_content() or "")
        finally:
            browser.close()
    return requests, dialogs
