"""Rules for predators (with the prey's life stage) and numeric traits with units."""

from __future__ import annotations

import re
from decimal import Decimal

from wildkg.extract.context import RANGE_SECTION, Ctx
from wildkg.extract.gazetteer import Entity, key
from wildkg.extract.model import Measure
from wildkg.extract.scope import JUVENILE, juvenile_only
from wildkg.ids import slug

_PREY_REF = rf"(?:it|them|this species|the species|the \w+(?:\s\w+)?|its {JUVENILE}|{JUVENILE}|adults?)"
_PRED_BEFORE = re.compile(  # trigger followed by the list of predators
    r"\b(?:(?:its|their|the species'?|natural|main|chief|principal|known|potential|only|other)\s+)+"
    r"(?:natural\s+|main\s+|known\s+)?predators?\s+(?:include|includes|included|are|were|is|was|comprise|such as)\s*:?"
    r"|\bpredators?\s+(?:of|on)\s+" + _PREY_REF + r"\s+(?:include|includes|are|were|is)\s*:?"
    r"|\b(?:preyed|predated)\s+(?:up)?on\s+by\b|\b(?:hunted|taken|eaten|killed|caught|attacked|"
    r"killed)\s+by\b|\bfalls?\s+prey\s+to\b|\b(?:is|are)\s+(?:a\s+)?(?:common\s+|frequent\s+|main\s+)?"
    r"prey\s+(?:of|for)\b|\b(?:is|are)\s+(?:the\s+)?(?:\w+\s+)?prey\s+(?:of|for)\b",
    re.IGNORECASE,
)
_PRED_AFTER = re.compile(  # list of predators, then the trigger
    r"^\s*(?:(?:are|is|were|was)\s+(?:its|their|the)\s+(?:main\s+|chief\s+|only\s+|natural\s+)*predators?\b"
    r"|(?:(?:are|is|were|was|have been|has been)\s+(?:also\s+)?(?:known|reported|recorded|said|seen)\s+to\s+)?"
    r"(?:also\s+|sometimes\s+|occasionally\s+|often\s+|regularly\s+|mainly\s+)?"
    r"(?:(?:prey|preys|predate|predates|feed|feeds)\s+(?:up)?on|hunt|hunts|kill|kills|take|takes|catch|"
    r"catches|eat|eats|carry off|carries off|snatch|snatches)\s+)",
    re.IGNORECASE,
)

_LIST_GAP = re.compile(
    r"^(?:[\s,:]|\b(?:and|or|by|as well as|also|including|such as|especially|notably|the|a|an|both|"
    r"mainly|mostly|chiefly|several|occasionally|sometimes|possibly|large carnivores|carnivores|"
    r"predators|other)\b)*$",
    re.IGNORECASE,
)
_NUMBER_WORDS = {
    "a single": 1, "single": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
    "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "twenty": 20,
}
NUM = r"(?:\d[\d,]*(?:\.\d+)?|a single|single|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|twenty)"
_RANGE_NUM = rf"(?P<a>{NUM})(?:\s*(?:to|–|-|—|or|and)\s*(?P<b>{NUM}))?"


def number(text: str) -> Decimal:
    t = text.lower().replace(",", "")
    return Decimal(_NUMBER_WORDS[t]) if t in _NUMBER_WORDS else Decimal(t)


