"""``wildkg push``: upload the built graph to a triple store by the SPARQL 1.1 Graph Store Protocol.

The graph goes as N-Triples in chunks: with ``--replace`` the first chunk is a PUT (which
replaces the target graph) and the rest are POSTs (which add to it); without it, every
chunk is a POST. Triples holding blank nodes all go in one last chunk, because each
request is its own document and a blank node label means nothing across documents.
Failed requests (connection errors, timeouts, 5xx, 429) are retried with exponential
backoff, except the POST of the blank-node chunk: posting it twice would add its blank
nodes twice, so after a timeout or a dropped connection it is not sent again (see
:func:`may_retry`). At the end a SPARQL ``COUNT`` on the store's query endpoint checks the
result; without a query endpoint (given or guessed) the push refuses to start unless
``verify=False`` (``--no-verify``).
"""

from __future__ import annotations

import base64
import http.client
import json
import math
import socket
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlencode, urljoin, urlsplit, urlunsplit

import pyoxigraph as ox

from wildkg import project
from wildkg.errors import InputError, WildkgError
from wildkg.publish.httpguard import DeadlineHandlers, NoRedirect, check_http_url, retry_after, same_origin
from wildkg.rdfio import check_offline

NTRIPLES = "application/n-triples"
#: How GSP paths of common stores map to their query endpoints (suffix → replacement).
QUERY_PATHS: tuple[tuple[str, str], ...] = (
    ("/store", "/query"),  # Oxigraph server
    ("/data", "/sparql"),  # Apache Jena Fuseki
    ("/rdf-graphs/service", ""),  # GraphDB / RDF4J
    ("/statements", ""),  # GraphDB / RDF4J
    ("/sparql-graph-crud-auth", "/sparql"),  # Virtuoso
    ("/sparql-graph-crud", "/sparql"),  # Virtuoso
    ("/sparql/gsp", "/sparql"),  # Amazon Neptune
)


@dataclass(frozen=True)
class Credentials:
    user: str | None = None
    password: str | None = None
    token: str | None = None
    digest: bool = False


@dataclass
class PushReport:
    endpoint: str
    graph: str | None
    triples: int
    chunks: int
    retries: int
    seconds: float
    server_count: int | None = None
    query_endpoint: str | None = None

    def summary(self) -> str:
        target = f"<{self.graph}>" if self.graph else "the default graph"
        text = (
            f"pushed {self.triples} triples to {target} of {self.endpoint} in {self.chunks} "
            f"request(s), {self.retries} retried, {self.seconds:.1f} s"
        )
        if self.server_count is not None:
            text += f"; the server now holds {self.server_count} triples there"
        elif self.query_endpoint is None:
            text += "; not verified (--no-verify)"
        return text


#: Virtuoso's Graph Store endpoints name the graph ``graph-uri`` and need one.
VIRTUOSO_PATHS = ("/sparql-graph-crud", "/sparql-graph-crud-auth")


def graph_store_url(endpoint: str, graph: str | None) -> str:
    """``endpoint`` with ``?default`` or ``?graph=IRI`` added (keeping any query it has)."""
    parts = urlsplit(endpoint)
    name = "graph-uri" if parts.path.rstrip("/").endswith(VIRTUOSO_PATHS) else "graph"
    if name == "graph-uri" and not graph:
        raise WildkgError("Virtuoso's Graph Store endpoint needs a target graph: add --graph IRI")
    param = f"{name}={quote(graph, safe='')}" if graph else "default"
    query = f"{parts.query}&{param}" if parts.query else param
    return urlunsplit((parts.scheme, parts.netloc, parts.path, query, ""))


def default_query_endpoint(endpoint: str) -> str | None:
    """The SPARQL query endpoint beside a known store's Graph Store endpoint, else None."""
    parts = urlsplit(endpoint)
    path = parts.path.rstrip("/")
    for suffix, replacement in QUERY_PATHS:
        if path.endswith(suffix):
            new_path = path[: -len(suffix)] + replacement
            return urlunsplit((parts.scheme, parts.netloc, new_path or "/", "", ""))
    return None


def load_triples(files: list[Path]) -> ox.Store:
    """All triples of ``files`` (any graph) in the default graph of an in-memory store."""
    store = ox.Store()
    for file in files:
        if not file.is_file():
            raise InputError(f"{file}: no such file")
        fmt = ox.RdfFormat.from_extension(file.suffix.lstrip(".").lower())
        if fmt is None:
            raise InputError(f"{file}: unknown RDF file extension '{file.suffix}'")
        check_offline(file)
        try:
            quads = ox.parse(path=str(file), format=fmt)
            store.bulk_extend(ox.Quad(q.subject, q.predicate, q.object) for q in quads)
        except SyntaxError as err:
            raise InputError(f"{file}: {err}") from None
    return store


