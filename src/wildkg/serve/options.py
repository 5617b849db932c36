"""Options of ``wildkg serve``: where the data comes from, what is allowed, starting up."""

from __future__ import annotations

import ipaddress
import itertools
import math
import os
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from wildkg import project
from wildkg.errors import InputError, WildkgError
from wildkg.serve.jobs import DataSource
from wildkg.serve.protocol import Limits


@dataclass
class ServeOptions:
    """Everything ``wildkg serve`` can be told."""

    host: str = "127.0.0.1"
    port: int = 8000
    graph_files: list[Path] = field(default_factory=list)
    out_dir: Path | None = None
    store: Path | None = None
    workers: int = 0
    limits: Limits = field(default_factory=Limits)
    allow_update: bool = False
    token: str | None = None
    allow_service: bool = False
    cors: list[str] = field(default_factory=list)
    allow_remote: bool = False
    #: A built store with at most this many triples is copied into each worker's memory
    #: (about 3× less CPU per query than reading RocksDB); 0: always read the disk.
    #: Env: WILDKG_SERVE_MEMORY_TRIPLES.
    memory_triples: int = 250_000


def is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


#: Host header names a loopback server answers to (any port); other names are refused.
LOOPBACK_NAMES = ("127.0.0.1", "localhost", "[::1]")


def allowed_hosts(options: ServeOptions) -> tuple[str, ...]:
    """Host header names to accept: the loopback names (and the bound address), or any
    (empty) with --allow-remote, where a reverse proxy or a public name may be in front."""
    if options.allow_remote:
        return ()
    bound = f"[{options.host}]" if ":" in options.host else options.host
    return tuple(dict.fromkeys((*LOOPBACK_NAMES, bound.lower())))


def data_source(options: ServeOptions) -> DataSource:
    """Which data to serve: ``--graph`` files, else the built store, else the built Turtle."""
    if options.graph_files:
        for file in options.graph_files:
            if not file.is_file():
                raise InputError(f"{file}: no such file")
        return DataSource(
            files=tuple(options.graph_files),
            in_memory=True,
        )
    store = options.store or project.default_store(options.out_dir)
    if store.is_dir() and any(store.iterdir()):
        small = _has_at_most(store, options.memory_triples)
        return DataSource(store=store, in_memory=options.allow_update or small)
    ttl = project.default_ttl(options.out_dir)
    if ttl.is_file():
        return DataSource(files=(ttl,), in_memory=True)
    raise InputError(
        f"nothing to serve: neither {store} nor {ttl} exists (run `wildkg build` first, or pass --graph FILE)"
    )


def _has_at_most(store: Path, limit: int) -> bool:
    """Whether the on-disk store holds at most ``limit`` quads (stops counting past it)."""
    if limit <= 0:
        return False
    import pyoxigraph as ox

    try:
        quads = ox.Store.read_only(str(store)).quads_for_pattern(None, None, None, None)
    except OSError as err:
        raise InputError(f"{store}: cannot open the store: {err}") from None
    return sum(1 for _ in itertools.islice(quads, limit + 1)) <= limit


def check_options(options: ServeOptions) -> None:
    """Refuse unsafe combinations before starting anything."""
    if not is_loopback(options.host) and not options.allow_remote:
        raise WildkgError(
            f"refusing to listen on non-loopback address {options.host}: anyone on "
            "the network could query it; add --allow-remote if you mean it"
        )
    if options.allow_update and not options.token:
        raise WildkgError("--allow-update needs --token T (clients send 'Authorization: Bearer T')")
    if options.token is not None and len(options.token) < 16:
        raise WildkgError("--token must be at least 16 characters long")
    for value, name in (
        (options.limits.timeout, "--timeout"),
        (options.limits.max_rows, "--max-rows"),
        (options.limits.max_body, "--max-body"),
        (options.limits.max_response, "--max-response"),
        (options.limits.body_timeout, "--client-timeout"),
    ):
        if not math.isfinite(value) or value <= 0:
            raise WildkgError(f"{name} must be a positive number, not {value}")


def run_server(options: ServeOptions) -> None:
    """Start the workers, then serve until interrupted (blocking)."""
    import uvicorn

    from wildkg.serve.app import Policy, create_app
    from wildkg.serve.http import GuardedHttpToolsProtocol
    from wildkg.serve.pool import WorkerPool

    check_options(options)
    source = data_source(options)
    size = options.workers or max(2, os.cpu_count() or 2)
    pool = WorkerPool(source, size, options.limits.timeout, offline=not options.allow_service)
    policy = Policy(
        limits=options.limits,
        allow_update=options.allow_update,
        token=options.token,
        allow_service=options.allow_service,
        cors=tuple(options.cors),
        allowed_hosts=allowed_hosts(options),
    )
    try:
        pool.start()
        if not is_loopback(options.host):
            print(f"warning: listening on {options.host}, reachable from the network", file=sys.stderr)
        if not options.allow_service and not pool.isolated:
            print(
                "note: query workers could not be taken off the network on this system "
                "(no unprivileged network namespaces); SERVICE and LOAD are still refused",
                file=sys.stderr,
            )
        where = str(source.store or ", ".join(str(f) for f in source.files))
        if source.store is not None:
            where += " (copied into memory)" if source.in_memory else " (read-only, on disk)"
        print(
            f"wildkg serve: {pool.triples} triples from {where}, {size} query workers; "
            f"http://{options.host}:{options.port}/ (SPARQL at /sparql)",
            file=sys.stderr,
            flush=True,
        )
        app = create_app(pool, policy)
        http = type("Http", (GuardedHttpToolsProtocol,), {"header_timeout": options.limits.body_timeout})
        uvicorn.run(
            app,
            http=http,
            host=options.host,
            port=options.port,
            log_level="warning",
            access_log=False,
            server_header=False,
            limit_concurrency=1000,
        )
    finally:
        pool.close()


def _env_float(name: str, default: float) -> float:
    value = os.environ.get(name)
    if value is None:
        return default
    try:
        return float(value)
    except ValueError:
        raise WildkgError(f"{name} must be a number, not {value!r}") from None


def serve_from_cli(values: dict[str, Any]) -> None:
    """Run the server from the ``wildkg serve`` command's parameters."""
    limits = Limits(
        timeout=values["timeout"],
        max_rows=values["max_rows"],
        max_body=values["max_body"],
        max_response=values["max_response"],
        body_timeout=values["client_timeout"],
    )
    options = ServeOptions(
        host=values["host"],
        port=values["port"],
        graph_files=list(values["graph"] or []),
        out_dir=values["out_dir"],
        workers=values["workers"],
        limits=limits,
        allow_update=values["allow_update"],
        token=values["token"],
        allow_service=values["allow_service"],
        cors=list(values["cors"] or []),
        allow_remote=values["allow_remote"],
        memory_triples=int(_env_float("WILDKG_SERVE_MEMORY_TRIPLES", 250_000)),
    )
    run_server(options)
