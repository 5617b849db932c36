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

from wildkg import project
from wildkg.build.publish import atomic_path
from wildkg.errors import InputError, WildkgError
from wildkg.formats import format_of
from wildkg.formats import rdf_format as rdf_format_named
from wildkg.namespaces import PREFIXES
from wildkg.rdfio import is_quad_format, load_into, open_store, read_graph
from wildkg.sparql.results import QueryResult, from_rdflib

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


class QueryTimeoutError(QueryError):
    """A query that ran longer than the timeout it was given."""

    def __init__(self, seconds: float) -> None:
        self.seconds = seconds
        super().__init__(
            f"query stopped after {seconds:g} s (--timeout); narrow it with more triple "
            "patterns or a LIMIT, or raise the timeout"
        )


def syntax_error(err: SyntaxError, text: str) -> QuerySyntaxError:
    """A :class:`QuerySyntaxError` for Oxigraph's ``error at L:C: …`` on ``text``.

    Prefixes go to Oxigraph separately (not as a prologue), so positions are already in
    the user's own text. Oxigraph reports where its parser gave up, which is often the
    end of the clause; rdflib's parser points at the start of the construct that fails
    (``FILTER`` in ``FILTER(?x = )``), so when it fails too, its position is shown, with
    the offending line and a caret, and Oxigraph's expectation as the detail.
    """
    message = str(err)
    match = _POSITION.match(message)
    if not match:
        return QuerySyntaxError(message)
    line, column = int(match.group(1)), int(match.group(2))
    detail = _clean_detail(match.group(3))
    near = _rdflib_position(text)
    if near is not None:
        line, column = near
    lines = text.splitlines()
    if 1 <= line <= len(lines):
        shown = lines[line - 1].replace("\t", " ")
        detail += f"\n  {shown}\n  {' ' * (column - 1)}^"
    return QuerySyntaxError(detail, line, column)


def _clean_detail(raw: str) -> str:
    detail = " ".join(raw.split())
    for lead in ("expected one of ", "expected "):
        if not detail.startswith(lead):
            continue
        items = [i.strip() for i in _CHAR_CLASS.sub("", detail[len(lead):]).split(",")]
        items = [i for i in items if i and i != "|"]
        detail = lead + ", ".join(items) if items else "unexpected character"
        if "Prefix not found" in items:
            detail = "unknown prefix (not a wildkg prefix; declare it with a PREFIX line)"
        break
    if len(detail) > 160:
        detail = detail[:157] + "…"
    return detail


def _rdflib_position(text: str) -> tuple[int, int] | None:
    """Line and column where rdflib's SPARQL parser fails on ``text`` (None if it parses)."""
    from pyparsing import ParseException
    from rdflib.plugins.sparql.parser import parseQuery

    try:
        parseQuery(text.replace("\t", " "))  # a tab is one column, as for Oxigraph
    except ParseException as err:
        return err.lineno, err.col
    except Exception:  # rdflib's parser raises other types on some inputs
        return None
    return None


def check_syntax(text: str) -> str:
    """Parse ``text`` (with the project prefixes) and return its form: select, ask or graph."""
    try:
        answer = ox.Store().query(text, prefixes=PREFIXES)
    except SyntaxError as err:
        raise syntax_error(err, text) from None
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
    if not timeout > 0 or timeout == float("inf"):  # also NaN (issue 13, F23)
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
        raise QueryTimeoutError(timeout)
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
            raise syntax_error(err, text) from None
        except OSError as err:
            raise QueryError(f"query failed: {err}") from None

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

    def export(self, fmt: str = "turtle", output: Path | None = None) -> bytes | None:
        """The default graph in ``fmt`` (whole dataset for quad formats): bytes, or to a file."""
        rdf_format = rdf_format_named(fmt).ox
        graph = None if rdf_format.supports_datasets else ox.DefaultGraph()
        if output is None:
            return self.store.dump(format=rdf_format, from_graph=graph, prefixes=PREFIXES)
        with atomic_path(Path(output)) as tmp:
            self.store.dump(str(tmp), rdf_format, from_graph=graph, prefixes=PREFIXES)
        return None


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

    def export(self, fmt: str = "turtle", output: Path | None = None) -> bytes | None:
        """The graph in ``fmt``, written by rdflib's own serialisers."""
        from wildkg.namespaces import bind_prefixes

        bind_prefixes(self.graph)
        data = self.graph.serialize(format=rdf_format_named(fmt).rdflib, encoding="utf-8")
        if output is None:
            return data
        with atomic_path(Path(output)) as tmp:
            tmp.write_bytes(data)
        return None


Engine = OxigraphEngine | RdflibEngine


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
    # rdflib's SPARQL over a Dataset(default_union=True) leaves out the default graph
    # (rdflib 7.6), so quads are merged into one plain Graph by the shared reader.
    return RdflibEngine(read_graph(files))


def open_built(out_dir: Path | None = None, engine: EngineName = "oxigraph") -> Engine:
    """The graph ``wildkg build`` wrote: its Oxigraph store, else its Turtle file."""
    out_dir = out_dir or project.out_dir()
    store_dir = project.default_store(out_dir)
    if engine == "oxigraph" and store_dir.is_dir():
        return OxigraphEngine(open_store(store_dir))
    ttl = project.default_ttl(out_dir)
    if not ttl.is_file():
        raise InputError(f"no built graph in {out_dir}/ (run `wildkg build`, or pass --graph FILE)")
    return load_files([ttl], engine)