def chunks(store: ox.Store, size: int) -> Iterator[tuple[bytes, int, bool]]:
    """N-Triples bodies of at most ``size`` triples and whether they hold blank nodes;
    blank-node triples together, last."""
    plain: list[ox.Triple] = []
    blank: list[ox.Triple] = []
    for quad in store.quads_for_pattern(None, None, None, ox.DefaultGraph()):
        triple = quad.triple
        if isinstance(triple.subject, ox.BlankNode) or isinstance(triple.object, ox.BlankNode):
            blank.append(triple)
            continue
        plain.append(triple)
        if len(plain) >= size:
            yield ox.serialize(plain, format=ox.RdfFormat.N_TRIPLES) or b"", len(plain), False
            plain = []
    if plain:
        yield ox.serialize(plain, format=ox.RdfFormat.N_TRIPLES) or b"", len(plain), False
    if blank:
        yield ox.serialize(blank, format=ox.RdfFormat.N_TRIPLES) or b"", len(blank), True


def not_sent(failure: OSError | http.client.HTTPException) -> bool:
    """Whether ``failure`` happened before any byte of the request left (no connection made)."""
    reason = failure.reason if isinstance(failure, urllib.error.URLError) else failure
    return isinstance(reason, (ConnectionRefusedError, socket.gaierror))


def may_retry(failure: OSError | http.client.HTTPException, repeatable: bool) -> bool:
    """Whether a request that failed with ``failure`` may be sent again.

    A 5xx or 429 answer means the server answered and (for these codes) did not apply the
    request; any other HTTP answer is final. A request that is safe to repeat (PUT, a query,
    a POST of ground triples, which adds nothing twice) is retried on any network failure.
    One that is not (``repeatable=False``: the POST of blank-node triples, whose blank nodes
    would be added again as new ones) is retried only if it surely never reached the server.
    """
    if isinstance(failure, urllib.error.HTTPError):
        return failure.code >= 500 or failure.code == 429
    return repeatable or not_sent(failure)


#: Same-origin 307/308 redirects followed per request.
MAX_REDIRECTS = 5


class _Client:
    """Plain urllib HTTP with auth, a deadline per request and retries on transient failures.

    Redirects are followed only to the same origin and only when they keep the method and
    body (307/308); credentials never go to another origin (issue 13, F6). Each request
    (connect, send, the whole answer) must finish within ``timeout`` seconds: a store that
    trickles its answer is cut off at the deadline, not only after a silent ``timeout``.
    """

    def __init__(
        self, credentials: Credentials, timeout: float, retries: int, log: Callable[[str], None]
    ) -> None:
        self.timeout = timeout
        self.retries = retries
        self.retried = 0
        self.log = log
        self.headers: dict[str, str] = {"User-Agent": "wildkg-push"}
        self.deadline = DeadlineHandlers()
        handlers: list[urllib.request.BaseHandler] = [NoRedirect(), *self.deadline.handlers()]
        if credentials.token:
            self.headers["Authorization"] = f"Bearer {credentials.token}"
        elif credentials.user is not None:
            if credentials.digest:
                manager = urllib.request.HTTPPasswordMgrWithDefaultRealm()
                manager.add_password(None, "/", credentials.user, credentials.password or "")
                handlers.append(urllib.request.HTTPDigestAuthHandler(manager))
            else:
                pair = f"{credentials.user}:{credentials.password or ''}".encode()
                self.headers["Authorization"] = "Basic " + base64.b64encode(pair).decode()
        self.opener = urllib.request.build_opener(*handlers)

    def _open(self, method: str, url: str, body: bytes | None, headers: dict[str, str]) -> bytes:
        """One request, following same-origin 307/308 redirects, within the deadline."""
        target = url
        for _ in range(MAX_REDIRECTS + 1):
            request = urllib.request.Request(
                target, data=body, method=method, headers={**self.headers, **headers}
            )
            try:
                with (
                    self.deadline.within(self.timeout),
                    self.opener.open(request, timeout=self.timeout) as response,
                ):
                    data: bytes = response.read()
                    return data
            except urllib.error.HTTPError as err:
                if not 300 <= err.code < 400:
                    raise
                location = urljoin(target, err.headers.get("Location", "") if err.headers else "")
                if err.code not in (307, 308) or not same_origin(url, location):
                    raise WildkgError(
                        f"{method} {target}: HTTP {err.code} redirect to {location or '(nowhere)'} not "
                        "followed: credentials are never sent to another origin, and a redirect that "
                        "changes the method would drop the data; push to the final URL directly"
                    ) from None
                target = location
        raise WildkgError(f"{method} {url}: more than {MAX_REDIRECTS} redirects")

    def request(
        self, method: str, url: str, body: bytes | None, headers: dict[str, str], repeatable: bool = True
    ) -> bytes:
        """Send a request and return the answer's body; ``repeatable``: see :func:`may_retry`."""
        for attempt in range(self.retries + 1):
            wait = None
            try:
                return self._open(method, url, body, headers)
            except urllib.error.HTTPError as err:
                detail = err.read().decode(errors="replace").strip()[:500]
                if not may_retry(err, repeatable):
                    raise WildkgError(f"{method} {url}: HTTP {err.code} {err.reason}: {detail}") from None
                problem = f"HTTP {err.code} {detail}"
                wait = retry_after(err)
            except (OSError, http.client.HTTPException) as err:  # URLError, timeouts, resets, refused
                problem = str(getattr(err, "reason", err)) or type(err).__name__
                if not may_retry(err, repeatable):
                    raise WildkgError(
                        f"{method} {url} failed ({problem}) and is not retried: the server may have "
                        "received it, and sending blank-node triples again would add them twice; "
                        "check the server, then push again with --replace"
                    ) from None
            if attempt == self.retries:
                raise WildkgError(f"{method} {url} failed after {attempt + 1} attempts: {problem}")
            delay = wait if wait is not None else min(0.5 * 2**attempt, 8.0)
            self.retried += 1
            asked = " as the server asked (Retry-After)" if wait is not None else ""
            self.log(f"retrying {method} in {delay:.1f} s{asked} ({problem})")
            time.sleep(delay)
        raise AssertionError("unreachable")


