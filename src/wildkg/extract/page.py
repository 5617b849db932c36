"""Text as people copy it from a web page: boilerplate, the taxobox, and what the box states.

A page copied from an encyclopedia carries lines that are not prose: navigation ("Jump to
content", "From Wikipedia, the free encyclopedia"), the taxobox ("Scientific
classification", "Kingdom: Animalia", "Binomial name", image file names, table pipes),
citation markers, reference lists, blog footers. :func:`read_page` finds them and returns
their spans, so the article parser can blank them out (the offsets of everything else stay
those of the input), and the few facts the box states: the scientific name with its rank,
the Red List category, and key-value lines about range, threats and status.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

_BOILERPLATE = re.compile(
    r"^\s*(?:Jump to (?:content|navigation|search)|Jump to navigation\s*Jump to search|"
    r"From Wikipedia, the free encyclopedia|Frae Wikipedia.*|From Wikipedia\b.*|"
    r"\(Redirected from [^)]*\)|Page (?:semi-|extended-)?protected|"
    r"This article is about .*|For other uses, see .*|Contents|Last updated|\[edit\]|edit|"
    r"\*{3}.*\*{3}|No comments:?|Post a Comment|\d+ Responses? to .*|Encyclopedia|"
    r"Read more about .*|Text Source: .*|\{\{[^{}]*\}\}|: CS1 maint.*|\^ .*|\d+\.\s+\^ .*|"
    r"Wikiwand .*|Seamless Wikipedia browsing.*|Table of Contents|Hide|Show|"
    r"Article snapshot taken from Wikipedia.*|Misplaced Pages|Retrieved from .*|"
    r"Community content is available under .*|Template:\S+(?:\s+Template:\S+)*)\s*$",
    re.IGNORECASE,
)
#: Inline text that is markup, not prose (blanked wherever it appears).
_INLINE = re.compile(
    r"<ref[^>]{0,300}/>|<ref[^>]{0,300}>.{0,3000}?</ref>|\{\{[^{}\n]*\}\}|\bTemplate:[\w\-]+|\[(?:update|edit)\]|"
    r"\bEdit this classification\b|\bOOjs UI icon [\w\-.]+|\s[-–:]\s*(?:Wikipedia|Wikis)\s*$|"
    r"(?<=[a-z])Edit this classification",
    re.IGNORECASE | re.MULTILINE,
)
_RANKS = (
    r"Domain|Kingdom|Regnum|Phylum|Subphylum|Class|Subclass|Infraclass|Superorder|Order|Suborder|"
    r"Infraorder|Superfamily|Family|Subfamily|Tribe|Genus|Subgenus|Species|Subspecies|Clade|"
    r"Authority|Parent authority|Synonyms?|Conservation status|Binomial name|Trinomial name|"
    r"Temporal range|Scientific classification|Subdivisions?|Type species"
)
_BOX_LINE = re.compile(
    rf"^\s*[-•*]?\s*(?:{_RANKS})\s*(?:\[\d+\]\s*)*[:|]\s*\S.*$"
    r"|^\s*[-•*]?\s*(?:Scientific classification|Binomial name|Trinomial name|Temporal range)\b"
    r"|^\s*\|?[^|\n]*\|\s*[^|\n]*\|?\s*$|^\s*-{3}\|"
    r"|\.(?:jpe?g|png|svg|gif|tiff?)\b|^\s*CITES Appendix|\(IUCN \d\.\d\)|^\s*[•†]|^\s*!\[\]\(\)",
    re.IGNORECASE,
)
_STRONG = re.compile(r"^\s*[-•*]?\s*(?:Scientific classification|Binomial name|Trinomial name|"
                     r"Kingdom\s*[:|]|Phylum\s*[:|]|Genus\s*[:|]|Conservation status\b)", re.IGNORECASE)
_NAME = r"[A-Z][a-z]+ [a-z]{3,}(?: [a-z]{3,})?"
_NAME_LINE = re.compile(rf"^\s*[|†]?\s*({_NAME})(?:\s*(?:\(|[A-Z]|\[|\||$).*)?$")
_CATEGORY = (
    ("extinct in the wild", "EW"), ("critically endangered", "CR"), ("near threatened", "NT"),
    ("least concern", "LC"), ("data deficient", "DD"), ("endangered", "EN"), ("vulnerable", "VU"),
)
_CODES = {"EX", "EW", "CR", "EN", "VU", "NT", "LC", "DD"}
_STATUS_WORD = re.compile(r"\b(" + "|".join(c for c, _ in _CATEGORY) + r")\b", re.IGNORECASE)
_KEY_VALUE = re.compile(
    r"^\s*[-•*]?\s*(?P<key>IUCN (?:Red List )?(?:status|category)|Conservation status|IUCN status|"
    r"Status(?: in the wild)?|Threats?|Main threats|Geographic(?:al)? range|Range(?: states)?|"
    r"Distribution|Native range|Countries|Location|Lives|Found in)\s*[:–-]\s*(?P<value>\S.*)$",
    re.IGNORECASE,
)
#: Section a key-value line is read in (the rules key on section names).
_KEY_SECTION = {"threat": "Threats", "range": "Distribution", "distribution": "Distribution",
                "countries": "Distribution", "location": "Distribution", "lives": "Distribution",
                "found": "Distribution"}


@dataclass(frozen=True)
class BoxFact:
    """A fact the box states: relation, object and the ``[start, end)`` of its line."""

    relation: str
    object: str
    start: int
    end: int


@dataclass
class Page:
    """What :func:`read_page` found: spans to blank, key-value lines and the box's facts."""

    text: str | None = None
    blank: list[tuple[int, int]] = field(default_factory=list)
    regions: list[tuple[int, int, str]] = field(default_factory=list)
    facts: list[BoxFact] = field(default_factory=list)

    @property
    def scientific_name(self) -> BoxFact | None:
        return next((f for f in self.facts if f.relation == "scientificName"), None)


