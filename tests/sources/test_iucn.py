"""The IUCN Red List importer on our own rows in the published layouts (CSV download, API v4)."""

from __future__ import annotations

import csv
import shutil
import zipfile
from pathlib import Path

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, RDFS

from tests.helpers import IUCN_API_FIXTURE, IUCN_FIXTURE
from tests.sources.conftest import Importer
from wildkg.namespaces import PLACE, REDLIST, TAXON, THREAT, WILDKG
from wildkg.sources.base import RowError

DEER = TAXON["moschus-leucogaster"]
XSD_DATE = URIRef("http://www.w3.org/2001/XMLSchema#date")


def _statements(g: Graph, s: URIRef, p: URIRef) -> dict[object, URIRef]:
    """Object -> fact node of each statement ``s p ?o``."""
    return {g.value(f, RDF.object): f for f in g.subjects(RDF.subject, s) if g.value(f, RDF.predicate) == p}


def test_red_list_status_carries_date_criteria_version_and_scope(run_import: Importer) -> None:
    g, summary, _ = run_import(("iucn", [IUCN_FIXTURE]), version="2025-1")
    (fact,) = _statements(g, DEER, WILDKG.redListStatus).values()
    assert (DEER, WILDKG.redListStatus, REDLIST.EN) in g
    assert g.value(fact, WILDKG.assessmentDate) == Literal("2014-06-12", datatype=XSD_DATE)
    assert g.value(fact, WILDKG.redListCriteria) == Literal("A2d")
    assert g.value(fact, WILDKG.criteriaVersion) == Literal("3.1")
    assert g.value(fact, WILDKG.assessmentScope) == Literal("Global")
    record = g.value(fact, URIRef("http://www.w3.org/ns/prov#wasDerivedFrom"))
    assert str(record).endswith("/source/iucn-red-list-2025-1/assessment/990001001")
    assert summary.rows[str(IUCN_FIXTURE / "assessments.csv")] == 4


def test_a_regional_assessment_is_not_the_global_status(run_import: Importer) -> None:
    g, _, _ = run_import(("iucn", [IUCN_FIXTURE]))
    alpine = TAXON["moschus-chrysogaster"]
    assert set(g.objects(alpine, WILDKG.redListStatus)) == {REDLIST.EN}
    assert set(g.objects(alpine, WILDKG.regionalRedListStatus)) == {REDLIST.VU}
    (fact,) = _statements(g, alpine, WILDKG.regionalRedListStatus).values()
    assert g.value(fact, WILDKG.assessmentScope) == Literal("Pan-Asia")


def test_a_subpopulation_is_not_merged_into_its_species(run_import: Importer) -> None:
    g, _, _ = run_import(("iucn", [IUCN_FIXTURE]))
    sub = TAXON["moschus-leucogaster-sagarmatha-subpopulation"]
    assert set(g.objects(sub, WILDKG.redListStatus)) == {REDLIST.CR}
    assert set(g.objects(DEER, WILDKG.redListStatus)) == {REDLIST.EN}
    assert (sub, WILDKG.parentTaxon, DEER) in g
    assert g.value(sub, RDFS.label) == Literal("Moschus leucogaster (Sagarmatha subpopulation)")


def test_range_countries_threats_names_from_the_tables(run_import: Importer) -> None:
    g, summary, _ = run_import(("iucn", [IUCN_FIXTURE]))
    assert set(g.objects(DEER, WILDKG.occursIn)) == {PLACE[c] for c in ("BT", "CN", "IN", "NP")}
    assert (PLACE["NP"], WILDKG.isoCode, Literal("NP")) in g
    (threat,) = _statements(g, DEER, WILDKG.threatenedBy).items()
    assert threat[0] == THREAT["5.1.1"]
    assert g.value(threat[1], WILDKG.threatTiming) == Literal("Ongoing")
    # HTML entities in a name are decoded: text is data, never markup
    assert Literal("Porte-musc de l'Himalaya", lang="fr") in set(g.objects(DEER, URIRef(
        "http://rs.tdwg.org/dwc/terms/vernacularName")))
    # 'Presence Uncertain' is not an occurrence; it is counted, not imported
    assert (TAXON["moschus-chrysogaster"], WILDKG.occursIn, PLACE["AF"]) not in g
    assert any("Presence Uncertain" in k for k in summary.left_out)


