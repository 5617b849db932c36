"""Relation rules about status, taxonomy, range, legal status, threats and protected areas.

Each rule reads one sentence (:class:`~wildkg.extract.context.Ctx`) and adds facts whose
trigger and object lie outside the spans :mod:`wildkg.extract.scope` blocked.
"""

from __future__ import annotations

import re

from wildkg.extract.context import RANGE_SECTION, Ctx, Place
from wildkg.extract.scope import clauses

_CATEGORIES = (
    ("extinct in the wild", "EW"), ("critically endangered", "CR"), ("near threatened", "NT"),
    ("least concern", "LC"), ("data deficient", "DD"), ("not evaluated", "NE"),
    ("endangered", "EN"), ("vulnerable", "VU"), ("extinct", "EX"),
)
_CATEGORY = re.compile(r"\b(" + "|".join(c.replace(" ", r"\s+") for c, _ in _CATEGORIES) + r")\b",
                       re.IGNORECASE)
_REDLIST = re.compile(r"\bIUCN\b|\bRed List\b|\bRed Data\b|\bInternational Union for (?:the )?Conservation of "
                      r"Nature\b", re.IGNORECASE)
_CATEGORY_WORDS = "|".join(c.replace(" ", r"\s+") for c, _ in _CATEGORIES if c not in ("extinct", "not evaluated"))
#: "is a critically endangered species", "is classified as vulnerable", "Critically endangered,
#: and found only in …": the category words encyclopedias use for the Red List category.
_CATEGORY_CLAIM = re.compile(
    rf"(?:\b(?:is|are|remains?)\s+(?:currently\s+|now\s+|overall\s+|still\s+)?(?:(?:listed|classified|"
    rf"assessed|considered|categori[sz]ed|rated|regarded)\s+(?:as\s+)?)?(?:an?\s+)?|^\s*)"
    rf"(?<!most )({_CATEGORY_WORDS})\b(?!\s+(?:in|by|under)\b)",
    re.IGNORECASE,
)
_STRICT_NEG = re.compile(r"\bnot\b|n't\b|\bnever\b|\bno longer\b", re.IGNORECASE)
_REASON = re.compile(r"\b(?:because of|due to|owing to|as a result of|because)\s+(.+?)[.;]?$", re.IGNORECASE)
_RANGE_CUE = re.compile(
    r"\b(?:occur\w*|found|native|distribut\w*|range[sd]?|inhabit\w*|lives?|living|present|recorded|"
    r"reported from|endemic|resident|spans?|extends?|known from|populations?|sighted|seen|observed|"
    r"photographed|camera-trapped|documented|confirmed|confined|restricted|limited|rare|common|abundant|"
    r"widespread|scarce|reintroduc\w*)\b",
    re.IGNORECASE,
)
_SUBORDINATE = re.compile(r"^\s*(?:in|within|across|throughout|from)\s", re.IGNORECASE)
_PROTECTED = re.compile(
    r"\b(?:protected(?!\s+areas?\b)|protection(?!\s+areas?\b))\b|\b(?:hunting|killing|capture|trade)\b"
    r"[^.;]{0,40}?\b(?:banned|prohibited|illegal|outlawed|forbidden)\b|\bSchedule I\b",
    re.IGNORECASE,
)
_LICENCE = re.compile(r"\blicen[cs]e[sd]?\b|\bpermits?\b|\bquotas?\b", re.IGNORECASE)
_HUNT_ALLOWED = re.compile(r"\bhunt\w*\b.*\b(?:permitted|allowed|legal|licen[cs]ed)\b"
                           r"|\b(?:permitted|allowed|legal)\b.*\bhunt\w*", re.IGNORECASE | re.DOTALL)
_NATIONAL_LIST = re.compile(
    r"\b(?:listed|classified|categori[sz]ed|declared|considered)\s+(?:as\s+)?(?:an?\s+)?"
    r"(?:critically\s+)?endangered(?:\s+species)?\s+in\b|\bnational(?:ly)? (?:red list|endangered)",
    re.IGNORECASE,
)
_SCOPE = re.compile(r"\bin (?:some|certain|parts of|a few|several) (?:areas|regions|provinces|states|parts)\b",
                    re.IGNORECASE)
