"""Protected areas: names in a sentence (shared-suffix lists split), where the subject is
found in them, and where a new area lies."""

from __future__ import annotations

import re

from wildkg.extract.context import Ctx
from wildkg.extract.gazetteer import Entity, key
from wildkg.ids import slug

_AREA_CUE = re.compile(
    r"\b(?:occur\w*|found|lives?|present|recorded|inhabit\w*|populations?|seen|sighted|"
    r"reintroduced|survives?|protected areas?|reserves?|parks?|including|such as|range)\b",
    re.IGNORECASE,
)
_PRESENCE = re.compile(r"\b(?:populations?|herds?|packs?|groups?|individuals)\b.{0,40}\b(?:live|lives|"
                       r"survive|survives|occur|occurs|graze|are found|persist)\b", re.IGNORECASE)
_AREA_NAME = r"[A-Z][\w'’\-]+(?:\s+(?:of\s+(?:the\s+)?)?[A-Z][\w'’\-]+)*"
_AREA_LEAD = re.compile(
    r"^(?:(?:The|In|At|Both|Within|Inside|Near|Its|This|Several|Including|Across|From|And|Also|"
    r"Such|As|Like|Many|Some|It|A|An)\s+)+"
)


def find_areas(ctx: Ctx) -> list[tuple[int, int, Entity]]:
    """Protected areas named in the sentence, with shared-suffix lists split."""
    gaz = ctx.art.gaz
    found: list[tuple[int, int, Entity]] = []
    suffixes = "|".join(re.escape(s) for s, _ in gaz.designations)
    plurals = "|".join(re.escape(_plural(s)) for s, _ in gaz.designations)
    plural = re.compile(
        rf"((?:{_AREA_NAME})(?:\s*,\s*(?:{_AREA_NAME}))*,?\s+and\s+(?:{_AREA_NAME}))\s+((?i:{plurals}))\b"
    )
    single = re.compile(rf"({_AREA_NAME})\s+({suffixes})\b")
    for m in plural.finditer(ctx.work):
        suffix = _singular(m.group(2))
        if suffix is None:
            continue
        for part in re.split(r"\s*,\s*(?:and\s+)?|\s+and\s+", m.group(1)):
            name = _AREA_LEAD.sub("", part.strip())
            if name:
                s = ctx.work.find(name, m.start())
                found.append((s, s + len(name), _area_entity(ctx, f"{name} {suffix}")))
    for m in single.finditer(ctx.work):
        if any(a <= m.start() < b for a, b, _ in found):
            continue
        name = _AREA_LEAD.sub("", m.group(1))
        if not name or name in {"National", "Wildlife", "Nature"}:
            continue
        s = m.start(1) + m.group(1).index(name)
        found.append((s, m.end(), _area_entity(ctx, f"{name} {m.group(2)}")))
    return found


def _plural(suffix: str) -> str:
    return suffix[:-1] + "ies" if suffix.endswith("y") else suffix + "s"


def _singular(suffix: str) -> str | None:
    words = suffix.title().replace("Wild Life", "Wild Life").split()
    if not words:
        return None
    last = words[-1]
    words[-1] = last[:-3] + "y" if last.endswith("ies") else last[:-1]
    return " ".join(words)


def _area_entity(ctx: Ctx, name: str) -> Entity:
    gaz = ctx.art.gaz
    k = key(name)
    for entity in gaz.areas.values():
        if key(entity.label) == k:
            return entity
    designation = next((d for s, d in gaz.designations if name.endswith(s)), "protected area")
    return Entity("area", slug(name), name, False, designation=designation)


def rule_areas(ctx: Ctx, areas: list[tuple[int, int, Entity]]) -> None:
    """Protected areas where the subject lives (a presence cue, or a 'See also' list item)."""
    see_also = "see also" in ctx.section.lower()
    cue = any(not ctx.scope.blocked(m.start(), m.end()) for m in _AREA_CUE.finditer(ctx.work))
    refers = ctx.art.matcher.refers(ctx.work) or bool(_PRESENCE.search(ctx.work))
    for s, e, entity in areas:
        if ctx.scope.blocked(s, e):
            ctx.skip("protected area: negated, hedged or about another taxon", entity.label)
            continue
        if not (see_also or (cue and refers)):
            continue
        if not entity.known and entity.located_in is None:
            entity = _locate(ctx, entity, e)
            if entity.located_in is None:
                ctx.skip("protected area: no country or region given for a new area", entity.label)
                continue
        ctx.new_entity(entity)
        if entity.located_in and not entity.known:
            place = ctx.art.gaz.place(entity.located_in)
            if place is not None:
                ctx.new_entity(place)
        ctx.add("foundInProtectedArea", entity.id, 0.6 if see_also else 0.85)


def _locate(ctx: Ctx, entity: Entity, end: int) -> Entity:
    """Where a new protected area lies: 'X National Park in Nepal' or 'Nepal's X National Park'."""
    after = [p for p in ctx.places_in(end, min(len(ctx.work), end + 40))
             if re.match(r"^\s*(?:,\s*)?(?:in|of)\s", ctx.work[end:p.start] + " ")]
    before = [p for p in ctx.places_in(max(0, end - len(entity.label) - 20), end)
              if ctx.work[p.end:p.end + 2] == "'s"]
    found = after or before
    if not found:
        # "A, B and C National Park in Indonesia; D …": the place closing the list locates every
        # item of it (the list ends at a semicolon or the sentence end)
        stop = re.compile(r";|$").search(ctx.work, end)
        segment_end = stop.start() if stop else len(ctx.work)
        closing = re.search(r"\s(?:in|of)\s+(?:the\s+)?[^,;]*$", ctx.work[end:segment_end])
        if closing:
            found = list(ctx.places_in(end + closing.start(), segment_end))
    place = found[0] if found else None
    if place is None:
        countries = {f.object for f in ctx.art.facts if f.relation == "occursIn" and len(f.object) == 2}
        if len(countries) == 1:
            return Entity("area", entity.id, entity.label, False, designation=entity.designation,
                          located_in=countries.pop())
        return entity
    return Entity("area", entity.id, entity.label, False, designation=entity.designation,
                  located_in=place.entity.id)