def test_zip_and_folder_give_identical_bytes(run_import: Importer, tmp_path: Path) -> None:
    """A zip as IUCN ships it (files under a folder inside) reads like the folder, byte for byte."""
    archive = tmp_path / "redlist_species_data.zip"
    with zipfile.ZipFile(archive, "w") as zf:
        for f in sorted(IUCN_FIXTURE.iterdir()):
            zf.write(f, f"redlist_species_data_0123/{f.name}")
    _, _, a = run_import(("iucn", [IUCN_FIXTURE]))
    _, _, b = run_import(("iucn", [archive]))
    assert a.read_bytes().replace(str(archive).encode(), b"") == b.read_bytes().replace(str(archive).encode(), b"")


def test_api_v4_json_gives_the_same_status_and_codes(run_import: Importer) -> None:
    """API v4 writes threat codes with underscores; they become the same threat concepts."""
    g, _, _ = run_import(("iucn", [IUCN_API_FIXTURE]))
    (fact,) = _statements(g, DEER, WILDKG.redListStatus).values()
    assert g.value(fact, RDF.object) == REDLIST.EN
    assert g.value(fact, WILDKG.assessmentDate) == Literal("2014-06-12", datatype=XSD_DATE)
    assert g.value(fact, WILDKG.criteriaVersion) == Literal("3.1")
    assert (DEER, WILDKG.threatenedBy, THREAT["5.1.1"]) in g
    assert set(g.objects(DEER, WILDKG.occursIn)) == {PLACE[c] for c in ("BT", "CN", "IN", "NP")}


def _copy_with(tmp_path: Path, table: str, edit: object) -> Path:
    folder = tmp_path / "download"
    shutil.copytree(IUCN_FIXTURE, folder)
    path = folder / table
    with path.open(newline="", encoding="utf-8") as f:
        rows = list(csv.reader(f))
    rows = edit(rows)  # type: ignore[operator]
    with path.open("w", newline="", encoding="utf-8") as f:
        csv.writer(f, quoting=csv.QUOTE_ALL, lineterminator="\n").writerows(rows)
    return folder


def test_a_missing_required_column_names_file_line_and_column(run_import: Importer, tmp_path: Path) -> None:
    folder = _copy_with(tmp_path, "assessments.csv", lambda rows: [r[:3] + r[4:] for r in rows])
    with pytest.raises(RowError) as err:
        run_import(("iucn", [folder]))
    assert str(err.value).startswith(f"{folder / 'assessments.csv'}:1, field 'redlistCategory'")


def test_an_unknown_code_names_its_row_and_nothing_is_written(run_import: Importer, tmp_path: Path) -> None:
    def bad_code(rows: list[list[str]]) -> list[list[str]]:
        rows[2][rows[0].index("code")] = "99.9"
        return rows

    folder = _copy_with(tmp_path, "threats.csv", bad_code)
    target = tmp_path / "import-0.nt"
    with pytest.raises(RowError) as err:
        run_import(("iucn", [folder]))
    assert str(err.value) == f"{folder / 'threats.csv'}:3, field 'code': unknown threat code '99.9'"
    assert not target.exists()


def test_skip_bad_rows_reports_them_and_goes_on(run_import: Importer, tmp_path: Path) -> None:
    def bad(rows: list[list[str]]) -> list[list[str]]:
        rows[1][rows[0].index("redlistCategory")] = "Mostly Fine"
        return rows

    folder = _copy_with(tmp_path, "assessments.csv", bad)
    g, summary, _ = run_import(("iucn", [folder]), skip_bad_rows=True)
    assert [(s.where, s.reason) for s in summary.skipped] == [
        (f"{folder / 'assessments.csv'}:2",
         "redlistCategory: unknown Red List category 'Mostly Fine' (known: the 3.1 categories)")]
    assert (TAXON["moschus-chrysogaster"], WILDKG.redListStatus, REDLIST.EN) in g
    assert (DEER, WILDKG.redListStatus, None) not in g


def test_a_file_of_another_kind_is_refused(run_import: Importer) -> None:
    from tests.helpers import GBIF_FIXTURE
    from wildkg.errors import InputError

    with pytest.raises(InputError, match="not a Red List download"):
        run_import(("iucn", [GBIF_FIXTURE]))
