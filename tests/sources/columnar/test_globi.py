"""`globi`: the interactions dump as published (TSV and CSV, gzipped), read back as RDF."""

from __future__ import annotations

import gzip
from pathlib import Path

import pytest
from rdflib import Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCTERMS, RDF, SKOS

from tests.sources.columnar.conftest import GLOBI_CSV, GLOBI_TSV, load_nt
from wildkg.errors import InputError
from wildkg.namespaces import OBO, WILDKG
from wildkg.sources.columnar.run import run_import

TAXON = Namespace("https://w3id.org/wildkg/id/taxon/")


@pytest.fixture(scope="module")
def globi(tmp_path_factory: pytest.TempPathFactory) -> Graph:
    out = tmp_path_factory.mktemp("globi") / "globi.nt"
    run_import("globi", GLOBI_TSV, out=out)
    return load_nt(out)


def _records(g: Graph, predator: str, prey: str) -> list[URIRef]:
    return sorted(
        r for r in g.subjects(WILDKG.sourceTaxon, TAXON[predator])
        if (r, WILDKG.targetTaxon, TAXON[prey]) in g and isinstance(r, URIRef)
    )


def test_each_row_is_a_record_with_its_own_citation(globi: Graph) -> None:
    """Two snow-leopard/musk-deer rows are two records, each with its citation and DOI."""
    records = _records(globi, "panthera-uncia", "moschus-leucogaster")
    assert len(records) == 2
    citations = {str(globi.value(r, DCTERMS.bibliographicCitation)) for r in records}
    assert citations == {
        "Lovari S. et al. Diet of snow leopards in Sagarmatha. Journal of Zoology.",
        'Shrestha B. Snow leopard prey in "Annapurna" <b>scat</b> survey.',
    }
    dois = {globi.value(r, DCTERMS.references) for r in records}
    assert dois == {URIRef("https://doi.org/10.1111/jzo.12000"), URIRef("https://doi.org/10.1016/j.biocon.2019.01.001")}
    for r in records:
        assert (r, WILDKG.interactionType, OBO.RO_0002439) in globi
        assert (r, RDF.type, WILDKG.InteractionRecord) in globi
        assert (r, DCTERMS.isPartOf, URIRef("https://w3id.org/wildkg/id/source/globi")) in globi


def test_predation_summarised_with_record_counts(globi: Graph) -> None:
    """preys on as written and preyed upon by turned round become taxon-level 'preys on'
    statements from the GloBI dataset, each counting its rows; 'eats' and 'interacts with' do not."""
    counts = {}
    for fact in globi.subjects(RDF.predicate, OBO.RO_0002439):
        s, o = globi.value(fact, RDF.subject), globi.value(fact, RDF.object)
        assert (s, OBO.RO_0002439, o) in globi
        assert globi.value(fact, URIRef(str(WILDKG) + "recordCount")) is not None
        assert str(globi.value(fact, URIRef("http://www.w3.org/ns/prov#wasDerivedFrom"))).endswith("/source/globi/section/predation")
        counts[(str(s).rsplit("/", 1)[1], str(o).rsplit("/", 1)[1])] = int(globi.value(fact, WILDKG.recordCount))
    assert counts == {
        ("panthera-uncia", "moschus-leucogaster"): 2,
        ("panthera-uncia", "hemitragus-jemlahicus"): 1,
        ("martes-flavigula", "moschus-leucogaster"): 1,
        ("cuon-alpinus", "moschus-chrysogaster"): 1,
        ("panthera-uncia", "ailurus-fulgens"): 1,
        ("canis-lupus", "ochotona-roylei"): 1,
    }


