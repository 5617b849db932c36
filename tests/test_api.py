"""The notebook-facing Python API (wildkg.api) and the example notebook that uses it."""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import Graph
from rdflib.compare import isomorphic

import wildkg.api as wk
from tests.helpers import DATA_DIR, REPO
from wildkg import project
from wildkg.sparql.engines import QuerySyntaxError

DEER = "taxon:moschus-leucogaster"


@pytest.fixture(scope="module")
def kg(built_dir: Path) -> wk.KnowledgeGraph:
    return wk.open_graph(out_dir=built_dir)


def test_open_the_built_graph_and_run_a_shipped_query_by_name(kg: wk.KnowledgeGraph) -> None:
    result = kg.query("predators")
    assert result.variables == ["predator", "name", "scientificName", "lifeStage"]
    names = {r["name"] for r in result.records()}
    assert len(names) == 7 and {"snow leopard", "large raptors"} <= names


def test_sparql_text_and_rq_files_work_too(kg: wk.KnowledgeGraph, tmp_path: Path) -> None:
    text = f"SELECT ?n WHERE {{ {DEER} dwc:scientificName ?n }}"
    assert kg.query(text).records() == [{"n": "Moschus leucogaster"}]
    rq = tmp_path / "q.rq"
    rq.write_text(text, encoding="utf-8")
    assert kg.query(str(rq)).records() == [{"n": "Moschus leucogaster"}]


def test_dataframe_has_short_names_and_numbers(kg: wk.KnowledgeGraph) -> None:
    frame = kg.dataframe("traits")
    row = frame[frame["trait"] == "home range"].iloc[0]
    assert row["max"] == 22.0 and row["unit"] == "ha"
    predators = kg.dataframe("predators")
    assert "taxon:panthera-uncia" in set(predators["predator"])


def test_rdflib_engine_gives_the_same_answers(built_ttl: Path, kg: wk.KnowledgeGraph) -> None:
    other = wk.open_graph(built_ttl, engine="rdflib")
    assert len(other) == len(kg)
    assert other.query("legal-status").keys() == kg.query("legal-status").keys()


def test_export_round_trips(kg: wk.KnowledgeGraph, built_graph: Graph, tmp_path: Path) -> None:
    """Exported JSON-LD (to a file) and Turtle (as bytes) parse back to the built graph."""
    target = tmp_path / "g.jsonld"
    assert kg.export(target, "jsonld") is None
    assert isomorphic(Graph().parse(target, format="json-ld"), built_graph)
    data = kg.export(fmt="turtle")
    assert data is not None and isomorphic(Graph().parse(data=data, format="turtle"), built_graph)
    assert [p.name for p in tmp_path.iterdir()] == ["g.jsonld"]  # no temporaries left


def test_draw_writes_the_network_page(kg: wk.KnowledgeGraph, tmp_path: Path) -> None:
    page = kg.draw(tmp_path / "deer.html", focus="white-bellied musk deer")
    html = page.read_text(encoding="utf-8")
    assert "snow leopard" in html and "<html" in html.lower()


def test_errors_are_wildkg_errors(kg: wk.KnowledgeGraph) -> None:
    with pytest.raises(QuerySyntaxError) as info:
        kg.query("SELECT ?x WHERE {\n  ?x ?y }")
    assert info.value.line == 2


def test_list_queries_matches_the_queries_folder() -> None:
    listed = wk.list_queries()
    assert sorted(listed) == sorted(p.stem for p in project.QUERIES_DIR.glob("*.rq"))
    assert all(listed.values())


def _project_for(built_dir: Path, root: Path) -> Path:
    """A project folder whose wildkg.toml points at the shipped data and an existing build."""
    root.mkdir(parents=True, exist_ok=True)
    (root / "wildkg.toml").write_text(f'data = "{DATA_DIR}"\nout = "{built_dir}"\n', encoding="utf-8")
    return root


def test_example_notebook_runs(built_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """docs/example.ipynb executes top to bottom from the docs folder (as Jupyter starts it),
    finding its project upwards; its own asserts check the answers."""
    import nbformat
    from nbclient import NotebookClient

    proj = _project_for(built_dir, tmp_path / "proj")
    docs = proj / "docs"
    docs.mkdir()
    monkeypatch.delenv("WILDKG_PROJECT", raising=False)
    notebook = nbformat.read(REPO / "docs" / "example.ipynb", as_version=4)
    client = NotebookClient(notebook, timeout=120, kernel_name="python3",
                            resources={"metadata": {"path": str(docs)}})
    client.execute()
    outputs = [o for cell in notebook.cells if cell.cell_type == "code" for o in cell.outputs]
    assert not [o for o in outputs if o.output_type == "error"]
    shown = " ".join(str(o.get("data", {}).get("text/plain", "")) for o in outputs)
    assert "yellow-throated marten" in shown and "India" in shown


def test_notebook_shows_the_pyvis_network_inline_with_no_request(
        built_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The notebook's network output is a pyvis Network's inline HTML; opened in Chromium it
    draws the snow leopard's neighbourhood and asks for nothing beyond the page itself."""
    import html
    import re
    from concurrent.futures import ThreadPoolExecutor

    import nbformat
    from nbclient import NotebookClient
    from playwright.sync_api import sync_playwright
    from pyvis.network import Network

    docs = _project_for(built_dir, tmp_path / "proj") / "docs"
    docs.mkdir()
    monkeypatch.delenv("WILDKG_PROJECT", raising=False)
    notebook = nbformat.read(REPO / "docs" / "example.ipynb", as_version=4)
    NotebookClient(notebook, timeout=120, kernel_name="python3",
                   resources={"metadata": {"path": str(docs)}}).execute()
    shown = [o["data"]["text/html"] for cell in notebook.cells if cell.cell_type == "code"
             for o in cell.outputs if "text/html" in o.get("data", {}) and "srcdoc" in o["data"]["text/html"]]
    assert len(shown) == 1
    kg = wk.open_graph(out_dir=built_dir)
    assert isinstance(kg.network(focus="Panthera uncia"), Network)
    srcdoc = html.unescape(re.search(r'srcdoc="([^"]*)"', shown[0]).group(1))  # type: ignore[union-attr]
    page_path = tmp_path / "inline.html"
    page_path.write_text(shown[0], encoding="utf-8")
    remote: list[str] = []

    def open_in_chromium() -> list[str]:
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path="/usr/bin/chromium",
                                         args=["--headless", "--no-sandbox", "--disable-gpu"])
            try:
                page = browser.new_page()
                page.route("**/*", lambda r: r.continue_()
                           if r.request.url.startswith(("file:", "data:", "about:"))
                           else (remote.append(r.request.url), r.abort()))
                page.goto(page_path.as_uri())
                frame = page.frames[1]
                frame.wait_for_selector("body[data-drawn='1']", timeout=20_000)
                return list(frame.evaluate("() => network.body.data.nodes.get().map(n => n.label)"))
            finally:
                browser.close()

    # nbclient leaves an asyncio loop in this thread, where Playwright's sync API refuses to run
    with ThreadPoolExecutor(max_workers=1) as pool:
        labels = pool.submit(open_in_chromium).result(timeout=120)
    assert remote == []
    assert "snow leopard" in labels and len(labels) > 10
    assert "http://" not in re.sub(r"<script>.*?</script>", "", srcdoc, flags=re.S).replace(
        "http://www.w3.org", "")
