"""Uncompressed TSV on Dask: the client cuts byte ranges of whole records and each worker reads
its own; the output equals the single-process run, and a bad row is still named by its line."""

from __future__ import annotations

import gzip
import itertools
from pathlib import Path

import pytest

from tests.sources.columnar.conftest import GLOBI_TSV
from wildkg.errors import InputError
from wildkg.sources.columnar.chunks import ByteCount, file_ranges
from wildkg.sources.columnar.kind import Context
from wildkg.sources.columnar.run import Job, run_imports
from wildkg.sources.registry import get_kind

pytestmark = pytest.mark.timeout(300)


@pytest.fixture
def plain_tsv(tmp_path: Path) -> Path:
    path = tmp_path / "interactions.tsv"
    path.write_bytes(gzip.decompress(GLOBI_TSV.read_bytes()))
    return path


def test_ranges_cover_the_records_once_each_whole(plain_tsv: Path) -> None:
    data = plain_tsv.read_bytes()
    header_end = data.index(b"\n") + 1
    scheduled = ByteCount()
    ranges = list(file_ranges(plain_tsv, 500, scheduled))
    assert len(ranges) > 4
    assert ranges[0].start == header_end and ranges[-1].end == len(data) == scheduled.count
    assert all(a.end == b.start for a, b in itertools.pairwise(ranges))
    for r in ranges:
        block = r.read()
        assert block.header == data[:header_end] and block.body.endswith(b"\n")
        assert data[r.end - 1:r.end] == b"\n"  # each range ends with a whole record
        assert block.line() == data[:r.start].count(b"\n") + 1


def test_workers_reading_their_own_ranges_equal_one_process(plain_tsv: Path, tmp_path: Path) -> None:
    single = run_imports([Job("globi", GLOBI_TSV)], out=tmp_path / "single.nt")
    ranged = run_imports([Job("globi", plain_tsv)], out=tmp_path / "ranged.nt", block_bytes=600, workers=2)
    assert ranged.blocks > 4 and ranged.rows == single.rows
    assert (tmp_path / "ranged.nt").read_bytes() == (tmp_path / "single.nt").read_bytes()


def test_a_bad_row_in_a_range_is_named_by_its_line(tmp_path: Path) -> None:
    """The worker does not know where its range starts in lines: it counts them on error."""
    header = "sourceTaxonName\tinteractionTypeId\ttargetTaxonName\n"
    good = "Panthera uncia\tRO:0002439\tMoschus leucogaster\n"
    path = tmp_path / "interactions.tsv"
    path.write_text(header + good * 30 + "Canis lupus\tRO:0002439\tOchotona roylei\textra\n" + good * 5,
                    encoding="utf-8")
    kind = get_kind("globi")
    ctx = Context(str(path), "globi", "\t", False, block_bytes=150)
    with kind.items(path, ctx, ranges=True) as (items, _):
        ranges = list(items)
    assert len(ranges) > 5
    with pytest.raises(InputError, match=r"interactions\.tsv:32: globi: cannot read this row"):
        for item in ranges:
            kind.convert(item, ctx)


def test_local_workers_run_polars_on_one_thread() -> None:
    """A LocalCluster of N single-threaded workers uses N cores, not N x cores polars threads."""
    from distributed import Client, LocalCluster

    from wildkg.sources.columnar.dask_run import WORKER_ENV

    def polars_threads() -> int:
        import polars

        return int(polars.thread_pool_size())

    with LocalCluster(n_workers=1, threads_per_worker=1, processes=True, host="127.0.0.1",
                      dashboard_address=None, env=WORKER_ENV) as cluster, Client(cluster) as client:
        assert client.submit(polars_threads).result() == 1
