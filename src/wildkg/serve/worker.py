"""The query worker: a child process owning one pyoxigraph store.

pyoxigraph cannot cancel a query (and a thread cannot be killed), so the
server runs queries in worker processes it can kill (see docs/decisions/0005-endpoint.md).
Each worker loads the data once, then answers jobs from a pipe: a job in, one
:class:`Reply` out. Results are serialised here, by Oxigraph's own writers, so the
parent only moves bytes.
"""

from __future__ import annotations

import os
import re
import signal
import time
from collections.abc import Iterator
from dataclasses import replace
from multiprocessing.connection import Connection
from typing import Any
from xml.parsers import expat

import pyoxigraph as ox

from wildkg.errors import InputError, WildkgError
from wildkg.namespaces import PREFIXES
from wildkg.rdfio import load_into
from wildkg.serve import guard
from wildkg.serve.dataset import with_using
from wildkg.serve.jobs import (
    DEFAULT_MAX_BYTES,
    ERR_FETCH,
    ERR_IS_UPDATE,
    ERR_NOT_ACCEPTABLE,
    ERR_NOT_FOUND,
    ERR_STORE,
    ERR_SYNTAX,
    ERR_TOO_LARGE,
    ERR_TOO_MANY_ROWS,
    GRAPH_FORMATS,
    MIN_ROW_BYTES,
    RESULT_FORMATS,
    DataSource,
    GraphJob,
    Job,
    QueryJob,
    Reply,
    RowsJob,
    UpdateJob,
    WireTerm,
)
from wildkg.serve.sandbox import cut_network
from wildkg.serve.sinks import ByteCapExceededError, Capped, RowCapExceededError, Sink

#: The jobs are the worker's interface; the UI imports them from here.
__all__ = ["GRAPH_FORMATS", "GraphJob", "RowsJob", "WireTerm", "safe_iri", "worker_main"]

def open_source(source: DataSource) -> ox.Store:
    """Open or load the data of ``source`` (raises OSError/SyntaxError on bad input)."""
    if source.store is not None:
        disk = ox.Store.read_only(str(source.store))
        if not source.in_memory:
            return disk
        mem = ox.Store()
        mem.bulk_extend(disk.quads_for_pattern(None, None, None, None))
        return mem
    store = ox.Store()
    for path in source.files:
        try:  # the one reader: format from the extension, offline checks, rdflib where needed
            load_into(store, path, bulk=True)
        except InputError as err:
            raise SyntaxError(str(err)) from None
    return store


