"""The network panel never shows one source's qualifier as said by another."""

from __future__ import annotations

from rdflib import Graph

from wildkg.network.model import extract

TTL = """
@prefix wk: <https://w3id.org/wildkg/id/> .
@prefix wildkg: <https://w3id.org/wildkg/ontology#> .
@prefix dwc: <http://rs.tdwg.org/dwc/terms/> .
@prefix obo: <http://purl.obolibrary.org/obo/> .
@prefix rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix prov: <http://www.w3.org/ns/prov#> .
@prefix dcterms: <http://purl.org/dc/terms/> .
@prefix lifestage: <https://w3id.org/wildkg/scheme/life-stage/> .

wk:taxon\\/deer a dwc:Taxon ; rdfs:label "deer" ; obo:RO_0002458 wk:taxon\\/marten .
wk:taxon\\/marten a dwc:Taxon ; rdfs:label "marten" .
wk:source\\/a a wildkg:Source ; dcterms:title "Source A" .
wk:source\\/b a wildkg:Source ; dcterms:title "Source B" .
wk:source\\/a\\/s a wildkg:SourceSection ; dcterms:title "S" ; dcterms:isPartOf wk:source\\/a .
wk:source\\/b\\/s a wildkg:SourceSection ; dcterms:title "S" ; dcterms:isPartOf wk:source\\/b .
wk:fact\\/1 a wildkg:Fact ; rdf:subject wk:taxon\\/deer ; rdf:predicate obo:RO_0002458 ; rdf:object wk:taxon\\/marten ;
    prov:wasDerivedFrom wk:source\\/a\\/s ; wildkg:preyLifeStage lifestage:juvenile .
wk:fact\\/2 a wildkg:Fact ; rdf:subject wk:taxon\\/deer ; rdf:predicate obo:RO_0002458 ; rdf:object wk:taxon\\/marten ;
    prov:wasDerivedFrom wk:source\\/b\\/s .
"""


def test_a_qualifier_of_one_source_names_that_source() -> None:
    net = extract(Graph().parse(data=TTL, format="turtle"))
    (edge,) = [e for e in net.edges if e.source.endswith("/deer") and e.target.endswith("/marten")]
    assert len(edge.sources) == 2
    assert len(edge.qualifiers) == 1
    assert edge.qualifiers == ("juveniles only (per Source A)",)
