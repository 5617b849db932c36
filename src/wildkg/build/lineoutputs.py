"""The outputs made from the build's sorted lines — the Turtle file and the network page —
written in a forked process while the build loads and validates the store.

Neither needs the store: the Turtle streams the sorted N-Triples file through Oxigraph's
serializer, and the page is drawn from the lines (docs/perf/build-page.md). So a child forked
once the lines are on disk inherits them (nothing is copied or sent) and writes both into the
unpublished version folder while the parent bulk-loads, validates and counts. On two cores
that takes them off the build's critical path (docs/perf/build.md). The child frees its view
of the lines once the page has indexed them.

The child reports its times or its exception through a pipe; the parent waits for it before
publishing, and kills it if its own part fails, so nothing of a failed build is left running.
Small graphs (and platforms without ``fork``) write both in the build's own process: a fork
costs more than their outputs.
"""

from __future__ import annotations

import multiprocessing
import os
import time
from collections.abc import Iterable
from multiprocessing.connection import Connection
from pathlib import Path

from wildkg import project as paths
from wildkg.build import manifest, publish
from wildkg.errors import WildkgError
from wildkg.forked import die_with_parent
from wildkg.namespaces import PREFIXES

#: From this many lines on, the Turtle and the page are written in a forked process.
PARALLEL_FROM = 100_000
_FORK = multiprocessing.get_context("fork") if "fork" in multiprocessing.get_all_start_methods() else None


def draw(lines: Iterable[str], version: Path, *, consume: bool = False, keep: bool = False) -> float:
    """Draw ``version/wildkg.html`` from the build's lines (the layout kept under
    ``out/.wildkg/page``); the seconds it took. ``consume`` empties ``lines`` once indexed;
    ``keep`` keeps the page model in ``version/.build/`` for the next build to patch."""
    from wildkg.network.ntlines import index_lines
    from wildkg.network.page import write_network_page

    start = time.perf_counter()
    index = index_lines(lines)
    if consume and isinstance(lines, list):
        lines.clear()
    write_network_page(index, version / paths.HTML_NAME, state_dir=page_state(version),
                       keep=page_model(version) if keep else None)
    return time.perf_counter() - start


def page_state(version: Path) -> Path:
    """Where pages keep their layout between builds: ``out/.wildkg/page``."""
    return version.parent.parent / "page"


def page_model(version: Path) -> Path:
    """Where a build keeps its page model for the next one to patch (its ``.build/`` folder)."""
    folder = version / manifest.FOLDER
    folder.mkdir(exist_ok=True)
    return folder / manifest.PAGE_MODEL


def turtle(data: Path, version: Path) -> float:
    """Write ``version/wildkg.ttl`` from the sorted N-Triples file ``data``; the seconds it took."""
    from wildkg.rdfio import write_turtle

    start = time.perf_counter()
    write_turtle(data, version / paths.TTL_NAME, PREFIXES)
    (version / paths.TTL_NAME).chmod(0o666 & ~publish.UMASK)
    return time.perf_counter() - start


def _child(lines: list[str], data: Path, version: Path, html: bool, keep: bool, send: Connection,
           parent: int) -> None:
    die_with_parent(parent)
    try:
        seconds = {"turtle": turtle(data, version)}
        if html:
            seconds["page"] = draw(lines, version, consume=True, keep=keep)
        send.send(("ok", seconds))
    except BaseException as err:  # the parent re-raises it
        try:
            send.send(("error", err))
        except Exception:  # an exception that does not pickle: its words at least
            send.send(("error", WildkgError(f"{type(err).__name__}: {err}")))
    finally:
        send.close()


class LineOutputs:
    """The Turtle file and the page of a build, being written alongside the rest of it (or
    written when :meth:`result` is called, inline). ``data`` is the sorted lines' file."""

    def __init__(self, lines: list[str], data: Path, version: Path, *, html: bool, keep: bool = False,
                 parallel_from: int | None = None) -> None:
        threshold = PARALLEL_FROM if parallel_from is None else parallel_from
        self.parallel = _FORK is not None and len(lines) >= threshold
        self._lines, self._data, self._version, self._html, self._keep = lines, data, version, html, keep
        if not self.parallel:
            return
        assert _FORK is not None
        self._recv, send = _FORK.Pipe(duplex=False)
        self._proc = _FORK.Process(target=_child, args=(lines, data, version, html, keep, send, os.getpid()),
                                   daemon=True, name="wildkg-outputs")
        self._proc.start()
        send.close()

    def result(self) -> dict[str, float]:
        """Wait for the outputs (or write them now, inline): seconds per output ("turtle",
        "page"). Re-raises the child's error."""
        if not self.parallel:
            seconds = {"turtle": turtle(self._data, self._version)}
            if self._html:
                seconds["page"] = draw(self._lines, self._version, keep=self._keep)
            return seconds
        try:
            kind, value = self._recv.recv()
        except EOFError:
            self._proc.join()
            raise WildkgError(f"the process writing {paths.TTL_NAME} and {paths.HTML_NAME} stopped "
                              f"(exit code {self._proc.exitcode}); nothing was published") from None
        finally:
            self._recv.close()
        self._proc.join()
        if kind == "error":
            raise value
        return dict(value)

    def cancel(self) -> None:
        """Stop the child (the build failed elsewhere); no-op when inline or finished."""
        if self.parallel and self._proc.is_alive():
            self._proc.kill()
            self._proc.join()
