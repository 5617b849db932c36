"""Paths the tests share: the checkout, its shipped data, and the test fixtures."""

from __future__ import annotations

from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
#: The curated data shipped in the repository (tests of it are marked ``shipped``).
DATA_DIR = REPO / "data"
TESTS = REPO / "tests"
FIXTURES = TESTS / "fixtures"
CORPUS_DIR = TESTS / "corpus"
EXPECTED_DIR = TESTS / "expected"
SERVE_FIXTURE = FIXTURES / "serve.ttl"
NETWORK_FIXTURE = FIXTURES / "network.ttl"
SOURCES_FIXTURES = FIXTURES / "sources"
IUCN_FIXTURE = SOURCES_FIXTURES / "iucn" / "musk-deer"
IUCN_API_FIXTURE = SOURCES_FIXTURES / "iucn" / "api-v4"
WIKIDATA_FIXTURE = SOURCES_FIXTURES / "wikidata"
GBIF_FIXTURE = SOURCES_FIXTURES / "gbif" / "Taxon.tsv"