def rule_predators(ctx: Ctx) -> None:
    """Predators of the subject; juveniles-only when the prey named is a young animal."""
    sc = ctx.scope
    work = ctx.work
    taxa = [t for t in sc.taxon_spans if t[2].kind in ("taxon", "group")]
    for m in _PRED_BEFORE.finditer(work):
        if sc.blocked(m.start(), m.end(), superseded=False, clause_subject=False):
            continue
        prey_text = work[:m.start()]
        if re.search(r"\bpredators?\b", m.group(0), re.IGNORECASE):
            other = any(m.start() <= a < m.end() for a, _, _ in sc.taxon_spans)
            own = any(m.start() <= a < m.end() for a, _ in sc.subject_spans)
            subject_ok = (own or not other) and ctx.art.matcher.refers(m.group(0) + " " + prey_text[-60:])
        else:
            head_start = len(prey_text) - len(_clause_head(prey_text))
            other = any(head_start <= a < m.start() for a, _, _ in sc.taxon_spans)
            own = any(head_start <= a < m.start() for a, _ in sc.subject_spans)
            subject_ok = _subject_is_prey(ctx, prey_text) and (own or not other)
        if not subject_ok:
            continue
        stage = juvenile_only(m.group(0)) or juvenile_only(_clause_head(prey_text))
        _take_list(ctx, [t for t in taxa if t[0] >= m.end()], m.end(), stage)
    for t in taxa:
        # "wolves and wolverines occasionally kill them": unknown names may end the list
        tail = re.match(r"(?:\s*(?:,|\band\b|\bor\b)\s*(?:the\s+)?[a-z][\w\-]*){0,3}", work[t[1]:])
        skip = tail.end() if tail else 0
        after = _PRED_AFTER.match(work[t[1] + skip:]) or _PRED_AFTER.match(work[t[1]:])
        if not after:
            continue
        if after.string != work[t[1]:]:
            t = (t[0], t[1] + skip, t[2])
        prey = work[t[1] + after.end():t[1] + after.end() + 40]
        if "predator" not in after.group(0).lower() and not _prey_is_subject(ctx, prey):
            continue
        first = _list_start(work, taxa, t)
        if sc.blocked(first, t[1] + after.end(), superseded=False, clause_subject=False):
            continue
        stage = juvenile_only(after.group(0) + " " + prey.split(",")[0])
        _take_list(ctx, [x for x in taxa if first <= x[0] <= t[0]], first, stage, backwards=True)


def _prey_is_subject(ctx: Ctx, prey: str) -> bool:
    """Whether the words after 'hunt/kill/prey on' name the subject (or its young)."""
    words = " ".join(re.split(r"[,;.]", prey)[0].split()[:4])
    if re.match(rf"^(?:the\s+|its\s+|their\s+)?(?:{JUVENILE}|adults?)\b", words, re.IGNORECASE):
        return True
    m = ctx.art.matcher
    if m.subject_index.find(words) or re.match(r"^(?:it|them|this species|the species)\b", words, re.I):
        return True
    return any(re.search(rf"\b{re.escape(h)}s?\b", words, re.IGNORECASE) for h in m.head)


def _clause_head(text: str) -> str:
    return re.split(r"[,;]", text)[-1]


def _subject_is_prey(ctx: Ctx, before: str) -> bool:
    head = _clause_head(before)
    return ctx.art.matcher.refers(head) or bool(re.search(rf"\b{JUVENILE}\b", head, re.IGNORECASE))


def _list_start(work: str, taxa: list[tuple[int, int, Entity]], last: tuple[int, int, Entity]) -> int:
    start = last[0]
    for t in reversed([x for x in taxa if x[1] <= last[0]]):
        if _LIST_GAP.match(work[t[1]:start]):
            start = t[0]
        else:
            break
    return start


def _unknown_items(gap: str) -> list[str] | None:
    """Names in a list gap that are not known taxa ('martens and'), or None if the gap is
    not a list continuation."""
    if not re.search(r",|\band\b|\bor\b", gap):
        return None
    parts = [p.strip() for p in re.split(r",|\band\b|\bor\b|\bas well as\b", gap)]
    items = [p for p in parts if p and not _LIST_GAP.match(p)]
    if any(len(p.split()) > 3 or not re.fullmatch(r"[A-Za-z\-' ]+", p) for p in items):
        return None
    return items


def _take_list(ctx: Ctx, taxa: list[tuple[int, int, Entity]], pos: int, juvenile: bool,
               *, backwards: bool = False) -> None:
    work = ctx.work
    for s, e, entity in taxa:
        if not backwards and not _LIST_GAP.match(work[pos:s]):
            unknown = _unknown_items(work[pos:s])
            if unknown is None:
                break
            for name in unknown:
                ctx.skip("predator: name not in the gazetteer", name)
        if not backwards and _PRED_AFTER.match(work[e:]) and pos != s and "," in work[pos:s]:
            break
        pos = e
        if key(entity.label) in ctx.art.gaz.not_taxa or entity.id == ctx.art.matcher.subject.id:
            continue
        if entity.scientific_name is None and entity.kind != "group":
            ctx.skip("predator: no scientific name known for this name", work[s:e])
            continue
        ctx.new_entity(entity)
        quals = (("life_stage", "juvenile"),) if juvenile else ()
        ctx.add("preyedUponBy", entity.id, 0.9, qualifiers=quals)


