"""The curated data format: which fields each kind of record and each section of a species
account has, and what type each field holds. :mod:`wildkg.sources` checks files against it."""

from __future__ import annotations

# Field kinds: "str", "text" (str, may be long), "num" (int/float, >= 0), "strlist",
# "ref:<kind>" (an id of another record), "code" (a string code checked later).
FieldSpec = dict[str, tuple[str, bool]]  # name -> (kind, required)

SOURCE_FIELDS: FieldSpec = {
    "id": ("str", True), "title": ("str", True), "url": ("url", True),
    "publisher": ("str", False), "license": ("url", False), "retrieved": ("str", False),
    "sections": ("sections", True),
}
TAXON_FIELDS: FieldSpec = {
    "id": ("str", True), "kind": ("str", False), "scientific_name": ("str", False),
    "rank": ("str", False), "parent": ("ref:taxon", False), "names": ("strlist", False),
    "label": ("str", False), "description": ("text", False),
}
PLACE_FIELDS: FieldSpec = {
    "id": ("str", True), "kind": ("str", True), "label": ("str", True),
    "part_of": ("ref:place", False),
}
AREA_FIELDS: FieldSpec = {
    "id": ("str", True), "label": ("str", True), "designation": ("str", True),
    "located_in": ("ref:place", True),
}
VOCAB_FIELDS: FieldSpec = {"id": ("str", True), "label": ("str", True), "description": ("text", False)}

#: Sections of a species account: section key -> fields of each item.
ACCOUNT_SECTIONS: dict[str, FieldSpec] = {
    "taxonomy": {"formerly_included_in": ("ref:taxon", True), "description": ("text", False)},
    "range": {"place": ("ref:place", True), "part": ("str", False)},
    "habitat": {"habitat": ("ref:habitat", True), "description": ("text", False)},
    "diet": {"food": ("ref:food", True), "season": ("str", False), "description": ("text", False)},
    "predators": {"taxon": ("ref:taxon", True), "life_stage": ("code", False)},
    "threats": {"iucn": ("code", True), "description": ("text", False)},
    "legal": {
        "country": ("ref:place", True), "status": ("code", True),
        "scope": ("str", False), "description": ("text", False),
    },
    "protected_areas": {"area": ("ref:area", True)},
    "actions": {
        "id": ("str", True), "type": ("code", True), "label": ("str", False),
        "status": ("str", False), "place": ("ref:place", False),
        "description": ("text", False), "problems": ("strlist", False),
    },
    "measurements": {
        "trait": ("code", True), "min": ("num", False), "max": ("num", False),
        "value": ("num", False), "unit": ("code", True), "remarks": ("text", False),
    },
    "prices": {
        "product": ("str", True), "min": ("num", False), "max": ("num", False),
        "value": ("num", False), "unit": ("code", True), "remarks": ("text", False),
    },
    "uses": {"use": ("code", True), "description": ("text", False)},
    "characteristics": {"text": ("text", True)},
    "behaviour": {"text": ("text", True)},
}
STATUS_FIELDS: FieldSpec = {
    "iucn": ("code", True), "reason": ("text", False),
    "assessed": ("str", False), "criteria": ("str", False), "criteria_version": ("str", False),
}
#: Keys a fact may carry that the build ignores (drafts from `wildkg extract`).
REVIEW_KEYS = frozenset({"evidence", "confidence"})
