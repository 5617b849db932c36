"""The interface every source kind implements, and the items importers yield.

An importer reads published files and *streams* items, never building a graph:

- :class:`TaxonEntry` during :meth:`Importer.index` (a first, cheap pass): the keys a
  source gives a taxon (GBIF key, IUCN id, QID, NCBI id…) and its accepted name, so the
  reconciler can join taxa across sources before any statement is written;
- :class:`Assert` (a statement: plain triple + provenance node), :class:`Plain` (a
  triple that is not a fact: type, label) and :class:`Lines` (pre-rendered N-Triples,
  e.g. a record's description) during :meth:`Importer.items`;
- on a bad row, an importer calls :meth:`Importer.bad` and moves on: it raises a
  :class:`RowError` naming the file, line and column, or with ``--skip-bad-rows`` records a
  :class:`Skip` for the summary.

Subjects and objects are N-Triples text, or a :class:`TaxonRef` the runner resolves to
the one node of that taxon (or reports as unmatched).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import ClassVar

from wildkg.errors import DataError
from wildkg.provenance import Dataset

Key = tuple[str, str]  # (id kind, value): ("gbif", "2441123"), ("wikidata", "Q1095737")


@dataclass(frozen=True, slots=True)
class TaxonRef:
    """A taxon as a source refers to it: its keys, and its accepted name if the source gives one."""

    keys: tuple[Key, ...]
    name: str | None = None


@dataclass(frozen=True, slots=True)
class TaxonEntry:
    """What a source says identifies a taxon, for the reconciler's index.

    ``by_name`` is false for taxa that must never be merged by name (an IUCN subpopulation
    carries its species' name); ``hint`` then names the node (``moschus-leucogaster-nepal``).
    ``synonyms`` are other names of this taxon that other sources may use as accepted."""

    keys: tuple[Key, ...]
    name: str | None
    priority: int = 50
    by_name: bool = True
    hint: str | None = None
    synonyms: tuple[str, ...] = ()


Term = str | TaxonRef


@dataclass(frozen=True, slots=True)
class Assert:
    """A statement of this source: ``s p o`` derived from ``source`` (a record IRI)."""

    s: Term
    p: str
    o: Term
    source: str
    qualifiers: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True, slots=True)
class Plain:
    """A triple that is not a fact (rdf:type, rdfs:label)."""

    s: Term
    p: str
    o: Term


@dataclass(frozen=True, slots=True)
class Lines:
    """N-Triples lines written as they are (dataset and record descriptions)."""

    lines: tuple[str, ...] | list[str]


@dataclass(frozen=True, slots=True)
class Place:
    """A country or subdivision by its ISO 3166 code (already checked with
    :func:`wildkg.sources.vocab.place_lines`); described unless the curated data has it."""

    code: str


@dataclass(frozen=True, slots=True)
class Skip:
    """A row left out, and why (only with ``--skip-bad-rows``)."""

    where: str
    reason: str


Item = Assert | Plain | Lines | Place


#: Control characters (C0, DEL, C1) written as escapes: data never drives the terminal.
_CONTROL = {c: f"\\x{c:02x}" for c in [*range(0x20), *range(0x7F, 0xA0)]}


def shown(text: str) -> str:
    """``text`` with control characters written as ``\\xNN``, for messages and summaries."""
    return text.translate(_CONTROL)


class RowError(DataError):
    """A bad row of a source file: names the file, the line (or row) and the column."""


@dataclass
class ImportOptions:
    """What the command line or ``data/bulk.yaml`` says about one source."""

    skip_bad_rows: bool = False
    version: str | None = None
    licence: str | None = None
    retrieved: str | None = None
    taxa: frozenset[str] = frozenset()  # keep only these scientific names (empty: all)
    countries: frozenset[str] = frozenset()  # keep only taxa occurring in these (if the kind can tell)


@dataclass
class Tally:
    """Counts for the summary: rows read per file, skipped rows and their reasons."""

    rows: Counter[str] = field(default_factory=Counter)
    skipped: list[Skip] = field(default_factory=list)
    left_out: Counter[str] = field(default_factory=Counter)  # valid rows not imported, by reason


class Importer:
    """Base class of a source kind. Subclasses set :attr:`kind` and implement
    :meth:`dataset`, :meth:`items` and, if they name taxa by their own keys, :meth:`index`."""

    kind: ClassVar[str] = ""

    def __init__(self, paths: list[Path], options: ImportOptions | None = None) -> None:
        self.paths = paths
        self.options = options or ImportOptions()
        self.tally = Tally()

    def dataset(self) -> Dataset:
        """The dataset (title, URL, publisher, licence, version, retrieval date) being read."""
        raise NotImplementedError

    def index(self) -> Iterator[TaxonEntry]:
        """First pass: the taxa this source identifies (default: none)."""
        return iter(())

    def items(self) -> Iterator[Item]:
        """Second pass: statements and other triples, streamed."""
        raise NotImplementedError

    def bad(self, file: Path | str, line: int | None, column: str | None, message: str) -> Skip:
        """A bad row: raises :class:`RowError`, or with ``--skip-bad-rows`` records it (and
        returns it) for the summary; the caller skips the row."""
        err = RowError(file, shown(message), None, column, line)
        if not self.options.skip_bad_rows:
            raise err
        skip = Skip(f"{file}:{line}" if line is not None else str(file), f"{column}: {message}" if column else message)
        self.tally.skipped.append(skip)
        return skip

    def keep_taxon(self, name: str | None) -> bool:
        """False when a taxon filter is set and ``name`` is not in it."""
        return not self.options.taxa or (name is not None and name.strip() in self.options.taxa)