_THREAT_CUE = re.compile(
    r"\bthreat\w*|\bendanger\w*|\bdeclin\w*|\bpressure|\brisk\b|\bdanger\w*|\bjeopard\w*|"
    r"\b(?:is|are|was|were|being)\s+(?:\w+ly\s+)?(?:hunted|poached|trapped|persecuted|snared|killed)\b|"
    r"\bloss of\b|\bdestruction\b|\bdegrad\w*|\bfragment\w*|\bdisturb\w*|\bconflicts?\b|\bharvest\w*|"
    r"\bdecreas\w*|\bdue to\b|\bcaused by\b|\bas a result of\b|\bhabitat loss\b|\bdriven (?:out|from)\b|"
    r"\bextirpat\w*",
    re.IGNORECASE,
)
_TAXONOMY = re.compile(
    r"\b(?:considered|treated|regarded|classified|classed|described|listed)\s+(?:as\s+)?"
    r"(?:a\s+)?(?:subspecies|race|variety|form|synonym)\s+of\s+(?:the\s+)?",
    re.IGNORECASE,
)
def rule_status(ctx: Ctx) -> None:
    """IUCN Red List category, only where the sentence ties it to the Red List."""
    work = ctx.work
    if not _REDLIST.search(work):
        _category_claim(ctx)
        return
    found: list[tuple[int, int, str]] = []
    sc = ctx.scope
    for m in _CATEGORY.finditer(work):
        a, b = m.span()
        other = any(s < b and a < e for s, e in sc.other + sc.other_clause)
        past = any(s < b and a < e for s, e in sc.superseded)
        negated = any(s <= a < e and _STRICT_NEG.search(work[s:e]) for s, e in sc.negated)
        if other or past or negated:
            continue
        if "from" in work[max(0, a - 8):a].lower() and re.search(r"\bto\b", work[b:b + 6]):
            continue  # "uplisted from Vulnerable to Endangered": the second one counts
        found.append((a, b, dict(_CATEGORIES)[" ".join(m.group(1).lower().split())]))
    near = [c for c in clauses(work) if _REDLIST.search(work[c[0]:c[1]])]
    same_clause = [f for f in found if any(a <= f[0] < b for a, b in near)]
    found = same_clause or found
    if not found:
        return
    code = found[-1][2]
    reason = _REASON.search(work[found[-1][1]:])
    quals = (("reason", ctx.sentence.raw[found[-1][1] + reason.start(1):found[-1][1] + reason.end(1)]),) \
        if reason else ()
    ctx.add("redListStatus", code, 0.95 if len(found) == 1 else 0.8, qualifiers=quals)


def _category_claim(ctx: Ctx) -> None:
    """A category stated of the subject without naming the Red List (lower confidence)."""
    if re.search(r"\b(?:government|national|state|federal|regional(?:ly)?|locally)\b", ctx.work, re.IGNORECASE):
        return
    for m in _CATEGORY_CLAIM.finditer(ctx.work):
        a, b = m.span(1)
        if ctx.scope.blocked(a, b, hedge=True, superseded=True):
            continue
        if not (ctx.scope.subject_spans or ctx.art.matcher.refers(ctx.work[:a] or ctx.work)):
            continue
        code = dict(_CATEGORIES)[" ".join(m.group(1).lower().split())]
        ctx.add("redListStatus", code, 0.7 if code == "EN" else 0.8)
        return


def rule_taxonomy(ctx: Ctx) -> None:
    """'Previously considered a subspecies of the X' → formerlyIncludedIn X (a known taxon)."""
    for m in _TAXONOMY.finditer(ctx.work):
        if ctx.scope.blocked(m.start(), m.end(), hedge=False, superseded=False, clause_subject=False):
            continue
        nxt = [t for t in ctx.scope.taxon_spans if t[0] == m.end()]
        if not nxt:
            ctx.skip("taxonomy: the parent taxon is not in the gazetteer", ctx.work[m.end():m.end() + 40])
            continue
        entity = nxt[0][2]
        if entity.scientific_name is None:
            continue
        ctx.new_entity(entity)
        ctx.add("formerlyIncludedIn", entity.id, 0.85)


