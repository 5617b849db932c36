"""Every namespace wildkg uses, defined once.

Terms of the ontology live in ``ontology/wildkg.ttl``; this module only names the
namespaces so Python code never spells an IRI by hand.
"""

from __future__ import annotations

from rdflib import Graph, Namespace
from rdflib.namespace import DCTERMS, OWL, PROV, RDF, RDFS, SH, SKOS, XSD

BASE = "https://w3id.org/wildkg/"

#: The wildkg ontology: classes and properties we had to mint.
WILDKG = Namespace(BASE + "ontology#")
#: Data entities: taxa, places, protected areas, sources, facts.
WK = Namespace(BASE + "id/")
#: Per-kind data namespaces, so queries can say ``taxon:moschus-leucogaster``
#: (a SPARQL prefixed name cannot contain ``/``).
TAXON = Namespace(BASE + "id/taxon/")
PLACE = Namespace(BASE + "id/place/")
AREA = Namespace(BASE + "id/protected-area/")
SOURCE = Namespace(BASE + "id/source/")
FACT = Namespace(BASE + "id/fact/")
#: Concept schemes.
REDLIST = Namespace(BASE + "scheme/iucn-redlist/")
THREAT = Namespace(BASE + "scheme/iucn-threats/")
LIFESTAGE = Namespace(BASE + "scheme/life-stage/")
ACTION = Namespace(BASE + "scheme/conservation-action/")
TRAIT = Namespace(BASE + "scheme/trait/")
USE = Namespace(BASE + "scheme/use/")
#: wildkg's SHACL shapes.
SHAPES = Namespace(BASE + "shapes#")

DWC = Namespace("http://rs.tdwg.org/dwc/terms/")
DWCIRI = Namespace("http://rs.tdwg.org/dwc/iri/")
OBO = Namespace("http://purl.obolibrary.org/obo/")
UNIT = Namespace("http://qudt.org/vocab/unit/")
QUDT = Namespace("http://qudt.org/schema/qudt/")
GEO = Namespace("http://www.opengis.net/ont/geosparql#")

#: Relation Ontology terms we use (checked against RO: preys on, preyed upon by, eats).
PREYS_ON = OBO.RO_0002439
PREYED_UPON_BY = OBO.RO_0002458
EATS = OBO.RO_0002470
#: BFO "part of", the parent of wildkg:partOf.
PART_OF = OBO.BFO_0000050

#: Prefix → namespace, in the order they are bound on every graph and query.
PREFIXES: dict[str, str] = {
    "wildkg": str(WILDKG),
    "wk": str(WK),
    "taxon": str(TAXON),
    "place": str(PLACE),
    "area": str(AREA),
    "source": str(SOURCE),
    "fact": str(FACT),
    "redlist": str(REDLIST),
    "threat": str(THREAT),
    "lifestage": str(LIFESTAGE),
    "action": str(ACTION),
    "trait": str(TRAIT),
    "use": str(USE),
    "dwc": str(DWC),
    "dwciri": str(DWCIRI),
    "obo": str(OBO),
    "unit": str(UNIT),
    "qudt": str(QUDT),
    "skos": str(SKOS),
    "prov": str(PROV),
    "dcterms": str(DCTERMS),
    "rdf": str(RDF),
    "rdfs": str(RDFS),
    "owl": str(OWL),
    "xsd": str(XSD),
    "sh": str(SH),
}


def bind_prefixes(graph: Graph) -> Graph:
    """Bind every project prefix on ``graph`` (replacing rdflib's defaults) and return it."""
    for prefix, ns in PREFIXES.items():
        graph.bind(prefix, Namespace(ns), override=True, replace=True)
    return graph


def sparql_prologue() -> str:
    """PREFIX lines for every project prefix, to put before a user's query."""
    return "".join(f"PREFIX {p}: <{ns}>\n" for p, ns in PREFIXES.items())


def compact(iri: str, *, brackets: bool = True) -> str:
    """``taxon:panthera-uncia`` for an IRI in a project namespace (the longest that matches);
    otherwise ``<iri>`` (or the bare IRI when ``brackets`` is false)."""
    best = max((ns for ns in PREFIXES.values() if iri.startswith(ns)), key=len, default="")
    if best:
        prefix = next(p for p, ns in PREFIXES.items() if ns == best)
        return f"{prefix}:{iri[len(best):]}"
    return f"<{iri}>" if brackets else iri
