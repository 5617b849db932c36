"""Benchmark of the compile side of ``wildkg build`` (issue 9), with the floor side by side.

For each curated project (``bench/data/curated-N``, made by ``bench/generate.py``), in a fresh
process per round: the stages the compile side owns, timed as ``wildkg build --no-cache -v``
times them (reading the ontology and shared records, compiling shared records, compiling the
accounts in the default process pool, merging and sorting, and counting entities and facts on
the loaded store), on the code path of the build (``compile_lines``, ``count_kinds_store``). In the
same round, the FLOOR: a raw pyoxigraph ``bulk_load`` of the Turtle of those triples into a
fresh on-disk store, in its own process. Medians of rounds.

    /work/tools/exclusive .venv/bin/python bench/bench_compile.py --species 1000 10000 --rounds 3
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from floor_load import floor

ROOT = Path(__file__).resolve().parents[1]
PY = sys.executable
#: ``WILDKG_SRC=/path/to/src`` measures another checkout's code (e.g. main, for "before").
ENV = {**os.environ, **({"PYTHONPATH": os.environ["WILDKG_SRC"]} if "WILDKG_SRC" in os.environ else {})}

_ROUND = r"""
import json, sys, time
from pathlib import Path
import pyoxigraph as ox
from wildkg import project as paths
from wildkg.build.pipeline import compile_lines
from wildkg.build.report import Timings, count_kinds_store
from wildkg.namespaces import PREFIXES
from wildkg.rdfio import write_turtle

data, scratch = Path(sys.argv[1]), Path(sys.argv[2])
t = Timings()
lines = compile_lines(data, paths.ONTOLOGY_DIR, None, timings=t)
nt = scratch / "data.nt"
with nt.open("w", encoding="utf-8") as fh:
    fh.writelines(lines)
store = ox.Store(str(scratch / "store"))
store.bulk_load(path=str(nt), format=ox.RdfFormat.N_TRIPLES)
with t.stage("Counting entities and facts", False):
    counts = count_kinds_store(store)
write_turtle(nt, scratch / "data.ttl", PREFIXES)
print(json.dumps({"stages": t.stages, "triples": len(lines)}))
"""


def one_round(project: Path) -> tuple[dict[str, float], int, float]:
    with tempfile.TemporaryDirectory(prefix="bench-compile-", dir=ROOT / "bench") as tmp:
        scratch = Path(tmp)
        out = subprocess.run([PY, "-c", _ROUND, str(project / "data"), str(scratch)], capture_output=True,
                             text=True, check=True, env=ENV).stdout
        result = json.loads(out.strip().splitlines()[-1])
        floor_s = floor(scratch / "data.ttl", scratch / "floor")[0]
        shutil.rmtree(scratch / "store", ignore_errors=True)
    stages = {("Compiling the species accounts (2 processes)" if name.endswith("species accounts") else name): s
              for name, s in result["stages"] if not name.startswith("Importing the bulk")}
    return stages, result["triples"], floor_s


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    parser.add_argument("--species", type=int, nargs="+", default=[1000, 10000])
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "results" / "compile.json")
    args = parser.parse_args()
    results = []
    for n in args.species:
        project = ROOT / "bench" / "data" / f"curated-{n}"
        rows: dict[str, list[float]] = {}
        triples = 0
        for r in range(args.rounds):
            stages, triples, floor = one_round(project)
            for name, seconds in stages.items():
                rows.setdefault(name, []).append(seconds)
            total = sum(stages.values())
            rows.setdefault("compile side total", []).append(total)
            rows.setdefault("floor (bulk_load of the Turtle)", []).append(floor)
            print(f"  {n} round {r + 1}: compile side {total:.2f} s, floor {floor:.2f} s", file=sys.stderr,
                  flush=True)
        medians = {k: statistics.median(v) for k, v in rows.items()}
        results.append({"species": n, "triples": triples, "rounds": args.rounds, "seconds": medians})
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    names = list(results[0]["seconds"])
    print("| stage | " + " | ".join(f"{r['species']:,} species ({r['triples']:,} triples)" for r in results) + " |")
    print("|---|" + "---:|" * len(results))
    for name in names:
        print(f"| {name} | " + " | ".join(f"{r['seconds'].get(name, float('nan')):.2f} s" for r in results) + " |")
    print("| compile side ÷ floor | " + " | ".join(
        f"{r['seconds']['compile side total'] / r['seconds']['floor (bulk_load of the Turtle)']:.2f}×"
        for r in results) + " |")


if __name__ == "__main__":
    main()