def count_triples(client: _Client, query_endpoint: str, graph: str | None) -> int:
    """``COUNT(*)`` of the triples in ``graph`` (or the default graph) at ``query_endpoint``."""
    where = f"GRAPH <{graph}> {{ ?s ?p ?o }}" if graph else "?s ?p ?o"
    query = f"SELECT (COUNT(*) AS ?n) WHERE {{ {where} }}"
    body = urlencode({"query": query}).encode()
    answer = client.request(
        "POST",
        query_endpoint,
        body,
        {
            "Content-Type": "application/x-www-form-urlencoded",
            "Accept": "application/sparql-results+json",
        },
    )
    try:
        data: dict[str, Any] = json.loads(answer)
        return int(data["results"]["bindings"][0]["n"]["value"])
    except (ValueError, KeyError, IndexError) as err:
        raise WildkgError(f"{query_endpoint}: unexpected answer to COUNT: {err}") from None


def push(
    files: list[Path],
    endpoint: str,
    *,
    graph: str | None = None,
    replace: bool = False,
    credentials: Credentials | None = None,
    chunk_size: int = 50_000,
    query_endpoint: str | None = None,
    retries: int = 4,
    timeout: float = 120.0,
    log: Callable[[str], None] | None = None,
    verify: bool = True,
) -> PushReport:
    """Upload the triples of ``files`` to ``endpoint`` and check the count on the server
    (``verify``; refused before sending anything when no query endpoint is known)."""
    if chunk_size < 1:
        raise WildkgError("--chunk-size must be at least 1")
    if retries < 0:
        raise WildkgError(f"--retries must be 0 or more, not {retries}")
    if not math.isfinite(timeout) or timeout <= 0:
        raise WildkgError(f"--timeout must be a positive number of seconds, not {timeout}")
    check_http_url(endpoint, "--endpoint")
    if query_endpoint is not None:
        check_http_url(query_endpoint, "--query-endpoint")
    query_url = (query_endpoint or default_query_endpoint(endpoint)) if verify else None
    if verify and query_url is None:
        raise WildkgError(
            f"cannot tell the SPARQL query endpoint of {endpoint} to verify the push: give it "
            "with --query-endpoint URL, or pass --no-verify to push without checking"
        )
    if graph is not None:
        try:
            ox.NamedNode(graph)
        except ValueError:
            raise WildkgError(f"--graph: not a valid IRI: {graph!r}") from None
    say = log or (lambda message: print(message, file=sys.stderr))
    started = time.monotonic()
    store = load_triples(files)
    client = _Client(credentials or Credentials(), timeout, retries, say)
    url = graph_store_url(endpoint, graph)
    sent = requests = 0
    headers = {"Content-Type": NTRIPLES}
    for body, count, blank in chunks(store, chunk_size):
        method = "PUT" if replace and requests == 0 else "POST"
        client.request(method, url, body, headers, repeatable=method == "PUT" or not blank)
        sent += count
        requests += 1
        say(f"{method} {sent}/{len(store)} triples")
    if requests == 0 and replace:
        client.request("PUT", url, b"", headers)
        requests = 1
    report = PushReport(
        endpoint, graph, sent, requests, client.retried, time.monotonic() - started, query_endpoint=query_url
    )
    if query_url is not None:
        report.server_count = count_triples(client, query_url, graph)
        if report.server_count < sent:
            raise WildkgError(f"{report.summary()}: fewer than the {sent} pushed")
        if replace and report.server_count > sent:
            say(
                f"note: the server counts {report.server_count - sent} triples more than were "
                "pushed (inferred triples, or a default graph that is the union of all graphs)"
            )
    report.seconds = time.monotonic() - started
    return report


def push_from_cli(values: dict[str, Any]) -> None:
    """Run ``wildkg push`` from the command's parameters and print the report."""
    files = list(values["input"] or [project.default_ttl(values["out_dir"])])
    credentials = Credentials(values["user"], values["password"], values["token"], values["digest"])
    report = push(
        files,
        values["endpoint"],
        graph=values["graph"],
        replace=values["replace"],
        credentials=credentials,
        chunk_size=values["chunk_size"],
        query_endpoint=values["query_endpoint"],
        retries=values["retries"],
        timeout=values["timeout"],
        verify=not values["no_verify"],
    )
    print(report.summary())
