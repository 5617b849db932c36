"""Extraction gives the same output in separate processes with different hash seeds.

Running twice in one process proves little: caches are warm and set iteration order is the
same. Each run here is a fresh interpreter with its own ``PYTHONHASHSEED``.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from tests.helpers import CORPUS_DIR, DATA_DIR


def _extract(article: Path, out: Path, seed: str) -> bytes:
    env = {**os.environ, "PYTHONHASHSEED": seed}
    subprocess.run([sys.executable, "-m", "wildkg.cli", "extract", str(article), "--format", "tsv",
                    "-o", str(out), "--data-dir", str(DATA_DIR)], check=True, env=env, capture_output=True)
    return out.read_bytes()


def test_extraction_is_byte_identical_across_processes_and_hash_seeds(tmp_path: Path) -> None:
    article = CORPUS_DIR / "dhole.txt"
    first = _extract(article, tmp_path / "a.tsv", "1")
    second = _extract(article, tmp_path / "b.tsv", "4242")
    assert first.count(b"\n") > 5 and first == second
