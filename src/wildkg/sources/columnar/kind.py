"""What a bulk kind is: how its file is laid out, and how a block of it becomes triples.

A kind names the columns it reads (by header name: column orders and sets differ between
exports of one source, so a missing optional column is simply empty), converts a parsed block
into N-Triples lines, and — where the graph carries a summary over the whole file (records per
taxon pair, per species and country) — returns partial counts that :meth:`BulkKind.reduce`
combines and :meth:`BulkKind.summarise` turns into lines at the end. Blocks are independent,
so the same kind runs in one process or on Dask workers.
"""

from __future__ import annotations

import io
from abc import ABC, abstractmethod
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import polars as pl

from wildkg.errors import InputError
from wildkg.namespaces import WK
from wildkg.provenance import Dataset
from wildkg.sources.columnar.chunks import (
    BLOCK_BYTES,
    Block,
    ByteCount,
    CountingReader,
    FileRange,
    blocks,
    file_ranges,
    open_member,
    plain_file,
)


@dataclass
class Progress:
    """Compressed bytes read so far out of the file's size."""

    counter: CountingReader | ByteCount | None
    size: int

    @property
    def done(self) -> int:
        return self.counter.count if self.counter else self.size


@dataclass(frozen=True)
class Filters:
    """Keep only what a regional or taxonomic graph needs.

    ``taxa``: slugs of scientific names (``panthera-uncia``); ``higher_taxon``: a name matched
    against the higher-rank columns (``Mammalia``); ``country``: ISO 3166-1 alpha-2;
    ``bbox``: (min longitude, min latitude, max longitude, max latitude).
    """

    taxa: frozenset[str] = frozenset()
    higher_taxon: str | None = None
    country: str | None = None
    bbox: tuple[float, float, float, float] | None = None

    def active(self) -> bool:
        return bool(self.taxa or self.higher_taxon or self.country or self.bbox)


@dataclass(frozen=True)
class Context:
    """Everything a block conversion needs besides the block: picklable, for Dask workers."""

    path: str
    dataset_id: str  # ``globi``, ``gbif-dwca-0012345-250101``: records are ``wk:source/<id>/…``
    separator: str = ","
    quoted: bool = True
    filters: Filters = field(default_factory=Filters)
    #: curated protected areas as (slug of name, country alpha-2, curated id), for WDPA matching
    curated_areas: tuple[tuple[str, str, str], ...] = ()
    #: ids of the curated places: a country named there keeps its curated label only
    curated_places: frozenset[str] = frozenset()
    #: decompressed bytes per block (smaller in tests, to get many blocks from a small file)
    block_bytes: int = BLOCK_BYTES
    #: sort each shard (for a merged, deterministic file); shards only loaded into a store need not
    sort_shards: bool = True
    #: buckets the partial counts of a summary are hashed into (:mod:`.partials`)
    summary_buckets: int = 16
    #: keep the shards (False: a run that only times the conversion drops each once written)
    keep_shards: bool = True
    #: lines cutting the output into key ranges (:func:`.shards.write_ranges`); None: not yet
    #: chosen (the first block chooses them)
    splits: tuple[str, ...] | None = None


@dataclass(frozen=True)
class DatasetMeta:
    """What the user says about the files (``--version``, ``--licence``, ``--retrieved``)."""

    version: str | None = None
    licence: str | None = None
    retrieved: str | None = None


def dataset_node(ctx: Context) -> str:
    """``wk:source/<dataset>`` as N-Triples text."""
    return f"<{WK}source/{ctx.dataset_id}>"


def record_prefix(ctx: Context, record_kind: str) -> str:
    """The namespace of a dataset's records of one kind (``…/source/globi/interaction/``)."""
    return f"{WK}source/{ctx.dataset_id}/{record_kind}/"


#: A unit of work: a block read here, a byte range a worker reads, or a parsed frame (JSON pages).
Item = Block | FileRange | pl.DataFrame


@dataclass
class Converted:
    """A block's lines and partial counts (None for kinds without a summary)."""

    lines: pl.Series
    partial: pl.DataFrame | None
    rows: int
    kept: int
    #: the key ranges this block chose (the import's first block only)
    splits: tuple[str, ...] | None = None


