"""What ``wildkg import`` and ``wildkg conflicts`` do, as plain functions the CLI calls."""

from __future__ import annotations

import tempfile
from pathlib import Path

from wildkg.errors import InputError
from wildkg.sources.base import ImportOptions
from wildkg.sources.bulk.commands import BulkOptions, is_bulk, print_report, run_bulk
from wildkg.sources.bulk.run import ImportReport
from wildkg.sources.registry import KINDS
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


#: Control characters (C0, DEL, C1) shown as escapes, never sent to the terminal.
_CONTROL = {c: f"\\x{c:02x}" for c in [*range(0x20), *range(0x7F, 0xA0)]}


def _safe(text: str) -> str:
    from rich.markup import escape

    return escape(text.translate(_CONTROL))


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
    for conflict in summary.conflicts:
        console.print(f"reconciliation: {escape(conflict)}")
