"""The SHACL shapes catch each kind of mistake; a graph written as docs/data-model.md says passes.

One valid graph (a tiny musk-deer account in the shape the build emits, merged with the ontology
and schemes) must conform; each broken fixture changes it in one way and must fail with exactly the
shapes meant to catch that mistake, with a message naming the field.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable

import pyshacl
import pytest
import rdflib.namespace as rns
from rdflib import BNode, Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCTERMS, PROV, RDF, RDFS, SH
from rdflib.term import Node

from wildkg.namespaces import (
    ACTION,
    DWC,
    DWCIRI,
    LIFESTAGE,
    OBO,
    PREFIXES,
    REDLIST,
    SHAPES,
    THREAT,
    USE,
    WILDKG,
    WK,
    bind_prefixes,
)
from wildkg.project import ONTOLOGY_DIR

SHAPES_FILE = ONTOLOGY_DIR / "shapes.ttl"

TAXON = Namespace(WK["taxon/"])
PLACE = Namespace(WK["place/"])
AREA = Namespace(WK["protected-area/"])
HABITAT = Namespace(WK["habitat/"])
FOOD = Namespace(WK["food/"])
ACT = Namespace(WK["action/moschus-leucogaster/"])
SRC = Namespace(WK["source/"])
SECTION = Namespace(WK["source/wikipedia-white-bellied-musk-deer/"])
MEASUREMENT = Namespace(WK["measurement/moschus-leucogaster/"])

PROLOGUE = "".join(f"@prefix {p}: <{ns}> .\n" for p, ns in PREFIXES.items()) + "".join(
    f"@prefix {p}: <{WK}{path}> .\n"
    for p, path in [
        ("taxon", "taxon/"),
        ("place", "place/"),
        ("pa", "protected-area/"),
        ("hab", "habitat/"),
        ("food", "food/"),
        ("act", "action/moschus-leucogaster/"),
        ("m", "measurement/moschus-leucogaster/"),
        ("src", "source/"),
        ("sec", "source/wikipedia-white-bellied-musk-deer/"),
    ]
)

#: The plain triples of a tiny account; fact nodes are added by ``_with_facts``.
VALID_TTL = """
taxon:moschus-leucogaster a dwc:Taxon, wildkg:Species, wildkg:FocalSpecies ;
    rdfs:label "white-bellied musk deer"@en ;
    dwc:scientificName "Moschus leucogaster" ;
    dwc:vernacularName "white-bellied musk deer"@en, "Himalayan musk deer"@en ;
    dwc:taxonRank "species" ;
    wildkg:parentTaxon taxon:moschus ;
    wildkg:formerlyIncludedIn taxon:moschus-chrysogaster ;
    wildkg:redListStatus redlist:EN ;
    wildkg:redListReason "numbers probably falling fast because of overexploitation"@en ;
    wildkg:occursIn place:IN-SK, place:himalayas, place:IN ;
    wildkg:hasHabitat hab:alpine-scrub ;
    obo:RO_0002470 food:lichens ;
    obo:RO_0002458 taxon:panthera-uncia, taxon:large-raptors ;
    wildkg:threatenedBy threat:5.1.1 ;
    wildkg:legallyProtectedIn place:IN ;
    wildkg:huntingUnderLicenceIn place:CN ;
    wildkg:foundInProtectedArea pa:kedarnath ;
    wildkg:hasConservationAction act:captive-farming ;
    wildkg:hasMeasurement m:elevation, m:litter-size ;
    wildkg:hasUse use:perfume ;
    wildkg:characteristic "the canines keep growing"@en ;
    wildkg:behaviour "moves by bounding rather than running"@en .

taxon:moschus a dwc:Taxon ;
    rdfs:label "Moschus"@en ;
    dwc:scientificName "Moschus" ;
    dwc:taxonRank "genus" .

# Typed only as wildkg:Species: shapes must see it as a dwc:Taxon through rdfs:subClassOf.
taxon:moschus-chrysogaster a wildkg:Species ;
    rdfs:label "alpine musk deer"@en ;
    dwc:scientificName "Moschus chrysogaster" .

