"""Checks and qualifiers of curated facts that carry more than a triple: a Red List status
with its assessment date, criteria and version; a range fact's ``part`` of the place; a
source's publisher (an agent) and retrieval date."""

from __future__ import annotations

import re

from rdflib.namespace import DCTERMS, PROV, RDF, RDFS, XSD

from wildkg import provenance
from wildkg.build.triples import Terms, lit
from wildkg.build.triples import iri as to_iri
from wildkg.curation.loader import Entry
from wildkg.namespaces import WILDKG

_W, _R, _RS, _DCT, _PRV = Terms(WILDKG), Terms(RDF), Terms(RDFS), Terms(DCTERMS), Terms(PROV)

DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def source_extras(iri: str, entry: Entry) -> list[tuple[str, str, str]]:
    """A source's publisher (an agent with a label, not a literal) and its retrieval date."""
    v = entry.values
    out: list[tuple[str, str, str]] = []
    if "publisher" in v:
        agent = to_iri(str(provenance.agent_iri(v["publisher"])))
        out += [(iri, _DCT.publisher, agent), (agent, _R.type, _PRV.Agent), (agent, _R.type, _DCT.Agent),
                (agent, _RS.label, lit(v["publisher"]))]
    if "retrieved" in v:
        if not DATE.fullmatch(str(v["retrieved"])):
            raise entry.error("retrieved", f"'{v['retrieved']}' is not a date written YYYY-MM-DD")
        out.append((iri, _W.retrievedOn, lit(str(v["retrieved"]), datatype=str(XSD.date))))
    return out


def status_qualifiers(st: Entry) -> list[tuple[str, str]]:
    """Assessment date, criteria and criteria version of a Red List status, when the source gives them."""
    quals: list[tuple[str, str]] = []
    if "assessed" in st.values:
        if not DATE.fullmatch(str(st.values["assessed"])):
            raise st.error("assessed", f"'{st.values['assessed']}' is not a date written YYYY-MM-DD")
        quals.append((_W.assessmentDate, lit(str(st.values["assessed"]), datatype=str(XSD.date))))
    if "criteria" in st.values:
        quals.append((_W.redListCriteria, lit(str(st.values["criteria"]))))
    if "criteria_version" in st.values:
        quals.append((_W.criteriaVersion, lit(str(st.values["criteria_version"]))))
    return quals


def range_part(e: Entry, places: dict[str, Entry]) -> str:
    """``part`` says which part of *this* place the taxon lives in, so it must not name another
    place ("northern India" on Sikkim is the part of India Sikkim lies in, not a part of Sikkim)."""
    part = str(e.values["part"])
    text = f" {' '.join(part.lower().split())} "
    for pid, other in places.items():
        label = " ".join(str(other.values["label"]).lower().split())
        if pid != e.values["place"] and f" {label} " in text:
            raise e.error("part", f"'{part}' names another place ({other.values['label']}): `part` says which "
                                  f"part of {e.values['place']} the taxon lives in, such as 'northern'")
    return part
