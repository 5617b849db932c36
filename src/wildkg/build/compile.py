"""Stage 2: turn checked records into RDF, following ``docs/data-model.md``.

Every fact is written as its plain triple plus a reified ``wildkg:Fact`` node whose IRI is
a hash of the triple, carrying ``prov:wasDerivedFrom`` the cited section and any
qualifiers (see ``docs/decisions/0001-provenance.md``). Codes (IUCN categories and
threats, life stages, traits, units…) are checked against the concept schemes of the
ontology, so an unknown code fails with the file, entity, field and line.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterable

import pycountry
from rdflib.namespace import DCTERMS, PROV, RDF, RDFS

from wildkg import ids, provenance
from wildkg.build.measures import measurement
from wildkg.build.ontology import Vocabulary
from wildkg.build.qualifiers import range_part, source_extras, status_qualifiers
from wildkg.build.triples import Terms, Triples, en, key, lit
from wildkg.build.triples import iri as to_iri
from wildkg.curation.loader import Account, Cite, Entry, Project
from wildkg.ids import slug
from wildkg.namespaces import (
    ACTION,
    EATS,
    LIFESTAGE,
    PREYED_UPON_BY,
    PREYS_ON,
    REDLIST,
    THREAT,
    TRAIT,
    USE,
    WILDKG,
    WK,
)
from wildkg.namespaces import DWC as _DWC

#: Terms as N-Triples text (``W.Fact`` is ``<https://w3id.org/wildkg/ontology#Fact>``).
W, R, RS, DCT, PRV, DWC = Terms(WILDKG), Terms(RDF), Terms(RDFS), Terms(DCTERMS), Terms(PROV), Terms(_DWC)
T_EATS, T_PREYED_UPON_BY, T_PREYS_ON = to_iri(str(EATS)), to_iri(str(PREYED_UPON_BY)), to_iri(str(PREYS_ON))
_WK = str(WK)

Quals = list[tuple[str, str]]

LEGAL: dict[str, str] = {
    "protected": W.legallyProtectedIn,
    "hunting-under-licence": W.huntingUnderLicenceIn,
    "listed-endangered": W.nationallyListedEndangeredIn,
}
PLACE_KINDS: dict[str, str] = {
    "country": W.Country, "subdivision": W.Subdivision,
    "mountain-range": W.MountainRange,
}
SCHEMES: dict[str, str] = {
    "redlist": str(REDLIST).rstrip("/"), "threat": str(THREAT).rstrip("/"),
    "lifestage": str(LIFESTAGE).rstrip("/"), "action": str(ACTION).rstrip("/"),
    "trait": str(TRAIT).rstrip("/"), "use": str(USE).rstrip("/"),
}


def wk(path: str) -> str:
    """``<https://w3id.org/wildkg/id/path>``."""
    return to_iri(_WK + path)


def taxon_iri(taxon_id: str) -> str:
    return wk(f"taxon/{taxon_id}")


def place_iri(place_id: str) -> str:
    return wk(f"place/{place_id}")


def area_iri(area_id: str) -> str:
    return wk(f"protected-area/{area_id}")


def source_iri(source_id: str) -> str:
    return wk(f"source/{source_id}")


@functools.lru_cache(maxsize=65536)
def section_iri(source_id: str, section: str) -> str:
    """A cited section's IRI (cited again and again: computed once per process)."""
    return wk(f"source/{source_id}/{slug(section)}")


def fact_iri(s: str, p: str, o: str, source: str, qualifiers: Iterable[tuple[str, str]] = ()) -> str:
    """A fact's IRI: a hash over the triple, the cited section and the qualifiers
    (:func:`wildkg.provenance.statement_key`, over the same text as the bulk importers hash),
    so each source's statement is its own node."""
    return f"<{_WK}fact/{provenance.statement_key(key(s), p, key(o), source, [(a, key(b)) for a, b in qualifiers])}>"


