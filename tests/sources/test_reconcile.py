"""One node per taxon across IUCN, Wikidata and GBIF, joined by identifiers, then by accepted names."""

from __future__ import annotations

from rdflib import Literal, URIRef
from rdflib.namespace import RDF, SKOS

from tests.helpers import GBIF_FIXTURE, IUCN_FIXTURE, WIKIDATA_FIXTURE
from tests.sources.conftest import Importer
from wildkg.namespaces import DWC, PLACE, REDLIST, TAXON, WILDKG
from wildkg.sources.base import TaxonEntry, TaxonRef
from wildkg.sources.reconcile import Reconciler

DEER = TAXON["moschus-leucogaster"]


def test_three_sources_give_one_node_per_taxon_with_identifiers_linked(run_import: Importer) -> None:
    g, summary, _ = run_import(("iucn", [IUCN_FIXTURE]), ("wikidata", [WIKIDATA_FIXTURE]), ("gbif", [GBIF_FIXTURE]))
    taxa = set(g.subjects(RDF.type, DWC.Taxon))
    assert taxa == {TAXON[t] for t in ("moschidae", "moschus", "moschus-leucogaster", "moschus-chrysogaster",
                                       "moschus-leucogaster-sagarmatha-subpopulation")}
    assert set(g.objects(DEER, WILDKG.iucnTaxonId)) == {Literal("990001")}
    assert set(g.objects(DEER, WILDKG.gbifTaxonKey)) == {Literal("9900001")}
    assert set(g.objects(DEER, WILDKG.wikidataId)) == {Literal("Q99000001")}
    assert set(g.objects(DEER, WILDKG.ncbiTaxonId)) == {Literal("9900021")}
    assert set(g.objects(DEER, SKOS.exactMatch)) == {
        URIRef("https://www.gbif.org/species/9900001"), URIRef("http://www.wikidata.org/entity/Q99000001"),
        URIRef("http://purl.obolibrary.org/obo/NCBITaxon_9900021")}
    assert set(g.objects(DEER, DWC.scientificName)) == {Literal("Moschus leucogaster")}
    # the parent given by a QID (Wikidata) and by a key (GBIF) and by a name (IUCN) is one node
    assert set(g.objects(DEER, WILDKG.parentTaxon)) == {TAXON["moschus"]}
    # both sources' status, each its own statement
    statuses = {g.value(f, RDF.object) for f in g.subjects(RDF.subject, DEER)
                if g.value(f, RDF.predicate) == WILDKG.redListStatus}
    assert statuses == {REDLIST.EN}
    assert len([f for f in g.subjects(RDF.subject, DEER) if g.value(f, RDF.predicate) == WILDKG.redListStatus]) == 2
    # Wikidata's range places are matched by their ISO code (P297) when the place items are given
    assert {PLACE["NP"], PLACE["BT"], PLACE["PK"]} <= set(g.objects(DEER, WILDKG.occursIn))
    # a food item whose entity is not in the input is reported, not guessed
    assert summary.unmatched == {"wikidata: taxon wikidata Q99000301": 1}


def test_identifiers_win_over_names_and_common_names_never_join() -> None:
    r = Reconciler()
    r.add(TaxonEntry((("gbif", "1"), ("wikidata", "Q1")), "Panthera uncia", priority=10))
    r.add(TaxonEntry((("wikidata", "Q1"),), "Uncia uncia", priority=40))
    r.add(TaxonEntry((("iucn", "7"),), "Felis uncia", priority=20, synonyms=("Uncia uncia",)))
    node = "<https://w3id.org/wildkg/id/taxon/panthera-uncia>"
    assert r.resolve(TaxonRef((("iucn", "7"),), "Felis uncia")) == node
    assert r.resolve(TaxonRef((), "Uncia  uncia")) == node  # by accepted name or synonym, spacing ignored
    assert r.resolve(TaxonRef((), "snow leopard")) == "<https://w3id.org/wildkg/id/taxon/snow-leopard>"
    assert r.resolve(TaxonRef((("wikidata", "Q404"),))) is None  # unmatched: reported by the runner


def test_curated_taxa_keep_their_node_and_two_curated_taxa_are_never_merged() -> None:
    r = Reconciler()
    r.add_curated("snow-leopard", "Panthera uncia")
    r.add_curated("irbis", "Uncia uncia")
    r.add(TaxonEntry((("gbif", "1"),), "Panthera uncia", synonyms=("Uncia uncia",)))
    assert r.resolve(TaxonRef((("gbif", "1"),))) == "<https://w3id.org/wildkg/id/taxon/snow-leopard>"
    assert r.resolve(TaxonRef((), "Uncia uncia")) == "<https://w3id.org/wildkg/id/taxon/irbis>"
    assert len(r.conflicts) == 1 and "kept apart" in r.conflicts[0]
