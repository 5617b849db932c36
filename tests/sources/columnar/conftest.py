"""Shared fixtures of the bulk-source tests: the published-layout files and a 'build' of the
curated data plus all four bulk kinds, loaded into a real Oxigraph store."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import Graph

from tests.helpers import DATA_DIR, FIXTURES
from wildkg import project
from wildkg.build.pipeline import compile_graph
from wildkg.sources.columnar.commands import curated_index
from wildkg.sources.columnar.run import Job, run_imports
from wildkg.sparql.engines import OxigraphEngine

BULK = FIXTURES / "bulk"
GLOBI_TSV = BULK / "globi" / "interactions.tsv.gz"
GLOBI_CSV = BULK / "globi" / "interactions.csv.gz"
GBIF_ZIP = BULK / "gbif" / "0031416-251120083545085.zip"
WDPA_OLD = BULK / "wdpa" / "WDPA_Oct2025_Public_csv.csv"
WDPA_NEW = BULK / "wdpa" / "WDPA_Nov2025_Public_csv.csv"
CITES_CSV = BULK / "cites" / "Index_of_CITES_Species.csv"
CITES_JSON = BULK / "cites" / "taxon_concepts.json"


def load_nt(path: Path) -> Graph:
    return Graph().parse(path, format="nt")


@pytest.fixture(scope="session")
def bulk_build(tmp_path_factory: pytest.TempPathFactory) -> OxigraphEngine:
    """The curated data compiled as ``wildkg build`` compiles it, with the four bulk kinds
    imported from their fixtures (WDPA sites matched to the curated areas), in one store."""
    tmp = tmp_path_factory.mktemp("bulk-build")
    graph, _ = compile_graph(DATA_DIR, project.ONTOLOGY_DIR)
    curated = tmp / "curated.nt"
    graph.serialize(curated, format="nt", encoding="utf-8")
    jobs = [Job("globi", GLOBI_TSV), Job("gbif-dwca", GBIF_ZIP), Job("wdpa", WDPA_NEW), Job("cites", CITES_CSV)]
    bulk = tmp / "bulk.nt"
    run_imports(jobs, out=bulk, curated=curated_index(DATA_DIR))
    store = ox.Store()
    for path in (curated, bulk):
        store.bulk_load(path=str(path), format=ox.RdfFormat.N_TRIPLES)
    return OxigraphEngine(store)