def _lines(text: str) -> list[tuple[int, int, str]]:
    out, pos = [], 0
    for line in text.split("\n"):
        out.append((pos, pos + len(line), line))
        pos += len(line) + 1
    return out


_TABLE_ROW = re.compile(r"\|\s*\|\s*$|^\s*\|?\s*-{3}\|")
_FINITE = re.compile(r"\b(?:is|are|was|were|has|have|had|lives?|occurs?|inhabits?|feeds?|can|will|may|"
                     r"includes?|consists?|belongs?|ranges?|extends?|became|grows?|weighs?|reach(?:es)?|"
                     r"eats?|hunts?|means|refers?|remains?|survives?|numbers?|breeds?)\b")


def _prose(line: str) -> bool:
    """A line of running text (not a box row, table row, caption or heading)."""
    words = line.split()
    if _TABLE_ROW.search(line) or _KEY_VALUE.match(line):
        return False
    if len(words) >= 14:
        return bool(_FINITE.search(line))
    return len(words) >= 6 and bool(_FINITE.search(line)) and \
        bool(re.search(r"[.!?][\"')\]]*(?:\[\d+\])*\s*$|\.\s+[A-Z]", line))


def category(text: str) -> str | None:
    """The Red List code a box value names ("Vulnerable (IUCN 3.1)", "VU", "EN A2be")."""
    m = _STATUS_WORD.search(text)
    if m:
        return dict(_CATEGORY)[" ".join(m.group(1).lower().split())]
    code = re.match(r"\s*([A-Z]{2})\b", text)
    return code.group(1) if code and code.group(1) in _CODES else None


