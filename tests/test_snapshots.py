"""Expected-answer files cannot regenerate themselves: updating needs an option and fails."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.helpers import Snapshot


def test_a_different_answer_fails_and_leaves_the_file_alone(tmp_path: Path) -> None:
    expected = tmp_path / "answer.csv"
    expected.write_bytes(b"name\nsnow leopard\n")
    with pytest.raises(AssertionError):
        Snapshot(update=False).check(expected, b"name\nred panda\n")
    assert expected.read_bytes() == b"name\nsnow leopard\n"


def test_a_missing_answer_fails_without_the_option(tmp_path: Path) -> None:
    with pytest.raises(pytest.fail.Exception, match="--update-snapshots"):
        Snapshot(update=False).check(tmp_path / "new.csv", b"x\n")
    assert not (tmp_path / "new.csv").exists()


def test_updating_rewrites_the_file_and_still_fails(tmp_path: Path) -> None:
    expected = tmp_path / "answer.csv"
    expected.write_bytes(b"old\n")
    with pytest.raises(pytest.fail.Exception, match="rewritten"):
        Snapshot(update=True).check(expected, b"new\n")
    assert expected.read_bytes() == b"new\n"
    Snapshot(update=True).check(expected, b"new\n")  # equal now: passes


def test_meaning_decides_equality(tmp_path: Path) -> None:
    expected = tmp_path / "rows.csv"
    expected.write_bytes(b"b\na\n")
    Snapshot(update=False).check(expected, b"a\nb\n", same=lambda x, y: sorted(x.split()) == sorted(y.split()))
