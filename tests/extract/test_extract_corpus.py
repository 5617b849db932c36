"""The extractor on the project's corpus of short species accounts, scored against gold."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.helpers import CORPUS_DIR, DATA_DIR
from wildkg.extract.evaluate import read_gold, score
from wildkg.extract.pipeline import extract_text

CORPUS = CORPUS_DIR
ARTICLES = sorted(p for p in CORPUS.iterdir() if p.suffix in (".txt", ".md"))


def test_corpus_has_at_least_eight_accounts_with_gold() -> None:
    """Issue 6 asks for eight or more accounts, each with its gold facts."""
    assert len(ARTICLES) >= 8
    for article in ARTICLES:
        assert (CORPUS / f"{article.stem}.gold.tsv").is_file(), article.name


@pytest.mark.parametrize("article", ARTICLES, ids=lambda p: p.stem)
def test_article_meets_precision_and_recall(article: Path) -> None:
    """Precision first (≥ 0.95 per article), recall ≥ 0.85: a curator trusts a short true list."""
    x = extract_text(article.read_text(encoding="utf-8"), DATA_DIR, stem=article.stem)
    overall = score(x.rows(), read_gold(CORPUS / f"{article.stem}.gold.tsv"))[-1]
    assert overall.precision >= 0.95, overall
    assert overall.recall >= 0.85, overall


def test_whole_corpus_scores() -> None:
    """Across the corpus the extractor stays above 0.95 precision and 0.9 recall."""
    rows, gold = [], set()
    for article in ARTICLES:
        x = extract_text(article.read_text(encoding="utf-8"), DATA_DIR, stem=article.stem)
        rows += x.rows()
        gold |= read_gold(CORPUS / f"{article.stem}.gold.tsv")
    overall = score(rows, gold)[-1]
    assert overall.precision >= 0.95 and overall.recall >= 0.9, overall


@pytest.mark.parametrize("article", ARTICLES, ids=lambda p: p.stem)
def test_every_fact_quotes_its_sentence(article: Path) -> None:
    """Evidence is the article's own text at the stated offsets, with a section and a confidence."""
    text = article.read_text(encoding="utf-8")
    x = extract_text(text, DATA_DIR, stem=article.stem)
    assert x.facts
    for f in x.facts:
        assert text[f.evidence.start:f.evidence.end] == f.evidence.text
        assert f.evidence.section in x.article.sections
        assert 0 < f.confidence <= 1


def test_extraction_is_deterministic() -> None:
    """Two runs give the same facts in the same order (drafts can be diffed)."""
    text = ARTICLES[0].read_text(encoding="utf-8")
    first = extract_text(text, DATA_DIR).facts
    assert extract_text(text, DATA_DIR).facts == first


def test_vocabulary_terms_link_to_existing_records() -> None:
    """Habitats, foods (with season) and uses come only from the curated vocabularies."""
    text = ("White-bellied musk deer\nThe white-bellied musk deer (Moschus leucogaster) is a deer.\n"
            "It hides in dense cover by day. In winter it feeds on lichens. "
            "Its musk is used in perfumes. It lives in bamboo thickets.\n")
    x = extract_text(text, DATA_DIR)
    got = {(f.relation, f.object, f.qualifier("season")) for f in x.facts
           if f.relation in ("hasHabitat", "eats", "hasUse")}
    assert got == {("hasHabitat", "dense-cover", None), ("eats", "lichens", "winter"),
                   ("hasUse", "perfume", None)}


@settings(max_examples=60, deadline=None)
@given(st.lists(st.sampled_from(["India", "Nepal", " it ", "not", " occurs in ", ", ", ". ", "\n",
                                  "# ", "(", ")", "Snow leopards", " prey on ", "2,500 m", "é", "*"]),
                max_size=60).map("".join) | st.text(max_size=200))
def test_any_text_extracts_without_error(text: str) -> None:
    """Arbitrary input never crashes the extractor, and any fact still quotes its offsets."""
    x = extract_text(text, DATA_DIR)
    for f in x.facts:
        assert text[f.evidence.start:f.evidence.end] == f.evidence.text