def read_page(text: str) -> Page:
    """Boilerplate and box spans of ``text`` and the facts its taxobox or fact list states."""
    page = Page(text)
    lines = _lines(text)
    first_content = next((i for i, (_, _, ln) in enumerate(lines)
                          if ln.strip() and not _BOILERPLATE.match(ln)), None)
    box = [False] * len(lines)
    for i, (_, _, line) in enumerate(lines):
        if not _STRONG.match(line):
            continue
        box[i] = True
        j = i - 1  # the box's header and image caption come just above its first row
        while j >= 0 and lines[j][2].strip() and not _prose(lines[j][2]) and j != first_content:
            box[j] = True
            j -= 1
        j = i + 1
        while j < len(lines) and not _prose(lines[j][2]) and not _is_heading_after_box(lines, j):
            box[j] = True
            j += 1
    for i, (s, e, line) in enumerate(lines):
        if (_BOILERPLATE.match(line) and line.strip()) or (line.strip() and (box[i] or (_BOX_LINE.search(line) and not _prose(line)
                                          and not _KEY_VALUE.match(line)))):
            page.blank.append((s, e))
        kv = _KEY_VALUE.match(line)
        if kv and not _prose(line):
            _key_value(page, kv, s)
    for m in _INLINE.finditer(text):
        page.blank.append(m.span())
    _box_names(page, lines, box)
    return page


def _is_heading_after_box(lines: list[tuple[int, int, str]], j: int) -> bool:
    """A short line after a blank line and before prose: a section heading, not a box row."""
    line = lines[j][2].strip()
    if not line or _BOX_LINE.search(line) or _STRONG.match(line):
        return False
    before = lines[j - 1][2].strip() if j else ""
    after = next((ln for _, _, ln in lines[j + 1:] if ln.strip()), "")
    return not before and _prose(after) and len(line.split()) <= 6 and not _NAME_LINE.match(line)


def _key_value(page: Page, kv: re.Match[str], offset: int) -> None:
    key = kv.group("key").lower()
    s, e = offset + kv.start("value"), offset + kv.end("value")
    if "status" in key or "category" in key:
        code = category(kv.group("value"))
        if code:
            page.facts.append(BoxFact("redListStatus", code, offset + kv.start(), e))
        return
    section = next((v for k, v in _KEY_SECTION.items() if k in key), None)
    if section:
        page.regions.append((offset + kv.start(), e, section))
        page.blank = [(a, b) for a, b in page.blank if not (a <= s < b)]


def _box_names(page: Page, lines: list[tuple[int, int, str]], box: list[bool]) -> None:
    """Scientific name (with rank) and status stated in the box rows."""
    genus = epithet = sub = None
    first = last = 0
    status_next = False
    for i, (s, e, line) in enumerate(lines):
        if not box[i]:
            continue
        stripped = line.strip(" |-•*\t")
        low = stripped.lower()
        m = re.match(r"(binomial|trinomial) name\s*[|:]*\s*(.*)$", low)
        if m:
            rest = stripped[len(stripped) - len(m.group(2)):] if m.group(2) else ""
            found = _NAME_LINE.match(rest) if rest else None
            k = i + 1
            while found is None and k < len(lines) and k < i + 4:
                found = _NAME_LINE.match(lines[k][2])
                if found:
                    s, e = lines[k][0], lines[k][1]
                k += 1
            if found and not any(f.relation == "scientificName" for f in page.facts):
                page.facts.append(BoxFact("scientificName", found.group(1), s, e))
            continue
        kv = re.match(r"(genus|species|subspecies)\s*[:|]\s*\|?\s*(.+?)\s*\|?\s*$", stripped, re.IGNORECASE)
        if kv:
            value = kv.group(2).split()
            rank = kv.group(1).lower()
            if rank == "genus" and value and value[0][:1].isupper():
                genus, first = value[0], s
            elif rank == "species" and value and value[-1].islower():
                epithet, last = value[-1], e
            elif rank == "subspecies" and value and value[-1].islower():
                sub, last = value[-1], e
            continue
        if "conservation status" in low:
            code = category(stripped[len("conservation status"):]) if ":" in stripped else None
            if code:
                page.facts.append(BoxFact("redListStatus", code, s, e))
            status_next = code is None
            continue
        if status_next and stripped:
            code = category(stripped) if _STATUS_WORD.match(stripped) else None
            if code and not any(f.relation == "redListStatus" for f in page.facts):
                page.facts.append(BoxFact("redListStatus", code, s, e))
            status_next = False
    if genus and epithet and page.scientific_name is None:
        name = f"{genus} {epithet}" + (f" {sub}" if sub else "")
        page.facts.append(BoxFact("scientificName", name, first, max(first, last)))
