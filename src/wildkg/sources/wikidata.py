"""Wikidata entity JSON: ``Special:EntityData/Q….json`` files, or a dump (one entity per line).

Taxon items (P31 Q16521) give: P225 taxon name, P105 rank, P171 parent, P141 IUCN status
(with the claim's point in time), P1843 common names, P183 endemic to, P9714 taxon range,
P1034 main food source, and the identifiers P846 GBIF, P627 IUCN, P685 NCBI, P2040 CITES.
Places are matched by their ISO 3166-1 code (P297) when their items are in the input too;
a parent, food or place item that is not in the input is reported as unmatched.
"""

from __future__ import annotations

import bz2
import gzip
import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any

from wildkg import ids
from wildkg.errors import InputError
from wildkg.namespaces import EATS
from wildkg.provenance import T_LABEL, T_TYPE, Dataset, literal, vocab
from wildkg.sources import vocab as v
from wildkg.sources.base import (
    Assert,
    Importer,
    ImportOptions,
    Item,
    Lines,
    Place,
    Plain,
    TaxonEntry,
    TaxonRef,
)

CC0 = "http://creativecommons.org/publicdomain/zero/1.0/"
TAXON_ITEM = "Q16521"
#: P105 values -> Darwin Core rank words.
RANKS = {"Q7432": "species", "Q34740": "genus", "Q35409": "family", "Q36602": "order", "Q37517": "class",
         "Q38348": "phylum", "Q36732": "kingdom", "Q68947": "subspecies", "Q164280": "subfamily",
         "Q767728": "variety"}
#: P141 values -> Red List codes (as Wikidata's items for the categories).
STATUS = {"Q211005": "LC", "Q719675": "NT", "Q278113": "VU", "Q11394": "EN", "Q219127": "CR",
          "Q239509": "EW", "Q237350": "EX", "Q3245245": "DD"}
LANG = re.compile(r"[a-zA-Z]{1,8}(?:-[a-zA-Z0-9]{1,8})*")
IDS = {"P846": "gbif", "P627": "iucn", "P685": "ncbi", "P2040": "cites"}


def _open(path: Path) -> IO[str]:
    if path.suffix == ".gz":
        return gzip.open(path, "rt", encoding="utf-8")
    if path.suffix == ".bz2":
        return bz2.open(path, "rt", encoding="utf-8")
    return path.open(encoding="utf-8")


def _files(paths: list[Path]) -> list[Path]:
    out: list[Path] = []
    for p in paths:
        if p.is_dir():
            out.extend(sorted(c for c in p.iterdir() if c.name.endswith((".json", ".json.gz", ".json.bz2"))))
        else:
            out.append(p)
    return out


def entities(path: Path) -> Iterator[tuple[int, dict[str, Any]]]:
    """(line, entity) for an EntityData file or a dump, streamed for dumps."""
    with _open(path) as f:
        first = f.read(1)
        while first.isspace():
            first = f.read(1)
        if first == "{":
            try:
                doc = json.loads(first + f.read())
            except json.JSONDecodeError as err:
                raise InputError(f"{path}:{err.lineno}: not JSON: {err.msg}") from None
            found = doc.get("entities") if isinstance(doc, dict) else None
            if not isinstance(found, dict):
                if isinstance(doc, dict) and "claims" in doc and "id" in doc:
                    found = {doc["id"]: doc}
                else:
                    raise InputError(f"{path}: not Wikidata entity JSON (no 'entities' object)")
            for key in sorted(found):
                yield 1, found[key]
        elif first == "[":
            for n, line in enumerate(f, start=1):
                text = line.strip().rstrip(",")
                if not text or text in ("[", "]"):
                    continue
                try:
                    yield n, json.loads(text)
                except json.JSONDecodeError as err:
                    raise InputError(f"{path}:{n}: broken entity line: {err.msg}") from None
        else:
            raise InputError(f"{path}: not Wikidata entity JSON or a JSON dump")


def _values(entity: dict[str, Any], prop: str) -> list[tuple[Any, dict[str, Any]]]:
    """Values of ``prop`` (not deprecated; preferred ones first) with their claims."""
    claims = [c for c in entity.get("claims", {}).get(prop, []) if c.get("rank") != "deprecated"]
    if any(c.get("rank") == "preferred" for c in claims):
        claims = [c for c in claims if c.get("rank") == "preferred"]
    out = []
    for c in claims:
        snak = c.get("mainsnak", {})
        if snak.get("snaktype") == "value":
            out.append((snak.get("datavalue", {}).get("value"), c))
    return out


def _item(value: Any) -> str | None:
    return value.get("id") if isinstance(value, dict) and isinstance(value.get("id"), str) else None


