"""Gazetteers: the names of places, taxa and protected areas the extractor recognises.

Names come from three layers, most trusted first: the curated records in ``data/``
(their ids win), the extractor's own curated lists in ``data/gazetteers/``, and
pycountry (ISO 3166 countries and first-level subdivisions). Matching works on an
ASCII-folded copy of the text of the same length, so offsets never shift.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pycountry

from wildkg.extract.datafiles import read_data
from wildkg.ids import fold

GAZETTEER_DIR = "gazetteers"
_SUBDIVISION_SUFFIXES = re.compile(
    r"\s+(?:Huizu |Uygur |Zhuangzu )?(?:Sheng|Shi|Zizhiqu|SAR|oblysy)$|,\s*Respublika$"
)


def key(name: str) -> str:
    """Comparison key of a name: folded, lower case, without spaces, hyphens or apostrophes."""
    return re.sub(r"[\s\-'’.]+", "", fold(name).lower())


@dataclass(frozen=True)
class Entity:
    """Something a name can refer to. ``known`` means it is already defined in ``data/``."""

    kind: str  # country | subdivision | mountain-range | taxon | group | area
    id: str
    label: str
    known: bool
    scientific_name: str | None = None
    part_of: str | None = None
    designation: str | None = None
    located_in: str | None = None


@dataclass(frozen=True)
class Mention:
    start: int
    end: int
    text: str
    entity: Entity


def plurals(name: str) -> list[str]:
    """The name and the plural of its last word ('gray wolf' → 'gray wolves')."""
    head, _, last = name.rpartition(" ")
    prefix = head + " " if head else ""
    if last.endswith(("deer", "sheep", "lynx", "tahr", "serow", "goral", "bharal", "argali")):
        forms = [last, last + "es"] if last.endswith("lynx") else [last]
    elif last.endswith("f"):
        forms = [last[:-1] + "ves", last + "s"]
    elif last.endswith(("s", "x", "ch", "sh")):
        forms = [last + "es"]
    elif last.endswith("y") and last[-2:-1] not in "aeiou":
        forms = [last[:-1] + "ies"]
    else:
        forms = [last + "s"]
    return [name, *(prefix + f for f in forms)]


class NameIndex:
    """Longest-match lookup of many names in a text."""

    def __init__(self, names: Iterable[tuple[str, Entity]], *, ignore_case: bool) -> None:
        self.by_key: dict[str, list[Entity]] = {}
        spellings: set[str] = set()
        for name, entity in names:
            if not name.strip():
                continue
            k = key(name)
            bucket = self.by_key.setdefault(k, [])
            if entity not in bucket:
                bucket.append(entity)
            spellings.add(fold(name))
        parts = sorted(spellings, key=lambda s: (-len(s), s))
        alts = "|".join(r"[\s\-]+".join(re.escape(w) for w in re.split(r"[\s\-]+", p)) for p in parts)
        flags = re.IGNORECASE if ignore_case else 0
        self.pattern = re.compile(rf"(?<![\w\-])(?:{alts})(?![\w\-])", flags) if parts else None

    def find(self, text: str) -> list[tuple[int, int, list[Entity]]]:
        if self.pattern is None:
            return []
        found = []
        for m in self.pattern.finditer(fold(text)):
            entities = self.by_key.get(key(m.group(0)), [])
            if entities:
                found.append((m.start(), m.end(), entities))
        return found


def _read(path: Path) -> dict[str, Any]:
    return read_data(path)


def _items(doc: dict[str, Any], name: str) -> list[dict[str, Any]]:
    value = doc.get(name) or []
    return [v for v in value if isinstance(v, dict)] if isinstance(value, list) else []


@dataclass
class Gazetteer:
    """All names, with the entities of ``data/`` taking precedence over curated lists."""

    countries: dict[str, Entity] = field(default_factory=dict)
    subdivisions: dict[str, Entity] = field(default_factory=dict)
    place_names: list[tuple[str, Entity]] = field(default_factory=list)
    subdivision_names: list[tuple[str, Entity]] = field(default_factory=list)
    taxon_names: list[tuple[str, Entity]] = field(default_factory=list)
    taxa: dict[str, Entity] = field(default_factory=dict)
    areas: dict[str, Entity] = field(default_factory=dict)
    area_names: list[tuple[str, Entity]] = field(default_factory=list)
    designations: list[tuple[str, str]] = field(default_factory=list)
    threats: list[tuple[str, str, re.Pattern[str]]] = field(default_factory=list)
    not_taxa: frozenset[str] = frozenset()
    demonyms: dict[str, str] = field(default_factory=dict)
    data_names: dict[str, set[str]] = field(default_factory=dict)
    not_threats: list[re.Pattern[str]] = field(default_factory=list)
    known_ids: dict[str, set[str]] = field(default_factory=dict)

    _indexes: dict[str, NameIndex] = field(default_factory=dict)

    def index(self, which: str) -> NameIndex:
        """A name index built once: ``places`` (with every subdivision), ``taxa`` or ``areas``."""
        if which not in self._indexes:
            if which == "places":
                self._indexes[which] = NameIndex([*self.place_names, *self.subdivision_names],
                                                 ignore_case=False)
            elif which == "taxa":
                self._indexes[which] = NameIndex(self.taxon_names, ignore_case=True)
            else:
                self._indexes[which] = NameIndex(self.area_names, ignore_case=False)
        return self._indexes[which]

    def place(self, place_id: str) -> Entity | None:
        return self.countries.get(place_id) or self.subdivisions.get(place_id) or next(
            (e for _, e in self.place_names if e.id == place_id), None
        )


def _country_entities(known: set[str]) -> tuple[dict[str, Entity], list[tuple[str, Entity]]]:
    countries: dict[str, Entity] = {}
    names: list[tuple[str, Entity]] = []
    for c in pycountry.countries:
        label = getattr(c, "common_name", None) or c.name.split(",")[0].split(" (")[0]
        entity = Entity("country", c.alpha_2, fold(label), c.alpha_2 in known)
        countries[c.alpha_2] = entity
        for n in {c.name, label, getattr(c, "official_name", "") or ""}:
            if n and "," not in n:
                names.append((n.removeprefix("the "), entity))
    return countries, names


def _subdivision_entities(known: set[str], stop: set[str]) -> tuple[dict[str, Entity], list[tuple[str, Entity]]]:
    subs: dict[str, Entity] = {}
    names: list[tuple[str, Entity]] = []
    for s in pycountry.subdivisions:
        if s.parent_code is not None:
            continue
        short = _SUBDIVISION_SUFFIXES.sub("", s.name)
        entity = Entity("subdivision", s.code, fold(short), s.code in known, part_of=s.country_code)
        subs[s.code] = entity
        if len(short) >= 4 and short not in stop and short[0].isupper():
            names.append((short, entity))
    return subs, names


def load_gazetteer(data_dir: Path) -> Gazetteer:
    """Build the gazetteer from ``data_dir`` (curated records) and ``data_dir/gazetteers``."""
    gaz_dir = data_dir / GAZETTEER_DIR
    places_doc, taxa_doc = _read(data_dir / "places.yaml"), _read(data_dir / "taxa.yaml")
    areas_doc = _read(data_dir / "protected-areas.yaml")
    gp, gt = _read(gaz_dir / "places.yaml"), _read(gaz_dir / "taxa.yaml")
    ga, gth = _read(gaz_dir / "protected-areas.yaml"), _read(gaz_dir / "threats.yaml")
    known_places = {str(p.get("id")) for p in _items(places_doc, "places")}
    known_taxa = {str(t.get("id")) for t in _items(taxa_doc, "taxa")}
    known_areas = {str(a.get("id")) for a in _items(areas_doc, "protected_areas")}
    gaz = Gazetteer(known_ids={"place": known_places, "taxon": known_taxa, "area": known_areas})
    stop = {str(s) for s in gp.get("subdivision_stopwords") or []}
    gaz.countries, country_names = _country_entities(known_places)
    gaz.subdivisions, gaz.subdivision_names = _subdivision_entities(known_places, stop)
    gaz.place_names.extend(country_names)
    for name, code in (gp.get("country_variants") or {}).items():
        if code in gaz.countries:
            entity = gaz.countries[code]
            if not entity.known and len(str(name).split()) < len(entity.label.split()):
                entity = Entity("country", code, str(name), False)  # 'Russia', not 'Russian Federation'
                gaz.countries[code] = entity
            gaz.place_names.append((str(name), entity))
    gaz.demonyms = {str(k): str(v) for k, v in (gp.get("demonyms") or {}).items()}
    for name, code in (gp.get("subdivision_variants") or {}).items():
        if code in gaz.subdivisions:
            gaz.place_names.append((str(name), gaz.subdivisions[code]))
    for r in _items(gp, "mountain_ranges"):
        entity = Entity("mountain-range", str(r["id"]), str(r["label"]), str(r["id"]) in known_places)
        gaz.place_names.extend((str(n), entity) for n in [r["label"], *(r.get("names") or [])])
    for p in _items(places_doc, "places"):  # data/ labels (e.g. "Tibet" for CN-XZ) win
        pid, kind = str(p.get("id")), str(p.get("kind"))
        label = str(p.get("label", pid))
        kind = {"country": "country", "subdivision": "subdivision"}.get(kind, kind)
        entity = Entity(kind, pid, label, True, part_of=p.get("part_of"))
        if kind == "country":
            gaz.countries[pid] = entity
        elif kind == "subdivision":
            gaz.subdivisions[pid] = entity
        gaz.place_names.append((label, entity))
    _load_taxa(gaz, taxa_doc, gt, known_taxa)
    _load_areas(gaz, areas_doc, ga, known_areas)
    gaz.not_threats = [re.compile(rf"\b(?:{p})\b", re.IGNORECASE) for p in gth.get("not_threats") or []]
    for t in _items(gth, "threats"):
        for pat in t.get("patterns") or []:
            gaz.threats.append((str(t["code"]), str(t.get("label", "")),
                                re.compile(rf"\b(?:{pat})\b", re.IGNORECASE)))
    return gaz


def _load_taxa(gaz: Gazetteer, taxa_doc: dict[str, Any], gt: dict[str, Any], known: set[str]) -> None:
    for t in _items(taxa_doc, "taxa"):
        tid = str(t.get("id"))
        group = t.get("kind") == "group"
        label = str(t.get("label") or (t.get("names") or [t.get("scientific_name") or tid])[0])
        entity = Entity("group" if group else "taxon", tid, label, True,
                        scientific_name=t.get("scientific_name"))
        gaz.taxa[tid] = entity
        gaz.data_names[tid] = {key(str(n)) for n in t.get("names") or []}
    for t in [*_items(gt, "taxa"), *_items(gt, "groups")]:
        tid = str(t["id"])
        if tid not in gaz.taxa:
            group = "scientific_name" not in t
            label = str(t.get("label") or (t.get("names") or [t.get("scientific_name")])[0])
            gaz.taxa[tid] = Entity("group" if group else "taxon", tid, label, False,
                                   scientific_name=t.get("scientific_name"))
    curated = {str(t["id"]): t for t in [*_items(gt, "taxa"), *_items(gt, "groups")]}
    for t in _items(taxa_doc, "taxa"):
        curated.setdefault(str(t["id"]), {}).setdefault("names", [])
        extra = [*(t.get("names") or []), t.get("label") or ""]
        curated[str(t["id"])]["names"] = [*extra, *(curated[str(t["id"])].get("names") or [])]
        if t.get("scientific_name"):
            curated[str(t["id"])]["scientific_name"] = t["scientific_name"]
    for tid, t in curated.items():
        entity = gaz.taxa[tid]
        for name in t.get("names") or []:
            gaz.taxon_names.extend((form, entity) for form in plurals(str(name)) if form)
        if t.get("scientific_name"):
            gaz.taxon_names.append((str(t["scientific_name"]), entity))
    gaz.not_taxa = frozenset(key(str(n)) for n in gt.get("not_taxa") or [])


def _load_areas(gaz: Gazetteer, areas_doc: dict[str, Any], ga: dict[str, Any], known: set[str]) -> None:
    for a in [*_items(areas_doc, "protected_areas"), *_items(ga, "protected_areas")]:
        aid = str(a["id"])
        if aid in gaz.areas:
            continue
        entity = Entity("area", aid, str(a["label"]), aid in known,
                        designation=str(a.get("designation", "")), located_in=a.get("located_in"))
        gaz.areas[aid] = entity
        gaz.area_names.append((str(a["label"]), entity))
    designations = [(str(d["suffix"]), str(d["designation"])) for d in _items(ga, "designations")]
    gaz.designations = sorted(designations, key=lambda d: -len(d[0]))
