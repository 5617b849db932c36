"""``wildkg serve`` as a real process, queried by real SPARQL clients over loopback HTTP."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from xml.dom.minidom import Document

import httpx
import pytest
from rdflib import Graph, Literal, Namespace, URIRef
from rdflib.compare import isomorphic
from rdflib.plugins.stores.sparqlstore import SPARQLStore
from SPARQLWrapper import CSV, JSON, XML, SPARQLWrapper

from tests.helpers import SERVE_FIXTURE
from tests.helpers import SERVE_FIXTURE_PREDATORS as PREDATOR_NAMES
from wildkg.namespaces import OBO, WK
from wildkg.serve.launch import free_port, group_cpu_seconds, running
from wildkg.serve.options import ServeOptions, data_source

pytestmark = pytest.mark.server

FIXTURE = SERVE_FIXTURE
DEER = WK["taxon/moschus-leucogaster"]
PREDATORS_QUERY = f"""
PREFIX dwc: <http://rs.tdwg.org/dwc/terms/>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
SELECT ?predator ?name WHERE {{
  <{DEER}> <{OBO.RO_0002458}> ?predator .
  ?predator rdfs:label ?label .
  OPTIONAL {{ ?predator dwc:scientificName ?sci }}
  BIND (COALESCE(?sci, STR(?label)) AS ?name)
}} ORDER BY ?name"""
SD = Namespace("http://www.w3.org/ns/sparql-service-description#")


def wildkg_command(*args: str, env: tuple[str, ...] = ()) -> list[str]:
    return ["env", *env, sys.executable, "-m", "wildkg.cli", "serve", *args]


@contextmanager
def serving(*args: str, env: tuple[str, ...] = ()) -> Iterator[str]:
    """A ``wildkg serve`` process on a free loopback port, stopped when the block ends."""
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    with running(wildkg_command("--port", str(port), *args, env=env), base + "/sparql", timeout=90):
        yield base


@pytest.fixture(scope="module", params=["store-in-memory", "store-on-disk"])
def built_server(request: pytest.FixtureRequest, built_dir: Path) -> Iterator[str]:
    """A server over the real build's store, default limits: copied into memory (the default
    for a small store), or read on disk (read-only RocksDB, the path for large stores)."""
    env = ("WILDKG_SERVE_MEMORY_TRIPLES=0",) if request.param == "store-on-disk" else ()
    with serving("--out-dir", str(built_dir), env=env) as base:
        yield base


@pytest.fixture(scope="module")
def small_server() -> Iterator[str]:
    """A server over the hand-written fixture with small limits, to test the refusals fast."""
    with serving(
        "--graph",
        str(FIXTURE),
        "--timeout",
        "1.5",
        "--max-rows",
        "50",
        "--max-body",
        "20000",
        "--workers",
        "2",
    ) as base:
        yield base


@pytest.fixture(scope="module")
def plain_server() -> Iterator[str]:
    """A server over the hand-written fixture with the default limits (--max-rows 10,000)."""
    with serving("--graph", str(FIXTURE), "--workers", "1") as base:
        yield base


def sparql(
    base: str, query: str, accept: str = "application/sparql-results+json", **kwargs: str
) -> httpx.Response:
    return httpx.post(
        base + "/sparql", data={"query": query, **kwargs}, headers={"Accept": accept}, timeout=30
    )


# --- answers -------------------------------------------------------------------------------


def test_sparqlwrapper_gets_the_predators_as_json(built_server: str) -> None:
    """The issue's first 'done when': SPARQLWrapper reads the 7 predators as JSON."""
    client = SPARQLWrapper(built_server + "/sparql")
    client.setQuery(PREDATORS_QUERY)
    client.setReturnFormat(JSON)
    data = client.query().convert()
    assert isinstance(data, dict)
    names = {b["name"]["value"] for b in data["results"]["bindings"]}
    assert names == PREDATOR_NAMES


def test_sparqlwrapper_gets_the_predators_as_xml(built_server: str) -> None:
    """Same answer through SPARQL Results XML, which SPARQLWrapper parses as a DOM."""
    client = SPARQLWrapper(built_server + "/sparql")
    client.setQuery(PREDATORS_QUERY)
    client.setReturnFormat(XML)
    document = client.query().convert()
    assert isinstance(document, Document)
    names = set()
    for binding in document.getElementsByTagName("binding"):
        if binding.getAttribute("name") == "name":
            names.add(binding.getElementsByTagName("literal")[0].firstChild.data)  # type: ignore[union-attr]
    assert names == PREDATOR_NAMES