class JobRunner:
    """Runs jobs against one store; used inside a worker process (and directly in tests)."""

    def __init__(self, source: DataSource) -> None:
        self.source = source
        self.store = open_source(source)

    def _query(self, text: str, bind: dict[str, str], job: QueryJob | None = None) -> Any:
        kwargs: dict[str, Any] = {"prefixes": PREFIXES}
        for key, iri in bind.items():
            text = text.replace(f"<{{{key}}}>", f"<{safe_iri(iri)}>")
        if job is not None:
            guard.check(text, update=False, allow_fetch=job.allow_fetch)
            kwargs["base_iri"] = job.base_iri
            if job.default_graphs:
                kwargs["default_graph"] = [ox.NamedNode(g) for g in job.default_graphs]
            if job.named_graphs:
                kwargs["named_graphs"] = [ox.NamedNode(g) for g in job.named_graphs]
        try:
            return self.store.query(text, **kwargs)
        except SyntaxError:
            if job is not None and guard.is_update(text):
                raise guard.RefusedError(ERR_IS_UPDATE, "this is a SPARQL Update, sent as a query") from None
            raise

    def run(self, job: Job) -> Reply:
        try:
            if isinstance(job, QueryJob):
                return self._run_query(job)
            if isinstance(job, RowsJob):
                return self._run_rows(job)
            if isinstance(job, GraphJob):
                return self._run_graph(job)
            self.update(job)
            return Reply()
        except guard.RefusedError as err:
            kind = {"syntax": ERR_SYNTAX, "fetch": ERR_FETCH}.get(err.kind, err.kind)
            return Reply(error=kind, message=err.message)
        except SyntaxError as err:
            return Reply(error=ERR_SYNTAX, message=str(err))
        except ValueError as err:  # a bad IRI in graph parameters or substitutions
            return Reply(error=ERR_SYNTAX, message=str(err))
        except OSError as err:
            return Reply(error=ERR_STORE, message=str(err))
        except ByteCapExceededError:
            return _too_large(_max_bytes(job))

    def update(self, job: UpdateJob) -> None:
        """Check and apply an update (the protocol's using-graph-uri written in as USING)."""
        guard.check(job.update, update=True, allow_fetch=job.allow_fetch)
        text = with_using(job.update, job.using, job.using_named)
        self.store.update(text, base_iri=job.base_iri, prefixes=PREFIXES)

    def _run_query(self, job: QueryJob) -> Reply:
        results = self._query(job.query, {}, job)
        if isinstance(results, ox.QueryBoolean):
            if job.result_type is None:
                return Reply(error=ERR_NOT_ACCEPTABLE, message="no acceptable format for ASK results")
            body = results.serialize(format=RESULT_FORMATS[job.result_type]) or b""
            return Reply(body=body, media_type=job.result_type, count=1)
        if isinstance(results, ox.QuerySolutions):
            if job.result_type is None:
                return Reply(error=ERR_NOT_ACCEPTABLE, message="no acceptable format for SELECT results")
            fast = self._small_result(results, job)
            if fast is not None:
                return fast
            results = self._query(job.query, {}, job)  # large: run again, counting rows
            counter = Sink(job.max_bytes, max_lines=job.max_rows + 1)  # + the header line
            try:
                results.serialize(counter.stream(), format=ox.QueryResultsFormat.TSV)
            except RowCapExceededError:
                return _too_many(job.max_rows)
            rows = counter.lines - 1
            body = bytes(counter.buffer)
            if job.result_type != "text/tab-separated-values":
                parsed = ox.parse_query_results(body, format=ox.QueryResultsFormat.TSV)
                sink = Sink(job.max_bytes)
                parsed.serialize(sink.stream(), format=RESULT_FORMATS[job.result_type])
                body = bytes(sink.buffer)
            return Reply(body=body, media_type=job.result_type, count=rows)
        if job.graph_type is None:
            return Reply(error=ERR_NOT_ACCEPTABLE, message="no acceptable RDF format for graph results")
        counter = Sink(job.max_bytes, max_lines=job.max_rows)
        try:
            results.serialize(counter.stream(), format=ox.RdfFormat.N_TRIPLES)
        except RowCapExceededError:
            return _too_many(job.max_rows)
        body = bytes(counter.buffer)
        if job.graph_type != "application/n-triples":
            triples = ox.parse(body, format=ox.RdfFormat.N_TRIPLES)
            body = _write_graph(triples, job.graph_type, job.max_bytes)
        return Reply(body=body, media_type=job.graph_type, count=counter.lines)

    def _small_result(self, results: ox.QuerySolutions, job: QueryJob) -> Reply | None:
        """The results in the asked format if their size proves they are within the row cap.

        n rows take at least ``n * MIN_ROW_BYTES`` - 1 bytes, so a body below that bound for
        ``max_rows + 1`` rows has at most ``max_rows``. Most answers are small and take this
        one pass; for a larger body (None) the caller runs the query again and counts.
        """
        media = job.result_type
        assert media is not None
        bound = MIN_ROW_BYTES[media] * (job.max_rows + 1) - 1
        if bound - 1 >= job.max_bytes:  # the byte cap comes first: exceeding it is final
            sink = Sink(job.max_bytes)
            results.serialize(sink.stream(), format=RESULT_FORMATS[media])
            return Reply(body=bytes(sink.buffer), media_type=media)
        sink = Sink(bound - 1)
        try:
            results.serialize(sink.stream(), format=RESULT_FORMATS[media])
        except ByteCapExceededError:
            return None
        return Reply(body=bytes(sink.buffer), media_type=media)

    def _run_rows(self, job: RowsJob) -> Reply:
        results = self._query(job.query, job.bind)
        if not isinstance(results, ox.QuerySolutions):
            raise SyntaxError("internal page queries must be SELECT queries")
        names = [v.value for v in results.variables]
        rows: list[dict[str, WireTerm]] = []
        for solution in results:
            if len(rows) >= job.max_rows:
                break
            row: dict[str, WireTerm] = {}
            for name in names:
                term = solution[name]
                if term is not None:
                    row[name] = _term(term)
            rows.append(row)
        return Reply(rows=rows, count=len(rows))

    def _run_graph(self, job: GraphJob) -> Reply:
        triples: Iterator[Any]
        if job.construct is not None:
            triples = iter(self._query(job.construct, job.bind))
            first = next(triples, None)
            if first is None:
                return Reply(error=ERR_NOT_FOUND, message="nothing is known about this IRI")
            triples = _chain(first, triples)
            what = "the description of this IRI"
            advice = "query it with SPARQL and a LIMIT at /sparql instead"
        else:
            graph: ox.NamedNode | ox.DefaultGraph
            if job.graph is None:
                graph = ox.DefaultGraph()
                what = "the default graph"
            else:
                graph = ox.NamedNode(job.graph)
                if not self.store.contains_named_graph(graph):
                    return Reply(error=ERR_NOT_FOUND, message=f"no graph named <{job.graph}>")
                what = f"the graph <{job.graph}>"
            triples = (q.triple for q in self.store.quads_for_pattern(None, None, None, graph))
            advice = "read it in pages with a SPARQL CONSTRUCT ... LIMIT/OFFSET at /sparql instead"
        counted = Capped(triples, job.max_rows)
        try:
            body = _write_graph(counted, job.media_type, job.max_bytes)
        except RowCapExceededError:
            return Reply(
                error=ERR_TOO_MANY_ROWS,
                message=f"{what} has more than {job.max_rows} triples (the server's --max-rows); "
                f"{advice}, or start the server with a larger --max-rows",
            )
        return Reply(body=body, media_type=job.media_type, count=counted.count)


