"""The ontology and concept schemes in ontology/*.ttl are complete, documented and parse alike.

They are the vocabulary the build, the shapes and every query rely on: a term the data model names
but the ontology lacks, a concept without a code, or a file two parsers read differently would
only show up later as wrong answers.
"""

from __future__ import annotations

import re
from pathlib import Path

import pyoxigraph
import pytest
from rdflib import Graph, Literal, Namespace, URIRef
from rdflib.compare import isomorphic
from rdflib.namespace import OWL, RDF, RDFS, SKOS

from tests.helpers import REPO as ROOT
from wildkg.namespaces import (
    BASE,
    DWC,
    DWCIRI,
    OBO,
    PART_OF,
    PREFIXES,
    PREYED_UPON_BY,
    PREYS_ON,
    QUDT,
    REDLIST,
    THREAT,
    TRAIT,
    WILDKG,
)
from wildkg.project import ONTOLOGY_DIR

ONTOLOGY_FILES = sorted(ONTOLOGY_DIR.glob("*.ttl"))
DATA_MODEL = ROOT / "docs" / "data-model.md"


def _load() -> Graph:
    g = Graph()
    for path in ONTOLOGY_FILES:
        if path.name != "shapes.ttl":
            g.parse(path, format="turtle")
    return g


ONTOLOGY = _load()
SCHEME = Namespace(BASE + "scheme/")


def _en(g: Graph, s: URIRef, p: URIRef) -> list[Literal]:
    return [o for o in g.objects(s, p) if isinstance(o, Literal) and o.language == "en"]


def _concepts() -> set[URIRef]:
    return {c for c in ONTOLOGY.subjects(RDF.type, SKOS.Concept) if isinstance(c, URIRef)}


@pytest.mark.parametrize("path", ONTOLOGY_FILES, ids=lambda p: p.name)
def test_rdflib_and_pyoxigraph_read_the_same_triples(path: Path) -> None:
    """Both engines load these files (rdflib for the build, Oxigraph for queries): same graph."""
    by_rdflib = Graph().parse(path, format="turtle")
    quads = pyoxigraph.parse(path=str(path), format=pyoxigraph.RdfFormat.TURTLE)
    ntriples = pyoxigraph.serialize(quads, format=pyoxigraph.RdfFormat.N_TRIPLES)
    assert ntriples is not None
    by_oxigraph = Graph().parse(data=ntriples.decode(), format="nt")
    assert len(by_rdflib) > 10
    assert isomorphic(by_rdflib, by_oxigraph)


def test_every_minted_term_has_label_and_definition() -> None:
    """Each wildkg: class and property says in English what it is, for people and for the docs."""
    kinds = (OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty)
    terms = {
        s
        for kind in kinds
        for s in ONTOLOGY.subjects(RDF.type, kind)
        if isinstance(s, URIRef) and s.startswith(str(WILDKG))
    }
    assert len(terms) == 72 + 36  # 17 classes, 55 properties (docs/data-model.md); 3 + 33 of bulk-sources.ttl
    for term in terms:
        assert len(_en(ONTOLOGY, term, RDFS.label)) == 1, term
        assert len(_en(ONTOLOGY, term, SKOS.definition)) == 1, term
    both = {s for s in terms if (s, RDF.type, OWL.ObjectProperty) in ONTOLOGY} & {
        s for s in terms if (s, RDF.type, OWL.DatatypeProperty) in ONTOLOGY
    }
    assert not both


def test_every_term_of_the_data_model_is_in_the_ontology() -> None:
    """docs/data-model.md is the contract: every prefixed term it names must be declared here."""
    text = DATA_MODEL.read_text(encoding="utf-8")
    pattern = r"\b(wildkg|redlist|threat|lifestage|action|trait|use|unit|dwc|dwciri|obo)"
    names = set(re.findall(pattern + r":([A-Za-z0-9_][A-Za-z0-9_.-]*[A-Za-z0-9_])", text))
    traits = re.search(r"Traits \(`trait:` scheme\):(.*)", text, re.DOTALL)
    assert traits is not None
    names |= {("trait", t) for t in re.findall(r"`([a-z-]+)`", traits.group(1))}
    assert len(names) > 60
    declared = set(ONTOLOGY.subjects())
    missing = {
        f"{prefix}:{local}" for prefix, local in names if URIRef(PREFIXES[prefix] + local) not in declared
    }
    assert not missing


