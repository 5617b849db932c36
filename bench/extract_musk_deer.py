"""Extract the white-bellied musk deer article and compare with the curated account.

Run: .venv/bin/python bench/extract_musk_deer.py
The article is read from ../shared/sources/ beside the repository (not shipped); the
curated account is data/species/moschus-leucogaster.yaml. Prints precision and recall per
relation and overall, the differing facts, and the curated entries the extractor does not
read (free text and vocabulary sections).
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

from rich.console import Console

from wildkg.extract.evaluate import curated_rows, out_of_scope_counts
from wildkg.extract.pipeline import extract_text
from wildkg.extract.run import print_scores

ROOT = Path(__file__).resolve().parents[1]
ARTICLE = ROOT.parent / "shared" / "sources" / "white-bellied-musk-deer.txt"
URL = "https://en.wikipedia.org/wiki/White-bellied_musk_deer"


def main() -> int:
    if not ARTICLE.is_file():
        print(f"article not found: {ARTICLE}", file=sys.stderr)
        return 2
    data = ROOT / "data"
    started = time.perf_counter()
    x = extract_text(ARTICLE.read_text(encoding="utf-8"), data, source_url=URL, stem=ARTICLE.stem)
    elapsed = time.perf_counter() - started
    console = Console(highlight=False)
    console.print(f"extracted {len(x.facts)} facts in {elapsed * 1000:.0f} ms "
                  f"(first run includes reading the gazetteers)")
    print_scores(x.rows(), curated_rows(data, x.subject.id), console)
    missing_evidence = [f for f in x.facts if not f.evidence.text]
    console.print(f"facts without evidence: {len(missing_evidence)}")
    for section, n in out_of_scope_counts(data, x.subject.id).items():
        console.print(f"not extracted (out of scope): {section}: {n} curated entries")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
