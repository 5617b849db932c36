"""Issue 13: generated queries, bodies and headers against a real ``wildkg serve``.

Every answer must be one of the documented statuses (docs/security.md) with a plain-text or
RDF body, never a traceback or a 500, and the server must keep answering ``ASK {}`` within a
second after every request.
"""

from __future__ import annotations

import socket
import time
from collections.abc import Iterator

import httpx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.serve.test_serve import FIXTURE, serving

pytestmark = pytest.mark.server

#: Statuses the endpoint documents (docs/security.md).
DOCUMENTED = {200, 204, 303, 400, 401, 403, 404, 405, 406, 408, 413, 414, 415, 422, 503}

SPARQL_BITS = st.sampled_from(
    [
        "SELECT", "ASK", "CONSTRUCT", "DESCRIBE", "INSERT DATA", "DELETE WHERE", "LOAD", "SERVICE", "service",
        "SILENT", "WHERE", "{", "}", "(", ")", "[", "]", "?s", "?p", "?o", "$x", "<http://127.0.0.1:9/x>", "<rel>",
        "ex:a\\'", "ex:", "PREFIX ex: <http://e/>", "BASE <http://b/>", "'", '"', "'''", '"""', "\\", "\\u0053",
        "#", "\n", " ", ".", ";", ",", "*", "FILTER", "BIND", "AS", "RAND()", "CONCAT(?s, ?s)", "VALUES ?k { 1 2 }",
        "LIMIT 5", "OFFSET 1", "ORDER BY", "GROUP BY", "COUNT(*)", "GRAPH", "OPTIONAL", "UNION", "MINUS", "NOT EXISTS",
        "obo:RO_0002458", "wk:", "a", "1e400", "'x'@en", "'1'^^xsd:integer", "\x00", "\u202e", "é",
    ]
)  # fmt: skip
QUERIES = st.lists(st.one_of(SPARQL_BITS, st.text(max_size=8)), max_size=30).map(" ".join)
ACCEPTS = st.one_of(
    st.sampled_from(
        ["*/*", "application/sparql-results+json", "text/turtle", "application/rdf+xml", "text/csv",
         "application/json;q=nan", "text/*;q=0, */*;q=0", "image/png", ""]
    ),
    st.text(alphabet=st.characters(min_codepoint=32, max_codepoint=126), max_size=60),
).map(str.strip)  # a header value cannot start or end with a space (the client refuses it)  # fmt: skip
CONTENT_TYPES = st.sampled_from(
    ["application/x-www-form-urlencoded", "application/sparql-query", "application/sparql-update",
     "text/plain", "multipart/form-data", "application/x-www-form-urlencoded; charset=latin1"]
)  # fmt: skip
PATHS = st.sampled_from(["/sparql", "/rdf-graph-store?default", "/rdf-graph-store?graph=x", "/", "/entity/x"])


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    with serving(
        "--graph", str(FIXTURE), "--timeout", "2", "--max-rows", "50", "--max-body", "100000",
        "--max-response", "200000", "--client-timeout", "2", "--workers", "2",
    ) as base:  # fmt: skip
        yield base


def still_answers(base: str) -> None:
    started = time.monotonic()
    response = httpx.get(base + "/sparql", params={"query": "ASK {}"}, timeout=10)
    took = time.monotonic() - started
    assert response.status_code == 200 and response.json()["boolean"] is True
    assert took < 1.0, f"ASK took {took:.2f} s"


def check(response: httpx.Response) -> None:
    assert response.status_code in DOCUMENTED, (response.status_code, response.text[:300])
    assert "Traceback" not in response.text


@settings(max_examples=150, deadline=None, suppress_health_check=list(HealthCheck))
@given(query=QUERIES, how=st.sampled_from(["get", "form", "body", "update"]), accept=ACCEPTS)
def test_generated_queries_get_documented_statuses(server: str, query: str, how: str, accept: str) -> None:
    headers = {"Accept": accept}
    if how == "get":
        response = httpx.get(server + "/sparql", params={"query": query}, headers=headers, timeout=30)
    elif how == "form":
        response = httpx.post(server + "/sparql", data={"query": query}, headers=headers, timeout=30)
    else:
        media = "application/sparql-query" if how == "body" else "application/sparql-update"
        headers["Content-Type"] = media
        response = httpx.post(
            server + "/sparql", content=query.encode("utf-8", "surrogatepass"), headers=headers, timeout=30
        )
    check(response)
    still_answers(server)


@settings(max_examples=100, deadline=None, suppress_health_check=list(HealthCheck))
@given(
    path=PATHS,
    method=st.sampled_from(["GET", "POST", "PUT", "DELETE", "PATCH", "HEAD", "OPTIONS"]),
    body=st.binary(max_size=2000),
    content_type=CONTENT_TYPES,
    accept=ACCEPTS,
    extra=st.dictionaries(
        st.sampled_from(["Host", "Authorization", "Origin", "Content-Length", "X-Anything", "Range"]),
        st.text(alphabet=st.characters(min_codepoint=33, max_codepoint=126), max_size=40),
        max_size=3,
    ),
)
def test_generated_requests_get_documented_statuses(
    server: str, path: str, method: str, body: bytes, content_type: str, accept: str, extra: dict[str, str]
) -> None:
    """Raw requests (a client library would refuse some of these headers) over a socket."""
    port = int(server.rsplit(":", 1)[1])
    fields = {"Host": "127.0.0.1", "Content-Type": content_type, "Accept": accept, **extra}
    head = f"{method} {path} HTTP/1.1\r\n" + "".join(f"{k}: {v}\r\n" for k, v in fields.items())
    if "Content-Length" not in extra:
        head += f"Content-Length: {len(body)}\r\n"
    request = (head + "Connection: close\r\n\r\n").encode() + body
    answer = b""
    with socket.create_connection(("127.0.0.1", port), timeout=15) as sock:
        sock.sendall(request)
        try:
            while chunk := sock.recv(65536):
                answer += chunk
        except ConnectionResetError:
            pass
    status_line = answer.split(b"\r\n", 1)[0].decode("latin-1")
    assert status_line.startswith("HTTP/1.1 "), (request[:200], answer[:200])
    status = int(status_line.split()[1])
    assert status in DOCUMENTED, (status, request[:200], answer[:300])
    assert b"Traceback" not in answer
    still_answers(server)
