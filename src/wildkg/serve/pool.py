"""A pool of killable query workers.

Each request borrows an idle worker, sends it one job and waits for the reply in a
thread (the event loop stays free). If the reply does not come within the time
limit, the worker is killed — which is the only way to stop a pyoxigraph query —
and a fresh one is started in the background.
"""

from __future__ import annotations

import asyncio
import multiprocessing as mp
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from multiprocessing.connection import Connection
from multiprocessing.process import BaseProcess

from wildkg.errors import WildkgError
from wildkg.serve.jobs import DataSource, Job, Reply, UpdateJob
from wildkg.serve.worker import worker_main

_CTX = mp.get_context("spawn")


class WorkerTimeoutError(Exception):
    """The job did not finish within the time limit; its worker was killed."""


class PoolBusyError(Exception):
    """No worker became free within the time limit."""


class WorkerDiedError(Exception):
    """The worker exited while running the job (e.g. out of memory)."""


@dataclass
class _Worker:
    process: BaseProcess
    conn: Connection

    def kill(self) -> None:
        self.process.kill()
        self.process.join(5)
        self.conn.close()


def _spawn(
    source: DataSource, replay: tuple[UpdateJob, ...], start_timeout: float, offline: bool
) -> tuple[_Worker, Reply]:
    parent, child = _CTX.Pipe()
    process = _CTX.Process(target=worker_main, args=(child, source, replay, offline), daemon=True)
    process.start()
    child.close()
    worker = _Worker(process, parent)
    if not parent.poll(start_timeout):
        worker.kill()
        raise WildkgError(f"a query worker did not load the data within {start_timeout:.0f} s")
    try:
        hello: Reply = parent.recv()
    except EOFError:
        worker.kill()
        raise WildkgError("a query worker exited while loading the data") from None
    if hello.error:
        worker.kill()
        raise WildkgError(hello.message)
    return worker, hello


class WorkerPool:
    """``size`` worker processes over the same data, each running one job at a time."""

    def __init__(
        self,
        source: DataSource,
        size: int,
        timeout: float,
        start_timeout: float = 600.0,
        offline: bool = True,
    ):
        self.source = source
        self.size = size
        self.timeout = timeout
        self.start_timeout = start_timeout
        self.triples = 0
        self._workers: list[_Worker] = []
        self._idle: asyncio.Queue[_Worker] | None = None
        self._loop: asyncio.AbstractEventLoop | None = None
        self._threads = ThreadPoolExecutor(max_workers=size + 2, thread_name_prefix="wildkg-pool")
        self._updates: list[UpdateJob] = []
        self._update_lock = asyncio.Lock()
        self._lock = threading.Lock()
        self.killed = 0
        #: Ask workers to leave the network; whether they all managed to (after start()).
        self.offline = offline
        self.isolated = False

    def start(self) -> None:
        """Start the workers (blocking); raises WildkgError if the data cannot be loaded."""
        hellos = []
        for _ in range(self.size):
            worker, hello = _spawn(self.source, (), self.start_timeout, self.offline)
            self._workers.append(worker)
            hellos.append(hello)
        self.triples = hellos[0].count
        self.isolated = all(hello.message == "offline" for hello in hellos)

    def attach(self, loop: asyncio.AbstractEventLoop) -> None:
        """Bind to the server's event loop (called at startup)."""
        self._loop = loop
        self._idle = asyncio.Queue()
        for worker in self._workers:
            self._idle.put_nowait(worker)

    def close(self) -> None:
        with self._lock:
            workers, self._workers = self._workers, []
        for worker in workers:
            worker.kill()
        self._threads.shutdown(wait=False, cancel_futures=True)

    async def _roundtrip(self, worker: _Worker, job: Job, timeout: float) -> Reply:
        """Send ``job`` and wait for the reply without blocking the loop or using a thread.

        The reply is read once the pipe is readable: by then the worker has finished the
        job and is writing its answer, so reading it blocks only for the copy.
        """
        assert self._loop is not None
        fd = worker.conn.fileno()
        readable: asyncio.Future[None] = self._loop.create_future()

        def wake() -> None:
            if not readable.done():
                readable.set_result(None)

        self._loop.add_reader(fd, wake)
        try:
            worker.conn.send(job)
            await asyncio.wait_for(readable, timeout)
        except TimeoutError:
            raise WorkerTimeoutError from None
        finally:
            self._loop.remove_reader(fd)
        try:
            reply: Reply = worker.conn.recv()
        except (EOFError, OSError):
            raise WorkerDiedError from None
        return reply

    def _replace(self, worker: _Worker) -> None:
        """Kill ``worker`` and start another one (runs in a pool thread)."""
        worker.kill()
        with self._lock:
            if worker in self._workers:
                self._workers.remove(worker)
            replay = tuple(self._updates)
        for attempt in range(3):
            try:
                fresh, _ = _spawn(self.source, replay, self.start_timeout, self.offline)
                break
            except WildkgError:
                time.sleep(1.0 + attempt)
        else:
            return  # the pool shrinks; requests still get PoolBusyError rather than hang forever
        with self._lock:
            self._workers.append(fresh)
        assert self._loop is not None and self._idle is not None
        self._loop.call_soon_threadsafe(self._idle.put_nowait, fresh)

    async def _acquire(self, timeout: float) -> _Worker:
        assert self._idle is not None, "pool not attached to the event loop"
        try:
            return await asyncio.wait_for(self._idle.get(), timeout)
        except TimeoutError:
            raise PoolBusyError from None

    async def run(self, job: Job, timeout: float | None = None) -> Reply:
        """Run ``job`` on a free worker (WorkerTimeoutError, PoolBusyError, WorkerDiedError).

        Every job runs in a worker process under the time limit: nothing runs in the server
        process, whose event loop must keep answering (issue 13, F1).
        """
        limit = self.timeout if timeout is None else timeout
        worker = await self._acquire(limit)
        return await self._run_on(worker, job, limit)

    async def _run_on(self, worker: _Worker, job: Job, limit: float) -> Reply:
        assert self._loop is not None and self._idle is not None
        try:
            reply = await self._roundtrip(worker, job, limit)
        except (WorkerTimeoutError, WorkerDiedError, OSError):
            self.killed += 1
            self._loop.run_in_executor(self._threads, self._replace, worker)
            raise
        except BaseException:  # cancelled while waiting: the worker's state is unknown
            self._loop.run_in_executor(self._threads, self._replace, worker)
            raise
        self._idle.put_nowait(worker)
        return reply

    async def update(self, job: UpdateJob) -> Reply:
        """Apply an update on every worker (holding them all); remember it for new ones.

        The first worker checks and applies it; if it refuses or fails, no other worker sees
        it. Once it has succeeded there it is remembered, so a worker that is replaced later
        (e.g. killed by a timeout while applying it) replays it and all stay consistent.
        """
        async with self._update_lock:
            workers = [await self._acquire(self.timeout * self.size) for _ in range(self.size)]
            assert self._idle is not None
            try:
                first = workers.pop(0)
                reply = await self._run_on(first, job, self.timeout)
                if reply.error:
                    return reply
                with self._lock:
                    self._updates.append(job)
                while workers:
                    await self._run_on(workers.pop(0), job, self.timeout)
                return reply
            finally:
                for rest in workers:
                    self._idle.put_nowait(rest)
