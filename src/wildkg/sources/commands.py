"""What ``wildkg import`` and ``wildkg conflicts`` do, as plain functions the CLI calls."""

from __future__ import annotations

import tempfile
from pathlib import Path

from wildkg.errors import InputError
from wildkg.sources.base import ImportOptions, shown
from wildkg.sources.columnar.commands import BulkOptions, print_report, run_bulk
from wildkg.sources.columnar.run import ImportReport
from wildkg.sources.registry import KINDS, is_bulk
from wildkg.sources.run import Summary, import_files


def parse_groups(tokens: list[str]) -> list[tuple[str, list[Path]]]:
    """``iucn a.zip wikidata q1.json q2.json`` -> [("iucn", [a.zip]), ("wikidata", [q1, q2])].

    A token that is a kind name starts a new group (write ``./gbif`` for a file named so)."""
    groups: list[tuple[str, list[Path]]] = []
    for token in tokens:
        if token in KINDS:
            groups.append((token, []))
        elif not groups:
            raise InputError(f"'{token}' is not a source kind (known: {', '.join(sorted(KINDS))})")
        else:
            groups[-1][1].append(Path(token))
    for kind, paths in groups:
        if not paths:
            raise InputError(f"{kind}: give at least one file or folder to import")
    return groups


def run_import(tokens: list[str], output: Path | None, options: ImportOptions,
               bulk: BulkOptions | None = None) -> Summary | ImportReport:
    """Import the files; write N-Triples to ``output`` if given (otherwise only count)."""
    groups = parse_groups(tokens)
    if all(is_bulk(kind) for kind, _ in groups):  # the columnar path of issue 11
        return run_bulk(groups, output, options, bulk or BulkOptions(), _data_dir_or_none())
    if output is not None:
        return import_files(groups, output, options)
    with tempfile.TemporaryDirectory(prefix="wildkg-import-") as tmp:
        summary = import_files(groups, Path(tmp) / "import.nt", options)
        summary.output = None
        return summary


def _safe(text: str) -> str:
    from rich.markup import escape

    return escape(shown(text))


def _data_dir_or_none() -> Path | None:
    from wildkg import project
    from wildkg.errors import WildkgError

    try:
        return project.data_dir()
    except WildkgError:
        return None


def print_summary(summary: Summary | ImportReport) -> None:
    if isinstance(summary, ImportReport):
        print_report(summary)
        return
    from rich.console import Console
    from rich.table import Table

    escape = _safe

    console = Console(stderr=False, highlight=False, soft_wrap=True)
    table = Table(title="Import", show_header=True)
    table.add_column("file")
    table.add_column("rows read", justify="right")
    for file, rows in sorted(summary.rows.items()):
        table.add_row(escape(file), f"{rows:,}")
    console.print(table)
    for kind, n in sorted(summary.statements.items()):
        console.print(f"{escape(kind)}: {n:,} statements")
    console.print(f"triples: {summary.triples:,}" + (f" → {escape(str(summary.output))}" if summary.output else
                                                      " (nothing written: use -o FILE.nt)"))
    if summary.unmatched:
        console.print(f"unmatched ({sum(summary.unmatched.values()):,}), not guessed:")
        for what, n in sorted(summary.unmatched.items()):
            console.print(f"  {escape(what)}" + (f" ×{n}" if n > 1 else ""))
    if summary.skipped:
        console.print(f"skipped rows ({len(summary.skipped):,}):")
        for skip in summary.skipped:
            console.print(f"  {escape(skip.where)}: {escape(skip.reason)}")
    for reason, n in sorted(summary.left_out.items()):
        console.print(f"left out: {escape(reason)}" + (f" ×{n}" if n > 1 else ""))
    for conflict in summary.conflicts:
        console.print(f"reconciliation: {escape(conflict)}")


def run_conflicts(species: str | None, graphs: list[Path], out_dir: Path, timeout: float | None = 60.0) -> int:
    """What ``wildkg conflicts`` does: the shipped conflicts query, optionally for one taxon;
    prints a table and returns the number of rows."""
    from wildkg.sparql.engines import run_with_timeout
    from wildkg.sparql.library import open_engine, print_table, shipped_query
    from wildkg.sparql.results import QueryResult

    text = shipped_query("conflicts").text
    engine = open_engine(graphs, out_dir)
    result = run_with_timeout(lambda: engine.query(text), timeout)
    if species:
        wanted = " ".join(species.split()).lower()
        cols = {name: i for i, name in enumerate(result.variables)}

        def matches(row: tuple[object, ...]) -> bool:
            taxon, label, name = (row[cols[c]] for c in ("taxon", "species", "scientificName"))
            values = [getattr(t, "value", "") for t in (label, name)]
            values.append(getattr(taxon, "value", "").rsplit("/", 1)[-1])
            return any(" ".join(str(x).split()).lower() == wanted for x in values)

        result = QueryResult(result.kind, result.variables, [r for r in result.rows if matches(r)])
    print_table(result)
    return len(result.rows)
