"""The Starlette application: SPARQL Protocol at /sparql, Graph Store reads, the web UI."""

from __future__ import annotations

import asyncio
import hmac
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, field

from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.middleware.cors import CORSMiddleware
from starlette.middleware.trustedhost import TrustedHostMiddleware
from starlette.requests import Request
from starlette.responses import PlainTextResponse, RedirectResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from wildkg.serve.jobs import (
    ERR_FETCH,
    ERR_IS_UPDATE,
    ERR_NOT_ACCEPTABLE,
    ERR_NOT_FOUND,
    ERR_SYNTAX,
    ERR_TOO_LARGE,
    ERR_TOO_MANY_ROWS,
    GRAPH_FORMATS,
    GraphJob,
    Job,
    QueryJob,
    Reply,
    UpdateJob,
)
from wildkg.serve.pool import PoolBusyError, WorkerDiedError, WorkerPool, WorkerTimeoutError
from wildkg.serve.protocol import (
    FORMAT_PARAM,
    GRAPH_ALIASES,
    Limits,
    Operation,
    ProtocolError,
    negotiate,
    negotiate_results,
    read_operation,
)
from wildkg.serve.templates import HERE, TEMPLATES
from wildkg.serve.worker import safe_iri

#: Status codes for the errors a worker reports.
ERROR_STATUS = {
    ERR_SYNTAX: 400,
    ERR_NOT_ACCEPTABLE: 406,
    ERR_NOT_FOUND: 404,
    ERR_TOO_MANY_ROWS: 422,
    ERR_TOO_LARGE: 422,
    ERR_FETCH: 403,
    ERR_IS_UPDATE: 403,
}
READ_ONLY = (
    "this endpoint is read-only: SPARQL Update is refused "
    "(start it with --allow-update --token T to accept updates)"
)
CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'"
)


@dataclass
class Policy:
    """What the endpoint allows beyond read-only SPARQL queries."""

    limits: Limits = field(default_factory=Limits)
    allow_update: bool = False
    token: str | None = None
    allow_service: bool = False
    cors: tuple[str, ...] = ()
    #: Host header names (without port) accepted; empty: any. Guards a loopback server
    #: against DNS rebinding (a web page whose domain now resolves to 127.0.0.1).
    allowed_hosts: tuple[str, ...] = ()


def error(status: int, message: str) -> Response:
    return PlainTextResponse(message.rstrip() + "\n", status_code=status)


class Endpoint:
    """Request handlers bound to a worker pool and a policy."""

    def __init__(self, pool: WorkerPool, policy: Policy) -> None:
        self.pool = pool
        self.policy = policy

    async def run_job(self, job: Job) -> Reply | Response:
        """Run a job; a Response when it failed in a way the client must hear about."""
        try:
            if isinstance(job, UpdateJob):
                reply = await self.pool.update(job)
            else:
                reply = await self.pool.run(job)
        except WorkerTimeoutError:
            seconds = self.pool.timeout
            return error(
                503,
                f"the query ran longer than the server's limit of {seconds:g} s (--timeout) and was stopped",
            )
        except PoolBusyError:
            return error(503, "the server is busy: no query worker became free in time; retry later")
        except WorkerDiedError:
            return error(500, "the query worker stopped unexpectedly (out of memory?)")
        if reply.error == ERR_IS_UPDATE and self.policy.allow_update:
            return error(400, "this is a SPARQL Update: send it as 'update=' or application/sparql-update")
        if reply.error == ERR_IS_UPDATE:
            return error(403, READ_ONLY)
        if reply.error:
            return error(ERROR_STATUS.get(reply.error, 500), reply.message)
        return reply

    def _check_update(self, request: Request, op: Operation) -> Response | None:
        if not self.policy.allow_update:
            return error(403, READ_ONLY)
        given = request.headers.get("authorization", "")
        expected = f"Bearer {self.policy.token}"
        if not self.policy.token or not hmac.compare_digest(given.encode(), expected.encode()):
            return PlainTextResponse(
                "updates need 'Authorization: Bearer <token>'\n",
                status_code=401,
                headers={"WWW-Authenticate": 'Bearer realm="wildkg"'},
            )
        if op.via_get:
            return error(400, "send updates with POST, not GET")
        return None

    async def sparql(self, request: Request) -> Response:
        try:
            op = await read_operation(request, self.policy.limits)
            if op is None:
                return self.service_description(request)
            base = _base_iri(request)
            if op.kind == "update":
                refusal = self._check_update(request, op)
                if refusal is not None:
                    return refusal
                using = tuple(safe_iri(g) for g in op.using)
                named = tuple(safe_iri(g) for g in op.using_named)
                done = await self.run_job(UpdateJob(op.text, base, self.policy.allow_service, using, named))
                return done if isinstance(done, Response) else Response(status_code=204)
            result_type, graph_type = negotiate_results(request, op.params)
            for graph in op.default_graphs + op.named_graphs:
                safe_iri(graph)
        except ProtocolError as err:
            return error(err.status, err.message)
        except ValueError as err:
            return error(400, str(err))
        limits = self.policy.limits
        job = QueryJob(
            op.text,
            result_type,
            graph_type,
            limits.max_rows,
            op.default_graphs,
            op.named_graphs,
            base_iri=base,
            allow_fetch=self.policy.allow_service,
            max_bytes=limits.max_response,
        )
        answer = await self.run_job(job)
        if isinstance(answer, Response):
            return answer
        timing = f'query;dur={answer.elapsed * 1000:.2f};desc="worker"'
        return Response(
            answer.body,
            media_type=_with_charset(answer.media_type),
            headers={"Vary": "Accept", "Server-Timing": timing},
        )

    def service_description(self, request: Request) -> Response:
        offers = ["text/turtle", "text/html"]
        if negotiate(request.headers.get("accept"), offers) == "text/html":
            return RedirectResponse("/", status_code=303)
        try:
            endpoint = safe_iri(str(request.url.replace(query="", fragment="")).rstrip("?"))
        except ValueError:
            return error(400, "bad Host header")
        body = TEMPLATES.get_template("service.ttl").render(
            endpoint=endpoint,
            triples=self.pool.triples,
            allow_update=self.policy.allow_update,
            allow_service=self.policy.allow_service,
            max_rows=self.policy.limits.max_rows,
        )
        return Response(body, media_type="text/turtle; charset=utf-8", headers={"Vary": "Accept"})

    async def graph_store(self, request: Request) -> Response:
        params = request.query_params
        graphs = params.getlist("graph")
        has_default = "default" in params
        if has_default == bool(graphs) or len(graphs) > 1:
            return error(400, "give exactly one of '?default' or '?graph=IRI'")
        fmt = params.get("format")
        media = (
            FORMAT_PARAM.get(fmt.lower())
            if fmt
            else negotiate(request.headers.get("accept"), list(GRAPH_FORMATS), GRAPH_ALIASES)
        )
        if media not in GRAPH_FORMATS:
            return error(406, "acceptable graph formats: " + ", ".join(GRAPH_FORMATS))
        try:
            graph = safe_iri(graphs[0]) if graphs else None
        except ValueError as err:
            return error(400, str(err))
        limits = self.policy.limits
        reply = await self.run_job(GraphJob(graph, media, limits.max_rows, max_bytes=limits.max_response))
        if isinstance(reply, Response):
            return reply
        return Response(reply.body, media_type=_with_charset(media), headers={"Vary": "Accept"})

    async def graph_store_write(self, request: Request) -> Response:
        return PlainTextResponse(
            "the Graph Store of this endpoint is read-only (GET only)\n",
            status_code=405,
            headers={"Allow": "GET, HEAD"},
        )


