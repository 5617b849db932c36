"""``wildkg query``: run SPARQL over the built graph or any RDF files.

A query is inline text, a path to a ``.rq`` file, or the name of a shipped query
(``queries/<name>.rq``). Shipped queries start with ``#+ key: value`` header lines;
``#+ summary:`` is what ``wildkg query --list`` shows.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox

from wildkg import project
from wildkg.errors import InputError
from wildkg.formats import RESULTS_FORMATS, WRITABLE, FormatError, rdf_format, results_format
from wildkg.sparql.engines import (
    Engine,
    EngineName,
    OxigraphEngine,
    QueryError,
    check_syntax,
    load_files,
    open_built,
    run_with_timeout,
)
from wildkg.sparql.results import (
    QueryResult,
    display,
    serialize_triples,
)

_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_-]*$")
_HEADER = re.compile(r"^#\+\s*([A-Za-z][\w-]*)\s*:\s*(.*?)\s*$")


@dataclass(frozen=True)
class ShippedQuery:
    """A competency query shipped in ``queries/``."""

    name: str
    path: Path
    text: str
    headers: dict[str, str] = field(default_factory=dict)

    @property
    def summary(self) -> str:
        return self.headers.get("summary", "")


def parse_headers(text: str) -> dict[str, str]:
    """The ``#+ key: value`` lines at the top of a query (before the first other line)."""
    headers: dict[str, str] = {}
    for line in text.splitlines():
        stripped = line.strip()
        if not stripped:
            continue
        match = _HEADER.match(stripped)
        if match is None:
            if stripped.startswith("#"):
                continue
            break
        headers[match.group(1).lower()] = match.group(2)
    return headers


def shipped_queries(queries_dir: Path | None = None) -> list[ShippedQuery]:
    """Every ``.rq`` file of ``queries/``, sorted by name."""
    where = queries_dir or project.QUERIES_DIR
    found = []
    for path in sorted(where.glob("*.rq")):
        text = path.read_text(encoding="utf-8")
        found.append(ShippedQuery(path.stem, path, text, parse_headers(text)))
    return found


def shipped_query(name: str, queries_dir: Path | None = None) -> ShippedQuery:
    """The shipped query called ``name`` (without ``.rq``)."""
    path = (queries_dir or project.QUERIES_DIR) / f"{name}.rq"
    if not _NAME.match(name) or not path.is_file():
        names = ", ".join(q.name for q in shipped_queries(queries_dir))
        raise InputError(f"no shipped query named '{name}' (shipped: {names})")
    text = path.read_text(encoding="utf-8")
    return ShippedQuery(name, path, text, parse_headers(text))


def resolve_query(arg: str, queries_dir: Path | None = None) -> str:
    """SPARQL text for ``arg``: a shipped query's name, a ``.rq`` path, or the query itself."""
    if _NAME.match(arg) and ((queries_dir or project.QUERIES_DIR) / f"{arg}.rq").is_file():
        return shipped_query(arg, queries_dir).text
    looks_like_path = "\n" not in arg and arg.endswith((".rq", ".sparql"))
    if looks_like_path or ("\n" not in arg and len(arg) < 4096 and Path(arg).is_file()):
        path = Path(arg)
        if not path.is_file():
            raise InputError(f"{arg}: no such query file")
        return path.read_text(encoding="utf-8")
    if _NAME.match(arg):
        raise InputError(f"'{arg}' is neither a shipped query nor SPARQL (see `wildkg query --list`)")
    return arg


def open_engine(
    graphs: Sequence[Path] = (), out_dir: Path | None = None, engine: EngineName = "oxigraph"
) -> Engine:
    """The files in ``graphs`` if any, else the built graph under ``out_dir``."""
    return load_files(graphs, engine) if graphs else open_built(out_dir, engine)


def check_format(fmt: str, kind: str) -> None:
    """Reject a ``--format`` that cannot express this kind of result."""
    if kind == "graph":
        choices = ("table", *WRITABLE)
        ok = fmt == "table" or _known(rdf_format, fmt)
    else:
        choices = ("table", *(f.name for f in RESULTS_FORMATS))
        ok = fmt == "table" or _known(results_format, fmt)
    if not ok:
        raise QueryError(f"--format {fmt} does not fit this query; choose from {', '.join(choices)}")