def test_sparqlwrapper_gets_the_predators_as_csv(built_server: str) -> None:
    """Same answer as CSV: a header row, then one row per predator."""
    client = SPARQLWrapper(built_server + "/sparql")
    client.setQuery(PREDATORS_QUERY)
    client.setReturnFormat(CSV)
    raw = client.query().convert()
    assert isinstance(raw, bytes)
    rows = list(csv.DictReader(io.StringIO(raw.decode())))
    assert {row["name"] for row in rows} == PREDATOR_NAMES
    assert len(rows) == 7


def test_rdflib_sparqlstore_gets_the_predators(built_server: str) -> None:
    """rdflib's SPARQLStore (how rdflib users federate) sees the same 7 predators."""
    store = SPARQLStore(query_endpoint=built_server + "/sparql", context_aware=False)
    graph = Graph(store)
    rows = list(graph.query(PREDATORS_QUERY))
    assert {str(row[1]) for row in rows} == PREDATOR_NAMES  # type: ignore[index]
    assert all(isinstance(row[0], URIRef) for row in rows)  # type: ignore[index]


def test_project_prefixes_are_predefined(built_server: str) -> None:
    """Queries may use wk:, obo:, dwc:… without PREFIX lines, as the UI's editor does."""
    response = sparql(
        built_server, "SELECT ?p WHERE { ?d dwc:scientificName 'Moschus leucogaster' ; obo:RO_0002458 ?p }"
    )
    assert response.status_code == 200
    assert len(response.json()["results"]["bindings"]) == 7


@pytest.mark.parametrize(
    ("accept", "rdflib_format"),
    [
        ("text/turtle", "turtle"),
        ("application/n-triples", "nt"),
        ("application/ld+json", "json-ld"),
    ],
)
def test_construct_is_negotiated_and_parses_back(small_server: str, accept: str, rdflib_format: str) -> None:
    """CONSTRUCT answers in the RDF format asked for, and parse back to the same triples."""
    query = f"CONSTRUCT {{ <{DEER}> <{OBO.RO_0002458}> ?p }} WHERE {{ <{DEER}> <{OBO.RO_0002458}> ?p }}"
    response = sparql(small_server, query, accept=accept)
    assert response.status_code == 200
    assert response.headers["content-type"].startswith(accept)
    got = Graph().parse(data=response.text, format=rdflib_format)
    expected = Graph()
    for slug in (
        "panthera-pardus",
        "panthera-uncia",
        "lynx-lynx",
        "vulpes-vulpes",
        "canis-lupus",
        "martes-flavigula",
        "large-raptors",
    ):
        expected.add((URIRef(DEER), OBO.RO_0002458, WK[f"taxon/{slug}"]))
    assert isomorphic(got, expected)


def test_get_and_sparql_query_post_give_the_same_answer(small_server: str) -> None:
    """The three ways of the SPARQL Protocol to send a query are equivalent."""
    query = "SELECT ?p WHERE { ?d obo:RO_0002458 ?p } ORDER BY ?p"
    via_get = httpx.get(
        small_server + "/sparql", params={"query": query}, headers={"Accept": "text/tab-separated-values"}
    )
    via_body = httpx.post(
        small_server + "/sparql",
        content=query.encode(),
        headers={"Content-Type": "application/sparql-query", "Accept": "text/tab-separated-values"},
    )
    via_form = sparql(small_server, query, accept="text/tab-separated-values")
    assert via_get.status_code == via_body.status_code == via_form.status_code == 200
    assert via_get.text == via_body.text == via_form.text
    assert len(via_get.text.strip().splitlines()) == 8  # header + 7 predators


def test_repeated_query_always_runs_in_a_worker_with_the_same_answer(small_server: str) -> None:
    """Issue 13, F1: a repeated cheap query used to re-run in the server process, outside the
    time limit. Every run now goes to a killable worker (Server-Timing says where)."""
    query = "SELECT ?p WHERE { ?d obo:RO_0002458 ?p } ORDER BY ?p # repeated"
    answers = [sparql(small_server, query) for _ in range(5)]
    assert all('desc="worker"' in answer.headers["server-timing"] for answer in answers)
    assert len({answer.content for answer in answers}) == 1
    assert len(answers[0].json()["results"]["bindings"]) == 7