_UNITS = {
    "m": ("m", Decimal(1)), "metres": ("m", Decimal(1)), "meters": ("m", Decimal(1)),
    "metre": ("m", Decimal(1)), "meter": ("m", Decimal(1)), "km": ("km", Decimal(1)),
    "ft": ("m", Decimal("0.3048")), "feet": ("m", Decimal("0.3048")),
    "cm": ("cm", Decimal(1)), "centimetres": ("cm", Decimal(1)), "centimeters": ("cm", Decimal(1)),
    "mm": ("cm", Decimal("0.1")), "in": ("cm", Decimal("2.54")), "inches": ("cm", Decimal("2.54")),
    "ha": ("ha", Decimal(1)), "hectares": ("ha", Decimal(1)), "hectare": ("ha", Decimal(1)),
    "km2": ("ha", Decimal(100)), "km²": ("ha", Decimal(100)), "square kilometres": ("ha", Decimal(100)),
    "square kilometers": ("ha", Decimal(100)), "sq km": ("ha", Decimal(100)),
    "years": ("year", Decimal(1)), "year": ("year", Decimal(1)), "yrs": ("year", Decimal(1)),
    "months": ("month", Decimal(1)), "month": ("month", Decimal(1)),
}
_UNIT = r"(?P<u>square kilomet(?:re|er)s|sq km|km2|km²|hectares?|ha|metres?|meters?|m|ft|feet|km|cm|mm|inches|in|centimet(?:re|er)s|years?|yrs|months?)"
_QUANT = re.compile(rf"(?<![\w.]){_RANGE_NUM}\s*{_UNIT}(?![\w²])", re.IGNORECASE)
_QUANTIFIER = re.compile(
    r"\b(up to|as much as|as high as|as far as|above|over|below|under|at least|more than|"
    r"less than|higher than|lower than|maximum|minimum|longest|greatest|exceeding)\b",
    re.IGNORECASE,
)
_TRAITS: tuple[tuple[str, re.Pattern[str], tuple[str, ...]], ...] = (
    ("elevation", re.compile(r"\baltitud\w*|\belevation\w*|\babove sea level\b|\ba\.?s\.?l\b|\bmetres high\b", re.I), ("m",)),
    ("home-range", re.compile(r"\bhome ranges?\b|\bterritor(?:y|ies) (?:of|cover)", re.I), ("ha",)),
    ("tusk-length", re.compile(r"\btusks?\b|\bcanine (?:teeth|tooth)\b|\b(?:upper|lower|long|elongated|enlarged) canines\b", re.I), ("cm",)),
    ("lifespan", re.compile(r"\blife\s?span\b|\blongevity\b|\blife expectancy\b|\b(?:live[sd]?|living)\s+(?:for\s+)?(?:up to\s+|about\s+|to\s+)?\d|\bcan live\b|\b(?:live|lived) (?:for )?(?:up to|about|to about)\b", re.I), ("year",)),
    ("sexual-maturity-age", re.compile(r"\bsexual(?:ly)?\s+matur\w*|\breach(?:es)? maturity\b", re.I), ("month", "year")),
    ("weaning-age", re.compile(r"\bwean\w*|\bmother's milk\b|\bsuckl\w*", re.I), ("month", "year")),
)
_LITTER = re.compile(
    rf"\b(?:gives?\s+birth\s+to|bears?|produces?|has|have|delivers?|litters?\s+(?:of|size\s+(?:is|of|"
    rf"ranges\s+from)|(?:usually\s+|typically\s+)?(?:consists?|contains?|comprises?)(?:\s+of)?))\s+"
    rf"(?:usually\s+|typically\s+|generally\s+|only\s+)?{_RANGE_NUM}\s+(?:young|offspring|fawns?|kids?|calf|calves|"
    rf"cubs?|kits?|lambs?|infants?|kittens?|pups?|whelps?|piglets?|chicks?)(?:,?\s+(?:rarely|occasionally|sometimes)\s+(?P<c>{NUM}))?",
    re.IGNORECASE,
)
_PRICE = re.compile(rf"\$\s*(?P<a>{NUM})\s*(?:/\s*kg|per\s+kilo(?:gram)?|a\s+kilo(?:gram)?)", re.IGNORECASE)