def _base_iri(request: Request) -> str | None:
    """The endpoint's own URL, against which relative IRIs in queries resolve (W3C Protocol)."""
    try:
        return safe_iri(str(request.url.replace(query="", fragment="")).rstrip("?"))
    except ValueError:
        return None


def _with_charset(media: str) -> str:
    textual = media.startswith("text/") or media.endswith(("json", "xml", "n-triples"))
    return f"{media}; charset=utf-8" if textual else media


class SecurityHeaders:
    """ASGI middleware adding nosniff, a strict CSP and no referrer to every response."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                headers += [
                    (b"x-content-type-options", b"nosniff"),
                    (b"content-security-policy", CSP.encode()),
                    (b"referrer-policy", b"no-referrer"),
                ]
                message = {**message, "headers": headers}
            await send(message)

        await self.app(scope, receive, send_with_headers)


def create_app(pool: WorkerPool, policy: Policy) -> Starlette:
    """The ASGI app serving ``pool``'s data under ``policy``."""
    from wildkg.serve.explore import Explorer
    from wildkg.serve.ui import Pages

    endpoint = Endpoint(pool, policy)
    pages = Pages(endpoint)
    explorer = Explorer(endpoint)

    @asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        pool.attach(asyncio.get_running_loop())
        yield
        pool.close()

    middleware = [Middleware(SecurityHeaders)]
    if policy.allowed_hosts:
        middleware.append(
            Middleware(TrustedHostMiddleware, allowed_hosts=list(policy.allowed_hosts), www_redirect=False)
        )
    if policy.cors:
        middleware.append(
            Middleware(
                CORSMiddleware,
                allow_origins=list(policy.cors),
                allow_methods=["GET", "POST"],
                allow_headers=["Accept", "Content-Type", "Authorization"],
                max_age=600,
            )
        )
    routes = [
        Route("/", pages.index, methods=["GET"]),
        Route("/sparql", endpoint.sparql, methods=["GET", "POST"]),
        Route("/rdf-graph-store", endpoint.graph_store, methods=["GET"]),
        Route("/rdf-graph-store", endpoint.graph_store_write, methods=["PUT", "POST", "DELETE", "PATCH"]),
        Route("/entity/{path:path}", pages.entity, methods=["GET"]),
        Mount("/static", app=StaticFiles(directory=HERE / "static"), name="static"),
        # The explorer (issue 14): the network renderer of `wildkg viz`, served.
        Route("/explore", explorer.page, methods=["GET"]),
        Route("/explore/expand", explorer.expand, methods=["GET"]),
        Route("/explore/search", explorer.search, methods=["GET"]),
        Mount("/network-static", app=StaticFiles(directory=HERE.parent / "network" / "static")),
    ]
    return Starlette(routes=routes, middleware=middleware, lifespan=lifespan)
