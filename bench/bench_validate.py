"""Time each compiled SHACL check on a built store, and the whole validation beside the floor.

    .venv/bin/python bench/bench_validate.py checks bench/data/curated-10000/out/store
        → one row per check (shape, kind, rows, seconds), slowest first
    .venv/bin/python bench/bench_validate.py full bench/data/curated-1000 bench/data/curated-10000 --rounds 3
        → per size: full validation of out/store (in a fresh process), focus validation of a few hundred
          nodes after an edit, and the floor (raw pyoxigraph bulk_load of out/wildkg.ttl), side by side

Run the timed forms under /work/tools/exclusive.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from floor_load import floor

ROOT = Path(__file__).resolve().parents[1]
PY = sys.executable


#: Full validation of a read-only store, then focus validation of the nodes an edit of one account
#: touches (the subjects of its triples: the taxon and its fact nodes), in one fresh process.
_VALIDATE = r"""
import json, resource, sys, time
import pyoxigraph as ox
from wildkg.build.validate import validate_store, load_shapes
from wildkg.build.focus import affected_focus
from wildkg.project import ONTOLOGY_DIR
shapes = load_shapes(ONTOLOGY_DIR / "shapes.ttl")
store = ox.Store.read_only(sys.argv[1])
t = time.perf_counter()
full = validate_store(store, shapes)
t_full = time.perf_counter() - t
taxon = next(iter(store.query("SELECT ?t WHERE { ?t a <https://w3id.org/wildkg/ontology#FocalSpecies> } "
                               "ORDER BY ?t LIMIT 1 OFFSET 17")))["t"]
edited = [q.triple for q in store.quads_for_pattern(taxon, None, None, ox.DefaultGraph())]
t = time.perf_counter()
focus = affected_focus(store, edited, [])
t_affected = time.perf_counter() - t
t = time.perf_counter()
part = validate_store(store, shapes, focus=focus)
t_focus = time.perf_counter() - t
print(json.dumps({"full_s": t_full, "conforms": full.conforms, "violations": len(full.violations),
                  "affected_s": t_affected, "focus_nodes": len(focus), "focus_s": t_focus,
                  "focus_violations": len(part.violations), "triples": len(store),
                  "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
"""


def per_check(store_dir: Path) -> None:
    import pyoxigraph as ox

    from wildkg.build.checks import time_checks
    from wildkg.build.shapes import Classes, compile_shapes
    from wildkg.build.validate import load_shapes
    from wildkg.project import ONTOLOGY_DIR

    store = ox.Store.read_only(str(store_dir))
    classes = Classes(store)
    checks = compile_shapes(load_shapes(ONTOLOGY_DIR / "shapes.ttl"), classes)
    rows = time_checks(store, checks, classes)
    total = sum(r[3] for r in rows)
    print(f"{len(store):,} triples, {len(rows)} checks, {total:.2f} s in all\n")
    print("| shape | check | rows | s |\n|---|---|---:|---:|")
    for shape, kind, n, seconds in sorted(rows, key=lambda r: -r[3]):
        print(f"| {shape.rsplit('#', 1)[-1]} | {kind} | {n} | {seconds:.3f} |")


def full(projects: list[Path], rounds: int, out: str = "validate.json") -> None:
    results = {}
    for project in projects:
        runs: dict[str, list[float]] = {}
        for r in range(rounds):
            f_wall, f_peak, _ = floor(project / "out" / "wildkg.ttl", project / "floor-store")
            out = subprocess.run([PY, "-c", _VALIDATE, str(project / "out" / "store")], capture_output=True,
                                 text=True, check=True).stdout
            got = json.loads(out)
            got.update(floor_s=f_wall, floor_peak_mb=f_peak)
            for k, v in got.items():
                runs.setdefault(k, []).append(float(v))
            print(f"  {project.name} round {r + 1}: validate {got['full_s']:.2f} s, floor {f_wall:.2f} s, "
                  f"focus {int(got['focus_nodes'])} nodes {got['focus_s'] * 1000:.0f} ms", file=sys.stderr)
        results[project.name] = {k: statistics.median(v) for k, v in runs.items()}
    print("| project | triples | validate (full) | peak | floor (bulk_load) | floor peak | validate / floor "
          "| growth (validate, floor) | focus nodes | affected_focus | validate (focus) | violations |\n"
          "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    before: dict[str, float] | None = None
    for name, m in results.items():
        growth = f"×{m['full_s'] / before['full_s']:.1f}, ×{m['floor_s'] / before['floor_s']:.1f}" if before else ""
        print(f"| {name} | {int(m['triples']):,} | {m['full_s']:.2f} s | {m['peak_mb']:.0f} MB | {m['floor_s']:.2f} s "
              f"| {m['floor_peak_mb']:.0f} MB | {m['full_s'] / m['floor_s']:.2f}× | {growth} "
              f"| {int(m['focus_nodes'])} | {m['affected_s'] * 1000:.0f} ms "
              f"| {m['focus_s'] * 1000:.0f} ms | {int(m['violations'])} |")
        before = m
    (ROOT / "bench" / "results").mkdir(parents=True, exist_ok=True)
    (ROOT / "bench" / "results" / out).write_text(json.dumps(results, indent=1))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("mode", choices=["checks", "full"])
    parser.add_argument("paths", nargs="+", type=Path)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--out", default="validate.json", help="file name under bench/results/")
    args = parser.parse_args()
    if args.mode == "checks":
        for path in args.paths:
            per_check(path)
    else:
        full(args.paths, args.rounds, args.out)


if __name__ == "__main__":
    main()
