"""Filters users need: a taxon list, a higher taxon, a country, a bounding box."""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import Graph, URIRef

from tests.sources.columnar.conftest import CITES_CSV, GBIF_ZIP, GLOBI_TSV, WDPA_NEW, load_nt
from wildkg.errors import InputError
from wildkg.namespaces import WILDKG
from wildkg.sources.base import ImportOptions
from wildkg.sources.columnar.commands import BulkOptions, make_filters, parse_bbox
from wildkg.sources.columnar.kind import Filters
from wildkg.sources.columnar.run import run_import


def _convert(kind: str, path: Path, filters: Filters, tmp_path: Path) -> Graph:
    out = tmp_path / f"{kind}.nt"
    run_import(kind, path, out=out, filters=filters)
    return load_nt(out)


def _pairs(g: Graph) -> set[tuple[str, str]]:
    return {(str(g.value(r, WILDKG.sourceTaxon)).rsplit("/", 1)[1], str(o).rsplit("/", 1)[1])
            for r, o in g.subject_objects(WILDKG.targetTaxon)}


def test_globi_taxon_list_keeps_rows_naming_either_side(tmp_path: Path) -> None:
    g = _convert("globi", GLOBI_TSV, Filters(taxa=frozenset({"moschus-chrysogaster", "ochotona-roylei"})), tmp_path)
    assert _pairs(g) == {("moschus-chrysogaster", "cuon-alpinus"), ("canis-lupus", "ochotona-roylei"),
                         ("ochotona-roylei", "poa-annua")}


def test_globi_higher_taxon_and_bounding_box(tmp_path: Path) -> None:
    lagomorphs = _convert("globi", GLOBI_TSV, Filters(higher_taxon="Lagomorpha"), tmp_path)
    assert _pairs(lagomorphs) == {("canis-lupus", "ochotona-roylei"), ("ochotona-roylei", "poa-annua")}
    everest = _convert("globi", GLOBI_TSV, Filters(bbox=(86.0, 27.5, 87.5, 28.5)), tmp_path)
    assert _pairs(everest) == {("panthera-uncia", "moschus-leucogaster")}


def test_gbif_country_and_wdpa_country_and_cites_higher_taxon(tmp_path: Path) -> None:
    g = _convert("gbif-dwca", GBIF_ZIP, Filters(country="NP"), tmp_path)
    records = {str(r).rsplit("/", 1)[1] for r in g.subjects(WILDKG.ofTaxon, None)}
    assert records == {"4011", "4012", "4018"}
    w = _convert("wdpa", WDPA_NEW, Filters(country="IN"), tmp_path)
    assert {str(o) for o in w.objects(None, WILDKG.wdpaId)} == {"61337", "900002"}
    c = _convert("cites", CITES_CSV, Filters(higher_taxon="Canidae"), tmp_path)
    listed = {str(t).rsplit("/", 1)[1] for t in c.objects(None, WILDKG.listedTaxon)}
    assert listed == {"cuon-alpinus", "canis-lupus"}
    assert isinstance(next(iter(c.objects(None, WILDKG.listedTaxon))), URIRef)


def test_taxon_file_and_bad_filter_values(tmp_path: Path) -> None:
    names = tmp_path / "taxa.txt"
    names.write_text("# the deer\nMoschus leucogaster\n\nPanthera uncia  # and its predator\n", encoding="utf-8")
    filters = make_filters(ImportOptions(countries=frozenset({"np"})), BulkOptions(taxa_file=names, bbox="80,26,89,31"))
    assert filters == Filters(frozenset({"moschus-leucogaster", "panthera-uncia"}), None, "NP", (80.0, 26.0, 89.0, 31.0))
    with pytest.raises(InputError, match="--bbox"):
        parse_bbox("89,31,80,26")
    with pytest.raises(InputError, match="--country"):
        make_filters(ImportOptions(countries=frozenset({"Nepal"})), BulkOptions())
