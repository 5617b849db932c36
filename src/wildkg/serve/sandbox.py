"""Take a worker process off the network (Linux: a new user and network namespace).

A process in a fresh network namespace has only a loopback interface of its own, which is
down: it cannot open any outbound connection, whatever a query asks for. This is the second
wall behind the parser check of :mod:`wildkg.serve.guard`. Unprivileged user namespaces may
be disabled (some distributions, containers); then :func:`cut_network` returns False and the
parser check stands alone.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import sys

_CLONE_NEWUSER = 0x10000000
_CLONE_NEWNET = 0x40000000


def cut_network() -> bool:
    """Move this process into a new network namespace; whether it worked."""
    if not sys.platform.startswith("linux"):
        return False
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or None, use_errno=True)
        return int(libc.unshare(_CLONE_NEWUSER | _CLONE_NEWNET)) == 0
    except (OSError, AttributeError):
        return False
