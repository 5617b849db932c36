"""What the network page draws and how: kinds of node, and the RDF terms the extractor reads.

IRIs are kept as plain ``str`` here (see :mod:`wildkg.netgraph`): rdflib terms compare and
hash in Python, which made converting a 20,000-node graph three times slower.
"""

from __future__ import annotations

import zlib
from dataclasses import dataclass
from functools import lru_cache

from rdflib import Graph, URIRef
from rdflib.namespace import DCTERMS, OWL, PROV, RDF, RDFS, SH, SKOS

from wildkg import project
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

# --- any RDF: labels, kinds from classes not ours, and relations worded both ways ---------------
SCHEMA_NAME = "https://schema.org/name"
SCHEMA_NAME_HTTP = "http://schema.org/name"
FOAF_NAME = "http://xmlns.com/foaf/0.1/name"
NOTATION = iri_str(SKOS.notation)
#: Label predicates, best first; a language other than English ranks after every English one.
LABEL_RANK: dict[str, int] = {p: i for i, p in enumerate((
    LABEL, PREF_LABEL, SCHEMA_NAME, SCHEMA_NAME_HTTP, FOAF_NAME, TITLE))}
#: Namespaces of vocabularies (not data): an untyped subject there is never drawn as "other".
VOCABULARY_NAMESPACES: tuple[str, ...] = (
    str(RDF), str(RDFS), str(OWL), str(SH), str(SKOS), str(WILDKG), "http://www.w3.org/2001/XMLSchema#")
#: Colours for kinds taken from classes not ours (picked by a hash of the class IRI, so a kind
#: keeps its colour across pages and across the served explorer's answers).
PALETTE: tuple[str, ...] = (
    "#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2", "#17becf",
    "#bcbd22", "#3949ab", "#00897b", "#f4511e", "#6d4c41", "#5e35b1", "#c0ca33", "#039be5")
SHAPES: tuple[str, ...] = ("dot", "square", "diamond", "triangle", "hexagon", "triangleDown")
CLASS_KIND_PREFIX = "class:"


def class_kind(class_iri: str, label: str) -> Kind:
    """The kind of the resources typed with a class that is not ours."""
    h = zlib.crc32(class_iri.encode("utf-8"))
    return Kind(CLASS_KIND_PREFIX + class_iri, label, PALETTE[h % len(PALETTE)],
                SHAPES[(h // len(PALETTE)) % len(SHAPES)])


#: How a relation reads from its object's side ("preyed on by" on the prey's panel).
INVERSE_WORDING: dict[str, str] = {iri_str(p): w for p, w in (
    (PREYS_ON, "preyed on by"), (PREYED_UPON_BY, "preys on"), (EATS, "eaten by"),
    (PART_OF, "has part"), (WILDKG.partOf, "has part"), (WILDKG.parentTaxon, "parent taxon of"),
    (WILDKG.formerlyIncludedIn, "formerly included"), (WILDKG.redListStatus, "status of"),
    (WILDKG.threatenedBy, "threatens"), (WILDKG.occursIn, "home to"),
    (WILDKG.foundInProtectedArea, "protects"), (WILDKG.hasHabitat, "habitat of"),
    (WILDKG.hasUse, "use made of"), (WILDKG.hasConservationAction, "action for"),
    (WILDKG.locatedIn, "location of"), (WILDKG.actionType, "kind of"),
    (WILDKG.implementedIn, "place of action"), (WILDKG.legallyProtectedIn, "legally protects"),
    (WILDKG.huntingUnderLicenceIn, "allows licensed hunting of"),
    (WILDKG.nationallyListedEndangeredIn, "lists as endangered"),
    (WILDKG.hasLegalStatusIn, "gives a legal status to"),
)}
INVERSE_OF = iri_str(OWL.inverseOf)


@lru_cache(maxsize=1)
def _shipped_ontology() -> Graph:
    """The shipped ontology, parsed once for both lookups below (empty if it is missing)."""
    path = project.ONTOLOGY_DIR / "wildkg.ttl"
    return Graph().parse(path, format="turtle") if path.is_file() else Graph()


@lru_cache(maxsize=1)
def ontology_labels() -> dict[str, str]:
    """rdfs:label of the shipped ontology's terms, for graphs given without it."""
    return {iri_str(s): str(o) for s, o in _shipped_ontology().subject_objects(RDFS.label)
            if isinstance(s, URIRef)}


@lru_cache(maxsize=1)
def ontology_inverses() -> dict[str, str]:
    """owl:inverseOf pairs of the shipped ontology, both ways."""
    pairs = {iri_str(a): iri_str(b) for a, b in _shipped_ontology().subject_objects(OWL.inverseOf)
             if isinstance(a, URIRef) and isinstance(b, URIRef)}
    return pairs | {b: a for a, b in pairs.items()}