taxon:panthera-uncia a wildkg:Species ;
    rdfs:label "snow leopard"@en ;
    dwc:scientificName "Panthera uncia" ;
    obo:RO_0002439 taxon:moschus-leucogaster .

# An informal group: no scientific name, and that is fine.
taxon:large-raptors a wildkg:TaxonGroup ;
    rdfs:label "large raptors"@en ;
    obo:RO_0002439 taxon:moschus-leucogaster .

place:IN a wildkg:Country ; rdfs:label "India"@en ; wildkg:isoCode "IN" .
place:CN a wildkg:Country ; rdfs:label "China"@en ; wildkg:isoCode "CN" .
place:IN-SK a wildkg:Subdivision ; rdfs:label "Sikkim"@en ; wildkg:isoCode "IN-SK" ;
    wildkg:partOf place:IN .
place:IN-UT a wildkg:Subdivision ; rdfs:label "Uttarakhand"@en ; wildkg:isoCode "IN-UT" ;
    wildkg:partOf place:IN .
place:himalayas a wildkg:MountainRange ; rdfs:label "Himalayas"@en .

pa:kedarnath a wildkg:ProtectedArea ;
    rdfs:label "Kedarnath Wildlife Sanctuary"@en ;
    wildkg:designation "wildlife sanctuary" ;
    wildkg:locatedIn place:IN-UT .

hab:alpine-scrub a wildkg:Habitat ; rdfs:label "alpine scrub"@en .
food:lichens a wildkg:FoodItem ; rdfs:label "lichens"@en .

act:captive-farming a wildkg:ConservationAction ;
    rdfs:label "captive farming for musk"@en ;
    wildkg:actionType action:captive-farming ;
    wildkg:implementedIn place:CN ;
    wildkg:actionStatus "in place" ;
    wildkg:problem "farmed deer often fall ill"@en .

m:elevation a dwc:MeasurementOrFact ;
    dwciri:measurementType trait:elevation ;
    wildkg:minValue "2500"^^xsd:decimal ;
    dwciri:measurementUnit unit:M ;
    dwc:measurementRemarks "lives above this altitude"@en .

m:litter-size a dwc:MeasurementOrFact ;
    dwciri:measurementType trait:litter-size ;
    wildkg:minValue 1 ;
    wildkg:maxValue 2 ;
    dwciri:measurementUnit unit:NUM .

src:wikipedia-white-bellied-musk-deer a wildkg:Source ;
    dcterms:title "White-bellied musk deer" ;
    wildkg:url <https://en.wikipedia.org/wiki/White-bellied_musk_deer> .

sec:ecology-and-behaviour a wildkg:SourceSection ;
    dcterms:title "Ecology and behaviour" ;
    dcterms:isPartOf src:wikipedia-white-bellied-musk-deer ;
    wildkg:sectionUrl
        <https://en.wikipedia.org/wiki/White-bellied_musk_deer#Ecology_and_behaviour> .
