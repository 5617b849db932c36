"""What the network page draws and how: kinds of node, and the RDF terms the extractor reads.

IRIs are kept as plain ``str`` here (see :mod:`wildkg.netgraph`): rdflib terms compare and
hash in Python, which made converting a 20,000-node graph three times slower.
"""

from __future__ import annotations

from dataclasses import dataclass

from rdflib import URIRef
from rdflib.namespace import DCTERMS, OWL, PROV, RDF, RDFS, SH, SKOS

from wildkg.namespaces import (
    ACTION,
    DWC,
    DWCIRI,
    EATS,
    LIFESTAGE,
    PART_OF,
    PREYED_UPON_BY,
    PREYS_ON,
    QUDT,
    REDLIST,
    THREAT,
    TRAIT,
    USE,
    WILDKG,
    WK,
)


def iri_str(term: URIRef) -> str:
    return str.__str__(term)


@dataclass(frozen=True)
class Kind:
    """How one kind of node looks: colour and vis-network shape, and its legend name."""

    key: str
    label: str
    colour: str
    shape: str


#: Kinds of node, in legend order. A node with several types takes the first that fits.
KINDS: tuple[Kind, ...] = (
    Kind("focal", "species (with account)", "#1b7f3b", "star"),
    Kind("species", "species", "#4caf50", "dot"),
    Kind("taxon", "other taxon", "#9ccc65", "triangle"),
    Kind("group", "taxon group", "#c0ca33", "triangleDown"),
    Kind("country", "country", "#1565c0", "square"),
    Kind("subdivision", "region", "#42a5f5", "square"),
    Kind("range", "mountain range", "#6d4c41", "triangle"),
    Kind("protected", "protected area", "#00897b", "hexagon"),
    Kind("place", "place", "#64b5f6", "dot"),
    Kind("habitat", "habitat", "#8d6e63", "diamond"),
    Kind("food", "food item", "#ffb300", "diamond"),
    Kind("action", "conservation action", "#7b1fa2", "square"),
    Kind("status", "Red List status", "#d32f2f", "star"),
    Kind("threat", "threat", "#e64a19", "triangleDown"),
    Kind("use", "use by people", "#f06292", "dot"),
    Kind("action-type", "kind of action", "#ba68c8", "diamond"),
    Kind("concept", "concept", "#90a4ae", "dot"),
    Kind("class", "class (ontology)", "#455a64", "square"),
    Kind("property", "property (ontology)", "#78909c", "diamond"),
    Kind("scheme", "concept scheme", "#37474f", "hexagon"),
    Kind("other", "other", "#9e9e9e", "dot"),
)
KIND_BY_KEY: dict[str, Kind] = {k.key: k for k in KINDS}

#: rdf:type → kind of a data entity (first match in this order wins).
DATA_TYPES: tuple[tuple[str, str], ...] = tuple((iri_str(c), k) for c, k in (
    (WILDKG.FocalSpecies, "focal"),
    (WILDKG.Species, "species"),
    (WILDKG.TaxonGroup, "group"),
    (DWC.Taxon, "taxon"),
    (WILDKG.ProtectedArea, "protected"),
    (WILDKG.Country, "country"),
    (WILDKG.Subdivision, "subdivision"),
    (WILDKG.MountainRange, "range"),
    (WILDKG.Place, "place"),
    (WILDKG.Habitat, "habitat"),
    (WILDKG.FoodItem, "food"),
    (WILDKG.ConservationAction, "action"),
))
#: Never drawn: their content goes into the details of the entities they describe.
HIDDEN_TYPES = frozenset(iri_str(t) for t in (
    WILDKG.Fact, RDF.Statement, WILDKG.Source, WILDKG.SourceSection, DWC.MeasurementOrFact,
    WILDKG.MarketPrice, PROV.Agent))
