"""Work in a forked process: done when waited for, its failure raised in the parent."""

from __future__ import annotations

from pathlib import Path

import pytest

from wildkg.errors import WildkgError
from wildkg.forked import CAN_FORK, Forked


def _write(path: Path, text: str) -> None:
    path.write_text(text, encoding="utf-8")


def _fail() -> None:
    raise ValueError("test fault in the child")


def test_the_child_has_written_its_file_once_waited_for(tmp_path: Path) -> None:
    job = Forked("writing a test file", _write, tmp_path / "out.txt", "from the child")
    job.wait()
    assert (tmp_path / "out.txt").read_text(encoding="utf-8") == "from the child"
    job.wait()  # waiting again is harmless


@pytest.mark.skipif(not CAN_FORK, reason="without fork the work runs inline")
def test_a_failing_child_fails_the_wait_naming_the_work(capfd: pytest.CaptureFixture[str]) -> None:
    job = Forked("keeping the page model", _fail)
    with pytest.raises(WildkgError, match="keeping the page model failed in a forked process"):
        job.wait()
    assert "test fault in the child" in capfd.readouterr().err
