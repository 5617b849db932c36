"""Speed of `wildkg extract` on real article text (issue 12), with the floor beside it.

Run: .venv/bin/python bench/extract_real.py [--articles 10000] [--rounds 5]

1. Articles per second on one core over tests/corpus/real (30 pages as copied), median of
   rounds, beside two floors measured in the same run: reading the page (boilerplate and
   taxobox) plus splitting sentences, and that plus finding the subject.
2. A folder of N articles (the corpus copied round-robin under distinct names) extracted in
   parallel on every core with the progress bar `wildkg extract DIR -o OUT` shows, beside
   the same files on one core; drafts are rendered for every article.
The machine is shared: report the load average next to the figures.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import tempfile
import time
from pathlib import Path

from wildkg.extract.draft import render
from wildkg.extract.page import read_page
from wildkg.extract.pipeline import extract_text, gazetteer
from wildkg.extract.run import collect, extract_file, extract_many
from wildkg.extract.subject import find_subject
from wildkg.extract.text import parse_article

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "data"
REAL = ROOT / "tests" / "corpus" / "real"


def _floor_split(texts: list[str]) -> None:
    for text in texts:
        page = read_page(text)
        parse_article(text, blank=page.blank, regions=page.regions)


def _floor_subject(texts: list[str]) -> None:
    gaz = gazetteer(DATA.resolve())
    for text in texts:
        page = read_page(text)
        article = parse_article(text, blank=page.blank, regions=page.regions)
        box = page.scientific_name
        find_subject(article, gaz, box.object if box else None)


def _full(texts: list[str]) -> None:
    for text in texts:
        render(extract_text(text, DATA))


def per_core(rounds: int) -> None:
    texts = [p.read_text(encoding="utf-8") for p in sorted(REAL.rglob("*.txt"))]
    _full(texts[:1])  # gazetteer read once, as in a long run
    print(f"load average {os.getloadavg()[0]:.2f}; {len(texts)} articles, {rounds} rounds, medians")
    times: dict[str, list[float]] = {"page + sentences (floor)": [], "+ subject": [], "extract + draft": []}
    for _ in range(rounds):
        for name, fn in (("page + sentences (floor)", _floor_split), ("+ subject", _floor_subject),
                         ("extract + draft", _full)):
            t = time.perf_counter()
            fn(texts)
            times[name].append(time.perf_counter() - t)
    floor = statistics.median(times["page + sentences (floor)"])
    print("| stage | ms per article | articles/s per core | × floor |\n|---|---|---|---|")
    for name, ts in times.items():
        m = statistics.median(ts)
        print(f"| {name} | {1000 * m / len(texts):.1f} | {len(texts) / m:.0f} | {m / floor:.1f} |")


def folder(n: int, single: int) -> None:
    sources = sorted(REAL.rglob("*.txt"))
    with tempfile.TemporaryDirectory(prefix="wildkg-extract-bench-") as tmp:
        root = Path(tmp) / "articles"
        root.mkdir()
        for i in range(n):
            src = sources[i % len(sources)]
            shutil.copyfile(src, root / f"{i:05d}-{src.name}")
        files = collect([root])
        print(f"\nfolder of {len(files)} articles; cores {os.cpu_count()}; "
              f"load average {os.getloadavg()[0]:.2f}")
        t = time.perf_counter()
        for f in files[:single]:
            render(extract_file(f, DATA))
        one = (time.perf_counter() - t) / single
        t = time.perf_counter()
        results = extract_many(files, DATA, progress=True)
        for x in results:
            render(x)
        wall = time.perf_counter() - t
        print("| run | articles | wall s | articles/s | speed-up vs one core |\n|---|---|---|---|---|")
        print(f"| one core (first {single}) | {single} | {one * single:.1f} | {1 / one:.0f} | 1.0 |")
        print(f"| all cores, progress bar | {len(results)} | {wall:.1f} | {len(results) / wall:.0f} | "
              f"{one * len(results) / wall:.2f} |")
        print(f"load average after: {os.getloadavg()[0]:.2f}")


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--articles", type=int, default=10_000)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--single", type=int, default=300)
    args = parser.parse_args()
    per_core(args.rounds)
    folder(args.articles, args.single)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
