"""`gbif-dwca`, `wdpa` and `cites` as published, read back as RDF."""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCTERMS, PROV, RDF, RDFS

from tests.helpers import DATA_DIR
from tests.sources.columnar.conftest import CITES_CSV, CITES_JSON, GBIF_ZIP, WDPA_NEW, WDPA_OLD, load_nt
from wildkg.namespaces import WILDKG
from wildkg.sources.columnar.commands import curated_index
from wildkg.sources.columnar.run import run_import

TAXON = Namespace("https://w3id.org/wildkg/id/taxon/")
PLACE = Namespace("https://w3id.org/wildkg/id/place/")
AREA = Namespace("https://w3id.org/wildkg/id/protected-area/")
XSD_DATE = URIRef("http://www.w3.org/2001/XMLSchema#date")
DOWNLOAD = URIRef("https://w3id.org/wildkg/id/source/gbif-dwca-0031416-251120083545085")


def _facts(g: Graph, predicate: URIRef) -> dict[tuple[str, str], URIRef]:
    out = {}
    for fact in g.subjects(RDF.predicate, predicate):
        s, o = g.value(fact, RDF.subject), g.value(fact, RDF.object)
        out[(str(s).rsplit("/", 1)[1], str(o).rsplit("/", 1)[1])] = fact
    return out


@pytest.fixture(scope="module")
def gbif(tmp_path_factory: pytest.TempPathFactory) -> Graph:
    out = tmp_path_factory.mktemp("gbif") / "gbif.nt"
    run_import("gbif-dwca", GBIF_ZIP, out=out)
    return load_nt(out)


def test_gbif_counts_records_per_country_respecting_issue_flags(gbif: Graph) -> None:
    """Flagged (country mismatch), fossil and captive records are kept as records but not counted."""
    facts = _facts(gbif, WILDKG.recordedIn)
    counts = {k: int(gbif.value(f, WILDKG.recordCount)) for k, f in facts.items()}
    assert counts == {
        ("moschus-leucogaster", "NP"): 2, ("moschus-leucogaster", "IN"): 1, ("moschus-leucogaster", "MM"): 1,
        ("moschus-leucogaster", "gadm-NPL.1_1"): 2, ("panthera-uncia", "MN"): 1, ("panthera-uncia", "NP"): 1,
    }
    nepal = facts[("moschus-leucogaster", "NP")]
    assert gbif.value(nepal, WILDKG.firstRecorded) == Literal("2019-04-03", datatype=XSD_DATE)
    assert gbif.value(nepal, WILDKG.lastRecorded) == Literal("2021-11-20", datatype=XSD_DATE)
    assert gbif.value(nepal, PROV.wasDerivedFrom) == URIRef(f"{DOWNLOAD}/section/occurrences")
    assert (URIRef(f"{DOWNLOAD}/section/occurrences"), DCTERMS.isPartOf, DOWNLOAD) in gbif
    assert (PLACE["gadm-NPL.1_1"], WILDKG.inCountry, PLACE.NP) in gbif
    occurrence = URIRef(f"{DOWNLOAD}/occurrence/4015")
    assert (occurrence, WILDKG.gbifIssue, Literal("COUNTRY_COORDINATE_MISMATCH")) in gbif


def test_gbif_records_keep_dataset_licence_and_basis(gbif: Graph) -> None:
    record = URIRef(f"{DOWNLOAD}/occurrence/4013")
    assert gbif.value(record, WILDKG.gbifDataset) == URIRef("https://www.gbif.org/dataset/7e380070-f762-11e1-a439-00145eb45e9a")
    assert gbif.value(record, DCTERMS.license) == URIRef("http://creativecommons.org/publicdomain/zero/1.0/legalcode")
    assert str(gbif.value(record, URIRef("http://rs.tdwg.org/dwc/terms/basisOfRecord"))) == "PRESERVED_SPECIMEN"
    assert gbif.value(record, WILDKG.ofTaxon) == TAXON["moschus-leucogaster"]
    remark = URIRef(f"{DOWNLOAD}/occurrence/4014")
    assert (remark, RDF.type, URIRef("http://rs.tdwg.org/dwc/terms/Occurrence")) in gbif


def test_gbif_red_list_category_is_a_statement_of_the_download(gbif: Graph) -> None:
    statuses = _facts(gbif, WILDKG.redListStatus)
    assert set(statuses) == {("moschus-leucogaster", "EN"), ("panthera-uncia", "VU")}
    for fact in statuses.values():
        assert gbif.value(fact, PROV.wasDerivedFrom) == URIRef(f"{DOWNLOAD}/section/occurrences")


