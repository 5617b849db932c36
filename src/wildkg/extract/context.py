"""Per-sentence context the rules share: the folded text, blocked spans and found names."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from wildkg.extract.gazetteer import Entity, Gazetteer, NameIndex
from wildkg.extract.model import Evidence, Fact, Measure, Skipped
from wildkg.extract.scope import Scope, SubjectMatcher
from wildkg.extract.text import Article, Sentence
from wildkg.ids import fold

_DIRECTION = re.compile(
    r"(?:\b(?:the\s+)?((?:far\s+)?(?:north|south)(?:-?(?:east|west))?(?:ern)?|east(?:ern)?|west(?:ern)?|"
    r"central|upper|lower)\s+)$",
    re.IGNORECASE,
)
_TABLE = {"taxon": "taxon", "group": "taxon", "country": "place", "subdivision": "place",
          "mountain-range": "place", "area": "area"}
_ORGANISATION = re.compile(
    r"\b(?:Institute|Survey|University|Government|Ministry|Society|Department|Museum|Trust|Fund|"
    r"Association|Council|Academy|Republic|Bank|Kingdom|Zoo)\s+of\s+(?:the\s+)?$"
)
RANGE_SECTION = re.compile(r"distribution|range|habitat|geograph|where", re.IGNORECASE)


@dataclass(frozen=True)
class Place:
    start: int
    end: int
    entity: Entity
    part: str | None


@dataclass
class ArticleContext:
    """What the rules know about the whole article."""

    article: Article
    gaz: Gazetteer
    matcher: SubjectMatcher
    places: PlaceIndex
    areas: NameIndex
    facts: list[Fact] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)
    new_entities: dict[str, dict[str, Entity]] = field(default_factory=dict)


@dataclass
class Ctx:
    """One sentence being read."""

    art: ArticleContext
    sentence: Sentence
    work: str
    scope: Scope
    area_spans: list[tuple[int, int]] = field(default_factory=list)

    @property
    def section(self) -> str:
        return self.sentence.section

    def evidence(self) -> Evidence:
        s = self.sentence
        return Evidence(s.raw, s.start, s.end, s.section)

    def add(self, relation: str, obj: str, confidence: float, *,
            qualifiers: tuple[tuple[str, str], ...] = (), measure: Measure | None = None) -> None:
        self.art.facts.append(
            Fact(relation, obj, round(confidence, 2), self.evidence(), qualifiers, measure)
        )

    def skip(self, reason: str, text: str) -> None:
        self.art.skipped.append(Skipped(reason, text, self.evidence()))

    def new_entity(self, entity: Entity) -> None:
        """Record ``entity`` for review if ``data/`` lacks it, with the places it depends on."""
        if entity.known or entity.id in self.art.gaz.known_ids.get(_TABLE.get(entity.kind, ""), set()):
            return
        self.art.new_entities.setdefault(entity.kind, {}).setdefault(entity.id, entity)
        parent = entity.part_of or entity.located_in
        if parent:
            place = self.art.gaz.place(parent)
            if place is not None:
                self.new_entity(place)

    def places_in(self, start: int = 0, end: int | None = None) -> list[Place]:
        """Places named in ``work[start:end]``, outside taxon and protected-area names."""
        end = len(self.work) if end is None else end
        taken = [(a, b) for a, b, _ in self.scope.taxon_spans] + self.scope.subject_spans + self.area_spans
        found = []
        for s, e, ents in self.art.places.in_sentence(self.sentence.start, len(self.work)):
            if s < start or e > end or any(a < e and s < b for a, b in taken):
                continue
            if _ORGANISATION.search(self.work[max(0, s - 40):s]):
                continue  # "Wildlife Institute of India" names an institution, not a place
            entity = _prefer(ents)
            m = _DIRECTION.search(self.work[max(0, s - 30):s])
            part = m.group(1).lower() if m else None
            found.append(Place(s, e, entity, part))
        return found


def _prefer(entities: list[Entity]) -> Entity:
    """Among entities sharing a name, prefer one defined in data/, then a country."""
    order = {"country": 0, "subdivision": 1, "mountain-range": 2}
    return sorted(entities, key=lambda e: (not e.known, order.get(e.kind, 3), e.id))[0]


class PlaceIndex:
    """Place names for one article: the subdivisions of a country count only when the article
    names that country (so 'Punjab' or 'Georgia' cannot appear out of nowhere)."""

    def __init__(self, article: Article, gaz: Gazetteer) -> None:
        self.index = gaz.index("places")
        curated = {id(e) for _, e in gaz.place_names}
        self.curated = curated
        found = self.index.find(fold(article.work))
        self.countries = {e.id for _, _, ents in found for e in ents if e.kind == "country"}
        #: the article's place names, found once (the name pattern is large): (start, end, entities)
        self.found = self._allowed(found)

    def _allowed(self, found: list[tuple[int, int, list[Entity]]]) -> list[tuple[int, int, list[Entity]]]:
        out = []
        for s, e, ents in found:
            allowed = [x for x in ents if id(x) in self.curated or x.part_of in self.countries]
            if allowed:
                out.append((s, e, allowed))
        return out

    def find(self, text: str) -> list[tuple[int, int, list[Entity]]]:
        """Place names in ``text`` (any text, searched now)."""
        return self._allowed(self.index.find(text))

    def in_sentence(self, start: int, length: int) -> list[tuple[int, int, list[Entity]]]:
        """Place names of the article inside ``[start, start + length)``, sentence-relative."""
        return [(s - start, e - start, ents) for s, e, ents in self.found if start <= s and e <= start + length]


def place_index(article: Article, gaz: Gazetteer) -> PlaceIndex:
    return PlaceIndex(article, gaz)
