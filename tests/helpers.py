"""Paths the tests share: the checkout, its shipped data, and the test fixtures."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
#: The curated data shipped in the repository (tests of it are marked ``shipped``).
DATA_DIR = REPO / "data"
TESTS = REPO / "tests"
FIXTURES = TESTS / "fixtures"
CORPUS_DIR = TESTS / "corpus"
#: Real article texts as copied from web pages (issue 12): dev/ and the frozen test/ split.
REAL_CORPUS_DIR = CORPUS_DIR / "real"
EXPECTED_DIR = TESTS / "expected"
SERVE_FIXTURE = FIXTURES / "serve.ttl"
NETWORK_FIXTURE = FIXTURES / "network.ttl"
#: The scientific names of the musk deer's predators in SERVE_FIXTURE (the served answers).
SERVE_FIXTURE_PREDATORS = frozenset({
    "Panthera pardus", "Panthera uncia", "Lynx lynx", "Vulpes vulpes", "Canis lupus",
    "Martes flavigula", "large raptors",
})


class Snapshot:
    """Expected answers kept in files, compared by a given meaning (not only bytes).

    Without ``--update-snapshots`` a missing or different file fails the test. With it, a
    different file is rewritten and the test still fails, naming the file to review.
    """

    def __init__(self, update: bool) -> None:
        self.update = update

    def check(self, path: Path, data: bytes, same: Callable[[bytes, bytes], bool] | None = None) -> None:
        equal = same or (lambda a, b: a == b)
        current = path.read_bytes() if path.is_file() else None
        if current is not None and equal(data, current):
            return
        if self.update:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(data)
            pytest.fail(f"snapshot {path} rewritten: review `git diff {path}` and run again without "
                        "--update-snapshots", pytrace=False)
        if current is None:
            pytest.fail(f"no expected answer {path}: create it with --update-snapshots and review it", pytrace=False)
        assert data.decode("utf-8") == current.decode("utf-8"), f"answer differs from {path}"
SOURCES_FIXTURES = FIXTURES / "sources"
IUCN_FIXTURE = SOURCES_FIXTURES / "iucn" / "musk-deer"
IUCN_API_FIXTURE = SOURCES_FIXTURES / "iucn" / "api-v4"
WIKIDATA_FIXTURE = SOURCES_FIXTURES / "wikidata"
GBIF_FIXTURE = SOURCES_FIXTURES / "gbif" / "Taxon.tsv"
