"""Atomic output: the old file survives a failure, the new one is an ordinary file."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from wildkg.build.publish import atomic_path, write_bytes


def test_interrupted_write_keeps_the_old_file_and_leaves_no_temp(tmp_path: Path) -> None:
    target = tmp_path / "graph.ttl"
    target.write_bytes(b"old")
    with pytest.raises(RuntimeError), atomic_path(target) as tmp:
        tmp.write_bytes(b"half-writ")
        raise RuntimeError("disk full")
    assert target.read_bytes() == b"old"
    assert [p.name for p in tmp_path.iterdir()] == ["graph.ttl"]


def test_written_file_has_the_usual_permissions(tmp_path: Path) -> None:
    """mkstemp makes 0600 files; outputs are meant to be read and served, so they follow the umask."""
    mask = os.umask(0o022)
    try:
        write_bytes(tmp_path / "page.html", b"<p>")
    finally:
        os.umask(mask)
    assert (tmp_path / "page.html").stat().st_mode & 0o777 == 0o644
