"""Score the extractor on the test corpus (tests/corpus/*.txt|md against *.gold.tsv).

Run: .venv/bin/python bench/extract_corpus.py
Prints precision and recall per article, per relation over the corpus, and overall, with
the time per article.
"""

from __future__ import annotations

import time
from pathlib import Path

from rich.console import Console
from rich.table import Table

from wildkg.extract.evaluate import read_gold, score
from wildkg.extract.pipeline import extract_text
from wildkg.extract.run import print_scores

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "tests" / "corpus"


def main() -> int:
    console = Console(highlight=False)
    articles = sorted(p for p in CORPUS.iterdir() if p.suffix in (".txt", ".md"))
    extract_text(articles[0].read_text(encoding="utf-8"), ROOT / "data")  # read gazetteers once
    table = Table("article", "correct", "extracted", "gold", "precision", "recall")
    rows, gold = [], set()
    started = time.perf_counter()
    for article in articles:
        x = extract_text(article.read_text(encoding="utf-8"), ROOT / "data", stem=article.stem)
        g = read_gold(CORPUS / f"{article.stem}.gold.tsv")
        s = score(x.rows(), g)[-1]
        table.add_row(article.stem, str(s.true_positives), str(s.predicted), str(s.gold),
                      f"{s.precision:.2f}", f"{s.recall:.2f}")
        rows += x.rows()
        gold |= g
    elapsed = time.perf_counter() - started
    console.print(table)
    console.print(f"{len(articles)} articles, {elapsed / len(articles) * 1000:.0f} ms per article")
    print_scores(rows, gold, console)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