def test_service_description_on_bare_get(small_server: str) -> None:
    """A bare GET /sparql is a SPARQL 1.1 Service Description naming the endpoint, query only."""
    response = httpx.get(small_server + "/sparql", headers={"Accept": "text/turtle"})
    assert response.status_code == 200
    graph = Graph().parse(data=response.text, format="turtle")
    service = URIRef(small_server + "/sparql")
    assert (service, SD.endpoint, service) in graph
    assert (service, SD.supportedLanguage, SD.SPARQL11Query) in graph
    assert (service, SD.supportedLanguage, SD.SPARQL11Update) not in graph


def test_graph_store_reads_the_default_graph(plain_server: str) -> None:
    """GET /rdf-graph-store?default returns the whole default graph, as loaded."""
    response = httpx.get(
        plain_server + "/rdf-graph-store?default", headers={"Accept": "application/n-triples"}
    )
    assert response.status_code == 200
    got = Graph().parse(data=response.text, format="nt")
    assert isomorphic(got, Graph().parse(FIXTURE))


@pytest.mark.parametrize("accept", ["application/n-triples", "text/turtle"])
def test_graph_store_read_over_max_rows_is_422(small_server: str, accept: str) -> None:
    """A graph of more triples than --max-rows (177 > 50 here) is refused like a SELECT of
    too many rows, saying how to get the data, instead of serialising it all."""
    response = httpx.get(small_server + "/rdf-graph-store?default", headers={"Accept": accept})
    assert response.status_code == 422
    assert "the default graph has more than 50 triples" in response.text
    assert "--max-rows" in response.text and "LIMIT" in response.text


def test_graph_store_unknown_graph_is_404(small_server: str) -> None:
    """A named graph the store does not have is 'not found', not an empty graph."""
    response = httpx.get(small_server + "/rdf-graph-store", params={"graph": "http://example.org/none"})
    assert response.status_code == 404


# --- refusals ------------------------------------------------------------------------------


@pytest.mark.parametrize("how", ["sparql-update body", "update form field", "update as query"])
def test_updates_are_refused_with_403(small_server: str, how: str) -> None:
    """The endpoint is read-only by default, however an update is sent."""
    update = f"INSERT DATA {{ <{DEER}> <http://example.org/p> 'x' }}"
    if how == "sparql-update body":
        response = httpx.post(
            small_server + "/sparql",
            content=update.encode(),
            headers={"Content-Type": "application/sparql-update"},
        )
    elif how == "update form field":
        response = httpx.post(small_server + "/sparql", data={"update": update})
    else:
        response = sparql(small_server, update)
    assert response.status_code == 403
    assert "read-only" in response.text
    check = sparql(small_server, "ASK { ?s <http://example.org/p> ?o }")
    assert check.json()["boolean"] is False


def test_service_is_refused(small_server: str) -> None:
    """SERVICE would make the server fetch any URL; it is refused with 403 and says why."""
    response = sparql(small_server, "SELECT * WHERE { SERVICE <http://127.0.0.1:9/sparql> { ?s ?p ?o } }")
    assert response.status_code == 403
    assert "SERVICE" in response.text and "--allow-service" in response.text


def test_the_word_service_in_a_string_or_comment_is_not_refused(small_server: str) -> None:
    """The check parses tokens: 'SERVICE' inside a literal or a comment is harmless."""
    query = "# uses no SERVICE\nSELECT ?s WHERE { ?s ?p 'SERVICE <http://x> {}' }"
    response = sparql(small_server, query)
    assert response.status_code == 200
    assert response.json()["results"]["bindings"] == []


def test_malformed_query_is_400_with_the_parser_message(small_server: str) -> None:
    """A syntax error is the client's: 400 with Oxigraph's position and expectation."""
    response = sparql(small_server, "SELECT * WHERE { ?s ?p }")
    assert response.status_code == 400
    assert "error at 1:" in response.text


def test_slow_query_times_out_with_503_and_stops_burning_cpu(small_server: str) -> None:
    """A runaway query gets 503 after --timeout, its worker is killed (no CPU after), and the
    server keeps answering."""
    port = int(small_server.rsplit(":", 1)[1])
    pgid = next(
        int(p.parent.name)
        for p in Path("/proc").glob("[0-9]*/cmdline")
        if f"--port\0{port}\0".encode() in p.read_bytes()
    )
    runaway = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"
    response = sparql(small_server, runaway)
    assert response.status_code == 503
    assert "1.5 s" in response.text and "stopped" in response.text
    threading.Event().wait(3.0)  # let the replacement worker finish loading
    before = group_cpu_seconds(pgid)
    threading.Event().wait(1.5)
    assert group_cpu_seconds(pgid) - before < 0.5
    assert sparql(small_server, "ASK { ?s ?p ?o }").json()["boolean"] is True