class WikidataImporter(Importer):
    kind = "wikidata"

    def __init__(self, paths: list[Path], options: ImportOptions | None = None) -> None:
        super().__init__(paths, options)
        self.places: dict[str, str] = {}  # QID -> ISO 3166-1 alpha-2, for places in the input (index pass)

    def dataset(self) -> Dataset:
        return Dataset(kind="wikidata", title="Wikidata", url="https://www.wikidata.org/",
                       publisher="Wikimedia Foundation", licence=self.options.licence or CC0,
                       version=self.options.version, retrieved=self.options.retrieved)

    def _keys(self, qid: str, entity: dict[str, Any]) -> tuple[tuple[str, str], ...]:
        keys = [("wikidata", qid)]
        for prop, kind in IDS.items():
            for value, _ in _values(entity, prop)[:1]:
                if isinstance(value, str) and ids.valid(kind, value):
                    keys.append((kind, value))
        return tuple(keys)

    def index(self) -> Iterator[TaxonEntry]:
        for path in _files(self.paths):
            for _, entity in entities(path):
                qid = entity.get("id", "")
                for code, _ in _values(entity, "P297")[:1]:
                    if isinstance(code, str) and ids.valid("iso-3166-1", code):
                        self.places[qid] = code
                if not self._is_taxon(entity) or not ids.valid("wikidata", qid):
                    continue
                names = [n for n, _ in _values(entity, "P225") if isinstance(n, str)]
                yield TaxonEntry(self._keys(qid, entity), names[0] if names else None, priority=40)

    @staticmethod
    def _is_taxon(entity: dict[str, Any]) -> bool:
        return any(_item(val) == TAXON_ITEM for val, _ in _values(entity, "P31"))

    def items(self) -> Iterator[Item]:
        data = self.dataset()
        places = self.places
        for path in _files(self.paths):
            for line, entity in entities(path):
                self.tally.rows[str(path)] += 1
                qid = entity.get("id", "")
                if not ids.valid("wikidata", str(qid)):
                    self.bad(path, line, "id", f"'{qid}' is not a Wikidata item id")
                    continue
                if not self._is_taxon(entity):
                    if qid not in places:
                        self.tally.left_out["wikidata: entity is not a taxon (P31 Q16521)"] += 1
                    continue
                yield from self._taxon(data, qid, entity, places)

    def _taxon(self, data: Dataset, qid: str, entity: dict[str, Any], places: dict[str, str]) -> Iterator[Item]:
        names = [n for n, _ in _values(entity, "P225") if isinstance(n, str)]
        if not self.keep_taxon(names[0] if names else None):
            return
        ref = TaxonRef(self._keys(qid, entity), names[0] if names else None)
        record = data.record("entity", qid)
        yield Lines(data.record_lines("entity", qid, f"Wikidata item {qid}"))
        yield Plain(ref, T_TYPE, v.TAXON)
        label = entity.get("labels", {}).get("en", {}).get("value") or (names[0] if names else qid)
        yield Plain(ref, T_LABEL, literal(str(label)))
        if names:
            yield Assert(ref, v.SCIENTIFIC_NAME, literal(names[0]), record)
        for value, _ in _values(entity, "P105")[:1]:
            rank = RANKS.get(_item(value) or "")
            if rank:
                yield Assert(ref, v.TAXON_RANK, literal(rank), record)
                if rank == "species":
                    yield Plain(ref, T_TYPE, v.SPECIES)
        for value, _ in _values(entity, "P171"):
            parent = _item(value)
            if parent:
                yield Assert(ref, v.PARENT, TaxonRef((("wikidata", parent),)), record)
        for value, claim in _values(entity, "P141"):
            code = STATUS.get(_item(value) or "")
            term = v.redlist_term(code) if code else None
            if term is None:
                self.tally.left_out[f"wikidata: P141 value {_item(value)} is not a Red List category"] += 1
                continue
            quals = []
            for when, _ in [(q.get("datavalue", {}).get("value"), q) for q in claim.get("qualifiers", {}).get("P585", [])]:
                if isinstance(when, dict) and isinstance(when.get("time"), str) and len(when["time"]) >= 11:
                    quals.append((v.ASSESSED, literal(when["time"][1:11], datatype=v.XSD_DATE)))
            yield Assert(ref, v.STATUS, term, record, tuple(quals[:1]))
        for value, _ in _values(entity, "P1843"):
            if isinstance(value, dict) and isinstance(value.get("text"), str):
                lang = str(value.get("language", ""))
                yield Assert(ref, v.VERNACULAR_NAME, literal(value["text"], lang if LANG.fullmatch(lang) else None),
                             record)
        for prop, pred in (("P183", v.ENDEMIC_TO), ("P9714", v.OCCURS_IN)):
            for value, _ in _values(entity, prop):
                place = _item(value)
                code = places.get(place or "")
                lines = v.place_lines(code) if code else None
                if lines is None:
                    self.tally.left_out[f"wikidata: {prop} place {place} has no ISO 3166 code in the input"] += 1
                    continue
                yield Place(code or "")
                yield Assert(ref, pred, v.place_term(code or ""), record)
                if prop == "P183":
                    yield Assert(ref, v.OCCURS_IN, v.place_term(code or ""), record)
        for value, _ in _values(entity, "P1034"):
            food = _item(value)
            if food:
                yield Assert(ref, vocab(EATS), TaxonRef((("wikidata", food),)), record)
        yield from v.id_links(ref, record, self._keys(qid, entity))

