"""Competency questions answered by SPARQL on the built graph, with exact answers.

These are the questions the foundation must answer; the shipped query library
(queries/*.rq) has its own test.
"""

from __future__ import annotations

from rdflib import Graph

from wildkg.namespaces import sparql_prologue

DEER = "taxon:moschus-leucogaster"


def ask(graph: Graph, query: str) -> set[tuple[str, ...]]:
    return {tuple(str(v) if v is not None else "" for v in row)  # type: ignore[union-attr]
            for row in graph.query(sparql_prologue() + query)}


def test_predators_with_juvenile_only_ones_marked(built_graph: Graph) -> None:
    rows = ask(built_graph, f"""
        SELECT ?name ?sci ?stage WHERE {{
          {DEER} obo:RO_0002458 ?p . ?p rdfs:label ?name .
          OPTIONAL {{ ?p dwc:scientificName ?sci }}
          OPTIONAL {{ ?f rdf:subject {DEER} ; rdf:predicate obo:RO_0002458 ; rdf:object ?p ;
                        wildkg:preyLifeStage/skos:prefLabel ?stage }}
        }}""")
    assert rows == {
        ("leopard", "Panthera pardus", ""),
        ("snow leopard", "Panthera uncia", ""),
        ("Eurasian lynx", "Lynx lynx", ""),
        ("red fox", "Vulpes vulpes", ""),
        ("gray wolf", "Canis lupus", ""),
        ("yellow-throated marten", "Martes flavigula", "juvenile"),
        ("large raptors", "", "juvenile"),
    }


def test_predators_point_back_at_their_prey(built_graph: Graph) -> None:
    rows = ask(built_graph, f"SELECT ?p WHERE {{ ?p obo:RO_0002439 {DEER} }}")
    assert len(rows) == 7


def test_where_it_is_legally_protected(built_graph: Graph) -> None:
    rows = ask(built_graph, f"""
        SELECT ?country ?how WHERE {{
          {DEER} ?rel ?c . ?rel rdfs:subPropertyOf wildkg:hasLegalStatusIn ; rdfs:label ?how .
          ?c wildkg:isoCode ?country }}""")
    assert rows == {
        ("BT", "legally protected in"), ("NP", "legally protected in"), ("IN", "legally protected in"),
        ("CN", "hunting under licence in"), ("PK", "nationally listed as endangered in"),
    }


def test_regions_inside_india_including_through_containment(built_graph: Graph) -> None:
    rows = ask(built_graph, f"""
        SELECT ?code WHERE {{ {DEER} wildkg:occursIn ?r . ?r wildkg:partOf+ place:IN ;
                              wildkg:isoCode ?code }}""")
    assert rows == {("IN-JK",), ("IN-HP",), ("IN-UK",), ("IN-SK",), ("IN-AR",)}


def test_range_countries_include_those_reached_only_through_a_region(built_graph: Graph) -> None:
    rows = ask(built_graph, f"""
        SELECT DISTINCT ?code WHERE {{ {DEER} wildkg:occursIn/wildkg:partOf* ?c .
                                       ?c a wildkg:Country ; wildkg:isoCode ?code }}""")
    assert rows == {("AF",), ("BT",), ("CN",), ("IN",), ("NP",), ("PK",)}


def test_threats_by_iucn_code_with_broader_categories(built_graph: Graph) -> None:
    rows = ask(built_graph, f"""
        SELECT ?code WHERE {{ {DEER} wildkg:threatenedBy/skos:broader* ?t . ?t skos:notation ?code }}""")
    assert rows == {("5.1.1",), ("5.1",), ("5",)}


def test_protected_areas_and_where_they_lie(built_graph: Graph) -> None:
    rows = ask(built_graph, f"""
        SELECT ?area ?region ?country WHERE {{
          {DEER} wildkg:foundInProtectedArea ?a . ?a rdfs:label ?area ;
             wildkg:locatedIn ?r . ?r rdfs:label ?region ; wildkg:partOf/rdfs:label ?country }}""")
    assert rows == {
        ("Kedarnath Wild Life Sanctuary", "Uttarakhand", "India"),
        ("Askot Musk Deer Sanctuary", "Uttarakhand", "India"),
    }


def test_red_list_status_and_reason(built_graph: Graph) -> None:
    rows = ask(built_graph, f"""
        SELECT ?code ?reason WHERE {{ {DEER} wildkg:redListStatus ?s ; wildkg:redListReason ?reason .
                                      ?s skos:notation ?code ;
                                         skos:inScheme <https://w3id.org/wildkg/scheme/iucn-redlist> }}""")
    assert len(rows) == 1
    code, reason = next(iter(rows))
    assert code == "EN"
    assert "overexploitation" in reason


def test_which_source_and_section_state_a_fact(built_graph: Graph) -> None:
    rows = ask(built_graph, f"""
        SELECT ?title ?section ?url WHERE {{
          ?f rdf:subject {DEER} ; rdf:predicate obo:RO_0002458 ; rdf:object taxon:panthera-uncia ;
             prov:wasDerivedFrom ?s .
          ?s dcterms:title ?section ; wildkg:sectionUrl ?url ; dcterms:isPartOf/dcterms:title ?title }}""")
    assert rows == {("White-bellied musk deer", "Ecology and behaviour",
                     "https://en.wikipedia.org/wiki/White-bellied_musk_deer#Ecology_and_behaviour")}


def test_numeric_traits_with_units(built_graph: Graph) -> None:
    rows = ask(built_graph, f"""
        SELECT ?trait ?min ?max ?value ?unit WHERE {{
          {DEER} wildkg:hasMeasurement ?m . ?m dwciri:measurementType/skos:notation ?trait ;
             dwciri:measurementUnit/qudt:symbol ?unit .
          OPTIONAL {{ ?m wildkg:minValue ?min }} OPTIONAL {{ ?m wildkg:maxValue ?max }}
          OPTIONAL {{ ?m wildkg:value ?value }} }}""")
    by_trait = {r[0]: r[1:] for r in rows}
    assert by_trait["elevation"][0] == "2500"
    assert by_trait["home-range"][1] == "22"
    assert by_trait["tusk-length"][1] == "10"
    assert by_trait["litter-size"][:2] == ("1", "2")
    assert by_trait["weaning-age"][2] == "6"
    assert by_trait["sexual-maturity-age"][:2] == ("16", "24")
    assert by_trait["lifespan"][:2] == ("10", "14")
    assert len(by_trait) == 7
    # a price is the product's, not a trait of the organism
    prices = ask(built_graph, f"""
        SELECT ?product ?max ?unit WHERE {{
          {DEER} wildkg:hasMarketPrice ?p . ?p a wildkg:MarketPrice ; wildkg:product ?product ;
             wildkg:maxValue ?max ; dwciri:measurementUnit/qudt:symbol ?unit }}""")
    assert prices == {("musk", "45000", "USD/kg")}