def test_only_known_id_prefixes_are_linked(globi: Graph) -> None:
    """GBIF, NCBI and Wikidata ids become exact matches; EOL and 'no:match' are not guessed at."""
    assert set(globi.objects(TAXON["panthera-uncia"], SKOS.exactMatch)) == {
        URIRef("https://www.gbif.org/species/5219436"),
        URIRef("http://purl.obolibrary.org/obo/NCBITaxon_29064"),
        URIRef("http://www.wikidata.org/entity/Q30197"),
    }
    assert set(globi.objects(TAXON["cuon-alpinus"], SKOS.exactMatch)) == {URIRef("https://www.gbif.org/species/5219200")}
    assert (TAXON["poa-annua"], SKOS.exactMatch, None) not in globi
    assert (TAXON["panthera-uncia"], WILDKG.wikidataId, Literal("Q30197")) in globi


def test_csv_and_tsv_dumps_give_the_same_triples(tmp_path: Path) -> None:
    """interactions.csv.gz (quoted, comma-separated) and interactions.tsv.gz say the same."""
    run_import("globi", GLOBI_TSV, out=tmp_path / "tsv.nt")
    run_import("globi", GLOBI_CSV, out=tmp_path / "csv.nt")
    assert (tmp_path / "tsv.nt").read_bytes() == (tmp_path / "csv.nt").read_bytes()


def test_older_dumps_without_some_columns(tmp_path: Path) -> None:
    """Columns are found by header name: an older dump with eventDateUnixEpoch and without
    life-stage columns, in another order, still converts."""
    header = ["targetTaxonName", "interactionTypeId", "sourceTaxonName", "eventDateUnixEpoch", "referenceCitation"]
    row = ["Moschus leucogaster", "http://purl.obolibrary.org/obo/RO_0002439", "Panthera uncia", "1241136000000",
           "An older citation."]
    path = tmp_path / "interactions.tsv.gz"
    path.write_bytes(gzip.compress(("\t".join(header) + "\n" + "\t".join(row) + "\n").encode()))
    out = tmp_path / "old.nt"
    run_import("globi", path, out=out)
    g = load_nt(out)
    (record,) = _records(g, "panthera-uncia", "moschus-leucogaster")
    assert str(g.value(record, URIRef("http://rs.tdwg.org/dwc/terms/eventDate"))) == "1241136000000"
    assert str(g.value(record, DCTERMS.bibliographicCitation)) == "An older citation."


def test_a_row_with_too_many_fields_names_file_and_line(tmp_path: Path) -> None:
    """Bad input: one error naming the file and line, and no output file."""
    header = "sourceTaxonName\tinteractionTypeId\ttargetTaxonName\n"
    good = "Panthera uncia\tRO:0002439\tMoschus leucogaster\n"
    path = tmp_path / "interactions.tsv"
    path.write_text(header + good + good + "Canis lupus\tRO:0002439\tOchotona roylei\textra\n", encoding="utf-8")
    out = tmp_path / "x.nt"
    with pytest.raises(InputError, match=r"interactions\.tsv:4: globi: cannot read this row"):
        run_import("globi", path, out=out)
    assert not out.exists()
    assert not list(tmp_path.glob(".wildkg-shards-*"))


def test_hostile_values_stay_inside_their_literals(tmp_path: Path) -> None:
    """A citation trying to close the literal and add a triple, and a DOI with a space and '>',
    come out as one escaped literal and no IRI."""
    header = "sourceTaxonName\tinteractionTypeId\ttargetTaxonName\treferenceCitation\treferenceDoi\n"
    row = 'Panthera uncia\tRO:0002439\tMoschus leucogaster\tx" . <http://evil/> <http://evil/p> "y\\\t10.1/a> b\n'
    path = tmp_path / "interactions.tsv"
    path.write_text(header + row, encoding="utf-8")
    out = tmp_path / "x.nt"
    run_import("globi", path, out=out)
    g = load_nt(out)
    assert not any("evil" in str(s) for s in g.subjects())
    (record,) = _records(g, "panthera-uncia", "moschus-leucogaster")
    assert str(g.value(record, DCTERMS.bibliographicCitation)) == 'x" . <http://evil/> <http://evil/p> "y\\'
    assert g.value(record, DCTERMS.references) is None
