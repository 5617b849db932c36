"""Run every rule over an article: text → sentences → scope → facts with evidence."""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

from wildkg.extract.areas import find_areas, rule_areas
from wildkg.extract.biology import rule_measures, rule_predators
from wildkg.extract.context import ArticleContext, Ctx, place_index
from wildkg.extract.datafiles import read_data
from wildkg.extract.gazetteer import Entity, Gazetteer, key, load_gazetteer
from wildkg.extract.model import TRAITS, Evidence, Extraction, Fact, Subject
from wildkg.extract.page import Page, read_page
from wildkg.extract.rules import (
    rule_legal,
    rule_range,
    rule_status,
    rule_taxonomy,
    rule_threats,
)
from wildkg.extract.scope import SubjectMatcher, analyse
from wildkg.extract.subject import find_subject
from wildkg.extract.text import LEAD, Article, parse_article
from wildkg.extract.vocab import load_vocab, rule_vocab
from wildkg.ids import fold, slug

_HISTORY_SECTION = re.compile(
    r"taxonom|etymolog|naming|nomenclature|evolution|phylogen|systematic|fossil|culture|"
    r"mytholog|folklore|heraldry|history of",
    re.IGNORECASE,
)


@lru_cache(maxsize=4)
def vocabulary(data_dir: Path) -> dict[str, list[tuple[str, re.Pattern[str]]]]:
    """The habitat, food and use terms of ``data_dir``, read once per process."""
    return load_vocab(data_dir)


@lru_cache(maxsize=4)
def gazetteer(data_dir: Path) -> Gazetteer:
    """The gazetteer of ``data_dir``, read once per process."""
    return load_gazetteer(data_dir)


@lru_cache(maxsize=4)
def _sources(data_dir: Path) -> tuple[tuple[str, str], ...]:
    doc = read_data(data_dir / "sources.yaml")
    return tuple((str(s.get("id")), str(s.get("url"))) for s in doc.get("sources") or []
                 if isinstance(s, dict))


def source_for(url: str | None, title: str, stem: str, data_dir: Path) -> tuple[str, str, bool]:
    """(source id, url, already in data/sources.yaml) for the article."""
    url = url or f"urn:wildkg:article:{slug(stem)}"
    for source_id, source_url in _sources(data_dir.resolve()):
        if source_url == url:
            return source_id, url, True
    if "wikipedia.org" in url:
        return f"wikipedia-{slug(title or stem)}", url, False
    if url.startswith("urn:wildkg:article:"):
        return f"article-{url.rsplit(':', 1)[1]}", url, False
    return slug(stem), url, False


def extract_text(text: str, data_dir: Path, *, source_url: str | None = None, stem: str = "article",
                 path: str = "") -> Extraction:
    """Extract the facts of one article (plain text or Markdown)."""
    gaz = gazetteer(data_dir.resolve())
    page = read_page(text)
    article = parse_article(text, blank=page.blank, regions=page.regions)
    box_name = page.scientific_name
    subject = find_subject(article, gaz, box_name.object if box_name else None)
    matcher = SubjectMatcher(subject, gaz)
    art = ArticleContext(article, gaz, matcher, place_index(article, gaz), gaz.index("areas"))
    source_id, url, known = source_for(source_url, article.title, stem, data_dir)
    terms = vocabulary(data_dir.resolve())
    focus_other = False
    section = ""
    for sentence in article.sentences:
        if sentence.section != section:
            section, focus_other = sentence.section, False
        scope, focus_other = analyse(sentence, matcher, focus_other)
        ctx = Ctx(art, sentence, fold(sentence.work), scope)
        areas = find_areas(ctx)
        ctx.area_spans = [(s, e) for s, e, _ in areas]
        if _HISTORY_SECTION.search(section):
            rule_taxonomy(ctx)  # naming and history sections describe specimens, not the range
            continue
        for rule in (rule_status, rule_taxonomy, rule_range, rule_legal, rule_threats,
                     rule_predators, rule_measures):
            rule(ctx)
        rule_areas(ctx, areas)
        rule_vocab(ctx, terms)
    extraction = Extraction(article, subject, source_id, url, known, path=path)
    extraction.facts = _names(article, subject, page) + _dedupe(art.facts + _box_status(page, art.facts))
    extraction.skipped = art.skipped
    extraction.new_entities = {k: sorted(v.values(), key=lambda e: e.id)
                               for k, v in sorted(art.new_entities.items())}
    if subject.known:
        listed = gaz.data_names.get(subject.id, set())
        extra = [n for n in subject.names if key(n) not in listed]
        if extra:
            extraction.notes.append(f"names of {subject.id} not in data/taxa.yaml: {', '.join(extra)}")
    if not extraction.source_known and source_url is None:
        extraction.notes.append(f"no --source-url: the source is {url}")
    if not subject.known:
        sci = subject.scientific_name
        extraction.new_entities.setdefault("taxon", []).insert(
            0, Entity("taxon", subject.id, (subject.names or [sci or subject.id])[0], False,
                      scientific_name=sci))
    return extraction


def _box_status(page: Page, facts: list[Fact]) -> list[Fact]:
    """The Red List category the taxobox states (the current assessment): it replaces a
    different category read from the text, which is often the history of the listing."""
    text = page.text or ""
    box = [Fact("redListStatus", f.object, 0.9, Evidence(text[f.start:f.end], f.start, f.end, LEAD))
           for f in page.facts if f.relation == "redListStatus"][:1]
    if box:
        facts[:] = [f for f in facts if f.relation != "redListStatus" or f.object == box[0].object]
    return box


def _names(article: Article, subject: Subject, page: Page) -> list[Fact]:
    """Scientific and common names, with the sentence that introduces them as evidence
    (the taxobox row when only the box gives the scientific name)."""
    lead = next((s for s in article.sentences if subject.scientific_name and subject.scientific_name
                 in s.work), None)
    box = page.scientific_name
    if lead is not None:
        ev = Evidence(lead.raw, lead.start, lead.end, lead.section)
    elif box is not None and box.object == subject.scientific_name:
        ev = Evidence(article.text[box.start:box.end], box.start, box.end, LEAD)
    elif article.sentences:
        first = article.sentences[0]
        ev = Evidence(first.raw, first.start, first.end, first.section)
    else:
        return []
    facts = []
    if subject.scientific_name:
        facts.append(Fact("scientificName", subject.scientific_name, 0.95, ev))
    for name in subject.names:
        where = re.search(re.escape(name), article.text, re.IGNORECASE)
        facts.append(Fact("vernacularName", name, 0.9 if where else 0.7, ev))
    return facts


def _dedupe(facts: list[Fact]) -> list[Fact]:
    """One fact per (relation, object, life stage); one value per trait (the first stated)."""
    out: dict[tuple[str, str, str], Fact] = {}
    traits: set[str] = set()
    for fact in facts:
        if fact.relation in TRAITS:
            if fact.relation in traits:
                continue
            traits.add(fact.relation)
        k = (fact.relation, fact.object, fact.qualifier("life_stage") or "")
        if k in out and out[k].confidence >= fact.confidence:
            continue
        out[k] = fact
    # A predator named once with and once without a life stage: the unqualified one stands.
    plain = {(r, o) for r, o, stage in out if r == "preyedUponBy" and not stage}
    return [f for k, f in out.items() if not (k[2] and (k[0], k[1]) in plain)]