def test_wdpa_both_schemas_give_the_same_graph(tmp_path: Path) -> None:
    """The October 2025 schema (WDPAID, NAME, PA_DEF, MARINE) and the November 2025 one
    (SITE_ID, NAME_ENG, SITE_TYPE, REALM) describe the same sites identically."""
    run_import("wdpa", WDPA_OLD, out=tmp_path / "old.nt")
    run_import("wdpa", WDPA_NEW, out=tmp_path / "new.nt")
    assert (tmp_path / "old.nt").read_bytes() == (tmp_path / "new.nt").read_bytes()
    g = load_nt(tmp_path / "new.nt")
    site = AREA["wdpa-900002"]
    assert set(g.objects(site, WILDKG.locatedIn)) == {PLACE.NP, PLACE.IN, PLACE.BT}
    assert g.value(site, WILDKG.statusYear) is None  # STATUS_YR 0 means unknown
    assert str(g.value(AREA["wdpa-900001"], RDFS.label)) == 'Community forest "Ghandruk"; village-managed'
    assert str(g.value(AREA["wdpa-900001"], WILDKG.siteType)) == "oecm"


def test_wdpa_sites_matched_to_curated_areas_by_name_and_country(tmp_path: Path) -> None:
    """Sagarmatha (Nepal) is the curated node; Hemis (India) too; Shey Phoksundo is not curated."""
    run_import("wdpa", WDPA_NEW, out=tmp_path / "w.nt", curated=curated_index(DATA_DIR))
    g = load_nt(tmp_path / "w.nt")
    assert g.value(AREA["sagarmatha-national-park"], WILDKG.wdpaId) == Literal("9133")
    assert g.value(AREA["hemis-national-park"], WILDKG.wdpaId) == Literal("61337")
    assert g.value(AREA["wdpa-555512"], WILDKG.wdpaId) == Literal("555512")
    assert (AREA["wdpa-9133"], None, None) not in g


def _listings(g: Graph) -> dict[str, tuple[str, frozenset[str]]]:
    out = {}
    for listing in g.subjects(RDF.type, WILDKG.CitesListing):
        taxon = str(g.value(listing, WILDKG.listedTaxon)).rsplit("/", 1)[1]
        appendix = str(g.value(listing, WILDKG.appendix))
        covers = frozenset(str(c).rsplit("/", 1)[1] for c in g.objects(listing, WILDKG.coversCountry))
        out[f"{taxon} {appendix}"] = (appendix, covers)
    return out


def test_cites_split_listing_covers_the_named_populations(tmp_path: Path) -> None:
    run_import("cites", CITES_CSV, out=tmp_path / "c.nt")
    g = load_nt(tmp_path / "c.nt")
    listings = _listings(g)
    assert listings["moschus-leucogaster I"][1] == {"BT", "IN", "NP"}
    assert listings["moschus-leucogaster II"][1] == {"CN"}
    assert listings["canis-lupus I"][1] == {"BT", "IN", "NP", "PK"}
    assert listings["canis-lupus II"][1] == {"CN", "MN"}
    assert listings["panthera-uncia I"][1] == frozenset()
    assert (TAXON["saiga-tatarica"], WILDKG.citesAppendix, Literal("II")) in g
    assert (TAXON["saiga-tatarica"], WILDKG.citesDistribution, PLACE.KZ) in g
    assert (TAXON["panthera-uncia"], WILDKG.citesTaxonId, Literal("8925")) in g


def test_cites_api_json_agrees_with_the_csv_and_adds_dates(tmp_path: Path) -> None:
    run_import("cites", CITES_CSV, out=tmp_path / "csv.nt")
    run_import("cites", CITES_JSON, out=tmp_path / "json.nt")
    from_csv, from_json = _listings(load_nt(tmp_path / "csv.nt")), _listings(load_nt(tmp_path / "json.nt"))
    assert from_json == {k: v for k, v in from_csv.items() if k.split()[0] in
                         {"moschus-leucogaster", "panthera-uncia", "ailurus-fulgens"}}
    g = load_nt(tmp_path / "json.nt")
    listing = URIRef("https://w3id.org/wildkg/id/source/cites/listing/4521-I")
    assert g.value(listing, WILDKG.effectiveDate) == Literal("1975-07-01", datatype=XSD_DATE)