class BulkKind(ABC):
    """One published layout."""

    name: str
    #: the file to read inside a zip or folder (GBIF: ``occurrence.txt``)
    member: str | None = None
    separator: str = ","
    quoted: bool = True
    columns: tuple[str, ...] = ()
    #: columns of the older or newer schema that stand for a column of ``columns``
    aliases: dict[str, tuple[str, ...]] = {}  # noqa: RUF012 - read-only class table
    #: the columns of the partial counts that :meth:`reduce` groups by (kinds with a summary)
    summary_keys: tuple[str, ...] = ()

    @abstractmethod
    def dataset(self, path: Path, meta: DatasetMeta) -> Dataset:
        """The dataset the file is (its statements are derived from it or its records)."""

    def sections(self, ctx: Context) -> list[str]:
        """N-Triples lines of the dataset's sections that statements are derived from."""
        return []

    def layout(self, path: Path) -> tuple[str, bool]:
        """Field separator and whether fields may be quoted, for this file."""
        return self.separator, self.quoted

    def parse(self, block: Block, ctx: Context) -> pl.DataFrame:
        """The block as text columns named as in :attr:`columns` (missing ones empty)."""
        header = block.header.decode("utf-8", "replace").rstrip("\r\n").split(ctx.separator)
        header = [h.strip().strip('"').lstrip("\ufeff") for h in header]
        wanted: dict[str, str] = {}
        for column in self.columns:
            for candidate in (column, *self.aliases.get(column, ())):
                if candidate in header:
                    wanted[candidate] = column
                    break
        try:
            frame = pl.read_csv(
                io.BytesIO(block.data()),
                separator=ctx.separator,
                quote_char='"' if ctx.quoted else None,
                infer_schema=False,
                columns=list(wanted) or None,
                encoding="utf8-lossy",
                has_header=True,
            )
        except pl.exceptions.PolarsError as err:
            line = _bad_line(block, ctx.separator, len(header), ctx.quoted)
            raise InputError(f"{ctx.path}:{line}: {self.name}: cannot read this row: {_first_line(err)}") from err
        frame = frame.rename(wanted)
        missing = [pl.lit(None, pl.String).alias(c) for c in self.columns if c not in frame.columns]
        return frame.with_columns(missing) if missing else frame

    @contextmanager
    def items(self, path: Path, ctx: Context,
              ranges: bool = False) -> Iterator[tuple[Iterator[Item], Progress]]:
        """The units of work of ``path`` (blocks of whole records), and how far reading has got.
        With ``ranges``, an uncompressed unquoted file is cut into byte ranges read by whoever
        converts them (a Dask worker) instead of being read here."""
        plain = plain_file(path, self.member) if ranges and not ctx.quoted else None
        if plain is not None:
            scheduled = ByteCount()
            yield file_ranges(plain, ctx.block_bytes, scheduled), Progress(scheduled, plain.stat().st_size)
            return
        with open_member(path, self.member) as (stream, counter, size):
            yield blocks(stream, quoted=ctx.quoted, block_bytes=ctx.block_bytes), Progress(counter, size)

    def convert(self, item: Item, ctx: Context) -> Converted:
        item = item.read() if isinstance(item, FileRange) else item
        frame = item if isinstance(item, pl.DataFrame) else self.parse(item, ctx)
        rows = frame.height
        frame = self.prepare(frame, ctx)
        kept = frame.filter(self.keep(ctx.filters)) if ctx.filters.active() else frame
        lines, partial = self.triples(kept, ctx)
        return Converted(lines, partial, rows, kept.height)

    def prepare(self, frame: pl.DataFrame, ctx: Context) -> pl.DataFrame:
        """Derived columns the filters and triples share (slugs, codes)."""
        return frame

    def keep(self, filters: Filters) -> pl.Expr:
        """Which rows the filters keep."""
        return pl.lit(True)

    @abstractmethod
    def triples(self, frame: pl.DataFrame, ctx: Context) -> tuple[pl.Series, pl.DataFrame | None]:
        """N-Triples lines of the rows, and partial counts (or None)."""

    def reduce(self, partials: pl.DataFrame) -> pl.DataFrame:
        """Combine partial counts (only kinds with a summary override this)."""
        return partials

    def summarise(self, total: pl.DataFrame, ctx: Context) -> list[str]:
        """N-Triples lines of the whole-file summary."""
        return []


def _first_line(err: Exception) -> str:
    return str(err).strip().splitlines()[0] if str(err).strip() else type(err).__name__


def _bad_line(block: Block, separator: str, width: int, quoted: bool) -> int:
    """The line of the first record with a wrong number of fields (or the block's first line)."""
    first = block.line()
    if quoted:
        return first
    sep = separator.encode()
    for offset, raw in enumerate(block.body.split(b"\n")):
        if raw.strip() and raw.count(sep) + 1 != width:
            return first + offset
    return first