def test_reused_terms_are_declared_with_their_kind() -> None:
    """Reused Darwin Core, RO and BFO terms are declared, labelled and of the right OWL kind."""
    expected = {
        DWC.Taxon: OWL.Class,
        DWC.MeasurementOrFact: OWL.Class,
        DWC.scientificName: OWL.DatatypeProperty,
        DWC.vernacularName: OWL.DatatypeProperty,
        DWC.taxonRank: OWL.DatatypeProperty,
        DWC.measurementRemarks: OWL.DatatypeProperty,
        DWCIRI.measurementType: OWL.ObjectProperty,
        DWCIRI.measurementUnit: OWL.ObjectProperty,
        PREYS_ON: OWL.ObjectProperty,
        PREYED_UPON_BY: OWL.ObjectProperty,
        OBO.RO_0002470: OWL.ObjectProperty,
        PART_OF: OWL.ObjectProperty,
    }
    for term, kind in expected.items():
        assert (term, RDF.type, kind) in ONTOLOGY, term
        assert _en(ONTOLOGY, term, RDFS.label), term
    assert (PREYS_ON, OWL.inverseOf, PREYED_UPON_BY) in ONTOLOGY
    assert (PREYED_UPON_BY, OWL.inverseOf, PREYS_ON) in ONTOLOGY


def test_class_and_property_hierarchy_links_to_standards() -> None:
    """Queries and reasoners may follow these links: species are taxa, partOf is BFO part of."""
    g = ONTOLOGY
    assert (WILDKG.FocalSpecies, RDFS.subClassOf, WILDKG.Species) in g
    assert (WILDKG.Species, RDFS.subClassOf, DWC.Taxon) in g
    assert (WILDKG.TaxonGroup, RDFS.subClassOf, DWC.Taxon) in g
    for kind in ("Country", "Subdivision", "MountainRange", "ProtectedArea"):
        assert (WILDKG[kind], RDFS.subClassOf, WILDKG.Place) in g
    assert (WILDKG.Fact, RDFS.subClassOf, RDF.Statement) in g
    assert (WILDKG.partOf, RDF.type, OWL.TransitiveProperty) in g
    assert (WILDKG.partOf, RDFS.subPropertyOf, PART_OF) in g
    for legal in ("legallyProtectedIn", "huntingUnderLicenceIn", "nationallyListedEndangeredIn"):
        assert (WILDKG[legal], RDFS.subPropertyOf, WILDKG.hasLegalStatusIn) in g


def test_units_have_label_and_symbol() -> None:
    """Every unit a measurement may use is a qudt:Unit with a name and a symbol to display."""
    units = set(ONTOLOGY.subjects(RDF.type, QUDT.Unit))
    assert {URIRef(PREFIXES["unit"] + u) for u in ("M", "CentiM", "HA", "MO", "YR", "NUM")} | {
        WILDKG["USD-PER-KiloGM"]
    } == units
    for unit in units:
        assert isinstance(unit, URIRef)
        assert _en(ONTOLOGY, unit, RDFS.label), unit
        assert ONTOLOGY.value(unit, QUDT.symbol) is not None, unit


def test_every_concept_has_code_label_definition_and_scheme() -> None:
    """A concept needs its code (skos:notation), English label and definition, and one scheme."""
    concepts = _concepts()
    assert len(concepts) > 90
    for c in concepts:
        schemes = list(ONTOLOGY.objects(c, SKOS.inScheme))
        assert len(schemes) == 1, c
        assert (schemes[0], RDF.type, SKOS.ConceptScheme) in ONTOLOGY, c
        assert str(c).startswith(str(schemes[0]) + "/"), c
        notation = list(ONTOLOGY.objects(c, SKOS.notation))
        assert len(notation) == 1, c
        assert isinstance(notation[0], Literal)
        assert notation[0].datatype is None
        assert notation[0].language is None
        assert str(c).endswith("/" + str(notation[0])), c
        assert len(_en(ONTOLOGY, c, SKOS.prefLabel)) == 1, c
        assert len(_en(ONTOLOGY, c, SKOS.definition)) == 1, c


