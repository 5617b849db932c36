"""Sorted N-Triples shards: written per block, merged into one file, or bulk-loaded.

Each shard is sorted and duplicate-free, so merging them is a streaming k-way merge that drops
repeated lines (a taxon named in every block is written once) and the result does not depend
on how the input was cut into blocks — one process or many Dask workers give the same bytes.

A block's lines are also cut into key ranges by a few *split* lines (chosen from the import's
first block, :func:`choose_splits`), one shard per range (``rNNN/<block>.nt``). A line always
falls in the same range, so the merged file is the ranges' merges one after the other: they run
in parallel (on Dask workers), and each range's shards are deleted as soon as it is merged, so
the disk holds about one copy of the output, not two.
"""

from __future__ import annotations

import heapq
import io
import os
import shutil
import subprocess
import tempfile
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import BinaryIO

import polars as pl

from wildkg.build.publish import UMASK


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


#: Key ranges the output is cut into (fewer when the first block has fewer distinct lines).
RANGES = 16


def choose_splits(lines: pl.Series, ranges: int = RANGES) -> tuple[str, ...]:
    """``ranges - 1`` lines cutting a sample of the output (a block's lines) into even ranges."""
    unique = lines.unique().sort()
    if unique.len() < ranges:
        return ()
    return tuple(sorted({str(unique[i * unique.len() // ranges]) for i in range(1, ranges)}))


def range_dir(number: int) -> str:
    return f"r{number:03d}"


def write_ranges(lines: pl.Series, shard: Path, splits: tuple[str, ...], *, sort: bool = True,
                 keep: bool = True) -> int:
    """Write ``lines`` as one shard per key range, ``<folder>/rNNN/<name>`` (range 0 only when
    there are no splits; dropped again unless ``keep``); return how many lines were written."""
    if not splits:
        return _write_in(lines, shard, 0, sort, keep)
    where = pl.Series("split", splits, pl.String).search_sorted(lines, side="right")
    frame = pl.DataFrame({"line": lines, "range": where})
    return sum(_write_in(part["line"], shard, number, sort, keep)
               for (number,), part in frame.partition_by("range", as_dict=True).items())


def _write_in(lines: pl.Series, shard: Path, number: int, sort: bool, keep: bool) -> int:
    folder = shard.parent / range_dir(number)
    folder.mkdir(parents=True, exist_ok=True)
    written = write_shard(lines, folder / shard.name, sort=sort)
    if not keep:
        (folder / shard.name).unlink()
    return written


def shard_ranges(root: Path) -> list[list[Path]]:
    """The shards under ``root`` (``<job>/rNNN/*.nt``), range by range in key order."""
    numbers = sorted({int(p.name[1:]) for p in root.glob("*/r[0-9][0-9][0-9]") if p.is_dir()})
    return [sorted(root.glob(f"*/{range_dir(n)}/*.nt")) for n in numbers]


def _lines(path: Path) -> Iterator[bytes]:
    with path.open("rb", buffering=1 << 20) as f:
        yield from f


def merge(shards: Iterable[Path], out: Path, *, external: bool = True) -> int:
    """Merge sorted shards into ``out`` (written to a temporary file, then renamed into place);
    return the number of distinct lines."""
    return merge_ranges([list(shards)], out, external=external, drop=False)


def merge_ranges(ranges: list[list[Path]], out: Path, *, external: bool = True, drop: bool = True,
                 merge_all: Callable[[list[list[Path]], list[Path]], Iterable[int]] | None = None) -> int:
    """Merge each key range's sorted shards into a part (with ``merge_all`` — in parallel on
    Dask — or one after the other), then join the parts in order into ``out`` (written to a
    temporary file, then renamed into place); return the number of distinct lines."""
    out.parent.mkdir(parents=True, exist_ok=True)
    parts = [out.parent / f".{out.name}.part{number:03d}" for number in range(len(ranges))]
    fd, tmp_name = tempfile.mkstemp(prefix=f".{out.name}.", dir=out.parent)
    tmp = Path(tmp_name)
    try:
        with os.fdopen(fd, "wb", buffering=1 << 20) as sink:
            if merge_all is None:  # one range after the other, straight into the output
                count = sum(merge_range(shards, sink, tmp, external=external, drop=drop) for shards in ranges)
            else:
                count = sum(merge_all(ranges, parts))
                for part in parts:  # each part dropped once copied: about one copy of the output on disk
                    _append(part, sink)
                    part.unlink()
        tmp.chmod(0o666 & ~UMASK)
        tmp.replace(out)
    except BaseException:
        tmp.unlink(missing_ok=True)
        for part in parts:
            part.unlink(missing_ok=True)
        raise
    return count


def merge_range(shards: list[Path], sink: BinaryIO, path: Path, *, external: bool = True,
                drop: bool = True) -> int:
    """Merge one range's sorted shards onto ``sink``, the file ``path`` open for writing (and
    delete them); return its lines.
    GNU ``sort -m -u`` in the C locale does it several times faster than Python where it is
    installed; both give the same bytes."""
    sink.flush()
    start = sink.tell()
    sort = shutil.which("sort") if external else None
    if sort and shards:
        _gnu_merge(sort, shards, sink, shards[0].parent)
    else:
        _python_merge(shards, sink)
    sink.flush()
    for shard in shards if drop else ():
        shard.unlink()
    return _count_lines(path, start)


def merge_part(shards: list[Path], part: Path) -> int:
    """Merge one range's sorted shards into the file ``part`` and delete them; return its lines."""
    with part.open("wb", buffering=1 << 20) as sink:
        return merge_range(shards, sink, part)


def _append(part: Path, sink: BinaryIO) -> None:
    """Copy ``part`` onto the end of ``sink`` inside the kernel."""
    sink.flush()
    with part.open("rb") as source:
        size = os.fstat(source.fileno()).st_size
        done = 0
        while done < size:
            done += os.copy_file_range(source.fileno(), sink.fileno(), size - done)
    sink.seek(0, os.SEEK_END)


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


def _count_lines(path: Path, start: int = 0) -> int:
    count = 0
    with path.open("rb") as f:
        f.seek(start)
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
