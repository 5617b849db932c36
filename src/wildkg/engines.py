"""The two SPARQL engines behind ``wildkg query`` and the Python API.

* ``oxigraph`` (default): pyoxigraph's ``Store`` used directly — in memory for
  ``--graph`` files, or the persistent store the build writes (``out/store``).
  See docs/decisions/0003-query-engine.md for why not oxrdflib.
* ``rdflib``: rdflib's in-memory ``Graph`` and SPARQL engine, for comparison and for
  users who need rdflib's behaviour.

Both return :class:`wildkg.results.QueryResult` built from pyoxigraph terms, and both
see every project prefix pre-bound (a query's own PREFIX lines still win).
"""

from __future__ import annotations

import re
import threading
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Literal, TypeVar

import pyoxigraph as ox

from wildkg import paths
from wildkg.errors import InputError, WildkgError
from wildkg.namespaces import PREFIXES
from wildkg.results import RDF_FORMATS, QueryResult, from_rdflib
from wildkg.store import RDFLIB_FORMATS, format_of, is_quad_format, load_into, open_store

if TYPE_CHECKING:
    from rdflib import Graph

EngineName = Literal["oxigraph", "rdflib"]
ENGINES: tuple[EngineName, ...] = ("oxigraph", "rdflib")
T = TypeVar("T")

_POSITION = re.compile(r"^error at (\d+):(\d+):\s*(.*)$", re.DOTALL)
#: Character classes in Oxigraph's "expected one of …" lists: noise for a user.
_CHAR_CLASS = re.compile(r"\[(?:'[^']*'|[^\]'])*\]")


class QueryError(WildkgError):
    """A query that cannot be run (other than a syntax error or a timeout)."""


class QuerySyntaxError(QueryError):
    """A query that does not parse; ``line`` and ``column`` are 1-based, in the user's text."""

    def __init__(self, message: str, line: int | None = None, column: int | None = None) -> None:
        self.line = line
        self.column = column
        self.detail = message
        where = f" at line {line}, column {column}" if line is not None else ""
        super().__init__(f"SPARQL syntax error{where}: {message}")


class QueryTimeout(QueryError):
    """A query that ran longer than the timeout it was given."""

    def __init__(self, seconds: float) -> None:
        self.seconds = seconds
        super().__init__(
            f"query stopped after {seconds:g} s (--timeout); narrow it with more triple "
            "patterns or a LIMIT, or raise the timeout"
        )


def syntax_error(err: SyntaxError) -> QuerySyntaxError:
    """Turn Oxigraph's ``error at L:C: …`` message into a :class:`QuerySyntaxError`.

    Prefixes are passed to Oxigraph separately (not as a prologue), so the position is
    already in the user's own text.
    """
    text = str(err)
    match = _POSITION.match(text)
    if not match:
        return QuerySyntaxError(text)
    detail = " ".join(match.group(3).split())
    if detail.startswith("expected one of"):
        items = [i.strip() for i in _CHAR_CLASS.sub("", detail[len("expected one of"):]).split(",")]
        items = [i for i in items if i and i != "|"]
        detail = "expected one of " + ", ".join(items) if items else "unexpected character"
        if "Prefix not found" in items:
            detail = "unknown prefix (not a wildkg prefix; declare it with a PREFIX line)"
    if len(detail) > 160:
        detail = detail[:157] + "…"
    return QuerySyntaxError(detail, int(match.group(1)), int(match.group(2)))


def check_syntax(text: str) -> str:
    """Parse ``text`` (with the project prefixes) and return its form: select, ask or graph."""
    try:
        answer = ox.Store().query(text, prefixes=PREFIXES)
    except SyntaxError as err:
        raise syntax_error(err) from None
    if isinstance(answer, ox.QueryBoolean):
        return "ask"
    if isinstance(answer, ox.QueryTriples):
        return "graph"
    return "select"


def run_with_timeout(func: Callable[[], T], timeout: float | None) -> T:
    """Run ``func`` in a worker thread and give up after ``timeout`` seconds.

    Oxigraph releases the GIL while it evaluates, and rdflib's pure-Python engine
    yields it regularly, so the waiting thread wakes on time. A query that timed out
    keeps its worker busy until it ends; the CLI exits right away, so that is only a
    concern for long-lived Python sessions.
    """
    if timeout is None:
        return func()
    if timeout <= 0:
        raise QueryError("--timeout must be a positive number of seconds")
    box: dict[str, object] = {}

    def work() -> None:
        try:
            box["value"] = func()
        except BaseException as err:
            box["error"] = err

    worker = threading.Thread(target=work, name="wildkg-query", daemon=True)
    worker.start()
    worker.join(timeout)
    if worker.is_alive():
        raise QueryTimeout(timeout)
    if "error" in box:
        raise box["error"]  # type: ignore[misc]
    return box["value"]  # type: ignore[return-value]


