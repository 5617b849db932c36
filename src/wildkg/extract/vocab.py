"""Habitats, food items and uses: links to the curated vocabularies only, never new terms.

Habitats and food items are the records of ``data/vocabulary.yaml`` (matched by label, singular
or plural); uses are the concepts of the ``use:`` scheme named in ``data/gazetteers/uses.yaml``.
A term counts only in a clause about the subject that also has a cue word (lives, hides,
feeds, eats, used in…).
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from wildkg.extract.context import Ctx
from wildkg.extract.datafiles import read_data
from wildkg.extract.gazetteer import plurals
from wildkg.ids import fold

_HABITAT_CUE = re.compile(r"\b(?:inhabit\w*|lives?|living|hides?|hiding|emerges?|rests?|occup\w+|"
                          r"prefers?|habitats?|found|occurs?|shelters?|dens?)\b", re.IGNORECASE)
_DIET_CUE = re.compile(r"\b(?:feeds?|feeding|eats?|eating|diet|subsists?|browses?|grazes?|forages?|"
                       r"selects?|consumes?|food)\b", re.IGNORECASE)
_USE_CUE = re.compile(r"\bused\s+(?:in|for|to make|as)\b|\bmanufacture\b|\bmade into\b|\bdemand for\b|"
                      r"\bsold (?:for|as)\b", re.IGNORECASE)
_SEASON = re.compile(r"\b(winter|summer|spring|autumn|monsoon|dry season|wet season)\b", re.IGNORECASE)


def _read(path: Path) -> dict[str, Any]:
    return read_data(path)


def load_vocab(data_dir: Path) -> dict[str, list[tuple[str, re.Pattern[str]]]]:
    """relation -> [(object id, pattern)] for hasHabitat, eats and hasUse."""
    vocab = _read(data_dir / "vocabulary.yaml")
    uses = _read(data_dir / "gazetteers" / "uses.yaml")
    out: dict[str, list[tuple[str, re.Pattern[str]]]] = {"hasHabitat": [], "eats": [], "hasUse": []}
    for relation, key in (("hasHabitat", "habitats"), ("eats", "food_items")):
        for item in vocab.get(key) or []:
            if isinstance(item, dict) and item.get("id") and item.get("label"):
                forms = sorted(plurals(str(item["label"])), key=len, reverse=True)
                alts = "|".join(r"\s+".join(map(re.escape, f.split())) for f in forms)
                out[relation].append((str(item["id"]), re.compile(rf"\b(?:{alts})\b", re.IGNORECASE)))
    for code, words in (uses.get("uses") or {}).items():
        alts = "|".join(str(w) for w in words)
        out["hasUse"].append((str(code), re.compile(rf"\b(?:{alts})\b", re.IGNORECASE)))
    return out


def rule_vocab(ctx: Ctx, vocab: dict[str, list[tuple[str, re.Pattern[str]]]]) -> None:
    """hasHabitat / eats (with season) / hasUse from the curated vocabularies."""
    work = fold(ctx.work)
    if not ctx.art.matcher.refers(work):
        return
    cues = {"hasHabitat": _HABITAT_CUE, "eats": _DIET_CUE, "hasUse": _USE_CUE}
    for relation, terms in vocab.items():
        cue = [m for m in cues[relation].finditer(work) if not ctx.scope.blocked(*m.span())]
        if not cue:
            continue
        for term_id, pattern in terms:
            m = pattern.search(work)
            if m is None or ctx.scope.blocked(*m.span()):
                continue
            quals: tuple[tuple[str, str], ...] = ()
            if relation == "eats":
                clause = re.split(r"[;,]\s*(?:and\s+)?", work[:m.start()])[-1] + m.group(0)
                season = _SEASON.search(work[:m.start()]) if len(clause) < 200 else None
                near = season and m.start() - season.end() < 60
                quals = (("season", season.group(1).lower()),) if season and near else ()
            ctx.add(relation, term_id, 0.75, qualifiers=quals)
