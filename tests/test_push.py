"""``wildkg push`` to a real Oxigraph server over loopback, checked by querying the server."""

from __future__ import annotations

import subprocess
import sys
import threading
import urllib.request
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import Graph
from rdflib.compare import isomorphic
from SPARQLWrapper import JSON, SPARQLWrapper

from wildkg.errors import WildkgError
from wildkg.push import default_query_endpoint, graph_store_url, push
from wildkg.serve.launch import free_port, running

pytestmark = pytest.mark.server

FIXTURE = Path(__file__).with_name("test_serve_fixture.ttl")
OXIGRAPH = Path(sys.executable).with_name("oxigraph")
PREDATOR_NAMES = {
    "Panthera pardus",
    "Panthera uncia",
    "Lynx lynx",
    "Vulpes vulpes",
    "Canis lupus",
    "Martes flavigula",
    "large raptors",
}


@pytest.fixture(scope="module")
def oxigraph(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A real read-write Oxigraph server (GSP at /store, queries at /query)."""
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    location = tmp_path_factory.mktemp("oxigraph")
    command = [str(OXIGRAPH), "serve", "--location", str(location), "--bind", f"127.0.0.1:{port}"]
    with running(command, base + "/query?query=ASK%7B%7D", timeout=60):
        yield base


def run_push(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "wildkg.cli", "push", *args], capture_output=True, text=True, timeout=120
    )


def select(base: str, query: str) -> list[dict[str, str]]:
    client = SPARQLWrapper(base + "/query")
    client.setQuery(query)
    client.setReturnFormat(JSON)
    data = client.query().convert()
    assert isinstance(data, dict)
    return [{k: v["value"] for k, v in row.items()} for row in data["results"]["bindings"]]


def count(base: str, graph: str | None = None) -> int:
    where = f"GRAPH <{graph}> {{ ?s ?p ?o }}" if graph else "?s ?p ?o"
    return int(select(base, f"SELECT (COUNT(*) AS ?n) WHERE {{ {where} }}")[0]["n"])


def distinct_triples(path: Path) -> int:
    store = ox.Store()
    store.bulk_load(path=str(path), format=ox.RdfFormat.TURTLE)
    return len(store)


def test_push_build_to_oxigraph_same_count_and_answers(oxigraph: str, built_ttl: Path) -> None:
    """The issue's 'done when': after push, Oxigraph holds as many triples as the build and
    answers the predator question the same way (pushed in several chunks)."""
    done = run_push(
        "--endpoint", oxigraph + "/store", "--replace", "--chunk-size", "500", "--input", str(built_ttl)
    )
    assert done.returncode == 0, done.stderr
    expected = distinct_triples(built_ttl)
    assert count(oxigraph) == expected
    assert f"pushed {expected} triples" in done.stdout
    assert f"now holds {expected} triples" in done.stdout
    assert "PUT 500/" in done.stderr and "POST 1000/" in done.stderr
    rows = select(
        oxigraph,
        """
        PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
        PREFIX dwc: <http://rs.tdwg.org/dwc/terms/>
        SELECT ?name WHERE {
          <https://w3id.org/wildkg/id/taxon/moschus-leucogaster>
              <http://purl.obolibrary.org/obo/RO_0002458> ?p .
          ?p rdfs:label ?label . OPTIONAL { ?p dwc:scientificName ?sci }
          BIND (COALESCE(?sci, STR(?label)) AS ?name) }""",
    )
    assert {row["name"] for row in rows} == PREDATOR_NAMES


def test_replace_drops_what_was_there_before(oxigraph: str, built_ttl: Path) -> None:
    """--replace PUTs the first chunk, so triples only in an earlier upload are gone."""
    assert run_push("--endpoint", oxigraph + "/store", "--replace", "--input", str(FIXTURE)).returncode == 0
    assert count(oxigraph) == distinct_triples(FIXTURE)
    done = run_push("--endpoint", oxigraph + "/store", "--replace", "--input", str(built_ttl))
    assert done.returncode == 0, done.stderr
    assert count(oxigraph) == distinct_triples(built_ttl)
    marker = select(
        oxigraph,
        "SELECT ?o WHERE { ?s <https://w3id.org/wildkg/ontology#behaviour> ?o "
        "FILTER(CONTAINS(?o, 'onerror')) }",
    )
    assert marker == []


def test_push_into_a_named_graph(oxigraph: str) -> None:
    """--graph IRI puts the triples in that graph and counts them there."""
    graph = "http://example.org/graphs/fixture"
    done = run_push(
        "--endpoint",
        oxigraph + "/store",
        "--graph",
        graph,
        "--replace",
        "--chunk-size",
        "40",
        "--input",
        str(FIXTURE),
    )
    assert done.returncode == 0, done.stderr
    assert count(oxigraph, graph) == distinct_triples(FIXTURE)


def test_blank_nodes_survive_chunking(oxigraph: str, tmp_path: Path) -> None:
    """Blank-node triples go in one request, so a structure split by chunk size stays one
    structure on the server (same graph up to blank-node renaming)."""
    source = tmp_path / "blank.ttl"
    source.write_text(
        "@prefix ex: <http://example.org/> .\n"
        "ex:a ex:p [ ex:q [ ex:r 1 ; ex:s 2 ] ; ex:t 3 ] .\n"
        "ex:a ex:u 4 . ex:b ex:u 5 . ex:c ex:u 6 .\n",
        encoding="utf-8",
    )
    graph = "http://example.org/graphs/blank"
    report = push([source], oxigraph + "/store", graph=graph, replace=True, chunk_size=1, log=lambda _: None)
    assert report.server_count == 8
    with urllib.request.urlopen(graph_store_url(oxigraph + "/store", graph)) as response:
        on_server = Graph().parse(data=response.read().decode(), format="turtle")
    assert isomorphic(on_server, Graph().parse(source))


class _Flaky(BaseHTTPRequestHandler):
    """Answers 503 to the first ``failures`` requests, then forwards to Oxigraph."""

    failures = 2
    target = ""

    def _forward(self) -> None:
        if _Flaky.failures > 0:
            _Flaky.failures -= 1
            self.send_response(503)
            self.end_headers()
            return
        length = int(self.headers.get("Content-Length", "0"))
        body = self.rfile.read(length) if length else None
        headers = {k: v for k, v in self.headers.items() if k.lower() in ("content-type", "accept")}
        request = urllib.request.Request(
            self.target + self.path, data=body, method=self.command, headers=headers
        )
        with urllib.request.urlopen(request) as response:
            data = response.read()
            self.send_response(response.status)
            self.send_header("Content-Type", response.headers.get("Content-Type", "text/plain"))
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

    do_PUT = do_POST = do_GET = _forward  # noqa: N815 (http.server API names)

    def log_message(self, *args: object) -> None:
        pass


def test_5xx_answers_are_retried(oxigraph: str) -> None:
    """Two 503s in a row are retried with backoff, and the push still completes and checks."""
    _Flaky.failures, _Flaky.target = 2, oxigraph
    proxy = ThreadingHTTPServer(("127.0.0.1", 0), _Flaky)
    thread = threading.Thread(target=proxy.serve_forever, daemon=True)
    thread.start()
    try:
        base = f"http://127.0.0.1:{proxy.server_address[1]}"
        messages: list[str] = []
        report = push(
            [FIXTURE],
            base + "/store",
            graph="http://example.org/graphs/retry",
            replace=True,
            log=messages.append,
        )
    finally:
        proxy.shutdown()
        proxy.server_close()
    assert report.retries == 2
    assert report.server_count == distinct_triples(FIXTURE)
    assert sum("retrying PUT" in m for m in messages) == 2


def test_client_errors_fail_at_once(oxigraph: str) -> None:
    """A 4xx (here a path Oxigraph does not serve) is not retried and names the URL."""
    with pytest.raises(WildkgError, match=r"HTTP 404"):
        push([FIXTURE], oxigraph + "/nowhere", retries=3, log=lambda _: None)


@pytest.mark.parametrize(
    ("gsp", "query"),
    [
        ("http://h:7878/store", "http://h:7878/query"),
        ("http://h:3030/ds/data", "http://h:3030/ds/sparql"),
        ("http://h:7200/repositories/wk/rdf-graphs/service", "http://h:7200/repositories/wk"),
        ("http://h:8890/sparql-graph-crud-auth", "http://h:8890/sparql"),
        ("https://h:8182/sparql/gsp/", "https://h:8182/sparql"),
        ("http://h/custom", None),
    ],
)
def test_query_endpoint_is_guessed_for_known_stores(gsp: str, query: str | None) -> None:
    """The verification query goes where each store documents its SPARQL endpoint."""
    assert default_query_endpoint(gsp) == query


@pytest.mark.parametrize(
    ("endpoint", "graph", "url"),
    [
        ("http://h:7878/store", None, "http://h:7878/store?default"),
        ("http://h:7878/store", "http://ex.org/g#1", "http://h:7878/store?graph=http%3A%2F%2Fex.org%2Fg%231"),
        ("http://h:7200/x?infer=false", "urn:g", "http://h:7200/x?infer=false&graph=urn%3Ag"),
        (
            "http://h:8890/sparql-graph-crud-auth",
            "urn:g",
            "http://h:8890/sparql-graph-crud-auth?graph-uri=urn%3Ag",
        ),
    ],
)
def test_graph_store_url_names_the_target_graph(endpoint: str, graph: str | None, url: str) -> None:
    """?default or ?graph= (Virtuoso: graph-uri=), IRI percent-encoded, other parameters kept."""
    assert graph_store_url(endpoint, graph) == url


def test_virtuoso_needs_a_named_graph() -> None:
    """Virtuoso's Graph Store endpoint has no ?default form: say so before sending anything."""
    with pytest.raises(WildkgError, match="--graph"):
        graph_store_url("http://h:8890/sparql-graph-crud", None)
