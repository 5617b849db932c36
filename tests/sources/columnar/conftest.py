"""Shared fixtures of the bulk-source tests: the published-layout files, and a real
``wildkg build`` of the shipped data with the four bulk kinds declared in ``data/bulk.yaml``."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from rdflib import Graph

from tests.helpers import DATA_DIR, FIXTURES
from wildkg import project
from wildkg.build.pipeline import build
from wildkg.sparql.engines import Engine
from wildkg.sparql.library import open_engine

BULK = FIXTURES / "bulk"
GLOBI_TSV = BULK / "globi" / "interactions.tsv.gz"
GLOBI_CSV = BULK / "globi" / "interactions.csv.gz"
GBIF_ZIP = BULK / "gbif" / "0031416-251120083545085.zip"
WDPA_OLD = BULK / "wdpa" / "WDPA_Oct2025_Public_csv.csv"
WDPA_NEW = BULK / "wdpa" / "WDPA_Nov2025_Public_csv.csv"
CITES_CSV = BULK / "cites" / "Index_of_CITES_Species.csv"
CITES_JSON = BULK / "cites" / "taxon_concepts.json"

BULK_YAML = """sources:
  - {kind: globi, path: bulk/interactions.tsv.gz}
  - {kind: gbif-dwca, path: bulk/0031416-251120083545085.zip}
  - {kind: wdpa, path: bulk/WDPA_Nov2025_Public_csv.csv}
  - {kind: cites, path: bulk/Index_of_CITES_Species.csv}
"""


def load_nt(path: Path) -> Graph:
    return Graph().parse(path, format="nt")


@pytest.fixture(scope="session")
def bulk_build(tmp_path_factory: pytest.TempPathFactory) -> Engine:
    """``wildkg build`` (SHACL included) of the shipped data plus the four bulk fixtures, which
    sit in ``data/bulk/`` and are declared in ``data/bulk.yaml``; its store."""
    root = tmp_path_factory.mktemp("bulk-project")
    shutil.copytree(DATA_DIR, root / "data")
    (root / "data" / "bulk").mkdir()
    for path in (GLOBI_TSV, GBIF_ZIP, WDPA_NEW, CITES_CSV):
        shutil.copy(path, root / "data" / "bulk" / path.name)
    (root / "data" / "bulk.yaml").write_text(BULK_YAML, encoding="utf-8")
    (root / "wildkg.toml").write_text("", encoding="utf-8")
    build(root / "data", project.ONTOLOGY_DIR, root / "out", html=False)
    return open_engine([], root / "out")
