"""Reading an article: title, sections and sentences with character offsets.

The article is kept as read (``Article.text``); rules work on ``Article.work``, a copy of
the same length in which Markdown markup (``#``, ``**``, ``_``, link targets) is blanked
out with spaces. Because both strings have the same length, every offset found in the
working copy is an offset in the original, so evidence can always quote the input.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

LEAD = "Lead"
#: Sections that state no facts about the species (their text is never read).
_SKIP_SECTION = re.compile(
    r"^(?:references|notes|bibliography|further reading|external links|citations|sources|"
    r"literature cited|footnotes|works cited)$",
    re.IGNORECASE,
)

_CITATION = re.compile(r"\[(?:\d+|[a-z]|note \d+|citation needed|clarification needed|page needed)\]")
_MD_LINK = re.compile(r"\[([^\]\n]+)\]\([^)\n]*\)")
_MD_EMPH = re.compile(r"(\*{1,3}|_{1,3}|`)(?=\S)(.+?)(?<=\S)\1")
_MD_HEADING = re.compile(r"^(#{1,6})[ \t]+(.+?)[ \t#]*$|^(={1,6})[ \t]*(.+?)[ \t]*\3[ \t]*$")
_LIST_MARK = re.compile(r"^[ \t]*(?:[-*+•]|\d+[.)])[ \t]+")
_ABBREVIATIONS = frozenset(
    {"e.g", "i.e", "c", "ca", "approx", "mt", "st", "dr", "no", "vs", "sp", "spp", "var",
     "subsp", "cf", "al", "fig", "mr", "mrs", "ssp", "syn", "jr", "sr", "u.s"}
)
_BOUNDARY = re.compile(r"[.!?][\"')\]]*(?=\s+[\"'(\[]?[A-Z0-9]|[A-Z][a-z])")


@dataclass(frozen=True)
class Sentence:
    """One sentence: its working text and ``[start, end)`` offsets in the article."""

    index: int
    start: int
    end: int
    section: str
    work: str
    raw: str


@dataclass(frozen=True)
class Article:
    """A parsed article: title (first heading or line), sections and sentences."""

    text: str
    work: str
    title: str
    sections: tuple[str, ...]
    sentences: tuple[Sentence, ...]


def _blank(match: re.Match[str], keep: int) -> str:
    """Replace a match by spaces except its group ``keep``, preserving the length."""
    whole = match.group(0)
    inner = match.group(keep)
    left = match.start(keep) - match.start(0)
    return " " * left + inner + " " * (len(whole) - left - len(inner))


def working_copy(text: str) -> str:
    """``text`` with Markdown markup replaced by spaces (same length) and odd spaces normalised."""
    work = text.replace("\u00a0", " ").replace("\u2009", " ").replace("\u202f", " ")
    work = _CITATION.sub(lambda m: " " * len(m.group(0)), work)
    work = _MD_LINK.sub(lambda m: _blank(m, 1), work)
    return _MD_EMPH.sub(lambda m: _blank(m, 2), work)


@dataclass
class _Block:
    section: str
    start: int
    end: int
    is_list_item: bool


def _is_plain_heading(line: str, prev_blank: bool, next_line: str | None) -> bool:
    stripped = line.strip()
    if not stripped or not prev_blank or next_line is None or not next_line.strip():
        return False
    if len(stripped) > 60 or len(stripped.split()) > 8 or stripped[-1] in ".!?:;,)":
        return False
    return stripped[0].isupper()


def _blocks(text: str, work: str, regions: Sequence[tuple[int, int, str]] = ()
            ) -> tuple[str, list[str], list[_Block]]:
    """Split into title, section names and blocks (paragraph lines or list items)."""
    lines = work.split("\n")
    title = ""
    section = LEAD
    sections: list[str] = [LEAD]
    blocks: list[_Block] = []
    offset = 0
    prev_blank = True
    for i, line in enumerate(lines):
        start, end = offset, offset + len(line)
        offset = end + 1
        nxt = lines[i + 1] if i + 1 < len(lines) else None
        md = _MD_HEADING.match(line)
        stripped = line.strip()
        region = next((r for r in regions if start <= r[0] < end), None)
        if region is not None:
            if region[2] not in sections:
                sections.append(region[2])
            blocks.append(_Block(region[2], region[0], end, True))
            prev_blank = False
            continue
        first_line = not title and not blocks and bool(stripped)
        title_like = first_line and len(stripped) <= 80 and stripped[-1] not in ".!?:;,"
        if md or title_like or _is_plain_heading(line, prev_blank, nxt):
            heading = (md.group(2) or md.group(4)) if md else stripped
            name = re.sub(r"\s*\[edit\]$", "", heading.strip())
            if first_line:
                title = name
            else:
                section = name
                if name not in sections:
                    sections.append(name)
            prev_blank = False
            continue
        prev_blank = not stripped
        if not stripped:
            continue
        item = _LIST_MARK.match(line)
        lead_ws = len(line) - len(line.lstrip())
        bstart = start + (item.end() if item else lead_ws)
        blocks.append(_Block(section, bstart, end, bool(item)))
    return title, sections, blocks


def _merge_wrapped(blocks: list[_Block], work: str) -> list[_Block]:
    """Join hard-wrapped lines of one paragraph (Markdown style) into one block."""
    merged: list[_Block] = []
    for block in blocks:
        if merged:
            prev = merged[-1]
            prev_text = work[prev.start:prev.end].rstrip()
            gap = work[prev.end:block.start]
            wrapped = (
                not block.is_list_item
                and prev.section == block.section
                and gap.count("\n") == 1
                and len(prev_text) >= 60
                and prev_text[-1:] not in (".", "!", "?", ":")
            )
            if wrapped:
                merged[-1] = _Block(prev.section, prev.start, block.end, prev.is_list_item)
                continue
        merged.append(block)
    return merged


def _split_block(work: str, start: int, end: int) -> list[tuple[int, int]]:
    """Sentence spans inside ``work[start:end]``."""
    spans: list[tuple[int, int]] = []
    cur = start
    chunk = work[start:end]
    for m in _BOUNDARY.finditer(chunk):
        stop = start + m.end()
        word = re.search(r"([A-Za-z.]+)\.?$", work[cur:stop - (len(m.group(0)) - 1)])
        raw = (word.group(1) if word else "").rstrip(".")
        token = raw.lower()
        if token in _ABBREVIATIONS or (len(raw) == 1 and raw.isupper()):
            continue
        spans.append((cur, stop))
        cur = stop
        while cur < end and work[cur].isspace():
            cur += 1
    if cur < end:
        spans.append((cur, end))
    out = []
    for s, e in spans:
        while e > s and work[e - 1].isspace():
            e -= 1
        if e > s:
            out.append((s, e))
    return out


def blank_spans(work: str, spans: Sequence[tuple[int, int]]) -> str:
    """``work`` with the characters of ``spans`` replaced by spaces (line breaks kept)."""
    chars = list(work)
    for s, e in spans:
        for i in range(max(0, s), min(e, len(chars))):
            if chars[i] != "\n":
                chars[i] = " "
    return "".join(chars)


def parse_article(text: str, *, blank: Sequence[tuple[int, int]] = (),
                  regions: Sequence[tuple[int, int, str]] = ()) -> Article:
    """Parse plain text or Markdown into an :class:`Article` (reference sections are dropped).

    ``blank`` spans (page boilerplate, the taxobox) are not read; lines starting inside one of
    ``regions`` are read as their own block in the region's section (a box's "Range:" line).
    """
    work = blank_spans(working_copy(text), blank)
    title, sections, blocks = _blocks(text, work, regions)
    sentences: list[Sentence] = []
    for block in _merge_wrapped(blocks, work):
        if _SKIP_SECTION.match(block.section):
            continue
        for s, e in _split_block(work, block.start, block.end):
            sentences.append(Sentence(len(sentences), s, e, block.section, work[s:e], text[s:e]))
    return Article(text, work, title, tuple(sections), tuple(sentences))