def _write_graph(triples: Any, media_type: str, max_bytes: int) -> bytes:
    """``triples`` in ``media_type``, at most ``max_bytes``; RDF/XML is read back by expat to
    prove it is well-formed (Oxigraph writes an empty QName for a predicate such as
    ``<http://e/1>``, and reads that back itself)."""
    sink = Sink(max_bytes)
    fmt = GRAPH_FORMATS[media_type]
    ox.serialize(triples, sink.stream(), format=fmt, prefixes=PREFIXES)
    body = bytes(sink.buffer)
    if fmt == ox.RdfFormat.RDF_XML:
        parser = expat.ParserCreate(namespace_separator=" ")
        try:
            parser.Parse(body, True)
        except expat.ExpatError:
            raise guard.RefusedError(
                ERR_NOT_ACCEPTABLE,
                "this graph cannot be written as RDF/XML (a predicate IRI has no XML name, "
                "e.g. one ending in a digit or '/'); ask for Turtle, N-Triples or JSON-LD",
            ) from None
    return body


def _max_bytes(job: Job) -> int:
    return getattr(job, "max_bytes", DEFAULT_MAX_BYTES)


def _too_large(cap: int) -> Reply:
    return Reply(
        error=ERR_TOO_LARGE,
        message=f"the answer is larger than the server's limit of {cap} bytes (--max-response); "
        "add a LIMIT, select fewer or shorter values, or start the server with a larger --max-response",
    )


_IRI_FORBIDDEN = re.compile(r'[\x00-\x20<>"{}|^`\\]')


def safe_iri(iri: str) -> str:
    """``iri`` if it is a valid absolute IRI that cannot break out of ``<...>``; else ValueError."""
    if _IRI_FORBIDDEN.search(iri):
        raise ValueError(f"not a valid IRI: {iri!r}")
    return ox.NamedNode(iri).value


def _chain(first: Any, rest: Iterator[Any]) -> Iterator[Any]:
    yield first
    yield from rest


def _too_many(cap: int) -> Reply:
    return Reply(
        error=ERR_TOO_MANY_ROWS,
        message=f"the result has more than {cap} rows (the server's --max-rows); "
        "add a LIMIT or narrow the query",
    )


def _term(term: Any) -> WireTerm:
    if isinstance(term, ox.NamedNode):
        return ("uri", term.value, "", "")
    if isinstance(term, ox.BlankNode):
        return ("bnode", term.value, "", "")
    if isinstance(term, ox.Literal):
        return ("literal", term.value, term.datatype.value, term.language or "")
    return ("triple", str(term), "", "")


def worker_main(
    conn: Connection, source: DataSource, replay: tuple[UpdateJob, ...], offline: bool = True
) -> None:
    """Entry point of a worker process: leave the network (unless SERVICE is allowed), load,
    say ready, then answer jobs until EOF. The ready message says whether it is offline."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the server's to handle
    isolated = cut_network() if offline else False
    try:
        engine = JobRunner(source)
        for update in replay:
            engine.update(update)
    except (OSError, SyntaxError, ValueError, WildkgError) as err:
        conn.send(Reply(error=ERR_STORE, message=f"cannot load the data: {err}"))
        return
    conn.send(Reply(count=len(engine.store), message="offline" if isolated else ""))
    while True:
        try:
            job = conn.recv()
        except (EOFError, OSError):
            os._exit(0)
        started = time.perf_counter()
        reply = engine.run(job)
        conn.send(replace(reply, elapsed=time.perf_counter() - started))
