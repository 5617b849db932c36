"""The same conversion, partitioned on a Dask cluster.

The client reads the file (decompressing gzip or zip as it goes) and hands each block of whole
records to a worker, which converts it and writes its sorted shard into ``shard_dir``; at most
two blocks per worker thread are in flight, so the client's memory stays bounded however large
the file. On a real cluster ``shard_dir`` must be a folder every worker and the client can
reach (a shared file system); with a ``LocalCluster`` it is a local folder.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

from wildkg.errors import InputError
from wildkg.sources.columnar.kind import Context, Converted, Item
from wildkg.sources.columnar.registry import get_kind

#: Environment of local worker processes: each is single-threaded, polars included.
WORKER_ENV = {"POLARS_MAX_THREADS": "1"}


def convert_block(kind_name: str, item: Item, ctx: Context, shard: str) -> Converted:
    """What a worker runs for one block (a plain module-level function, so it pickles by name)."""
    from wildkg.sources.columnar.shards import convert_to_shard

    return convert_to_shard(get_kind(kind_name), item, ctx, Path(shard))


def convert_on_dask(
    kind_name: str,
    items: Iterator[Item],
    ctx: Context,
    shard_dir: Path,
    scheduler: str | None,
    workers: int | None,
) -> Iterator[Converted]:
    """Converted blocks, in the order they finish, from a cluster at ``scheduler`` (``tcp://…``)
    or from a local cluster of ``workers`` single-threaded processes."""
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
    try:
        slots = 2 * max(1, sum(client.nthreads().values()))
        pending = dist.as_completed()
        in_flight = 0
        for index, item in enumerate(items):
            shard = str(shard_dir / f"{index:07d}.nt")
            pending.add(client.submit(convert_block, kind_name, item, ctx, shard, pure=False))
            in_flight += 1
            while in_flight >= slots:
                yield next(pending).result()
                in_flight -= 1
        for future in pending:
            yield future.result()
    finally:
        client.close()
        if cluster is not None:
            cluster.close()
