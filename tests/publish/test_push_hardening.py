"""Issue 13: ``wildkg push`` findings (F6, F14, F15, F23) reproduced against loopback servers."""

from __future__ import annotations

import time
from http.server import BaseHTTPRequestHandler
from pathlib import Path
from typing import ClassVar

import pytest

from tests.publish.test_push import FIXTURE, http_server, run_push
from wildkg.errors import WildkgError
from wildkg.publish.push import push

pytestmark = pytest.mark.server

TOKEN = "push-token-0123456789abcdef"


class _Elsewhere(BaseHTTPRequestHandler):
    """Another origin: records the Authorization headers it is sent."""

    seen: ClassVar[list[str]] = []

    def _answer(self) -> None:
        _Elsewhere.seen.append(self.headers.get("Authorization", ""))
        self.rfile.read(int(self.headers.get("Content-Length", "0")))
        self.send_response(200)
        self.send_header("Content-Length", "0")
        self.end_headers()

    do_GET = do_PUT = do_POST = _answer  # noqa: N815

    def log_message(self, *args: object) -> None:
        pass


class _Redirector(BaseHTTPRequestHandler):
    """Answers every request with a redirect to ``target``."""

    target = ""
    code = 302

    def _answer(self) -> None:
        self.rfile.read(int(self.headers.get("Content-Length", "0")))
        self.send_response(_Redirector.code)
        self.send_header("Location", _Redirector.target)
        self.send_header("Content-Length", "0")
        self.end_headers()

    do_GET = do_PUT = do_POST = _answer  # noqa: N815

    def log_message(self, *args: object) -> None:
        pass


@pytest.mark.parametrize("code", [301, 302, 303, 307, 308])
def test_f6_redirect_to_another_origin_is_an_error_and_the_token_stays_home(code: int) -> None:
    """push followed a 302 to another host and sent the token there; with --no-verify it then
    said "pushed" although nothing was stored. Now: exit 2, the other host sees nothing."""
    _Elsewhere.seen = []
    with http_server(_Elsewhere) as other, http_server(_Redirector) as store:
        _Redirector.target, _Redirector.code = other + "/store", code
        done = run_push(
            "--endpoint", store + "/store", "--token", TOKEN, "--no-verify", "--input", str(FIXTURE)
        )
    assert done.returncode == 2, done.stdout
    assert "redirect" in done.stderr and "not followed" in done.stderr
    assert "pushed" not in done.stdout
    assert _Elsewhere.seen == []
    assert len(done.stderr.strip().splitlines()) == 1


class _Trickle(BaseHTTPRequestHandler):
    """Reads the request, then sends its answer one byte at a time (or nothing: ``hang``)."""

    hang = False

    def _answer(self) -> None:
        self.rfile.read(int(self.headers.get("Content-Length", "0")))
        try:
            if _Trickle.hang:
                time.sleep(8)
                return
            self.wfile.write(b"HTTP/1.1 200 OK\r\nContent-Length: 1000\r\n\r\n")
            for _ in range(1000):
                self.wfile.write(b"x")
                self.wfile.flush()
                time.sleep(0.2)
        except OSError:
            pass

    do_PUT = do_POST = _answer  # noqa: N815

    def log_message(self, *args: object) -> None:
        pass


@pytest.mark.parametrize("hang", [False, True])
def test_f14_hanging_or_trickling_store_is_cut_off_at_the_deadline(hang: bool) -> None:
    """A trickling answer hung forever (each byte reset urllib's timeout) and a hanging store
    waited 120 s per try. ``--timeout`` is now a deadline for the whole request."""
    _Trickle.hang = hang
    with http_server(_Trickle) as store:
        started = time.monotonic()
        done = run_push(
            "--endpoint", store + "/store", "--no-verify", "--timeout", "1.5", "--retries", "1",
            "--input", str(FIXTURE),
        )  # fmt: skip
        took = time.monotonic() - started
    assert done.returncode == 2
    assert "after 2 attempts" in done.stderr
    assert took < 12, took


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("--retries", "-1"), "--retries must be 0 or more"),
        (("--timeout", "nan"), "--timeout must be a positive number"),
        (("--timeout", "0"), "--timeout must be a positive number"),
    ],
)
def test_f15_bad_numbers_are_one_error_line(args: tuple[str, ...], message: str) -> None:
    done = run_push("--endpoint", "http://127.0.0.1:9/store", "--no-verify", *args, "--input", str(FIXTURE))
    assert done.returncode == 2
    assert message in done.stderr
    assert len(done.stderr.strip().splitlines()) == 1


@pytest.mark.parametrize("endpoint", ["ftp://127.0.0.1/store", "file:///tmp/store", "127.0.0.1:7878/store"])
def test_f23_only_http_endpoints_are_accepted(endpoint: str) -> None:
    done = run_push("--endpoint", endpoint, "--no-verify", "--input", str(FIXTURE))
    assert done.returncode == 2
    assert "must be an http:// or https:// URL" in done.stderr


class _Busy(BaseHTTPRequestHandler):
    """Answers 503 with ``Retry-After: 2`` once, then takes the data."""

    times: ClassVar[list[float]] = []

    def _answer(self) -> None:
        self.rfile.read(int(self.headers.get("Content-Length", "0")))
        _Busy.times.append(time.monotonic())
        if len(_Busy.times) == 1:
            self.send_response(503)
            self.send_header("Retry-After", "2")
        else:
            self.send_response(204)
        self.send_header("Content-Length", "0")
        self.end_headers()

    do_PUT = do_POST = _answer  # noqa: N815

    def log_message(self, *args: object) -> None:
        pass


def test_f23_retry_after_is_honoured(tmp_path: Path) -> None:
    """Retry-After was ignored (the retry came after 0.5 s); now the push waits as asked."""
    _Busy.times = []
    messages: list[str] = []
    with http_server(_Busy) as store:
        report = push([FIXTURE], store + "/store", verify=False, log=messages.append)
    assert report.retries == 1
    assert _Busy.times[1] - _Busy.times[0] >= 1.9
    assert any("as the server asked (Retry-After)" in m for m in messages)


def test_same_origin_307_is_followed_with_the_data() -> None:
    """A same-origin 307 keeps method and body: it is followed (and credentials may go)."""
    received: list[bytes] = []

    class Moved(BaseHTTPRequestHandler):
        def _answer(self) -> None:
            body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
            if self.path.startswith("/old"):
                self.send_response(307)
                self.send_header("Location", "/new" + self.path[4:])
            else:
                received.append(body)
                self.send_response(204)
            self.send_header("Content-Length", "0")
            self.end_headers()

        do_PUT = do_POST = _answer  # noqa: N815

        def log_message(self, *args: object) -> None:
            pass

    with http_server(Moved) as store:
        report = push([FIXTURE], store + "/old", verify=False, log=lambda _: None)
    assert report.triples > 0
    assert received and all(received)


def test_deadline_error_is_a_wildkg_error() -> None:
    with http_server(_Trickle) as store:
        _Trickle.hang = True
        with pytest.raises(WildkgError, match="after 1 attempts"):
            push([FIXTURE], store + "/store", verify=False, timeout=1.0, retries=0, log=lambda _: None)
