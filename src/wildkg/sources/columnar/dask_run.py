"""Where the tasks of an import run: here, one after the other, or on a Dask cluster.

An import is two rounds of independent tasks — convert each block into its shard (and its
partial counts' buckets), then summarise each bucket into its shards — and a runner maps a
module-level function over the argument tuples of a round, yielding results as tasks finish.
On Dask the client only schedules: workers read their own byte ranges (or get blocks the
client decompressed, for gzip and zip), write shards and buckets, and summarise; at most two
tasks per worker thread are in flight, so the client's memory stays bounded however large the
file. On a real cluster the shard folder must be one every worker and the client can reach (a
shared file system); with a ``LocalCluster`` it is a local folder.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from typing import Any

from wildkg.errors import InputError

#: Environment of local worker processes: each is single-threaded, polars included.
WORKER_ENV = {"POLARS_MAX_THREADS": "1"}

#: Maps a function over argument tuples, yielding results in the order tasks finish.
Runner = Callable[[Callable[..., Any], Iterable[tuple[Any, ...]]], Iterator[Any]]


def run_here(function: Callable[..., Any], calls: Iterable[tuple[Any, ...]]) -> Iterator[Any]:
    """Run the tasks in this process, one after the other."""
    for args in calls:
        yield function(*args)


@contextmanager
def dask_runner(scheduler: str | None, workers: int | None) -> Iterator[Runner]:
    """A runner on the cluster at ``scheduler`` (``tcp://…``), or on a local cluster of
    ``workers`` single-threaded processes, started once for the whole import."""
    try:
        import distributed
    except ImportError as err:
        raise InputError("--scheduler and --workers need Dask: pip install 'wildkg[dask]'") from err

    dist: Any = distributed  # untyped package
    cluster: Any = None
    client: Any
    if scheduler:
        client = dist.Client(scheduler)
    else:
        # One polars thread per worker process: N workers on N cores, not N x cores threads.
        cluster = dist.LocalCluster(n_workers=workers or 2, threads_per_worker=1, processes=True,
                                    dashboard_address=None, host="127.0.0.1", env=WORKER_ENV)
        client = dist.Client(cluster)

    def run(function: Callable[..., Any], calls: Iterable[tuple[Any, ...]]) -> Iterator[Any]:
        slots = 2 * max(1, sum(client.nthreads().values()))
        pending = dist.as_completed()
        in_flight = 0
        for args in calls:
            pending.add(client.submit(function, *args, pure=False))
            in_flight += 1
            while in_flight >= slots:
                yield next(pending).result()
                in_flight -= 1
        for future in pending:
            yield future.result()

    try:
        yield run
    finally:
        client.close()
        if cluster is not None:
            cluster.close()
