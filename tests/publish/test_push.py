"""``wildkg push`` to a real Oxigraph server over loopback, checked by querying the server."""

from __future__ import annotations

import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from email.message import Message
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import ClassVar

import pyoxigraph as ox
import pytest
from rdflib import Graph
from rdflib.compare import isomorphic
from SPARQLWrapper import JSON, SPARQLWrapper

from tests.helpers import SERVE_FIXTURE
from tests.helpers import SERVE_FIXTURE_PREDATORS as PREDATOR_NAMES
from wildkg.errors import WildkgError
from wildkg.publish.push import default_query_endpoint, graph_store_url, may_retry, push
from wildkg.serve.launch import free_port, running

pytestmark = pytest.mark.server

FIXTURE = SERVE_FIXTURE
OXIGRAPH = Path(sys.executable).with_name("oxigraph")


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
        push(
            [FIXTURE],
            oxigraph + "/nowhere",
            query_endpoint=oxigraph + "/query",
            retries=3,
            log=lambda _: None,
        )


NT = "application/n-triples"


class _Renamed(BaseHTTPRequestHandler):
    """Serves Oxigraph's Graph Store under /kg-upload, a path no store is known to use."""

    target = ""

    def _forward(self) -> None:
        length = int(self.headers.get("Content-Length", "0"))
        body = self.rfile.read(length) if length else None
        path = self.path.replace("/kg-upload", "/store", 1)
        request = urllib.request.Request(
            self.target + path,
            data=body,
            method=self.command,
            headers={"Content-Type": self.headers.get("Content-Type", NT)},
        )
        with urllib.request.urlopen(request) as response:
            self.send_response(response.status)
            self.send_header("Content-Length", "0")
            self.end_headers()

    do_PUT = do_POST = _forward  # noqa: N815 (http.server API names)

    def log_message(self, *args: object) -> None:
        pass


@contextmanager
def http_server(handler: type[BaseHTTPRequestHandler]) -> Iterator[str]:
    """``handler`` served on a free loopback port in a thread, for the block."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


def test_unknown_query_endpoint_needs_query_endpoint_or_no_verify(oxigraph: str) -> None:
    """A Graph Store URL whose query endpoint cannot be guessed is refused before anything is
    sent (a push must not end unverified by accident); --no-verify pushes without the check."""
    _Renamed.target = oxigraph
    graph = "http://example.org/graphs/unguessable"
    with http_server(_Renamed) as base:
        common = ("--endpoint", base + "/kg-upload", "--graph", graph, "--replace", "--input", str(FIXTURE))
        refused = run_push(*common)
        assert refused.returncode == 2
        assert "--query-endpoint" in refused.stderr and "--no-verify" in refused.stderr
        assert count(oxigraph, graph) == 0
        unverified = run_push(*common, "--no-verify")
        assert unverified.returncode == 0, unverified.stderr
        assert "not verified (--no-verify)" in unverified.stdout
        assert count(oxigraph, graph) == distinct_triples(FIXTURE)
        verified = run_push(*common, "--query-endpoint", oxigraph + "/query")
        assert verified.returncode == 0, verified.stderr
        assert f"now holds {distinct_triples(FIXTURE)} triples" in verified.stdout


BLANK_ONLY = "@prefix ex: <http://example.org/> .\nex:a ex:p [ ex:q 1 ] .\n"


class _SlowForBlankNodes(BaseHTTPRequestHandler):
    """Takes every request (recording it), but answers those holding blank nodes too late."""

    seen: ClassVar[list[str]] = []

    def _answer(self) -> None:
        body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
        _SlowForBlankNodes.seen.append(self.command)
        if b"_:" in body:
            time.sleep(1.5)
        try:
            self.send_response(204)
            self.end_headers()
        except OSError:  # the client gave up waiting
            pass

    do_PUT = do_POST = _answer  # noqa: N815 (http.server API names)

    def log_message(self, *args: object) -> None:
        pass


def test_blank_node_post_is_not_resent_after_a_timeout(tmp_path: Path) -> None:
    """The server may have stored a POST it answered too late; posting blank-node triples again
    would add them twice (as new blank nodes), so the push stops and says what to do."""
    source = tmp_path / "blank.ttl"
    source.write_text(BLANK_ONLY + "ex:a ex:u 4 .\n", encoding="utf-8")
    _SlowForBlankNodes.seen = []
    with http_server(_SlowForBlankNodes) as base, pytest.raises(WildkgError, match=r"not retried.*--replace"):
        push([source], base + "/store", timeout=0.5, retries=3, verify=False, log=lambda _: None)
    assert _SlowForBlankNodes.seen == ["POST", "POST"]  # the ground chunk, then the blank one once


def test_blank_node_put_is_resent_after_a_timeout(tmp_path: Path) -> None:
    """A PUT replaces the graph, so sending it again is safe: a timeout is retried as before."""
    source = tmp_path / "blank.ttl"
    source.write_text(BLANK_ONLY, encoding="utf-8")
    _SlowForBlankNodes.seen = []
    with http_server(_SlowForBlankNodes) as base, pytest.raises(WildkgError, match="after 2 attempts"):
        push(
            [source], base + "/store", replace=True, timeout=0.5, retries=1, verify=False, log=lambda _: None
        )
    assert _SlowForBlankNodes.seen == ["PUT", "PUT"]


def test_blank_node_post_is_retried_when_no_connection_was_made(tmp_path: Path) -> None:
    """A refused connection means nothing was sent, so even the blank-node POST is retried."""
    source = tmp_path / "blank.ttl"
    source.write_text(BLANK_ONLY, encoding="utf-8")
    messages: list[str] = []
    with pytest.raises(WildkgError, match="after 2 attempts"):
        push([source], f"http://127.0.0.1:{free_port()}/store", retries=1, verify=False, log=messages.append)
    assert sum("retrying POST" in m for m in messages) == 1


def _http_error(code: int) -> urllib.error.HTTPError:
    return urllib.error.HTTPError("http://h/store", code, "status", Message(), None)


@pytest.mark.parametrize(
    ("failure", "repeatable", "retry"),
    [
        (_http_error(503), False, True),
        (_http_error(429), False, True),
        (_http_error(400), True, False),
        (urllib.error.URLError(ConnectionRefusedError()), False, True),
        (urllib.error.URLError(TimeoutError()), False, False),
        (urllib.error.URLError(TimeoutError()), True, True),
        (TimeoutError(), False, False),
        (ConnectionResetError(), False, False),
        (ConnectionResetError(), True, True),
    ],
)
def test_retry_decision(failure: OSError, repeatable: bool, retry: bool) -> None:
    """A request that must not be repeated is retried only on a 5xx/429 answer or when no
    connection was made; a repeatable one on any network failure."""
    assert may_retry(failure, repeatable) is retry


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
