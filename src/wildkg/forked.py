"""Work handed to a forked process while the caller goes on: two cores, two things at once.

A forked child sees the parent's memory as it was (nothing is copied or sent), so a page
model or a graph can be written out by the child while the parent renders the page. The child
is killed by the kernel if the parent dies (even by SIGKILL), and says only whether it
succeeded (its exit code): what it makes, it writes to a file. Without ``fork`` (not Linux or
macOS) the work runs inline, at once.
"""

from __future__ import annotations

import os
import signal
import sys
import traceback
from collections.abc import Callable
from typing import Any

from wildkg.errors import WildkgError

CAN_FORK = hasattr(os, "fork")


def die_with_parent(parent: int) -> None:
    """Linux: have the kernel kill this process when ``parent`` dies (even by SIGKILL), so
    no orphan goes on writing into a folder the next build removes."""
    try:
        import ctypes

        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):  # not Linux: the parent's cancel() is all there is
        return
    if os.getppid() != parent:  # the parent died before the request took effect
        os._exit(1)


class Forked:
    """``fn(*args)`` running in a forked child; :meth:`wait` raises if it failed."""

    def __init__(self, what: str, fn: Callable[..., Any], *args: Any) -> None:
        self.what = what
        self.pid: int | None = None
        if not CAN_FORK:
            fn(*args)
            return
        parent = os.getpid()
        sys.stdout.flush()
        sys.stderr.flush()
        pid = os.fork()
        if pid == 0:  # the child: never returns
            code = 1
            try:
                die_with_parent(parent)
                fn(*args)
                code = 0
            except BaseException:
                traceback.print_exc()
            finally:
                os._exit(code)
        self.pid = pid

    def wait(self) -> None:
        if self.pid is None:
            return
        _, status = os.waitpid(self.pid, 0)
        self.pid = None
        code = os.waitstatus_to_exitcode(status)
        if code != 0:
            raise WildkgError(f"{self.what} failed in a forked process (exit code {code})")

    def cancel(self) -> None:
        """Stop the child (the caller failed); no-op once waited for."""
        if self.pid is not None:
            try:
                os.kill(self.pid, signal.SIGKILL)
                os.waitpid(self.pid, 0)
            except OSError:
                pass
            self.pid = None
