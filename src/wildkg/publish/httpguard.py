"""HTTP client safety for ``wildkg push`` (issue 13): a whole-request deadline (F14), no
redirects followed behind our back (F6), ``Retry-After`` and http(s)-only URLs (F23).


urllib's ``timeout`` bounds each socket operation, so a server that sends one byte every
few seconds keeps a request alive forever. These handlers remember the sockets they open;
:meth:`DeadlineHandlers.within` shuts them down when the deadline passes, which makes the
blocked read fail at once (``OSError``), so the request is retried or reported.
"""

from __future__ import annotations

import http.client
import socket
import threading
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from email.utils import parsedate_to_datetime
from typing import Any
from urllib.parse import urlsplit

from wildkg.errors import WildkgError

#: Longest wait a ``Retry-After`` answer can impose, in seconds.
MAX_RETRY_AFTER = 300.0


class NoRedirect(urllib.request.HTTPRedirectHandler):
    """Never follow a redirect inside urllib: the caller decides (and urllib
    would re-send the Authorization header to whatever host the answer names)."""

    def redirect_request(self, *args: Any, **kwargs: Any) -> None:
        return None


def same_origin(first: str, second: str) -> bool:
    a, b = urlsplit(first), urlsplit(second)
    return (a.scheme.lower(), a.hostname, a.port) == (b.scheme.lower(), b.hostname, b.port)


def check_http_url(url: str, what: str) -> None:
    """Refuse anything but an absolute http(s) URL (``ftp://``, ``file://``: issue 13, F23)."""
    parts = urlsplit(url)
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
        raise WildkgError(f"{what} must be an http:// or https:// URL, not {url!r}")


def retry_after(err: urllib.error.HTTPError) -> float | None:
    """Seconds a 429/503 answer asks us to wait (``Retry-After``: seconds or an HTTP date)."""
    value = (err.headers.get("Retry-After") or "").strip() if err.headers else ""
    if not value:
        return None
    if value.isdigit():
        return min(float(value), MAX_RETRY_AFTER)
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return min(max(when.timestamp() - time.time(), 0.0), MAX_RETRY_AFTER)


class DeadlineHandlers:
    """HTTP(S) handlers whose connections can all be cut by a timer."""

    def __init__(self) -> None:
        self._sockets: list[socket.socket] = []
        self._lock = threading.Lock()
        self.expired = False

    def _track(self, sock: socket.socket) -> None:
        with self._lock:
            self._sockets.append(sock)

    def _cut(self) -> None:
        with self._lock:
            self.expired = True
            for sock in self._sockets:
                with suppress(OSError):
                    sock.shutdown(socket.SHUT_RDWR)

    @contextmanager
    def within(self, seconds: float) -> Iterator[None]:
        """Cut every connection opened inside the block once ``seconds`` have passed."""
        with self._lock:
            self._sockets.clear()
            self.expired = False
        timer = threading.Timer(seconds, self._cut)
        timer.daemon = True
        timer.start()
        try:
            yield
        except (OSError, http.client.HTTPException) as err:  # e.g. IncompleteRead once cut
            if self.expired:
                raise TimeoutError(f"no complete answer within {seconds:g} s (--timeout)") from err
            raise
        finally:
            timer.cancel()
            with self._lock:
                self._sockets.clear()

    def handlers(self) -> list[urllib.request.BaseHandler]:
        track = self._track

        class Connection(http.client.HTTPConnection):
            def connect(self) -> None:
                super().connect()
                track(self.sock)

        class SecureConnection(http.client.HTTPSConnection):
            def connect(self) -> None:
                super().connect()
                track(self.sock)

        class Handler(urllib.request.HTTPHandler):
            def http_open(self, req: Any) -> Any:
                return self.do_open(Connection, req)

        class SecureHandler(urllib.request.HTTPSHandler):
            def https_open(self, req: Any) -> Any:
                return self.do_open(SecureConnection, req)

        return [Handler(), SecureHandler()]
