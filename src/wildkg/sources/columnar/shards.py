"""Sorted N-Triples shards: written per block, merged into one file, or bulk-loaded.

Each shard is sorted and duplicate-free, so merging them is a streaming k-way merge that drops
repeated lines (a taxon named in every block is written once) and the result does not depend
on how the input was cut into blocks — one process or many Dask workers give the same bytes.
"""

from __future__ import annotations

import heapq
import io
import os
import shutil
import subprocess
import tempfile
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import BinaryIO

import polars as pl

from wildkg.build.publish import UMASK
from wildkg.sources.columnar.kind import BulkKind, Context, Converted, Item
from wildkg.sources.columnar.partials import bucket_folder, bucket_total, spill
from wildkg.sources.columnar.registry import get_kind

#: Keys of a bucket's totals summarised (turned into statement lines) per shard.
SUMMARY_ROWS = 50_000


def write_shard(lines: pl.Series, path: Path, *, sort: bool = True) -> int:
    """Write ``lines`` sorted (by bytes) and unique; return how many were written. Shards only
    bulk-loaded into a store need neither (the store keeps a set of triples): ``sort=False``."""
    unique = lines.unique().sort() if sort else lines
    if unique.len() == 0:
        path.write_bytes(b"")
        return 0
    frame = unique.to_frame("line")
    frame.write_csv(path, include_header=False, quote_style="never", line_terminator="\n")
    return unique.len()


def _lines(path: Path) -> Iterator[bytes]:
    with path.open("rb", buffering=1 << 20) as f:
        yield from f


def merge(shards: Iterable[Path], out: Path, *, external: bool = True) -> int:
    """Merge sorted shards into ``out`` (written to a temporary file, then renamed into place);
    return the number of distinct lines. GNU ``sort -m -u`` in the C locale does it several
    times faster than Python where it is installed; both give the same bytes."""
    out.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp_name = tempfile.mkstemp(prefix=f".{out.name}.", dir=out.parent)
    tmp = Path(tmp_name)
    shards = list(shards)
    try:
        with os.fdopen(fd, "wb", buffering=1 << 20) as sink:
            sort = shutil.which("sort") if external else None
            if sort and shards:
                _gnu_merge(sort, shards, sink, out.parent)
            else:
                _python_merge(shards, sink)
        count = _count_lines(tmp)
        tmp.chmod(0o666 & ~UMASK)
        tmp.replace(out)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return count


def _python_merge(shards: list[Path], sink: BinaryIO) -> None:
    previous = b""
    for line in heapq.merge(*(_lines(p) for p in shards)):
        if line != previous:
            sink.write(line)
            previous = line


def _gnu_merge(sort: str, shards: list[Path], sink: BinaryIO, tmp_dir: Path) -> None:
    with tempfile.NamedTemporaryFile("w", dir=tmp_dir, prefix=".shards-", suffix=".lst") as names:
        names.write("\0".join(str(p) for p in shards) + "\0")
        names.flush()
        env = {**os.environ, "LC_ALL": "C"}
        subprocess.run([sort, "-m", "-u", "-T", str(tmp_dir), f"--files0-from={names.name}"],
                       stdout=sink, env=env, check=True)


def _count_lines(path: Path) -> int:
    count = 0
    with path.open("rb") as f:
        while chunk := f.read(1 << 24):
            count += chunk.count(b"\n")
    return count


class _Chain(io.RawIOBase):
    """The shards read one after the other as one stream (each ends with a line end)."""

    def __init__(self, paths: list[Path]) -> None:
        self.paths = iter(paths)
        self.current: BinaryIO | None = None

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: bytearray | memoryview) -> int:  # type: ignore[override]
        while True:
            if self.current is None:
                path = next(self.paths, None)
                if path is None:
                    return 0
                self.current = path.open("rb")
            n = self.current.readinto(buffer)  # type: ignore[attr-defined]
            if n:
                return int(n)
            self.current.close()
            self.current = None


def load(shards: Iterable[Path], store_dir: Path) -> int:
    """Bulk-load the shards into the Oxigraph store at ``store_dir`` in one ``bulk_load`` (one
    call per shard made the loader merge its files again each time); return the triple count."""
    from pyoxigraph import RdfFormat, Store

    store = Store(str(store_dir))
    with io.BufferedReader(_Chain([p for p in shards if p.stat().st_size]), 1 << 20) as stream:
        store.bulk_load(stream, format=RdfFormat.N_TRIPLES)
    store.flush()
    return len(store)


def convert_to_shard(kind: BulkKind, item: Item, ctx: Context, shard: Path) -> Converted:
    """Convert one block, write its shard and its partial counts' buckets (beside the shard,
    :func:`.partials.bucket_folder`); the returned lines and counts are dropped to save memory
    and so that nothing of the data travels back to a Dask client."""
    converted = kind.convert(item, ctx)
    write_shard(converted.lines, shard, sort=ctx.sort_shards)
    converted.lines = converted.lines.clear()
    if converted.partial is not None:
        spill(kind, converted.partial, bucket_folder(shard.parent), shard.stem, ctx.summary_buckets)
        converted.partial = None
    return converted


def summarise_to_shards(kind: BulkKind, ctx: Context, bucket: Path, shard_prefix: Path) -> int:
    """Summarise one bucket of partial counts into shards ``<shard_prefix>-NNNNN.nt``, a slice
    of :data:`SUMMARY_ROWS` keys each; return the lines written."""
    total = bucket_total(kind, bucket)
    if total is None:
        return 0
    written = 0
    for number, start in enumerate(range(0, total.height, SUMMARY_ROWS)):
        lines = kind.summarise(total.slice(start, SUMMARY_ROWS), ctx)
        written += write_shard(pl.Series("line", [x.rstrip("\n") for x in lines], pl.String),
                               shard_prefix.with_name(f"{shard_prefix.name}-{number:05d}.nt"), sort=ctx.sort_shards)
    return written


# What a worker runs (plain module-level functions of picklable arguments: Dask ships them by name).

def convert_task(kind_name: str, item: Item, ctx: Context, shard: str) -> Converted:
    """Convert one block of ``kind_name`` into ``shard``."""
    return convert_to_shard(get_kind(kind_name), item, ctx, Path(shard))


def summary_task(kind_name: str, ctx: Context, bucket: str, shard_prefix: str) -> int:
    """Summarise one bucket of ``kind_name``'s partial counts."""
    return summarise_to_shards(get_kind(kind_name), ctx, Path(bucket), Path(shard_prefix))
