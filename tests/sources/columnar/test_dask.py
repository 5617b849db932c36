"""The conversion on a real dask.distributed cluster gives the same triples as one process."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.sources.columnar.conftest import GBIF_ZIP, GLOBI_TSV
from wildkg.sources.columnar.run import Job, run_imports

pytestmark = pytest.mark.timeout(300)


def test_local_cluster_of_two_workers_equals_single_process(tmp_path: Path) -> None:
    """GloBI cut into several blocks, converted by a LocalCluster of 2 worker processes:
    byte-identical output, summaries (record counts) included."""
    jobs = [Job("globi", GLOBI_TSV), Job("gbif-dwca", GBIF_ZIP)]
    single = run_imports(jobs, out=tmp_path / "single.nt", block_bytes=700)
    on_dask = run_imports(jobs, out=tmp_path / "dask.nt", block_bytes=700, workers=2)
    assert single.blocks == on_dask.blocks > 4
    assert single.lines == on_dask.lines > 400
    assert (tmp_path / "single.nt").read_bytes() == (tmp_path / "dask.nt").read_bytes()


def test_scheduler_address_of_a_running_cluster(tmp_path: Path) -> None:
    """--scheduler tcp://HOST:PORT: the client connects to a cluster started elsewhere."""
    from distributed import LocalCluster

    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, host="127.0.0.1",
                      dashboard_address=None) as cluster:
        address = cluster.scheduler_address
        assert address.startswith("tcp://127.0.0.1:")
        report = run_imports([Job("globi", GLOBI_TSV)], out=tmp_path / "remote.nt", block_bytes=700,
                             scheduler=address)
    run_imports([Job("globi", GLOBI_TSV)], out=tmp_path / "local.nt")
    assert report.blocks > 4
    assert (tmp_path / "remote.nt").read_bytes() == (tmp_path / "local.nt").read_bytes()
