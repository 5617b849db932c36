"""The network page drawn in a forked process while the build loads and validates the store.

The page is drawn from the build's sorted N-Triples lines, not from the store
(docs/perf/build-page.md), so it does not have to wait for the store: a child forked after
the merge inherits the lines (no copy is sent) and draws the page into the unpublished
version folder while the parent bulk-loads, validates, writes the Turtle and counts. On two
cores that takes the page off the build's critical path (docs/perf/build.md).

The child reports its time or its exception through a pipe; the parent waits for it before
publishing, and kills it if its own part fails, so nothing of a failed build is left running.
Small graphs (and platforms without ``fork``) draw the page in the build's own process: a
fork costs more than their page.
"""

from __future__ import annotations

import multiprocessing
import time
from collections.abc import Iterable
from multiprocessing.connection import Connection
from pathlib import Path

from wildkg import project as paths
from wildkg.errors import WildkgError

#: From this many lines on the page is drawn in a forked process.
PARALLEL_FROM = 100_000
_FORK = multiprocessing.get_context("fork") if "fork" in multiprocessing.get_all_start_methods() else None


def draw(lines: Iterable[str], version: Path) -> float:
    """Draw ``version/wildkg.html`` from the build's lines (the layout kept under
    ``out/.wildkg/page``); the seconds it took."""
    from wildkg.network.ntlines import index_lines
    from wildkg.network.page import write_network_page

    start = time.perf_counter()
    write_network_page(index_lines(lines), version / paths.HTML_NAME, state_dir=version.parent.parent / "page")
    return time.perf_counter() - start


def _child(lines: list[str], version: Path, send: Connection) -> None:
    try:
        send.send(("ok", draw(lines, version)))
    except BaseException as err:  # the parent re-raises it
        try:
            send.send(("error", err))
        except Exception:  # an exception that does not pickle: its words at least
            send.send(("error", WildkgError(f"{type(err).__name__}: {err}")))
    finally:
        send.close()


class PageJob:
    """The page being drawn alongside the rest of the build (or already drawn, inline)."""

    def __init__(self, lines: list[str], version: Path, *, parallel_from: int | None = None) -> None:
        self.seconds: float | None = None
        threshold = PARALLEL_FROM if parallel_from is None else parallel_from
        self.parallel = _FORK is not None and len(lines) >= threshold
        if not self.parallel:
            self.lines: list[str] | None = lines
            return
        assert _FORK is not None
        self.lines = None
        self._recv, send = _FORK.Pipe(duplex=False)
        self._proc = _FORK.Process(target=_child, args=(lines, version, send), daemon=True,
                                   name="wildkg-page")
        self._proc.start()
        send.close()
        self._version = version

    def result(self, version: Path) -> float:
        """Wait for the page (or draw it now, inline); its drawing time. Re-raises its error."""
        if not self.parallel:
            assert self.lines is not None
            self.seconds = draw(self.lines, version)
            return self.seconds
        try:
            kind, value = self._recv.recv()
        except EOFError:
            self._proc.join()
            raise WildkgError(f"the process drawing {paths.HTML_NAME} stopped "
                              f"(exit code {self._proc.exitcode}); nothing was published") from None
        finally:
            self._recv.close()
        self._proc.join()
        if kind == "error":
            raise value
        self.seconds = float(value)
        return self.seconds

    def cancel(self) -> None:
        """Stop the child (the build failed elsewhere); no-op when inline or finished."""
        if self.parallel and self._proc.is_alive():
            self._proc.kill()
            self._proc.join()