def rule_range(ctx: Ctx) -> None:
    """Countries, subdivisions and mountain ranges where the subject occurs."""
    in_range_section = bool(RANGE_SECTION.search(ctx.section))
    cues = [m for m in _RANGE_CUE.finditer(ctx.work) if not ctx.scope.blocked(m.start(), m.end())]
    if ctx.sentence.index == _first_index(ctx) and not cues:
        lead = re.search(r"\b(?:is|was)\s+an?\s+[^.;]*?\b(?:of|from|in)\s+(?=the\s|[A-Z])", ctx.work)
        cues = [lead] if lead and not ctx.scope.blocked(lead.start(), lead.end()) else []
    if not cues and not in_range_section:
        return
    if not ctx.art.matcher.refers(ctx.work) and not in_range_section:
        return
    captive = [m.span() for m in re.finditer(r"\bzoos?\b|\bcaptiv\w*|\bfarms?\b|\bbred\b", ctx.work,
                                              re.IGNORECASE)]
    seen: set[str] = set()
    for place in ctx.places_in() + _demonym_range(ctx):
        if ctx.scope.blocked(place.start, place.end):
            ctx.skip("range: negated, hedged, past or about another taxon", ctx.work[place.start:place.end])
            continue
        after_cue = any(c.end() <= place.start for c in cues)
        fronted = bool(_SUBORDINATE.match(ctx.work[:place.start].split(",")[-1] + " ")) and not after_cue
        if not (after_cue or fronted or (in_range_section and not cues)):
            continue
        if _in_legal_or_area_phrase(ctx, place.start):
            continue
        if re.search(r"(?<!\bthe )(?<!\bfar )\b(?:north|south|east|west)(?:ern)?(?:\s+and\s+(?:north|south|east|west)"
                     r"(?:ern)?)?\s+of\s+(?:the\s+)?$", ctx.work[max(0, place.start - 40):place.start], re.IGNORECASE):
            continue  # "Bolivia east and north of the Andes": a landmark, not the range
        if any(abs(place.start - b) < 60 or abs(a - place.end) < 60 for a, b in captive):
            ctx.skip("range: animals in captivity or farms", ctx.work[place.start:place.end])
            continue
        if place.entity.id in seen:
            continue
        seen.add(place.entity.id)
        ctx.new_entity(place.entity)
        quals = (("part", place.part),) if place.part else ()
        conf = 0.9 if cues else 0.7
        if re.search(r"\bintroduced\b", ctx.work, re.IGNORECASE):
            conf = 0.6  # an introduced population: the reviewer decides
        ctx.add("occursIn", place.entity.id, conf, qualifiers=quals)


def _first_index(ctx: Ctx) -> int:
    """Index of the sentence that introduces the subject (the one naming its scientific name)."""
    sci = ctx.art.matcher.subject.scientific_name or "\0"
    return next((s.index for s in ctx.art.article.sentences if sci in s.work), 0)


def _in_legal_or_area_phrase(ctx: Ctx, pos: int) -> bool:
    """A place in 'protected by law in X' or 'listed … in X' is legal, not range."""
    before = ctx.work[max(0, pos - 60):pos]
    last_cue = max((m.end() for m in _RANGE_CUE.finditer(before)), default=-1)
    legal = max((m.end() for m in re.finditer(r"\b(?:protected|listed|licen[cs]e|laws?|hunting|banned|"
                                               r"permitted|established|located)\b", before, re.IGNORECASE)),
                default=-1)
    return legal > last_cue


def rule_legal(ctx: Ctx) -> None:
    """Legal protection, hunting under licence and national endangered lists, per country."""
    work = ctx.work
    countries = [p for p in ctx.places_in() if p.entity.kind == "country"]
    countries += _demonym_places(ctx)
    if not countries:
        return
    pieces = re.split(r"(?<=[;,])\s*(?=(?:although|though|but|while|whereas|however)\b)", work)
    offset = 0
    spans = []
    for piece in pieces:
        start = work.index(piece, offset)
        spans.append((start, start + len(piece)))
        offset = start + len(piece)
    for i, (s, e) in enumerate(spans):
        # "hunting may be permitted in X, although a licence is required": the licence
        # named in the next clause applies to this one
        nxt = work[spans[i + 1][0]:spans[i + 1][1]] if i + 1 < len(spans) else ""
        text = work[s:e]
        licence = bool(_HUNT_ALLOWED.search(text) and (_LICENCE.search(text) or _LICENCE.search(nxt)))
        _legal_clause(ctx, text, [p for p in countries if s <= p.start < e], licence)