def test_too_many_rows_is_refused_with_a_clear_error(small_server: str) -> None:
    """More rows than --max-rows (50 here) is 422 telling the limit, not a truncated answer."""
    response = sparql(small_server, "SELECT * WHERE { ?s ?p ?o }")
    assert response.status_code == 422
    assert "more than 50 rows" in response.text
    assert sparql(small_server, "SELECT * WHERE { ?s ?p ?o } LIMIT 50").status_code == 200


def test_request_over_the_body_limit_is_413(small_server: str) -> None:
    """A request larger than --max-body (20,000 bytes here) is refused before it is run."""
    padding = "#" + "x" * 25_000 + "\n"
    response = sparql(small_server, padding + "ASK {}")
    assert response.status_code == 413
    assert "20000 bytes" in response.text
    assert sparql(small_server, "#" + "x" * 1000 + "\nASK {}").status_code == 200


def test_no_cors_headers_by_default(small_server: str) -> None:
    """Without --cors, a cross-origin page gets no Access-Control-Allow-Origin."""
    response = httpx.get(
        small_server + "/sparql", params={"query": "ASK {}"}, headers={"Origin": "https://example.org"}
    )
    assert response.status_code == 200
    assert "access-control-allow-origin" not in response.headers


def test_cors_origin_allowed_when_asked() -> None:
    """With --cors ORIGIN, that origin (only) is allowed, including the preflight."""
    with serving("--graph", str(FIXTURE), "--cors", "https://example.org", "--workers", "1") as base:
        ok = httpx.get(
            base + "/sparql", params={"query": "ASK {}"}, headers={"Origin": "https://example.org"}
        )
        assert ok.headers["access-control-allow-origin"] == "https://example.org"
        preflight = httpx.options(
            base + "/sparql",
            headers={"Origin": "https://example.org", "Access-Control-Request-Method": "POST"},
        )
        assert preflight.status_code == 200
        other = httpx.get(
            base + "/sparql", params={"query": "ASK {}"}, headers={"Origin": "https://evil.example"}
        )
        assert "access-control-allow-origin" not in other.headers


def test_updates_need_the_token_when_allowed() -> None:
    """--allow-update: no token is 401; with the token the update reaches every worker; LOAD
    (which fetches a URL) still needs --allow-service."""
    token = "t" * 24
    with serving("--graph", str(FIXTURE), "--allow-update", "--token", token, "--workers", "2") as base:
        update = f"INSERT DATA {{ <{DEER}> <http://example.org/p> 'added' }}"
        headers = {"Content-Type": "application/sparql-update"}
        assert httpx.post(base + "/sparql", content=update, headers=headers).status_code == 401
        wrong = {**headers, "Authorization": "Bearer " + "x" * 24}
        assert httpx.post(base + "/sparql", content=update, headers=wrong).status_code == 401
        right = {**headers, "Authorization": f"Bearer {token}"}
        assert httpx.post(base + "/sparql", content=update, headers=right).status_code == 204
        answers = {
            sparql(base, "ASK { ?s <http://example.org/p> 'added' }").json()["boolean"] for _ in range(8)
        }
        assert answers == {True}
        load = {**right, "Content-Type": "application/sparql-update"}
        refused = httpx.post(base + "/sparql", content="LOAD <http://127.0.0.1:9/x.ttl>", headers=load)
        assert refused.status_code == 403


def test_small_store_is_copied_into_memory_large_read_on_disk(built_dir: Path) -> None:
    """Where the data comes from: the built store, in memory when it is small enough."""
    small = data_source(ServeOptions(out_dir=built_dir))
    assert small.store == built_dir / "store"
    assert small.in_memory
    large = data_source(ServeOptions(out_dir=built_dir, memory_triples=100))
    assert not large.in_memory
    files = data_source(ServeOptions(graph_files=[FIXTURE]))
    assert files.files == (FIXTURE,)