FACT_TYPES = frozenset(iri_str(t) for t in (WILDKG.Fact, RDF.Statement))
#: Drawn only with include_schema.
SCHEMA_TYPES: dict[str, str] = {iri_str(t): k for t, k in (
    (OWL.Class, "class"), (RDFS.Class, "class"), (SH.NodeShape, "class"),
    (OWL.ObjectProperty, "property"), (OWL.DatatypeProperty, "property"),
    (OWL.AnnotationProperty, "property"), (RDF.Property, "property"),
    (SH.PropertyShape, "property"), (OWL.Ontology, "scheme"), (SKOS.ConceptScheme, "scheme"),
    (SKOS.Concept, "concept"), (QUDT.Unit, "concept"),
)}
#: Concept namespaces → kind; a used concept is drawn as a node of that kind.
SCHEME_KINDS: tuple[tuple[str, str], ...] = (
    (str(REDLIST), "status"), (str(THREAT), "threat"), (str(USE), "use"),
    (str(ACTION), "action-type"), (str(LIFESTAGE), "concept"), (str(TRAIT), "concept"),
)
SCHEME_KEYS = frozenset(k for _, k in SCHEME_KINDS)
#: Predicates whose object is an external identifier or page, shown as a link.
LINK_PREDICATES = frozenset(iri_str(t) for t in (
    OWL.sameAs, SKOS.exactMatch, SKOS.closeMatch, RDFS.seeAlso, WILDKG.url, WILDKG.sectionUrl))
#: Literal predicates shown as the names of a node, in this order.
NAME_PREDICATES: tuple[str, ...] = tuple(iri_str(t) for t in (
    DWC.vernacularName, DWC.scientificName, SKOS.prefLabel, SKOS.altLabel, SKOS.notation))
#: Labels for the reused terms, should the graph not carry the ontology.
BUILTIN_LABELS: dict[str, str] = {
    iri_str(PREYS_ON): "preys on", iri_str(PREYED_UPON_BY): "preyed upon by", iri_str(EATS): "eats",
    iri_str(PART_OF): "part of",
}
#: Inverse pairs: when both directions are stated, only the second is drawn.
INVERSE_KEEP: dict[str, str] = {iri_str(PREYS_ON): iri_str(PREYED_UPON_BY)}
# Predicates the extractor looks at, as plain strings.
TYPE, LABEL, PREF_LABEL = iri_str(RDF.type), iri_str(RDFS.label), iri_str(SKOS.prefLabel)
NOT_SHOWN = frozenset({TYPE, LABEL})
HAS_MEASUREMENT = iri_str(WILDKG.hasMeasurement)
#: Numbers shown in a taxon's details, not drawn: trait measurements and product prices.
MEASURES = frozenset({HAS_MEASUREMENT, iri_str(WILDKG.hasMarketPrice)})
PRODUCT = iri_str(WILDKG.product)
R_SUBJECT, R_PREDICATE, R_OBJECT = (
    iri_str(RDF.subject), iri_str(RDF.predicate), iri_str(RDF.object))
WK_NS = str(WK)
DWC_VERNACULAR = iri_str(DWC.vernacularName)
DWC_SCIENTIFIC = iri_str(DWC.scientificName)
TITLE, PART_OF_DOC = iri_str(DCTERMS.title), iri_str(DCTERMS.isPartOf)
PUBLISHER, DESCRIPTION = iri_str(DCTERMS.publisher), iri_str(DCTERMS.description)
SECTION_URL, URL = iri_str(WILDKG.sectionUrl), iri_str(WILDKG.url)
DERIVED = iri_str(PROV.wasDerivedFrom)
LIFE_STAGE, RANGE_PART = iri_str(WILDKG.preyLifeStage), iri_str(WILDKG.rangePart)
SCOPE, SEASON = iri_str(WILDKG.scope), iri_str(WILDKG.season)
M_TYPE, M_UNIT = iri_str(DWCIRI.measurementType), iri_str(DWCIRI.measurementUnit)
REMARKS = iri_str(DWC.measurementRemarks)
MIN, MAX, VALUE = iri_str(WILDKG.minValue), iri_str(WILDKG.maxValue), iri_str(WILDKG.value)
SYMBOL = iri_str(QUDT.symbol)
