"""Codes of the concept schemes shipped in the ontology, and the N-Triples terms importers use.

Codes are read from the ontology files (never a second list in code): a Red List category
label or code, or a threat code, that the scheme does not hold is an unknown code.
"""

from __future__ import annotations

from collections.abc import Iterator
from functools import cache

import pycountry
from rdflib import Graph, URIRef
from rdflib.namespace import SKOS

from wildkg import ids
from wildkg.namespaces import DWC, REDLIST, THREAT, WILDKG
from wildkg.project import ONTOLOGY_DIR
from wildkg.provenance import T_LABEL, T_TYPE, Dataset, Statement, iri, literal, vocab, wk
from wildkg.sources.base import Assert, TaxonRef

# Terms importers write, as N-Triples text.
SCIENTIFIC_NAME, VERNACULAR_NAME, TAXON_RANK = vocab(DWC.scientificName), vocab(DWC.vernacularName), vocab(DWC.taxonRank)
TAXON, SPECIES = vocab(DWC.Taxon), vocab(WILDKG.Species)
PARENT, SYNONYM = vocab(WILDKG.parentTaxon), vocab(WILDKG.synonym)
STATUS, REGIONAL_STATUS = vocab(WILDKG.redListStatus), vocab(WILDKG.regionalRedListStatus)
ASSESSED, CRITERIA, CRITERIA_VERSION, SCOPE = (vocab(WILDKG.assessmentDate), vocab(WILDKG.redListCriteria),
                                               vocab(WILDKG.criteriaVersion), vocab(WILDKG.assessmentScope))
OCCURS_IN, PRESENCE, ORIGIN = vocab(WILDKG.occursIn), vocab(WILDKG.presence), vocab(WILDKG.origin)
ENDEMIC_TO = vocab(WILDKG.endemicTo)
THREATENED_BY, TIMING, THREAT_SCOPE, SEVERITY = (vocab(WILDKG.threatenedBy), vocab(WILDKG.threatTiming),
                                                 vocab(WILDKG.threatScope), vocab(WILDKG.threatSeverity))
HAS_HABITAT, HABITAT = vocab(WILDKG.hasHabitat), vocab(WILDKG.Habitat)
EXACT_MATCH, ISO_CODE = vocab(SKOS.exactMatch), vocab(WILDKG.isoCode)
PLACE, COUNTRY, SUBDIVISION, PART_OF = (vocab(WILDKG.Place), vocab(WILDKG.Country), vocab(WILDKG.Subdivision),
                                        vocab(WILDKG.partOf))
XSD_DATE = "http://www.w3.org/2001/XMLSchema#date"


@cache
def _schemes() -> Graph:
    g = Graph()
    for name in ("scheme-iucn-redlist.ttl", "scheme-iucn-threats.ttl"):
        g.parse(ONTOLOGY_DIR / name, format="turtle")
    return g


@cache
def redlist_codes() -> dict[str, str]:
    """Category code and lowercase English label -> code (``"endangered"`` -> ``"EN"``)."""
    g = _schemes()
    out: dict[str, str] = {}
    for concept in g.subjects(SKOS.inScheme, URIRef(str(REDLIST).rstrip("/"))):
        code = str(g.value(concept, SKOS.notation))
        out[code.lower()] = code
        for label in g.objects(concept, SKOS.prefLabel):
            out[str(label).lower()] = code
    return out


@cache
def threat_codes() -> frozenset[str]:
    g = _schemes()
    return frozenset(str(g.value(c, SKOS.notation))
                     for c in g.subjects(SKOS.inScheme, URIRef(str(THREAT).rstrip("/"))))


def redlist_term(value: str) -> str | None:
    """``<…/iucn-redlist/EN>`` for ``"Endangered"`` or ``"EN"``; None if unknown."""
    code = redlist_codes().get(value.strip().lower())
    return iri(f"{REDLIST}{code}") if code else None


def threat_term(code: str) -> str | None:
    """``threat:5.1.1`` for ``5.1.1`` or API v4's ``5_1_1``; None when the scheme has no such code."""
    code = code.strip().replace("_", ".")
    return iri(f"{THREAT}{code}") if ids.valid("iucn-code", code) and code in threat_codes() else None


#: Red List presence values that are not an occurrence.
NOT_PRESENT = frozenset({"extinct", "extinct post-1500", "presence uncertain"})


def known_place(code: str) -> bool:
    """``code`` is an ISO 3166-1 or 3166-2 code that pycountry knows."""
    return (ids.valid("iso-3166-1", code) or ids.valid("iso-3166-2", code)) and place_lines(code) is not None


#: Where the codes and names of places come from (the same source the curated places cite).
ISO_3166 = Dataset(kind="iso-3166", title="ISO 3166 country and subdivision codes (as packaged by pycountry)",
                   url="https://www.iso.org/iso-3166-country-codes.html",
                   publisher="International Organization for Standardization")


@cache
def place_lines(code: str) -> tuple[str, ...] | None:
    """The description of a country or subdivision by its ISO 3166 code (name from pycountry,
    code as a statement of ISO 3166); None when the code is not an ISO 3166 code."""
    node = wk(f"place/{code}")
    record = ISO_3166.record("code", code)
    if len(code) == 2:
        found = pycountry.countries.get(alpha_2=code)
        kind = COUNTRY
    else:
        found = pycountry.subdivisions.get(code=code)  # type: ignore[no-untyped-call]
        kind = SUBDIVISION
    if found is None:
        return None
    lines = [f"{node} {T_TYPE} {PLACE} .\n", f"{node} {T_TYPE} {kind} .\n",
             f"{node} {T_LABEL} {literal(found.name, 'en')} .\n",
             *Statement(node, ISO_CODE, literal(code), record).lines(), *ISO_3166.lines(),
             *ISO_3166.record_lines("code", code, f"ISO 3166 code {code}")]
    if kind == SUBDIVISION:
        parent = place_term(code[:2])
        lines += [*Statement(node, PART_OF, parent, record).lines(), *(place_lines(code[:2]) or ())]
    return tuple(lines)


def place_term(code: str) -> str:
    return wk(f"place/{code}")



def id_links(ref: TaxonRef, record: str, keys: tuple[tuple[str, str], ...]) -> Iterator[Assert]:
    """Each external identifier as a literal, and its IRI form with skos:exactMatch."""
    for kind, value in keys:
        prop, template = ids.EXTERNAL[kind]
        yield Assert(ref, iri(prop), literal(value), record)
        if template:
            yield Assert(ref, EXACT_MATCH, iri(template.format(value)), record)
