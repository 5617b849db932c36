"""Shared fixtures: a real build of the shipped data into a temporary folder, and a
hermetic network (only loopback connections are allowed, as in kg-microbe's tests)."""

from __future__ import annotations

import ipaddress
import shutil
import socket
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from rdflib import Graph

from tests.helpers import DATA_DIR, Snapshot
from wildkg import project


def _is_loopback(address: Any) -> bool:
    if isinstance(address, tuple) and address:
        host = str(address[0])
        if host in ("localhost", ""):
            return True
        try:
            return ipaddress.ip_address(host).is_loopback
        except ValueError:
            return False
    return True  # AF_UNIX and friends


@pytest.fixture(autouse=True)
def _loopback_only(monkeypatch: pytest.MonkeyPatch) -> None:
    """Tests talk to nothing but this machine: a non-loopback connect fails loudly."""
    real_connect = socket.socket.connect

    def guarded(self: socket.socket, address: Any) -> Any:
        if self.family in (socket.AF_INET, socket.AF_INET6) and not _is_loopback(address):
            raise OSError(f"test tried to reach {address!r}; tests are loopback-only")
        return real_connect(self, address)

    monkeypatch.setattr(socket.socket, "connect", guarded)


@pytest.fixture(scope="session")
def built_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """``out/`` of a real build of the shipped ontology and data (Turtle and store)."""
    from wildkg.build.pipeline import build

    out = tmp_path_factory.mktemp("out")
    build(DATA_DIR, project.ONTOLOGY_DIR, out, html=False)
    return out


@pytest.fixture(scope="session")
def built_ttl(built_dir: Path) -> Path:
    return built_dir / project.TTL_NAME


@pytest.fixture(scope="session")
def built_graph(built_ttl: Path) -> Graph:
    graph = Graph()
    graph.parse(built_ttl, format="turtle")
    return graph


@pytest.fixture()
def data_copy(tmp_path: Path) -> Iterator[Path]:
    """A writable copy of ``data/`` for tests that break it on purpose."""
    target = tmp_path / "data"
    shutil.copytree(DATA_DIR, target)
    yield target


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--update-snapshots", action="store_true", default=False,
        help="Rewrite the expected answers (tests/expected/) from this run; every rewritten file fails its "
             "test so the run never passes while updating: review the diff, then run again without it.")


@pytest.fixture
def snapshot(request: pytest.FixtureRequest) -> Snapshot:
    return Snapshot(bool(request.config.getoption("--update-snapshots")))