class OxigraphEngine:
    """SPARQL over a pyoxigraph ``Store`` (in memory or on disk)."""

    name: EngineName = "oxigraph"

    def __init__(self, store: ox.Store, *, union: bool = False) -> None:
        self.store = store
        #: True when named graphs were loaded: patterns then match every graph.
        self.union = union

    def __len__(self) -> int:
        return len(self.store)

    def raw(self, text: str) -> ox.QuerySolutions | ox.QueryBoolean | ox.QueryTriples:
        """pyoxigraph's lazy answer (evaluation happens as it is consumed)."""
        try:
            return self.store.query(text, prefixes=PREFIXES, use_default_graph_as_union=self.union)
        except SyntaxError as err:
            raise syntax_error(err) from None
        except OSError as err:
            raise QueryError(f"query failed: {err}") from None

    def serialize_select(self, text: str, fmt: ox.QueryResultsFormat) -> bytes | None:
        """Evaluate and serialise in Oxigraph; None if the query is not a SELECT."""
        answer = self.raw(text)
        if not isinstance(answer, ox.QuerySolutions):
            return None
        return answer.serialize(format=fmt)

    def query(self, text: str) -> QueryResult:
        answer = self.raw(text)
        try:
            if isinstance(answer, ox.QueryBoolean):
                return QueryResult("ask", boolean=bool(answer))
            if isinstance(answer, ox.QueryTriples):
                return QueryResult("graph", triples=list(answer))
            names = [v.value for v in answer.variables]
            width = range(len(names))
            rows = [tuple(solution[i] for i in width) for solution in answer]
        except OSError as err:
            raise QueryError(f"query failed: {err}") from None
        return QueryResult("select", variables=names, rows=rows)

    def export(self, fmt: str) -> bytes:
        rdf_format = _rdf_format(fmt)
        graph = None if rdf_format.supports_datasets else ox.DefaultGraph()
        data = self.store.dump(format=rdf_format, from_graph=graph, prefixes=PREFIXES)
        assert data is not None
        return data


class RdflibEngine:
    """SPARQL over an rdflib in-memory ``Graph`` (a union ``Dataset`` for quad files)."""

    name: EngineName = "rdflib"

    def __init__(self, graph: Graph) -> None:
        self.graph = graph

    def __len__(self) -> int:
        return len(self.graph)

    def query(self, text: str) -> QueryResult:
        kind = check_syntax(text)  # same syntax errors, with positions, on both engines
        try:
            answer = self.graph.query(text, initNs=PREFIXES)
        except Exception as err:  # rdflib raises many unrelated exception types
            raise QueryError(f"rdflib could not run the query: {err}") from None
        if kind == "ask":
            return QueryResult("ask", boolean=bool(answer.askAnswer))
        if kind == "graph":
            assert answer.graph is not None
            triples = [_ox_triple(t) for t in answer.graph]
            return QueryResult("graph", triples=triples)
        names = [str(v) for v in answer.vars or []]
        rows = [tuple(from_rdflib(t) for t in row) for row in answer]  # type: ignore[union-attr]
        return QueryResult("select", variables=names, rows=rows)

    def export(self, fmt: str) -> bytes:
        from wildkg.results import serialize_triples

        _rdf_format(fmt)
        return serialize_triples([_ox_triple(t) for t in self.graph.triples((None, None, None))], fmt)


Engine = OxigraphEngine | RdflibEngine


def _rdf_format(fmt: str) -> ox.RdfFormat:
    rdf_format = RDF_FORMATS.get(fmt)
    if rdf_format is None:
        raise QueryError(f"unknown RDF format '{fmt}' (choose from {', '.join(sorted(RDF_FORMATS))})")
    return rdf_format


def _ox_triple(triple: tuple[object, object, object]) -> ox.Triple:
    s, p, o = (from_rdflib(t) for t in triple)  # type: ignore[arg-type]
    return ox.Triple(s, p, o)  # type: ignore[arg-type]


def load_files(files: Sequence[Path], engine: EngineName = "oxigraph") -> Engine:
    """An engine holding the triples of ``files`` (format from each file's extension)."""
    if engine not in ENGINES:
        raise QueryError(f"unknown engine '{engine}' (choose from {', '.join(ENGINES)})")
    files = [Path(f) for f in files]
    for f in files:
        format_of(f)
        if not f.is_file():
            raise InputError(f"{f}: no such file")
    quads = any(is_quad_format(f) for f in files)
    if engine == "oxigraph":
        store = ox.Store()
        for f in files:
            load_into(store, f)
        return OxigraphEngine(store, union=quads)
    from rdflib import Dataset, Graph

    graph: Graph = Dataset(default_union=True) if quads else Graph()
    for f in files:
        try:
            graph.parse(str(f), format=RDFLIB_FORMATS[format_of(f)])
        except Exception as err:  # rdflib raises many unrelated types for bad input
            raise InputError(f"{f}: cannot parse: {err}") from None
    return RdflibEngine(graph)


def open_built(out_dir: Path = paths.OUT_DIR, engine: EngineName = "oxigraph") -> Engine:
    """The graph ``wildkg build`` wrote: its Oxigraph store, else its Turtle file."""
    store_dir = paths.default_store(out_dir)
    if engine == "oxigraph" and store_dir.is_dir():
        return OxigraphEngine(open_store(store_dir))
    ttl = paths.default_ttl(out_dir)
    if not ttl.is_file():
        raise InputError(f"no built graph in {out_dir}/ (run `wildkg build`, or pass --graph FILE)")
    return load_files([ttl], engine)