class Compiler:
    """Accumulates the data graph for a :class:`Project`, checking codes against ``ontology``."""

    def __init__(self, project: Project, ontology: Vocabulary) -> None:
        self.project = project
        self.ontology = ontology
        self.graph = Triples()
        self.facts = 0
        self._fact_nodes: set[str] = set()

    # -- helpers -------------------------------------------------------------------------
    def concept(self, scheme: str, ns_iri: str, code: str, entry: Entry, field: str) -> str:
        """The concept ``code`` of ``scheme`` as N-Triples text; an unknown code names the field."""
        concept = ns_iri + code
        if not self.ontology.in_scheme(concept, SCHEMES[scheme]):
            known = self.ontology.known(SCHEMES[scheme])
            hint = f" (known: {', '.join(known[:25])}{', …' if len(known) > 25 else ''})" if known else ""
            raise entry.error(field, f"unknown {scheme} code '{code}'{hint}")
        return to_iri(concept)

    @staticmethod
    def wk(path: str) -> str:
        return wk(path)

    def label(self, concept: str) -> str | None:
        """The ``skos:prefLabel`` of a concept given as N-Triples text."""
        return self.ontology.label(concept[1:-1])

    def add(self, s: str, p: str, o: str) -> None:
        self.graph.add(s, p, o)

    def fact(self, s: str, p: str, o: str, cite: Cite | None, qualifiers: Iterable[tuple[str, str]] = ()) -> str:
        """Assert ``s p o`` and the fact node of this citation with its qualifiers: one node
        per (triple, section, qualifiers), so qualifiers of one source never mix with another's."""
        assert cite is not None, "entries that state facts always carry a citation"
        add = self.graph.add
        add(s, p, o)
        section = section_iri(cite.source, cite.section)
        quals = list(qualifiers)
        node = fact_iri(s, p, o, section, quals)
        if node not in self._fact_nodes:
            self._fact_nodes.add(node)
            self.facts += 1
            add(node, R.type, R.Statement)
            add(node, R.type, W.Fact)
            add(node, R.subject, s)
            add(node, R.predicate, p)
            add(node, R.object, o)
            add(node, PRV.wasDerivedFrom, section)
            for qp, qo in quals:
                add(node, qp, qo)
        return node

    # -- entities -------------------------------------------------------------------------
    def sources(self) -> None:
        for sid, entry in self.project.sources.items():
            iri = source_iri(sid)
            v = entry.values
            self.add(iri, R.type, W.Source)
            self.add(iri, R.type, PRV.Entity)
            self.add(iri, RS.label, lit(v["title"]))
            self.add(iri, DCT.title, lit(v["title"]))
            self.add(iri, W.url, to_iri(v["url"]))
            for triple in source_extras(iri, entry):  # publisher as an agent, retrieval date
                self.add(*triple)
            if "license" in v:
                self.add(iri, DCT.license, to_iri(v["license"]))
            for title, anchor in v["sections"].items():
                sec = section_iri(sid, title)
                self.add(sec, R.type, W.SourceSection)
                self.add(sec, R.type, PRV.Entity)
                self.add(sec, RS.label, lit(f"{v['title']} — {title}"))
                self.add(sec, DCT.title, lit(title))
                self.add(sec, DCT.isPartOf, iri)
                url = v["url"] if anchor is None else f"{v['url']}#{anchor}"
                self.add(sec, W.sectionUrl, to_iri(url))

    def taxa(self, ids: Iterable[str] | None = None) -> None:
        """The taxa records (``ids``: only these, in this order)."""
        taxa = self.project.taxa
        for tid, entry in (taxa.items() if ids is None else ((tid, taxa[tid]) for tid in ids)):
            iri = taxon_iri(tid)
            v = entry.values
            group = v.get("kind") == "group"
            if v.get("kind") not in (None, "group", "taxon"):
                raise entry.error("kind", f"unknown taxon kind '{v['kind']}' (use 'group' or leave it out)")
            names = v.get("names", [])
            if group:
                if "scientific_name" in v:
                    raise entry.error("scientific_name", "an informal group has no scientific name")
                if "label" not in v and not names:
                    raise entry.error("label", "a group needs a label")
                self.add(iri, R.type, W.TaxonGroup)
            else:
                if "scientific_name" not in v:
                    raise entry.error("scientific_name", "required field is missing")
                if "rank" not in v:
                    raise entry.error("rank", "required field is missing")
                self.fact(iri, DWC.scientificName, lit(v["scientific_name"]), entry.cite)
                self.fact(iri, DWC.taxonRank, lit(v["rank"]), entry.cite)
                if v["rank"] == "species":
                    self.add(iri, R.type, W.Species)
            self.add(iri, R.type, DWC.Taxon)
            label = v.get("label") or (names[0] if names else v["scientific_name"])
            self.add(iri, RS.label, en(label))
            for name in names:
                self.fact(iri, DWC.vernacularName, en(name), entry.cite)
            if "parent" in v:
                self.fact(iri, W.parentTaxon, taxon_iri(v["parent"]), entry.cite)
            if "description" in v:
                self.add(iri, DCT.description, en(v["description"]))

    def places(self) -> None:
        for pid, entry in self.project.places.items():
            iri = place_iri(pid)
            kind = entry.values["kind"]
            if kind not in PLACE_KINDS:
                raise entry.error("kind", f"unknown place kind '{kind}' (known: {', '.join(PLACE_KINDS)})")
            self.add(iri, R.type, W.Place)
            self.add(iri, R.type, PLACE_KINDS[kind])
            self.add(iri, RS.label, en(entry.values["label"]))
            if kind == "country":
                if pycountry.countries.get(alpha_2=pid) is None:
                    raise entry.error("id", f"'{pid}' is not an ISO 3166-1 alpha-2 country code")
                self.fact(iri, W.isoCode, lit(pid), entry.cite)
            elif kind == "subdivision":
                sub = pycountry.subdivisions.get(code=pid)  # type: ignore[no-untyped-call]
                if sub is None:
                    raise entry.error("id", f"'{pid}' is not an ISO 3166-2 subdivision code")
                if entry.get("part_of") != sub.country_code:
                    raise entry.error("part_of", f"ISO 3166-2 puts {pid} in {sub.country_code}, "
                                                 f"not '{entry.get('part_of')}'")
                self.fact(iri, W.isoCode, lit(pid), entry.cite)
            if "part_of" in entry.values:
                self.fact(iri, W.partOf, place_iri(entry.values["part_of"]), entry.cite)

    def areas(self) -> None:
        for aid, entry in self.project.areas.items():
            iri = area_iri(aid)
            v = entry.values
            self.add(iri, R.type, W.Place)
            self.add(iri, R.type, W.ProtectedArea)
            self.add(iri, RS.label, en(v["label"]))
            self.fact(iri, W.designation, en(v["designation"]), entry.cite)
            self.fact(iri, W.locatedIn, place_iri(v["located_in"]), entry.cite)

    def vocabulary(self) -> None:
        for table, cls, prefix in ((self.project.habitats, W.Habitat, "habitat"),
                                   (self.project.foods, W.FoodItem, "food")):
            for vid, entry in table.items():
                iri = wk(f"{prefix}/{vid}")
                self.add(iri, R.type, cls)
                self.add(iri, RS.label, en(entry.values["label"]))
                if "description" in entry.values:
                    self.add(iri, DCT.description, en(entry.values["description"]))

    # -- accounts --------------------------------------------------------------------------
    def account(self, account: Account) -> None:
        sp = taxon_iri(account.taxon)
        quals: Quals
        self.add(sp, R.type, W.FocalSpecies)  # here, so an account compiles on its own
        if account.summary:
            self.add(sp, DCT.description, en(account.summary.strip()))
        if account.status is None:
            raise account.loc.error("a species account needs a `status:` with its IUCN category", "status")
        st = account.status
        self.fact(sp, W.redListStatus, self.concept("redlist", str(REDLIST), st.values["iucn"], st, "iucn"),
                  st.cite, status_qualifiers(st))
        if "reason" in st.values:
            self.fact(sp, W.redListReason, en(st.values["reason"]), st.cite)
        s = account.sections
        for e in s["taxonomy"]:
            self.fact(sp, W.formerlyIncludedIn, taxon_iri(e.values["formerly_included_in"]), e.cite,
                      _described(e))
        for e in s["range"]:
            quals = [(W.rangePart, en(range_part(e, self.project.places)))] if "part" in e.values else []
            self.fact(sp, W.occursIn, place_iri(e.values["place"]), e.cite, quals)
        for e in s["habitat"]:
            self.fact(sp, W.hasHabitat, wk(f"habitat/{e.values['habitat']}"), e.cite, _described(e))
        for e in s["diet"]:
            quals = _described(e) + ([(W.season, en(e.values["season"]))] if "season" in e.values else [])
            self.fact(sp, T_EATS, wk(f"food/{e.values['food']}"), e.cite, quals)
        for e in s["predators"]:
            predator = taxon_iri(e.values["taxon"])
            quals = []
            if "life_stage" in e.values:
                quals.append((W.preyLifeStage,
                              self.concept("lifestage", str(LIFESTAGE), e.values["life_stage"], e, "life_stage")))
            self.fact(sp, T_PREYED_UPON_BY, predator, e.cite, quals)
            self.fact(predator, T_PREYS_ON, sp, e.cite, quals)
        for e in s["threats"]:
            code = self.concept("threat", str(THREAT), e.values["iucn"], e, "iucn")
            self.fact(sp, W.threatenedBy, code, e.cite, _described(e))
        for e in s["legal"]:
            status = e.values["status"]
            if status not in LEGAL:
                raise e.error("status", f"unknown legal status '{status}' (known: {', '.join(LEGAL)})")
            country = e.values["country"]
            place = self.project.places.get(country)
            if place is None or place.values.get("kind") != "country":
                raise e.error("country", f"'{country}' is not a country")
            quals = _described(e) + ([(W.scope, en(e.values["scope"]))] if "scope" in e.values else [])
            self.fact(sp, LEGAL[status], place_iri(country), e.cite, quals)
        for e in s["protected_areas"]:
            self.fact(sp, W.foundInProtectedArea, area_iri(e.values["area"]), e.cite)
        for e in s["uses"]:
            self.fact(sp, W.hasUse, self.concept("use", str(USE), e.values["use"], e, "use"), e.cite,
                      _described(e))
        for e in s["characteristics"]:
            self.fact(sp, W.characteristic, en(e.values["text"]), e.cite)
        for e in s["behaviour"]:
            self.fact(sp, W.behaviour, en(e.values["text"]), e.cite)
        seen: set[str] = set()
        for e in s["actions"]:
            self.action(account, e, seen)
        seen = set()
        for e in s["measurements"]:
            self.measurement(account, e, seen)
        seen = set()
        for e in s["prices"]:
            self.measurement(account, e, seen, price=True)

    def action(self, account: Account, e: Entry, seen: set[str]) -> None:
        sp = taxon_iri(account.taxon)
        aid = e.values["id"]
        if aid in seen:
            raise e.error("id", f"duplicate action id '{aid}' in this account")
        seen.add(aid)
        if not ids.valid("slug", aid):
            raise e.error("id", f"'{aid}' is not an id: use lowercase letters, digits and single hyphens")
        node = wk(f"action/{account.taxon}/{aid}")
        kind = self.concept("action", str(ACTION), e.values["type"], e, "type")
        label = e.values.get("label") or self.label(kind) or aid
        self.add(node, R.type, W.ConservationAction)
        self.add(node, RS.label, en(label))
        if "description" in e.values:
            self.add(node, DCT.description, en(e.values["description"]))
        self.fact(sp, W.hasConservationAction, node, e.cite)
        self.fact(node, W.actionType, kind, e.cite)
        if "status" in e.values:
            self.fact(node, W.actionStatus, lit(e.values["status"]), e.cite)
        if "place" in e.values:
            self.fact(node, W.implementedIn, place_iri(e.values["place"]), e.cite)
        for problem in e.values.get("problems", []):
            self.fact(node, W.problem, en(problem), e.cite)

    def measurement(self, account: Account, e: Entry, seen: set[str], *, price: bool = False) -> None:
        """A trait measurement, or (``price``) a product's market price (:mod:`wildkg.build.measures`)."""
        measurement(self, account, e, seen, price=price)

    def shared(self, *, taxa: bool = True) -> Triples:
        """The records every account refers to: sources, places, areas, vocabulary, taxa
        (``taxa=False``: all but the taxa, which a caller compiles in parts)."""
        self.sources()
        self.places()
        self.areas()
        self.vocabulary()
        if taxa:
            self.taxa()
        return self.graph

    def run(self, each: Callable[[list[Account]], Iterable[Account]] = iter) -> Triples:
        self.shared()
        for account in each(self.project.accounts):
            self.account(account)
        return self.graph


def _described(e: Entry) -> Quals:
    return [(DCT.description, en(e.values["description"]))] if "description" in e.values else []
