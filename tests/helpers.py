"""Paths the tests share: the checkout, its shipped data, and the test fixtures."""

from __future__ import annotations

from pathlib import Path

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
