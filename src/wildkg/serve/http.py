"""uvicorn's httptools protocol with a deadline for request headers (slow clients, F12).

uvicorn times out idle keep-alive connections, but not a client that opens a connection and
sends its headers a byte at a time (each byte resets the keep-alive timer) or never at all:
such clients would hold connections for as long as they like. Here every request's headers
must be complete within ``HEADER_TIMEOUT`` seconds of the connection opening or the previous
response; otherwise the client gets 408 and the connection is closed. Request bodies have
their own deadline (:func:`wildkg.serve.protocol.read_body`). A request line or header the
parser refuses (e.g. a URL too long for it) gets 414/400 with a sentence, not a bare error.
"""

from __future__ import annotations

import asyncio
from typing import Any

import httptools
from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol

#: Seconds a client has to send a request's headers.
HEADER_TIMEOUT = 10.0
#: Longest request line and headers we read, in bytes (a longer GET: 414, use POST).
MAX_HEAD = 64 * 1024
#: Longest URL httptools can split (16-bit offsets).
MAX_URL = 65_535
_LONG = f"the request line and headers are longer than {MAX_HEAD} bytes; send long queries with POST"


class GuardedHttpToolsProtocol(HttpToolsProtocol):
    """:class:`HttpToolsProtocol` with a header deadline and a bounded request head."""

    header_timeout = HEADER_TIMEOUT

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._head_timer: asyncio.TimerHandle | None = None
        self._head_bytes = 0
        self._in_head = True
        self._url_too_long = False

    def _arm(self) -> None:
        self._disarm()
        self._in_head, self._head_bytes = True, 0
        self._head_timer = self.loop.call_later(self.header_timeout, self._head_too_slow)

    def _disarm(self) -> None:
        if self._head_timer is not None:
            self._head_timer.cancel()
            self._head_timer = None

    def _head_too_slow(self) -> None:
        if self._in_head and not self.transport.is_closing():
            self._refuse(408, f"the request headers did not arrive within {self.header_timeout:g} s")

    def _refuse(self, status: int, message: str) -> None:
        reason = {400: b"Bad Request", 408: b"Request Timeout", 414: b"URI Too Long"}[status]
        body = (message + "\n").encode()
        self.transport.write(
            b"HTTP/1.1 %d %s\r\ncontent-type: text/plain; charset=utf-8\r\n"
            b"content-length: %d\r\nconnection: close\r\n\r\n%s" % (status, reason, len(body), body)
        )
        self.transport.close()

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        super().connection_made(transport)
        self._arm()

    def connection_lost(self, exc: Exception | None) -> None:
        self._disarm()
        super().connection_lost(exc)

    def data_received(self, data: bytes) -> None:
        if self._in_head:
            self._head_bytes += len(data)
        self._unset_keepalive_if_required()
        try:
            self.parser.feed_data(data)
        except httptools.HttpParserError:
            self._disarm()
            if self._url_too_long:
                self._refuse(414, _LONG)
            else:
                self._refuse(400, "this is not a valid HTTP request")
            return
        except httptools.HttpParserUpgrade:
            if self._should_upgrade():
                self.handle_websocket_upgrade()
            else:
                self._unsupported_upgrade_warning()
            return
        if self._in_head and self._head_bytes > MAX_HEAD and not self.transport.is_closing():
            self._disarm()
            self._refuse(414, _LONG)

    def on_headers_complete(self) -> None:
        self._in_head = False
        self._disarm()
        if len(self.url) > MAX_URL:  # httptools cannot split a URL this long
            self._url_too_long = True
            raise ValueError("URL too long")
        super().on_headers_complete()

    def on_response_complete(self) -> None:
        super().on_response_complete()
        if not self.transport.is_closing():
            self._arm()
