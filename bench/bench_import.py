"""Import benchmark: `wildkg import iucn` on generated Red List downloads, against the floor of
raw pyoxigraph bulk-loading the N-Triples the import wrote, side by side in one run.

The generator writes our own rows in the published layout of the Red List website download
(``docs/sources/iucn.md``): ``assessments.csv`` (about 10 % regional assessments of taxa
that also have a global one, 1 % subpopulations), ``taxonomy.csv``, ``countries.csv``
(1–6 range countries per assessment), ``threats.csv`` (0–4 leaf threat codes, columns in
another order) and ``common_names.csv``; all fields ``"``-quoted, HTML in the narrative
columns. Output is deterministic for a size and seed.

Per size and round, each side runs in a fresh subprocess (order rotated) and reports its
wall time and peak RSS (``ru_maxrss``):

* ``import`` — exactly ``wildkg import iucn DIR -o out.nt`` (``wildkg.sources.commands``);
* ``bulk_load`` — ``pyoxigraph.Store().bulk_load`` of that ``out.nt`` (in memory), and the
  same into an on-disk store.

    .venv/bin/python bench/bench_import.py                       # 10k, 30k, 100k; 3 rounds
    .venv/bin/python bench/bench_import.py --sizes 10k --rounds 1   # quick check

Figures go to ``bench/results/import.json``; ``docs/perf/import.md`` holds the tables.
"""

from __future__ import annotations

import argparse
import csv
import json
import random
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

SIZES = {"10k": 10_000, "30k": 30_000, "100k": 100_000}
PYTHON = sys.executable
SYLLABLES = ["ca", "lo", "mi", "ra", "to", "ne", "pha", "dru", "sca", "ven", "mos", "chu", "leu", "gas", "ter",
             "pan", "the", "rus", "ibe", "xo", "lyn", "cer", "vus", "bos", "ovi"]
A_HEADER = ["assessmentId", "internalTaxonId", "scientificName", "redlistCategory", "redlistCriteria",
            "yearPublished", "assessmentDate", "criteriaVersion", "language", "rationale", "habitat", "threats",
            "population", "populationTrend", "range", "useTrade", "systems", "conservationActions", "realm",
            "yearLastSeen", "possiblyExtinct", "possiblyExtinctInTheWild", "scopes"]
CATEGORIES = ["Least Concern", "Near Threatened", "Vulnerable", "Endangered", "Critically Endangered", "Data Deficient"]


def _word(rng: random.Random, n: int) -> str:
    return "".join(rng.choice(SYLLABLES) for _ in range(n))


def generate(n: int, folder: Path, seed: int = 1) -> None:
    """``n`` assessments in the Red List download layout under ``folder``."""
    import pycountry

    from wildkg.sources.vocab import threat_codes

    rng = random.Random(seed)
    countries = sorted(c.alpha_2 for c in pycountry.countries)
    leaves = sorted(c for c in threat_codes() if not any(o.startswith(c + ".") for o in threat_codes()))
    folder.mkdir(parents=True, exist_ok=True)
    files = {name: (folder / name).open("w", newline="", encoding="utf-8") for name in
             ("assessments.csv", "taxonomy.csv", "countries.csv", "threats.csv", "common_names.csv")}
    w = {name: csv.writer(f, quoting=csv.QUOTE_ALL, lineterminator="\n") for name, f in files.items()}
    w["assessments.csv"].writerow(A_HEADER)
    w["taxonomy.csv"].writerow(["internalTaxonId", "scientificName", "kingdomName", "phylumName", "orderName",
                                "className", "familyName", "genusName", "speciesName", "infraType", "infraName",
                                "infraAuthority", "subpopulationName", "authority", "taxonomicNotes"])
    w["countries.csv"].writerow(["assessmentId", "internalTaxonId", "scientificName", "code", "name", "presence",
                                 "origin", "seasonality", "formerlyBred"])
    w["threats.csv"].writerow(["internalTaxonId", "assessmentId", "scientificName", "code", "name", "scope",
                               "severity", "timing", "score", "stressCode", "stressName", "ancestry", "ias",
                               "internationalTrade", "text", "virus"])
    w["common_names.csv"].writerow(["internalTaxonId", "scientificName", "name", "language", "main"])
    made, taxon = 0, 0
    while made < n:
        taxon += 1
        tid = 100_000 + taxon
        genus = _word(rng, 2).capitalize() + "a" * (taxon % 3)
        name = f"{genus} {_word(rng, 3)}{taxon}".replace("0", "o").replace("1", "i").replace("2", "z") \
            .replace("3", "e").replace("4", "a").replace("5", "s").replace("6", "b").replace("7", "t") \
            .replace("8", "x").replace("9", "g")
        subpop = f"{_word(rng, 2).capitalize()} subpopulation" if rng.random() < 0.01 else ""
        w["taxonomy.csv"].writerow([tid, name, "ANIMALIA", "CHORDATA", "ARTIODACTYLA", "MAMMALIA", "MOSCHIDAE",
                                    genus, name.split()[1], "", "", "", subpop, "Someone, 1900", ""])
        w["common_names.csv"].writerow([tid, name, f"{_word(rng, 2).capitalize()} &amp; co", "English", "true"])
        scopes = ["Global"] + (["Europe"] if rng.random() < 0.1 else [])
        for scope in scopes:
            if made >= n:
                break
            made += 1
            aid = 10_000_000 + made
            year = rng.randint(1996, 2025)
            w["assessments.csv"].writerow([
                aid, tid, name, rng.choice(CATEGORIES), rng.choice(["", "A2d", "B1ab(iii)", "C2a(i)"]), year,
                f"{year}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d} 00:00:00 UTC", "3.1", "English",
                "<p>Generated rationale &amp; <em>text</em>.</p>", "<p>Forest.</p>", "<p>Hunting.</p>", "",
                "Decreasing", "<p>Somewhere.</p>", "", "Terrestrial|Freshwater (=Inland waters)", "", "Palearctic",
                "", "false", "false", scope])
            for code in rng.sample(countries, rng.randint(1, 6)):
                w["countries.csv"].writerow([aid, tid, name, code, code, "Extant", "Native", "Resident", ""])
            for code in rng.sample(leaves, rng.randint(0, 4)):
                w["threats.csv"].writerow([tid, aid, name, code, "x", "Majority (50-90%)", "Rapid Declines",
                                           "Ongoing", "", "2.1|2.2", "Species mortality|Species disturbance", "",
                                           "", "", "<p>t</p>", ""])
    for f in files.values():
        f.close()


