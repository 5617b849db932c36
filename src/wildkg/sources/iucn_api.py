"""Red List API v4 responses saved to files: ``/assessment/{id}`` and ``/taxa/…``.

v4 writes classification codes with underscores (``5_1_1``); they are read as the dotted
codes of the CSVs. Descriptions may be plain strings or ``{"en": …}`` objects.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from wildkg import ids
from wildkg.provenance import Dataset, literal, valid_iri
from wildkg.sources import vocab as v
from wildkg.sources.base import Assert, Item, Lines, Place, Plain, TaxonEntry, TaxonRef
from wildkg.sources.tables import TableFile, plain_text

if TYPE_CHECKING:
    from wildkg.sources.iucn import IucnImporter


def _load(table: TableFile) -> Any:
    with table.open() as f:
        try:
            return json.load(f)
        except json.JSONDecodeError as err:
            from wildkg.sources.base import RowError

            raise RowError(table.label, f"not JSON: {err.msg}", None, None, err.lineno) from None


def is_api_file(table: TableFile) -> bool:
    doc = _load(table)
    return isinstance(doc, dict) and ("assessment_id" in doc or "taxon" in doc)


def _text(value: Any) -> str:
    if isinstance(value, dict):
        value = value.get("en", "")
    return plain_text(str(value)) if value is not None else ""


def _taxon_of(doc: dict[str, Any]) -> tuple[str, str, bool] | None:
    taxon = doc.get("taxon") or {}
    tid = str(doc.get("sis_taxon_id") or taxon.get("sis_id") or "")
    name = _text(taxon.get("scientific_name", ""))
    if not tid or not name:
        return None
    return tid, name, bool(taxon.get("subpopulation_name"))


def api_index(importer: IucnImporter, table: TableFile) -> Iterator[TaxonEntry]:
    doc = _load(table)
    if not isinstance(doc, dict):
        return
    found = _taxon_of(doc)
    if found is None or not ids.valid("iucn", found[0]):
        return
    tid, name, subpop = found
    taxon = doc.get("taxon") or {}
    if subpop:
        yield TaxonEntry((("iucn", tid),), name, priority=20, by_name=False,
                         hint=f"{name} {_text(taxon.get('subpopulation_name'))}")
    synonyms = tuple(_text(s.get("name", "")) for s in taxon.get("synonyms", []) if isinstance(s, dict))
    if synonyms:
        yield TaxonEntry((("iucn", tid),), name, priority=20, synonyms=tuple(s for s in synonyms if s))


def api_items(importer: IucnImporter, data: Dataset, table: TableFile) -> Iterator[Item]:
    doc = _load(table)
    importer.tally.rows[table.label] += 1
    found = _taxon_of(doc)
    if found is None:
        importer.bad(table.label, None, "taxon", "no sis_taxon_id / taxon.scientific_name")
        return
    tid, name, _ = found
    if not ids.valid("iucn", tid):
        importer.bad(table.label, None, "sis_taxon_id", f"'{tid}' is not an IUCN taxon id")
        return
    if not importer.keep_taxon(name):
        return
    ref = TaxonRef((("iucn", tid),), name)
    yield from importer._taxon_entity(data, ref, "taxon", tid)
    assessments = [doc] if "assessment_id" in doc else [a for a in doc.get("assessments", []) if isinstance(a, dict)]
    for a in assessments:
        yield from _assessment(importer, data, table, ref, a)


def _assessment(importer: IucnImporter, data: Dataset, table: TableFile, ref: TaxonRef,
                a: dict[str, Any]) -> Iterator[Item]:
    aid = str(a.get("assessment_id", ""))
    if not ids.valid("iucn-assessment", aid):
        importer.bad(table.label, None, "assessment_id", f"'{aid}' is not an assessment id")
        return
    record = data.record("assessment", aid)
    yield Lines(data.record_lines("assessment", aid, f"Red List assessment {aid} of {ref.name}"))
    category = a.get("red_list_category") or {}
    code = _text(category.get("code", "")) if isinstance(category, dict) else _text(category)
    code = code or _text(a.get("red_list_category_code", ""))
    if code:
        status = v.redlist_term(code)
        if status is None:
            importer.bad(table.label, None, "red_list_category.code", f"unknown Red List category '{code}'")
            return
        quals: list[tuple[str, str]] = []
        day = (str(a.get("assessment_date") or ""))[:10]
        if len(day) == 10:
            quals.append((v.ASSESSED, literal(day, datatype=v.XSD_DATE)))
        if a.get("criteria"):
            quals.append((v.CRITERIA, literal(_text(a["criteria"]))))
        version = category.get("version") if isinstance(category, dict) else None
        if version:
            quals.append((v.CRITERIA_VERSION, literal(_text(version))))
        scopes = [_text(s.get("description", "")) for s in a.get("scopes", []) if isinstance(s, dict)]
        scope = " & ".join(s for s in scopes if s) or "Global"
        regional = "global" not in scope.lower()
        yield Assert(ref, v.REGIONAL_STATUS if regional else v.STATUS, status, record,
                     (*quals, (v.SCOPE, literal(scope))))
    for loc in a.get("locations", []) or []:
        code = _text(loc.get("code", "")).upper()
        if not v.known_place(code):
            importer.bad(table.label, None, "locations.code", f"unknown country code '{code}' (not ISO 3166)")
            continue
        presence = _text(loc.get("presence", ""))
        if presence.lower() in v.NOT_PRESENT:
            importer.tally.left_out[f"locations: presence '{presence}' is not an occurrence"] += 1
            continue
        q = tuple((p, literal(val)) for p, val in ((v.PRESENCE, presence), (v.ORIGIN, _text(loc.get("origin", ""))))
                  if val)
        yield Place(code)
        yield Assert(ref, v.OCCURS_IN, v.place_term(code), record, q)
    for threat in a.get("threats", []) or []:
        raw = _text(threat.get("code", ""))
        term = v.threat_term(raw)
        if term is None:
            importer.bad(table.label, None, "threats.code", f"unknown threat code '{raw}'")
            continue
        q = tuple((p, literal(_text(threat[k]))) for p, k in (
            (v.TIMING, "timing"), (v.THREAT_SCOPE, "scope"), (v.SEVERITY, "severity")) if threat.get(k))
        yield Assert(ref, v.THREATENED_BY, term, record, q)
    if a.get("url"):
        url = str(a["url"])
        if url.startswith("https://www.iucnredlist.org/species/") and valid_iri(url):
            yield Plain(record, v.EXACT_MATCH, f"<{url}>")