def _demonym_range(ctx: Ctx) -> list[Place]:
    """'the Indonesian islands of Komodo', 'the Brazilian states of …' → the country."""
    gaz = ctx.art.gaz
    names = "|".join(re.escape(d) for d in sorted(gaz.demonyms, key=len, reverse=True)) or "(?!x)x"
    found = []
    for m in re.finditer(rf"\b({names})\s+(?=(?:islands?|provinces?|states?|regions?|coast|part|forests?|"
                         rf"mainland|territory|highlands?)\b)", ctx.work, re.IGNORECASE):
        demonym = next((d for d in gaz.demonyms if d.lower() == m.group(1).lower()), "")
        country = gaz.countries.get(gaz.demonyms.get(demonym, ""))
        if country is not None and m.group(1)[:1].isupper():
            found.append(Place(m.start(1), m.end(1), country, None))
    return found


def _demonym_places(ctx: Ctx) -> list[Place]:
    """'under the Indian Wildlife Protection Act' → India, for legal rules only."""
    gaz = ctx.art.gaz
    if not gaz.demonyms:
        return []
    names = "|".join(re.escape(d) for d in sorted(gaz.demonyms, key=len, reverse=True))
    found = []
    for m in re.finditer(rf"\b({names})\b(?=(?:\s+[A-Z]\w+){{0,4}}\s+(?:Act|Law|law|legislation|"
                         rf"government|Government)\b)", ctx.work):
        country = gaz.countries.get(gaz.demonyms[m.group(1)])
        if country is not None:
            found.append(Place(m.start(), m.end(), country, None))
    return found


def _legal_clause(ctx: Ctx, text: str, countries: list[Place], licence: bool) -> None:
    if not countries:
        return
    if licence:
        scope = _SCOPE.search(text)
        for p in countries:
            if not ctx.scope.blocked(p.start, p.end, hedge=False):
                ctx.new_entity(p.entity)
                quals = (("scope", scope.group(0)),) if scope else ()
                ctx.add("huntingUnderLicenceIn", p.entity.id, 0.8, qualifiers=quals)
        return
    listed = _NATIONAL_LIST.search(ctx.work)
    if listed and not _REDLIST.search(ctx.work):
        for p in countries:
            if p.start >= listed.start() and not ctx.scope.blocked(p.start, p.end):
                ctx.new_entity(p.entity)
                ctx.add("nationallyListedEndangeredIn", p.entity.id, 0.85)
        return
    prot = [m for m in _PROTECTED.finditer(ctx.work) if not ctx.scope.blocked(m.start(), m.end())]
    for p in countries:
        if ctx.scope.blocked(p.start, p.end):
            continue
        if any(abs(p.start - m.end()) < 80 for m in prot):
            ctx.new_entity(p.entity)
            ctx.add("legallyProtectedIn", p.entity.id, 0.85)


def rule_threats(ctx: Ctx) -> None:
    """Threats named in a threats section, or tied to a threat word, mapped to IUCN codes."""
    in_section = "threat" in ctx.section.lower()
    work = ctx.work
    cue = any(not ctx.scope.blocked(m.start(), m.end()) for m in _THREAT_CUE.finditer(work))
    if not (in_section or cue):
        return
    taken: list[tuple[int, int]] = [m.span() for p in ctx.art.gaz.not_threats for m in p.finditer(work)]
    codes: dict[str, str] = {}
    for code, label, pattern in ctx.art.gaz.threats:
        for m in pattern.finditer(work):
            if any(a < m.end() and m.start() < b for a, b in taken):
                continue
            if ctx.scope.blocked(m.start(), m.end()):
                ctx.skip(f"threat {code}: negated, hedged or about another taxon", m.group(0))
                continue
            if any(a <= m.start() < b for a, b, _ in ctx.scope.taxon_spans):
                continue
            taken.append(m.span())
            codes.setdefault(code, label)
    for code, label in sorted(codes.items()):
        ctx.add("threatenedBy", code, 0.85 if cue else 0.7, qualifiers=(("label", label),))