IMPORT = """
import resource, sys, time
from pathlib import Path
t = time.perf_counter()
from wildkg.sources.base import ImportOptions
from wildkg.sources.commands import run_import
s = run_import(["iucn", sys.argv[1]], Path(sys.argv[2]), ImportOptions(version="bench", retrieved="2026-12-01"))
print(time.perf_counter() - t, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, s.triples,
      sum(s.statements.values()))
"""
BULK = """
import resource, sys, time, tempfile
import pyoxigraph as ox
t = time.perf_counter()
store = ox.Store() if sys.argv[2] == "memory" else ox.Store(tempfile.mkdtemp(dir=sys.argv[3]))
store.bulk_load(path=sys.argv[1], format=ox.RdfFormat.N_TRIPLES)
store.flush() if sys.argv[2] == "disk" else None
print(time.perf_counter() - t, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, len(store), 0)
"""


def _run(code: str, *args: str) -> tuple[float, float, int, int]:
    out = subprocess.run([PYTHON, "-c", code, *args], capture_output=True, text=True, check=True)
    secs, rss, triples, statements = out.stdout.split()
    return float(secs), int(rss) / 1024, int(triples), int(statements)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--sizes", default="10k,30k,100k")
    ap.add_argument("--rounds", type=int, default=3)
    args = ap.parse_args()
    results: dict[str, dict[str, list[float]]] = {}
    (ROOT / "bench" / "data").mkdir(exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="import-", dir=ROOT / "bench" / "data") as tmp:
        work = Path(tmp)
        for size in args.sizes.split(","):
            n = SIZES[size]
            folder = work / f"redlist-{size}"
            generate(n, folder)
            nt = work / f"{size}.nt"
            r: dict[str, list[float]] = {k: [] for k in ("import_s", "import_mb", "memory_s", "memory_mb",
                                                         "disk_s", "disk_mb", "ratio_memory", "ratio_disk")}
            for rnd in range(args.rounds):
                sides = ["import", "memory", "disk"]
                sides = sides[rnd % 3:] + sides[:rnd % 3] if nt.exists() else sides
                got = {}
                for side in sides:
                    if side == "import":
                        got[side] = _run(IMPORT, str(folder), str(nt))
                    else:
                        got[side] = _run(BULK, str(nt), side, str(work))
                for side in ("import", "memory", "disk"):
                    r[f"{side}_s"].append(got[side][0])
                    r[f"{side}_mb"].append(got[side][1])
                r["ratio_memory"].append(got["import"][0] / got["memory"][0])
                r["ratio_disk"].append(got["import"][0] / got["disk"][0])
                triples, statements = got["import"][2], got["import"][3]
                print(size, rnd, {k: round(v[-1], 2) for k, v in r.items()}, triples, statements, flush=True)
            results[size] = r | {"triples": [triples], "statements": [statements]}
            print(size, "medians", {k: round(statistics.median(v), 2) for k, v in results[size].items()},
                  flush=True)
    (ROOT / "bench" / "results").mkdir(exist_ok=True)
    (ROOT / "bench" / "results" / "import.json").write_text(json.dumps(results, indent=1), encoding="utf-8")


if __name__ == "__main__":
    main()