def _known(lookup: Callable[[str], object], name: str) -> bool:
    try:
        lookup(name)
    except FormatError:
        return False
    return True


def run_to_bytes(engine: Engine, text: str, fmt: str, timeout: float | None = None) -> bytes:
    """Evaluate ``text`` and serialise the answer in ``fmt`` (the non-table CLI path).

    On Oxigraph, SELECT and ASK answers are serialised by Oxigraph itself, straight from
    its lazy result, and the query is parsed once; this is the path the benchmark times.
    """
    if isinstance(engine, OxigraphEngine):
        return run_with_timeout(lambda: _oxigraph_bytes(engine, text, fmt), timeout)
    kind = check_syntax(text)
    check_format(fmt, kind)
    result = run_with_timeout(lambda: engine.query(text), timeout)
    return result.serialize("turtle" if fmt == "table" else fmt)


def _oxigraph_bytes(engine: OxigraphEngine, text: str, fmt: str) -> bytes:
    answer = engine.raw(text)
    if isinstance(answer, ox.QueryTriples):
        check_format(fmt, "graph")
        return serialize_triples(list(answer), "turtle" if fmt == "table" else fmt)
    check_format(fmt, "ask" if isinstance(answer, ox.QueryBoolean) else "select")
    if not _known(results_format, fmt):
        raise QueryError("run_to_bytes needs a result format (csv, tsv, json, xml)")
    try:
        data = answer.serialize(format=results_format(fmt).ox)
    except OSError as err:
        raise QueryError(f"query failed: {err}") from None
    assert data is not None
    return data


def run_query(engine: Engine, text: str, timeout: float | None = None) -> QueryResult:
    """Evaluate ``text`` and return every row (or the boolean, or the triples)."""
    check_syntax(text)
    return run_with_timeout(lambda: engine.query(text), timeout)


def print_table(result: QueryResult) -> None:
    """An aligned table of a SELECT result (prefixed names for project IRIs)."""
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    table = Table(*result.variables, show_lines=False, highlight=False)
    for row in result.rows:
        table.add_row(*(Text(display(t)) for t in row))  # Text: data is never read as markup
    # a pipe gets whole values, a terminal wraps them to its width
    width = None if sys.stdout.isatty() else 100_000
    Console(highlight=False, width=width).print(table)
    Console(stderr=True, highlight=False).print(f"{len(result.rows)} row(s)", style="dim")


def print_list(queries_dir: Path | None = None) -> None:
    """The shipped queries with their summaries."""
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    table = Table("query", "summary", show_lines=False, highlight=False)
    for q in shipped_queries(queries_dir):
        table.add_row(Text(q.name), Text(q.summary))
    Console(highlight=False, width=None if sys.stdout.isatty() else 100_000).print(table)


def run_cli(
    query: str | None,
    graphs: Sequence[Path],
    out_dir: Path,
    *,
    fmt: str = "table",
    engine: EngineName = "oxigraph",
    timeout: float | None = None,
    list_only: bool = False,
) -> int:
    """What ``wildkg query`` does; returns the exit code (ASK: 0 true, 1 false)."""
    if list_only:
        print_list()
        return 0
    if not query:
        raise InputError("give a query: SPARQL text, a .rq file or a shipped name (--list)")
    text = resolve_query(query)
    kind = check_syntax(text)
    check_format(fmt, kind)
    source = open_engine(graphs, out_dir, engine)
    if kind == "ask":
        result = run_with_timeout(lambda: source.query(text), timeout)
        if fmt in ("json", "xml"):
            sys.stdout.buffer.write(result.serialize(fmt))
        else:
            sys.stdout.write("true\n" if result.boolean else "false\n")
        sys.stdout.flush()
        return 0 if result.boolean else 1
    if kind == "select" and fmt == "table":
        print_table(run_with_timeout(lambda: source.query(text), timeout))
        return 0
    data = run_to_bytes(source, text, fmt, timeout)
    sys.stdout.buffer.write(data)
    sys.stdout.flush()
    return 0
