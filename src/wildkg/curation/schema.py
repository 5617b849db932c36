"""The curated data format as pydantic models: which fields each kind of record and each
section of a species account has, and what each field holds.

:mod:`wildkg.curation.loader` validates every YAML mapping with these models and turns the
first error into one line naming the file, line, entity and field. ``cite`` and the review keys
of drafts are read by the loader, not here. A field that refers to another record carries a
:class:`Ref` marker naming the kind it refers to; the loader checks those references once every
file is read.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from decimal import Decimal
from typing import Annotated, Any

from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict

from wildkg.curation.safety import id_problem, url_problem


@dataclass(frozen=True)
class Ref:
    """Marks a field as the id of another record of ``kind`` (taxon, place, area, habitat, food)."""

    kind: str


def _text(value: Any) -> str:
    if isinstance(value, bool) or not isinstance(value, str | int | float):
        raise ValueError(f"expected text, got {type(value).__name__}")
    text = str(value).strip()
    if not text:
        raise ValueError("must not be empty")
    return text


def _code(value: Any) -> str:
    if isinstance(value, bool) or not isinstance(value, str | int | float):
        raise ValueError(f"expected a code, got {type(value).__name__}")
    return str(value).strip()


def _url(value: str) -> str:
    if not value.startswith(("http://", "https://", "urn:")):
        raise ValueError(f"expected an http(s) URL or urn:, got '{value}'")
    problem = url_problem(value)
    if problem:
        raise ValueError(problem)
    return value


def _id(value: str) -> str:
    """Ids and references become the last segment of an IRI (issue 13, F18)."""
    problem = id_problem(value)
    if problem:
        raise ValueError(problem)
    return value


def _number(value: Any) -> Decimal:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise ValueError(f"expected a number, got {type(value).__name__} '{value}'")
    if isinstance(value, float) and not math.isfinite(value):
        raise ValueError(f"expected a finite number, got {value}")
    number = Decimal(str(value))
    if number < 0:
        raise ValueError(f"must not be negative, got {value}")
    return number


def _text_list(value: Any) -> list[str]:
    items = [value] if isinstance(value, str) else value
    if not isinstance(items, list) or not all(isinstance(i, str) and i.strip() for i in items):
        raise ValueError("expected a list of non-empty texts")
    return [i.strip() for i in items]


def _sections(value: Any) -> dict[str, str | None]:
    if not isinstance(value, list) or not value:
        raise ValueError("expected a non-empty list of section titles")
    sections: dict[str, str | None] = {}
    for item in value:
        if isinstance(item, str):
            sections[item] = item.replace(" ", "_")
        elif isinstance(item, dict) and isinstance(item.get("title"), str):
            anchor = item.get("anchor")
            sections[item["title"]] = None if anchor is None else str(anchor)
        else:
            raise ValueError("each section is a title or {title, anchor}")
    return sections


Text = Annotated[str, BeforeValidator(_text)]
Id = Annotated[str, BeforeValidator(_text), AfterValidator(_id)]
Code = Annotated[str, BeforeValidator(_code)]
Url = Annotated[str, BeforeValidator(_text), AfterValidator(_url)]
Number = Annotated[Decimal, BeforeValidator(_number)]
TextList = Annotated[list[str], BeforeValidator(_text_list)]
Sections = Annotated[dict[str, str | None], BeforeValidator(_sections)]
TaxonRef = Annotated[str, BeforeValidator(_text), AfterValidator(_id), Ref("taxon")]
PlaceRef = Annotated[str, BeforeValidator(_text), AfterValidator(_id), Ref("place")]
AreaRef = Annotated[str, BeforeValidator(_text), AfterValidator(_id), Ref("area")]
HabitatRef = Annotated[str, BeforeValidator(_text), AfterValidator(_id), Ref("habitat")]
FoodRef = Annotated[str, BeforeValidator(_text), AfterValidator(_id), Ref("food")]


class Record(BaseModel):
    """A mapping of the curated format: unknown fields are errors, values are checked."""

    model_config = ConfigDict(extra="forbid", frozen=True, hide_input_in_errors=True)


class SourceRecord(Record):
    id: Id
    title: Text
    url: Url
    publisher: Text | None = None
    license: Url | None = None
    retrieved: Text | None = None
    sections: Sections


class TaxonRecord(Record):
    id: Id
    kind: Text | None = None
    scientific_name: Text | None = None
    rank: Text | None = None
    parent: TaxonRef | None = None
    names: TextList | None = None
    label: Text | None = None
    description: Text | None = None


class PlaceRecord(Record):
    id: Id
    kind: Text
    label: Text
    part_of: PlaceRef | None = None


class AreaRecord(Record):
    id: Id
    label: Text
    designation: Text
    located_in: PlaceRef


class VocabularyRecord(Record):
    id: Id
    label: Text
    description: Text | None = None


class Status(Record):
    iucn: Code
    reason: Text | None = None
    assessed: Text | None = None
    criteria: Text | None = None
    criteria_version: Text | None = None


class TaxonomyItem(Record):
    formerly_included_in: TaxonRef
    description: Text | None = None


class RangeItem(Record):
    place: PlaceRef
    part: Text | None = None


class HabitatItem(Record):
    habitat: HabitatRef
    description: Text | None = None


class DietItem(Record):
    food: FoodRef
    season: Text | None = None
    description: Text | None = None


class PredatorItem(Record):
    taxon: TaxonRef
    life_stage: Code | None = None


class ThreatItem(Record):
    iucn: Code
    description: Text | None = None


class LegalItem(Record):
    country: PlaceRef
    status: Code
    scope: Text | None = None
    description: Text | None = None


class ProtectedAreaItem(Record):
    area: AreaRef


class ActionItem(Record):
    id: Id
    type: Code
    label: Text | None = None
    status: Text | None = None
    place: PlaceRef | None = None
    description: Text | None = None
    problems: TextList | None = None


class MeasurementItem(Record):
    trait: Code
    min: Number | None = None
    max: Number | None = None
    value: Number | None = None
    unit: Code
    remarks: Text | None = None


class PriceItem(Record):
    """A market price of a product of the species (not a trait of the taxon)."""

    product: Text
    min: Number | None = None
    max: Number | None = None
    value: Number | None = None
    unit: Code
    remarks: Text | None = None


class UseItem(Record):
    use: Code
    description: Text | None = None


class TextItem(Record):
    text: Text


#: Sections of a species account: section key -> the model of each item.
ACCOUNT_SECTIONS: dict[str, type[Record]] = {
    "taxonomy": TaxonomyItem,
    "range": RangeItem,
    "habitat": HabitatItem,
    "diet": DietItem,
    "predators": PredatorItem,
    "threats": ThreatItem,
    "legal": LegalItem,
    "protected_areas": ProtectedAreaItem,
    "actions": ActionItem,
    "measurements": MeasurementItem,
    "prices": PriceItem,
    "uses": UseItem,
    "characteristics": TextItem,
    "behaviour": TextItem,
}
#: Keys a fact may carry that the build ignores (drafts from `wildkg extract`).
REVIEW_KEYS = frozenset({"evidence", "confidence"})


def references(model: type[Record]) -> dict[str, str]:
    """Field name -> the kind of record it refers to, for the fields of ``model`` that refer."""
    refs: dict[str, str] = {}
    for name, info in model.model_fields.items():
        for mark in info.metadata:
            if isinstance(mark, Ref):
                refs[name] = mark.kind
    return refs
