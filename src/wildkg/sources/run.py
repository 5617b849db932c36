"""Run importers: index pass, reconciliation, streamed statements into a sorted N-Triples file.

:func:`import_files` is what ``wildkg import`` calls; :func:`run_importers` is shared with
the build (``data/bulk.yaml``). Nothing is written when a row is bad (unless
``--skip-bad-rows``): the output is published in one rename at the end.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from wildkg.errors import InputError
from wildkg.provenance import T_LABEL, Statement
from wildkg.sources.base import Assert, Importer, ImportOptions, Lines, Place, Plain, Skip, TaxonRef, Term
from wildkg.sources.reconcile import Reconciler
from wildkg.sources.registry import importer_class
from wildkg.sources.vocab import place_lines
from wildkg.sources.writer import SortedNTriplesWriter


@dataclass
class Summary:
    """What an import did, per kind and in total."""

    rows: Counter[str] = field(default_factory=Counter)  # file -> rows read
    statements: Counter[str] = field(default_factory=Counter)  # kind -> statements written
    unmatched: Counter[str] = field(default_factory=Counter)  # "kind: what" -> count
    skipped: list[Skip] = field(default_factory=list)
    left_out: Counter[str] = field(default_factory=Counter)
    conflicts: list[str] = field(default_factory=list)
    triples: int = 0
    output: Path | None = None


def make_importer(kind: str, paths: Sequence[Path], options: ImportOptions) -> Importer:
    for path in paths:
        if not path.exists():
            raise InputError(f"{path}: no such file or folder")
    cls = importer_class(kind)
    importer = cls(list(paths), options)
    assert isinstance(importer, Importer)
    return importer


class _Sink:
    """Resolves taxon references and turns items into N-Triples lines."""

    def __init__(self, reconciler: Reconciler, summary: Summary) -> None:
        self.reconciler = reconciler
        self.summary = summary

    def _term(self, kind: str, t: Term) -> str | None:
        if isinstance(t, str):
            return t
        found = self.reconciler.resolve(t)
        if found is None:
            self.summary.unmatched[f"{kind}: taxon {_describe(t)}"] += 1
        return found

    def lines(self, kind: str, importer: Importer) -> Iterable[list[str] | tuple[str, ...]]:
        for item in importer.items():
            if isinstance(item, Assert):
                s, o = self._term(kind, item.s), self._term(kind, item.o)
                if s is None or o is None:
                    continue
                self.summary.statements[kind] += 1
                yield Statement(s, item.p, o, item.source, item.qualifiers).lines()
            elif isinstance(item, Plain):
                s, o = self._term(kind, item.s), self._term(kind, item.o)
                if s is not None and o is not None and not (item.p == T_LABEL and s in self.reconciler.curated):
                    yield [f"{s} {item.p} {o} .\n"]
            elif isinstance(item, Place):
                if item.code not in self.reconciler.curated_places:
                    yield place_lines(item.code) or ()
            elif isinstance(item, Lines):
                yield item.lines


def _describe(ref: TaxonRef) -> str:
    keys = ", ".join(f"{k} {v}" for k, v in ref.keys)
    return f"{ref.name} ({keys})" if ref.name else keys or "without identifiers"


def run_importers(
    importers: Sequence[Importer], writer: SortedNTriplesWriter, reconciler: Reconciler | None = None
) -> Summary:
    """Index every importer, then stream their items through ``writer`` (not closed here)."""
    reconciler = reconciler or Reconciler()
    summary = Summary()
    for importer in importers:
        for entry in importer.index():
            reconciler.add(entry)
    sink = _Sink(reconciler, summary)
    for importer in importers:
        writer.add(importer.dataset().lines())
        for lines in sink.lines(importer.kind, importer):
            writer.add(lines)
        summary.rows.update(importer.tally.rows)
        summary.skipped.extend(importer.tally.skipped)
        summary.left_out.update(importer.tally.left_out)
    summary.conflicts = list(reconciler.conflicts)
    return summary


def import_files(
    sources: Sequence[tuple[str, Sequence[Path]]], output: Path, options: ImportOptions
) -> Summary:
    """Import ``(kind, paths)`` pairs into one N-Triples file ``output``."""
    importers = [make_importer(kind, paths, options) for kind, paths in sources]
    try:
        output.parent.mkdir(parents=True, exist_ok=True)
        writer = SortedNTriplesWriter(output)
    except OSError as err:
        raise InputError(f"{output}: cannot write here ({err.strerror})") from None
    try:
        summary = run_importers(importers, writer)
    except BaseException:
        writer.discard()
        raise
    try:
        summary.output = writer.close()
    except OSError as err:
        raise InputError(f"{output}: cannot write ({err.strerror}); the previous file is unchanged") from None
    summary.triples = writer.lines_out
    return summary