@pytest.mark.parametrize(
    ("host", "status"),
    [
        ("evil.example", 400),
        ("evil.example:{port}", 400),
        ("127.0.0.1.evil.example", 400),
        ("localhost:{port}", 200),
        ("LOCALHOST", 200),
        ("127.0.0.1", 200),
        ("[::1]:{port}", 200),
    ],
)
def test_loopback_server_accepts_only_loopback_host_names(plain_server: str, host: str, status: int) -> None:
    """DNS rebinding: a page on evil.example whose name now resolves to 127.0.0.1 reaches the
    server with 'Host: evil.example'; a loopback server answers only to loopback names."""
    port = plain_server.rsplit(":", 1)[1]
    for path in ("/sparql?query=ASK%7B%7D", "/rdf-graph-store?default", "/"):
        response = httpx.get(plain_server + path, headers={"Host": host.format(port=port)})
        assert response.status_code == status, (path, response.text)


def test_allow_remote_keeps_accepting_any_host_name() -> None:
    """With --allow-remote (e.g. behind a reverse proxy passing its own Host) any name is served."""
    with serving("--graph", str(FIXTURE), "--workers", "1", "--allow-remote") as base:
        response = httpx.get(base + "/sparql", params={"query": "ASK {}"}, headers={"Host": "kg.example.org"})
        assert response.status_code == 200
        assert response.json()["boolean"] is True


def test_non_loopback_host_is_refused_without_flag() -> None:
    """Listening on all interfaces needs --allow-remote; the command says so and exits 2."""
    done = subprocess.run(
        wildkg_command("--host", "0.0.0.0", "--graph", str(FIXTURE)),
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 2
    assert "--allow-remote" in done.stderr


# --- load and pages ------------------------------------------------------------------------


def test_16_concurrent_clients_100_queries_each_without_error(built_server: str) -> None:
    """16 threads × 100 queries: every answer is 200 and has the 7 predators."""
    failures: list[str] = []

    def client() -> None:
        with httpx.Client(base_url=built_server, timeout=30) as http:
            for _ in range(100):
                response = http.post(
                    "/sparql",
                    data={"query": PREDATORS_QUERY},
                    headers={"Accept": "application/sparql-results+json"},
                )
                if response.status_code != 200:
                    failures.append(f"{response.status_code} {response.text[:100]}")
                elif len(json.loads(response.text)["results"]["bindings"]) != 7:
                    failures.append("wrong answer")

    threads = [threading.Thread(target=client) for _ in range(16)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(120)
    assert not any(t.is_alive() for t in threads)
    assert failures == []


def test_entity_page_escapes_data_and_shows_sources(small_server: str) -> None:
    """The HTML page lists facts with their source sections and escapes every literal."""
    response = httpx.get(small_server + "/entity/taxon/moschus-leucogaster", headers={"Accept": "text/html"})
    assert response.status_code == 200
    assert "&lt;img src=x onerror=alert(1)&gt;" in response.text
    assert "<img src=x" not in response.text
    assert "Ecology and behaviour" in response.text
    assert "https://en.wikipedia.org/wiki/White-bellied_musk_deer#Ecology_and_behaviour" in response.text
    assert "script-src 'self'" in response.headers["content-security-policy"]


def test_entity_is_turtle_for_rdf_clients(small_server: str) -> None:
    """The same URL gives Turtle to an RDF client, with the entity's triples and fact nodes."""
    response = httpx.get(small_server + "/entity/taxon/martes-flavigula", headers={"Accept": "text/turtle"})
    assert response.status_code == 200
    graph = Graph().parse(data=response.text, format="turtle")
    marten = WK["taxon/martes-flavigula"]
    assert (marten, OBO.RO_0002439, DEER) in graph
    assert (None, URIRef("http://www.w3.org/1999/02/22-rdf-syntax-ns#subject"), marten) in graph
    assert (
        marten,
        URIRef("http://rs.tdwg.org/dwc/terms/scientificName"),
        Literal("Martes flavigula"),
    ) in graph


def test_entity_turtle_over_max_rows_is_422(small_server: str) -> None:
    """The deer's description (80 triples) is over --max-rows 50: refused, not sent whole."""
    response = httpx.get(
        small_server + "/entity/taxon/moschus-leucogaster", headers={"Accept": "text/turtle"}
    )
    assert response.status_code == 422
    assert "more than 50 triples" in response.text


def test_unknown_entity_is_404(small_server: str) -> None:
    """An IRI the graph does not mention is not found (HTML and Turtle alike)."""
    assert httpx.get(small_server + "/entity/taxon/no-such-thing").status_code == 404
    assert (
        httpx.get(small_server + "/entity/taxon/no-such-thing", headers={"Accept": "text/turtle"}).status_code
        == 404
    )