def rule_measures(ctx: Ctx) -> None:
    """Elevation, home range, tusk length, lifespan, maturity and weaning ages, litter size, price."""
    work = ctx.work
    for trait, cue, units in _TRAITS:
        c = cue.search(work)
        if trait == "elevation" and not c and RANGE_SECTION.search(ctx.section):
            c = re.search(r"\b(?:lives?|occurs?|found|slopes|between|above|below)\b", work)
        if not c or ctx.scope.blocked(c.start(), c.end()):
            continue
        if trait == "lifespan" and re.search(r"\bcaptiv\w*", work, re.IGNORECASE):
            ctx.skip("lifespan: stated for captivity", c.group(0))
            continue
        found: list[Measure] = []
        quantities = list(_QUANT.finditer(work))
        if trait != "elevation":  # one value: the quantity nearest the cue, after it first
            quantities.sort(key=lambda q: (q.start() < c.start(), abs(q.start() - c.end())))
        for q in quantities:
            unit, factor = _UNITS.get(q.group("u").lower(), ("", Decimal(1)))
            if unit not in units or ctx.scope.blocked(q.start(), q.end()):
                continue
            if work[max(0, q.start() - 1):q.start()] == "(":
                continue  # a conversion in parentheses: "2,500 m (8,200 ft)"
            measure = _measure(q, unit, factor, work[max(0, q.start() - 40):q.start()])
            if trait == "elevation" and (measure.max or measure.min or measure.value or 0) < 100:
                continue
            found.append(measure)
            if trait != "elevation":
                break
        if found:
            measure = _combine(found)
            ctx.add(trait, measure.render(), 0.85, measure=measure)
    litter = _LITTER.search(work)
    if litter and not ctx.scope.blocked(litter.start(), litter.end()):
        a = number(litter.group("a"))
        b = number(litter.group("b")) if litter.group("b") else None
        b = number(litter.group("c")) if litter.group("c") else b
        m = Measure("count", min=a, max=b) if b is not None else Measure("count", value=a)
        ctx.add("litter-size", m.render(), 0.85, measure=m)
    price = _PRICE.search(work)
    if price and re.search(r"\bmusk\b", work, re.IGNORECASE) and not ctx.scope.blocked(*price.span(), hedge=False):
        m = Measure("USD/kg", max=number(price.group("a")))
        ctx.add("musk-price", m.render(), 0.75, measure=m)


def _measure(q: re.Match[str], unit: str, factor: Decimal, before: str) -> Measure:
    a = _convert(number(q.group("a")), factor)
    b = _convert(number(q.group("b")), factor) if q.group("b") else None
    if b is not None:
        return Measure(unit, min=min(a, b), max=max(a, b))
    quants = _QUANTIFIER.findall(before)
    quant = quants[-1].lower() if quants else ""
    if quant in ("above", "over", "at least", "more than", "higher than", "minimum", "exceeding"):
        return Measure(unit, min=a)
    if quant in ("up to", "as much as", "as high as", "as far as", "below", "under", "less than",
                 "lower than", "maximum", "longest", "greatest"):
        return Measure(unit, max=a)
    return Measure(unit, value=a)


def _combine(found: list[Measure]) -> Measure:
    """Several values of one trait in a sentence ('from 500 m up to 5,000 m') make one range."""
    if len(found) == 1:
        return found[0]
    values = [v for m in found for v in (m.min, m.max, m.value) if v is not None]
    return Measure(found[0].unit, min=min(values), max=max(values))


def _convert(value: Decimal, factor: Decimal) -> Decimal:
    if factor == 1:
        return value
    return (value * factor).quantize(Decimal(1)) if value * factor >= 10 else (value * factor).quantize(Decimal("0.1"))


def new_taxon_from_parenthesis(work: str, end: int) -> Entity | None:
    """'golden eagle (Aquila chrysaetos)': a taxon the text names with its scientific name."""
    m = re.match(r"\s*\(([A-Z][a-z]+ [a-z]{3,})\)", work[end:])
    if not m:
        return None
    return Entity("taxon", slug(m.group(1)), m.group(1), False, scientific_name=m.group(1))