"""

DEER = TAXON["moschus-leucogaster"]
SOURCE_SECTION = SECTION["ecology-and-behaviour"]
NOT_FACTS = {RDF.type, RDFS.label}
FACT_SUBJECTS = tuple(str(WK[k]) for k in ("taxon/", "place/", "protected-area/", "action/"))


def _fact_iri(s: Node, p: Node, o: Node) -> URIRef:
    """A node for a new fact in these hand-made graphs (any IRI will do: the shapes find facts
    by rdf:subject / rdf:predicate / rdf:object, never by the form of the IRI)."""
    digest = hashlib.sha256(f"{s.n3()} {p.n3()} {o.n3()} test".encode()).hexdigest()[:16]
    return WK[f"fact/{digest}"]


def _fact_of(g: Graph, s: Node, p: Node, o: Node) -> URIRef:
    """The one fact node of ``s p o`` in ``g``, found by its rdf:subject/predicate/object."""
    found = set(g.subjects(RDF.subject, s)) & set(g.subjects(RDF.predicate, p)) & set(g.subjects(RDF.object, o))
    assert len(found) == 1, f"expected one fact node for {s} {p} {o}, found {len(found)}"
    node = found.pop()
    assert isinstance(node, URIRef)
    return node


def _add_fact(g: Graph, s: Node, p: Node, o: Node, *, source: bool = True) -> URIRef:
    """Write the triple and its fact node, as the build does."""
    f = _fact_iri(s, p, o)
    g.add((s, p, o))
    g.add((f, RDF.type, RDF.Statement))
    g.add((f, RDF.type, WILDKG.Fact))
    g.add((f, RDF.subject, s))
    g.add((f, RDF.predicate, p))
    g.add((f, RDF.object, o))
    if source:
        g.add((f, PROV.wasDerivedFrom, SOURCE_SECTION))
    return f


def _drop(g: Graph, s: Node, p: Node, o: Node) -> None:
    """Remove the triple and its fact node."""
    fact = _fact_of(g, s, p, o)
    g.remove((s, p, o))
    g.remove((fact, None, None))


def _ontology() -> Graph:
    g = Graph()
    for path in sorted(ONTOLOGY_DIR.glob("*.ttl")):
        if path != SHAPES_FILE:
            g.parse(path, format="turtle")
    return g


_ONTOLOGY = _ontology()
_SHAPES = Graph().parse(SHAPES_FILE, format="turtle")


def _build_valid() -> Graph:
    plain = Graph().parse(data=PROLOGUE + VALID_TTL, format="turtle")
    g = Graph()
    for s, p, o in plain:
        if p not in NOT_FACTS and str(s).startswith(FACT_SUBJECTS):
            _add_fact(g, s, p, o)
        else:
            g.add((s, p, o))
    # Large raptors take only the young: a qualifier on the fact node.
    raptors_fact = _fact_of(g, DEER, OBO.RO_0002458, TAXON["large-raptors"])
    g.add((raptors_fact, WILDKG.preyLifeStage, LIFESTAGE.juvenile))
    return g


_VALID = _build_valid()


def _valid_data() -> Graph:
    """A fresh copy of the valid account (parsed once per module), for a fixture to change."""
    g = bind_prefixes(Graph())
    for triple in _VALID:
        g.add(triple)
    return g


def _validate(data: Graph) -> tuple[bool, Graph]:
    conforms, report, _text = pyshacl.validate(
        data + _ONTOLOGY, shacl_graph=_SHAPES, inference="none", advanced=True
    )
    assert isinstance(report, Graph)
    return bool(conforms), report


def _results(report: Graph) -> list[tuple[Node | None, str, Node | None]]:
    """(source shape, message, constraint component) of every validation result."""
    out = []
    for r in report.subjects(RDF.type, SH.ValidationResult):
        out.append(
            (
                report.value(r, SH.sourceShape),
                str(report.value(r, SH.resultMessage)),
                report.value(r, SH.sourceConstraintComponent),
            )
        )
    return out


def test_valid_account_conforms() -> None:
    """A graph written exactly as docs/data-model.md describes must pass every shape."""
    conforms, report = _validate(_valid_data())
    assert conforms, _results(report)


# --- broken fixtures -----------------------------------------------------------------------------

DEER_NAME = Literal("Moschus leucogaster")
Mutation = Callable[[Graph], object]


def _set_name(g: Graph, value: Literal) -> None:
    _drop(g, DEER, DWC.scientificName, DEER_NAME)
    _add_fact(g, DEER, DWC.scientificName, value)


def _set_status(g: Graph, value: Node) -> None:
    _drop(g, DEER, WILDKG.redListStatus, REDLIST.EN)
    _add_fact(g, DEER, WILDKG.redListStatus, value)


def _set_number(g: Graph, measurement: str, prop: URIRef, old: Literal, new: Literal) -> None:
    node = MEASUREMENT[measurement]
    g.remove((node, prop, old))
    g.add((node, prop, new))


def _predator_is_place(g: Graph) -> None:
    _add_fact(g, DEER, OBO.RO_0002458, PLACE["IN"])
    _add_fact(g, PLACE["IN"], OBO.RO_0002439, DEER)


def _untyped_place(g: Graph) -> None:
    _add_fact(g, DEER, WILDKG.occursIn, PLACE["NP"])
    g.add((PLACE["NP"], RDFS.label, Literal("Nepal", lang="en")))


def _fact_without_source(g: Graph) -> None:
    g.remove((_fact_of(g, DEER, WILDKG.threatenedBy, THREAT["5.1.1"]), PROV.wasDerivedFrom, None))


def _triple_without_fact(g: Graph) -> None:
    g.remove((_fact_of(g, DEER, WILDKG.occursIn, PLACE["himalayas"]), None, None))


def _fact_not_stated(g: Graph) -> None:
    g.remove((DEER, WILDKG.hasUse, USE.perfume))


def _replace_fact(g: Graph, s: Node, p: URIRef, old: Node, new: Node) -> None:
    """Change the object of a fact triple, fact node included, so only the value is wrong."""
    _drop(g, s, p, old)
    _add_fact(g, s, p, new)


def _incomplete_fact(drop: URIRef) -> Mutation:
    """Add a copy of the perfume-use fact node that lacks ``drop`` (rdf:subject, …)."""

    def mutate(g: Graph) -> None:
        original = _fact_of(g, DEER, WILDKG.hasUse, USE.perfume)
        copy = WK["fact/incomplete"]
        for _s, p, o in list(g.triples((original, None, None))):
            if p != drop:
                g.add((copy, p, o))

    return mutate


def _place_triple_without_fact(g: Graph) -> None:
    g.remove((_fact_of(g, PLACE["IN-SK"], WILDKG.partOf, PLACE["IN"]), None, None))


MIN = WILDKG.minValue
MAX = WILDKG.maxValue
DECIMAL = rns.XSD.decimal
D2500 = Literal("2500", datatype=DECIMAL)

BROKEN: list[tuple[str, Mutation, set[str], str]] = [
    (
        "species-without-scientific-name",
        lambda g: _drop(g, DEER, DWC.scientificName, DEER_NAME),
        {"TaxonScientificNameRequiredShape"},
        "dwc:scientificName is missing",
    ),
    (
        "genus-without-scientific-name",
        lambda g: _drop(g, TAXON["moschus"], DWC.scientificName, Literal("Moschus")),
        {"TaxonScientificNameRequiredShape"},
        "dwc:scientificName",
    ),
    (
        "species-with-two-scientific-names",
        lambda g: _add_fact(g, DEER, DWC.scientificName, Literal("Moschus chrysogaster")),
        {"TaxonOneScientificNameShape"},
        "dwc:scientificName",
    ),
    (
        "blank-scientific-name",
        lambda g: _set_name(g, Literal("  ")),
        {"TaxonScientificNameFormShape"},
        "dwc:scientificName",
    ),
    (
        "language-tagged-scientific-name",
        lambda g: _set_name(g, Literal("Moschus leucogaster", lang="en")),
        {"TaxonScientificNameFormShape"},
        "without language tag",
    ),
    (
        "focal-species-without-status",
        lambda g: _drop(g, DEER, WILDKG.redListStatus, REDLIST.EN),
        {"FocalSpeciesRedListStatusShape"},
        "wildkg:redListStatus",
    ),
    (
        "status-not-in-red-list-scheme",
        lambda g: _set_status(g, THREAT["5.1.1"]),
        {"RedListStatusValueShape"},
        "wildkg:redListStatus",
    ),
    (
        "status-unknown-code",
        lambda g: _set_status(g, REDLIST.XX),
        {"RedListStatusValueShape"},
        "IUCN Red List scheme",
    ),
    (
        "threat-not-in-threat-scheme",
        lambda g: _add_fact(g, DEER, WILDKG.threatenedBy, THREAT["5.1.9"]),
        {"ThreatValueShape"},
        "wildkg:threatenedBy",
    ),
    (
        "use-not-in-use-scheme",
        lambda g: _add_fact(g, DEER, WILDKG.hasUse, THREAT["5.1.1"]),
        {"UseValueShape"},
        "wildkg:hasUse",
    ),
    (
        "action-type-not-in-action-scheme",
        lambda g: _replace_fact(
            g, ACT["captive-farming"], WILDKG.actionType, ACTION["captive-farming"], USE.perfume
        ),
        {"ActionTypeValueShape"},
        "wildkg:actionType",
    ),
    (
        "prey-life-stage-not-in-life-stage-scheme",
        lambda g: g.set(
            (_fact_of(g, DEER, OBO.RO_0002458, TAXON["large-raptors"]), WILDKG.preyLifeStage, REDLIST.EN)
        ),
        {"PreyLifeStageValueShape"},
        "wildkg:preyLifeStage",
    ),
    (
        "measurement-type-not-a-trait",
        lambda g: g.set((MEASUREMENT["elevation"], DWCIRI.measurementType, USE.perfume)),
        {"MeasurementTypeValueShape"},
        "dwciri:measurementType",
    ),
    (
        "predator-is-a-place",
        _predator_is_place,
        {"PreyedUponByObjectShape", "PreysOnSubjectShape"},
        "is not a dwc:Taxon",
    ),
    (
        "prey-is-a-place",
        lambda g: _add_fact(g, PLACE["IN"], OBO.RO_0002458, TAXON["panthera-uncia"]),
        {"PreyedUponBySubjectShape"},
        "obo:RO_0002458 (preyed upon by): the prey (subject)",
    ),
    (
        "predator-preys-on-a-place",
        lambda g: _add_fact(g, TAXON["panthera-uncia"], OBO.RO_0002439, PLACE["CN"]),
        {"PreysOnObjectShape"},
        "obo:RO_0002439 (preys on): the prey (object)",
    ),
    (
        "eats-a-habitat",
        lambda g: _add_fact(g, DEER, OBO.RO_0002470, HABITAT["alpine-scrub"]),
        {"EatsObjectShape"},
        "obo:RO_0002470",
    ),
    (
        "habitat-is-a-food",
        lambda g: _add_fact(g, DEER, WILDKG.hasHabitat, FOOD.lichens),
        {"HabitatObjectShape"},
        "wildkg:hasHabitat",
    ),
    (
        "protected-area-is-a-country",
        lambda g: _add_fact(g, DEER, WILDKG.foundInProtectedArea, PLACE["IN"]),
        {"ProtectedAreaObjectShape"},
        "wildkg:foundInProtectedArea",
    ),
    (
        "conservation-action-is-a-habitat",
        lambda g: _add_fact(g, DEER, WILDKG.hasConservationAction, HABITAT["alpine-scrub"]),
        {"ConservationActionObjectShape"},
        "wildkg:hasConservationAction",
    ),
    (
        "measurement-is-a-food",
        lambda g: _add_fact(g, DEER, WILDKG.hasMeasurement, FOOD.lichens),
        {"MeasurementObjectShape"},
        "wildkg:hasMeasurement",
    ),
    (
        "legal-status-in-a-subdivision",
        lambda g: _add_fact(g, DEER, WILDKG.nationallyListedEndangeredIn, PLACE["IN-SK"]),
        {"LegalStatusCountryShape"},
        "wildkg:nationallyListedEndangeredIn",
    ),
    (
        "place-without-kind",
        _untyped_place,
        {"PlaceKindShape"},
        "place without a kind",
    ),
    (
        "place-typed-only-as-place",
        lambda g: g.add((PLACE["himalayas-2"], RDF.type, WILDKG.Place)),
        {"PlaceKindShape"},
        "wildkg:MountainRange",
    ),
    (
        "country-without-iso-code",
        lambda g: _drop(g, PLACE["CN"], WILDKG.isoCode, Literal("CN")),
        {"CountryIsoCodeShape"},
        "wildkg:isoCode",
    ),
    (
        "subdivision-with-country-style-code",
        lambda g: _replace_fact(g, PLACE["IN-SK"], WILDKG.isoCode, Literal("IN-SK"), Literal("SK")),
        {"SubdivisionIsoCodeShape"},
        "wildkg:isoCode: a subdivision",
    ),
    (
        "subdivision-part-of-a-mountain-range-only",
        lambda g: _replace_fact(g, PLACE["IN-UT"], WILDKG.partOf, PLACE["IN"], PLACE["himalayas"]),
        {"SubdivisionCountryShape"},
        "wildkg:partOf",
    ),
    (
        "negative-number",
        lambda g: _set_number(g, "elevation", MIN, D2500, Literal("-2500", datatype=DECIMAL)),
        {"MinValueShape"},
        "wildkg:minValue",
    ),
    (
        "string-number",
        lambda g: _set_number(g, "elevation", MIN, D2500, Literal("2500")),
        {"MinValueShape"},
        "xsd:decimal or xsd:integer",
    ),
    (
        "two-maxima",
        lambda g: g.add((MEASUREMENT["litter-size"], MAX, Literal(3))),
        {"MaxValueShape"},
        "wildkg:maxValue",
    ),
    (
        "negative-value",
        lambda g: g.add((MEASUREMENT["elevation"], WILDKG.value, Literal("-1", datatype=DECIMAL))),
        {"ValueShape"},
        "wildkg:value",
    ),
    (
        "min-above-max",
        lambda g: _set_number(g, "litter-size", MIN, Literal(1), Literal(3)),
        {"MinNotAboveMaxShape"},
        "greater than wildkg:maxValue",
    ),
    (
        "measurement-without-unit",
        lambda g: g.remove((MEASUREMENT["elevation"], DWCIRI.measurementUnit, None)),
        {"MeasurementUnitShape"},
        "dwciri:measurementUnit",
    ),
    (
        "measurement-without-type",
        lambda g: g.remove((MEASUREMENT["elevation"], DWCIRI.measurementType, None)),
        {"MeasurementTypeShape"},
        "dwciri:measurementType",
    ),
    (
        "measurement-without-number",
        lambda g: g.remove((MEASUREMENT["elevation"], MIN, None)),
        {"MeasurementValueShape"},
        "wildkg:minValue",
    ),
    (
        "fact-without-source",
        _fact_without_source,
        {"FactSourceShape"},
        "prov:wasDerivedFrom",
    ),
    (
        "fact-without-subject",
        _incomplete_fact(RDF.subject),
        {"FactSubjectShape"},
        "rdf:subject",
    ),
    (
        "fact-without-predicate",
        _incomplete_fact(RDF.predicate),
        {"FactPredicateShape"},
        "rdf:predicate",
    ),
    (
        "fact-without-object",
        _incomplete_fact(RDF.object),
        {"FactObjectShape"},
        "rdf:object",
    ),
    (
        "section-without-source",
        lambda g: g.remove((SOURCE_SECTION, DCTERMS.isPartOf, None)),
        {"SourceSectionShape"},
        "dcterms:isPartOf",
    ),
    (
        "source-url-is-a-string",
        lambda g: g.set(
            (
                SRC["wikipedia-white-bellied-musk-deer"],
                WILDKG.url,
                Literal("https://en.wikipedia.org/wiki/White-bellied_musk_deer"),
            )
        ),
        {"SourceUrlShape"},
        "wildkg:url",
    ),
    (
        "taxon-triple-without-fact-node",
        _triple_without_fact,
        {"TaxonTripleHasFactShape"},
        str(WILDKG.occursIn),
    ),
    (
        "place-triple-without-fact-node",
        _place_triple_without_fact,
        {"PlaceTripleHasFactShape"},
        str(WILDKG.partOf),
    ),
    (
        "fact-whose-triple-is-missing",
        _fact_not_stated,
        {"FactStatedShape"},
        "not in the graph",
    ),
]


@pytest.mark.parametrize(
    ("mutate", "shapes", "message"),
    [pytest.param(m, s, msg, id=name) for name, m, s, msg in BROKEN],
)
def test_broken_fixture_fails_with_its_shape(mutate: Mutation, shapes: set[str], message: str) -> None:
    """Each mistake is caught by exactly the shape meant for it, with a message naming the field."""
    data = _valid_data()
    mutate(data)
    conforms, report = _validate(data)
    results = _results(report)
    assert not conforms
    fired = {str(shape) for shape, _msg, _comp in results}
    assert fired == {str(SHAPES[s]) for s in shapes}, results
    assert all(message in msg for _shape, msg, _comp in results), results


def test_string_and_negative_numbers_fail_different_constraints() -> None:
    """A string number breaks the datatype rule, a negative one the lower bound."""
    node = MEASUREMENT["elevation"]
    data = _valid_data()
    _set_number(data, "elevation", MIN, D2500, Literal("2500"))
    components = {c for _s, _m, c in _results(_validate(data)[1])}
    assert SH.OrConstraintComponent in components
    data = _valid_data()
    data.set((node, MIN, Literal("-1", datatype=DECIMAL)))
    components = {c for _s, _m, c in _results(_validate(data)[1])}
    assert components == {SH.MinInclusiveConstraintComponent}


def test_missing_fact_report_names_the_triple() -> None:
    """The SPARQL check says which triple lacks a fact node, so a curator can find it."""
    data = _valid_data()
    _triple_without_fact(data)
    report = _validate(data)[1]
    results = list(report.subjects(RDF.type, SH.ValidationResult))
    assert len(results) == 1
    assert report.value(results[0], SH.focusNode) == DEER
    assert report.value(results[0], SH.resultPath) == WILDKG.occursIn
    assert report.value(results[0], SH.value) == PLACE["himalayas"]


def test_every_shape_is_documented() -> None:
    """Every named shape has sh:name, sh:description and a message (on itself or its SPARQL)."""
    named = {
        s
        for s in set(_SHAPES.subjects(RDF.type, SH.NodeShape))
        | set(_SHAPES.subjects(RDF.type, SH.PropertyShape))
        if not isinstance(s, BNode)
    }
    assert len(named) >= 30
    for shape in named:
        assert _SHAPES.value(shape, SH.name) is not None, shape
        assert _SHAPES.value(shape, SH.description) is not None, shape
        sparql = _SHAPES.value(shape, SH.sparql)
        holder = sparql if sparql is not None else shape
        assert _SHAPES.value(holder, SH.message) is not None, shape


def test_shapes_only_use_declared_terms() -> None:
    """A typo such as wildkg:occurIn in a shape would silently check nothing; all must exist."""
    declared = set(_ONTOLOGY.subjects())
    used = {
        term
        for triple in _SHAPES
        for term in triple
        if isinstance(term, URIRef) and str(term).startswith(str(WILDKG))
    }
    assert used
    assert used <= declared, used - declared


SHAPE_TARGETS = (
    SH.targetClass,
    SH.targetNode,
    SH.targetSubjectsOf,
    SH.targetObjectsOf,
    SH.target,
    SH.path,
)


def _named_shapes(shapes: Graph) -> set[URIRef]:
    """Every shape with an IRI: typed sh:NodeShape / sh:PropertyShape, or with a target or path."""
    candidates = set(shapes.subjects(RDF.type, SH.NodeShape))
    candidates |= set(shapes.subjects(RDF.type, SH.PropertyShape))
    for p in SHAPE_TARGETS:
        candidates |= set(shapes.subjects(p, None))
    return {s for s in candidates if isinstance(s, URIRef)}


def test_every_named_shape_has_a_broken_fixture() -> None:
    """Issue 2: a shape never shown to fire may be dead, so each one needs a fixture in BROKEN."""
    named = _named_shapes(_SHAPES)
    assert all(str(s).startswith(str(SHAPES)) for s in named), named
    assert len(named) >= 40
    covered = {SHAPES[name] for _n, _m, expected, _msg in BROKEN for name in expected}
    assert named - covered == set(), "shapes without a broken fixture"
    assert covered - named == set(), "fixtures naming shapes that do not exist"
    names = [name for name, _m, _s, _msg in BROKEN]
    assert len(names) == len(set(names))