def test_concept_hierarchy_is_consistent() -> None:
    """Top concepts are declared from both ends, every other concept has a broader one, and
    skos:broader and skos:narrower mirror each other."""
    for c in _concepts():
        scheme = ONTOLOGY.value(c, SKOS.inScheme)
        is_top = (c, SKOS.topConceptOf, scheme) in ONTOLOGY
        assert is_top == ((scheme, SKOS.hasTopConcept, c) in ONTOLOGY), c
        broader = list(ONTOLOGY.objects(c, SKOS.broader))
        assert is_top != bool(broader), c
        for b in broader:
            assert (b, SKOS.narrower, c) in ONTOLOGY, c
        for n in ONTOLOGY.objects(c, SKOS.narrower):
            assert (n, SKOS.broader, c) in ONTOLOGY, c


def _codes(scheme: str) -> set[str]:
    return {str(ONTOLOGY.value(c, SKOS.notation)) for c in ONTOLOGY.subjects(SKOS.inScheme, SCHEME[scheme])}


def test_red_list_has_the_nine_categories() -> None:
    """The IUCN Red List categories of version 3.1, no more and no fewer."""
    assert _codes("iucn-redlist") == {"EX", "EW", "CR", "EN", "VU", "NT", "LC", "DD", "NE"}
    assert ONTOLOGY.value(REDLIST.EN, SKOS.prefLabel) == Literal("Endangered", lang="en")


def test_threat_scheme_has_all_categories_and_subcategories() -> None:
    """IUCN threats v3.3: 12 categories, their 45 subcategories and the 19 codes under 5.1-5.4."""
    codes = _codes("iucn-threats")
    top = {c for c in codes if "." not in c}
    second = {c for c in codes if c.count(".") == 1}
    third = {c for c in codes if c.count(".") == 2}
    assert top == {str(n) for n in range(1, 13)}
    per_category = {"1": 3, "2": 4, "3": 3, "4": 4, "5": 4, "6": 3}
    per_category |= {"7": 3, "8": 6, "9": 6, "10": 3, "11": 5, "12": 1}
    for category, count in per_category.items():
        assert {c for c in second if c.split(".")[0] == category} == {
            f"{category}.{i}" for i in range(1, count + 1)
        }
    expected_third = {f"5.1.{i}" for i in range(1, 5)} | {f"5.2.{i}" for i in range(1, 5)}
    expected_third |= {f"5.3.{i}" for i in range(1, 6)} | {f"5.4.{i}" for i in range(1, 7)}
    assert third == expected_third
    for code in second | third:
        assert (THREAT[code], SKOS.broader, THREAT[code.rsplit(".", 1)[0]]) in ONTOLOGY, code
    assert ONTOLOGY.value(THREAT["5"], SKOS.prefLabel) == Literal("Biological resource use", lang="en")
    assert ONTOLOGY.value(THREAT["5.1"], SKOS.prefLabel) == Literal(
        "Hunting & collecting terrestrial animals", lang="en"
    )


def test_small_schemes_hold_the_agreed_concepts() -> None:
    """Life stages, action kinds, uses and traits as docs/data-model.md and the build use them."""
    assert _codes("life-stage") == {"juvenile", "adult"}
    assert _codes("conservation-action") == {
        "legal-protection",
        "anti-poaching-enforcement",
        "captive-farming",
        "open-farming",
        "protected-area-management",
    }
    assert _codes("use") == {"perfume", "medicine"}
    traits = _codes("trait")
    assert traits == {
        "elevation",
        "home-range",
        "tusk-length",
        "litter-size",
        "weaning-age",
        "sexual-maturity-age",
        "lifespan",
    }
    for trait in traits:
        definition = str(ONTOLOGY.value(TRAIT[trait], SKOS.definition))
        assert re.search(r"\((unit:\w+|wildkg:USD-PER-KiloGM)", definition), trait
