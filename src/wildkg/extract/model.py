"""What an extraction produces: facts with evidence, new entities, and what was skipped."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from wildkg.extract.gazetteer import Entity
from wildkg.extract.text import Article

#: Relations written as TSV rows, in the order the draft lists them.
RELATIONS = (
    "scientificName", "vernacularName", "redListStatus", "formerlyIncludedIn", "occursIn",
    "preyedUponBy", "threatenedBy", "legallyProtectedIn", "huntingUnderLicenceIn",
    "nationallyListedEndangeredIn", "foundInProtectedArea", "hasHabitat", "eats", "hasUse",
)
#: Traits measured (relation name = trait id of the ``trait:`` scheme; those in PRICES are
#: market prices of a product, written under ``prices:`` in a draft).
TRAITS = (
    "elevation", "home-range", "tusk-length", "litter-size", "weaning-age",
    "sexual-maturity-age", "lifespan", "musk-price",
)
#: Relations that are the market price of a product -> the product.
PRICES = {"musk-price": "musk"}


@dataclass(frozen=True)
class Evidence:
    """The sentence a fact was read from: ``[start, end)`` in the article, and its section."""

    text: str
    start: int
    end: int
    section: str


@dataclass(frozen=True)
class Measure:
    """A numeric trait: any of min / max / value, and a unit code of the data format."""

    unit: str
    min: Decimal | None = None
    max: Decimal | None = None
    value: Decimal | None = None

    def render(self) -> str:
        if self.value is not None:
            return f"{_num(self.value)} {self.unit}"
        lo = "" if self.min is None else _num(self.min)
        hi = "" if self.max is None else _num(self.max)
        return f"{lo}..{hi} {self.unit}"


def _num(d: Decimal) -> str:
    return format(d.normalize(), "f")


@dataclass(frozen=True)
class Fact:
    """One statement about the subject, with its evidence and confidence (0–1)."""

    relation: str
    object: str
    confidence: float
    evidence: Evidence
    qualifiers: tuple[tuple[str, str], ...] = ()
    measure: Measure | None = None

    def qualifier(self, name: str) -> str | None:
        return next((v for k, v in self.qualifiers if k == name), None)


@dataclass(frozen=True)
class Skipped:
    """A candidate the rules saw and dropped, with the reason (shown in the review summary)."""

    reason: str
    text: str
    evidence: Evidence


@dataclass
class Subject:
    """The taxon an article is about."""

    id: str
    scientific_name: str | None
    names: list[str]
    known: bool


@dataclass
class Extraction:
    """Everything read from one article."""

    article: Article
    subject: Subject
    source_id: str
    source_url: str
    source_known: bool
    facts: list[Fact] = field(default_factory=list)
    new_entities: dict[str, list[Entity]] = field(default_factory=dict)
    skipped: list[Skipped] = field(default_factory=list)
    path: str = ""
    notes: list[str] = field(default_factory=list)

    def rows(self) -> list[tuple[str, str, str, str]]:
        """(subject, relation, object, qualifiers) of every fact, sorted, without duplicates."""
        rows = {
            (self.subject.id, f.relation, f.object, qualifier_text(f)) for f in self.facts
        }
        order = {r: i for i, r in enumerate(RELATIONS + TRAITS)}
        return sorted(rows, key=lambda r: (order.get(r[1], 99), r[1], r[2], r[3]))


def qualifier_text(fact: Fact) -> str:
    stage = fact.qualifier("life_stage")
    if stage:
        return f"life_stage={stage}"
    season = fact.qualifier("season")
    return f"season={season}" if season else ""
