"""The network page of a build (issue 9), side by side with the pyoxigraph floor.

For each size (a project under bench/data/curated-N built once by ``wildkg build``), each
round runs, in rotating order and each in a fresh process:

- ``floor``: raw pyoxigraph ``bulk_load`` of the build's ``wildkg.ttl`` into a new store;
- ``page``: what the build's page stage does, without saved state (a first or --no-cache
  build): index the sorted N-Triples lines, model, layout, JSON, write ``wildkg.html``;
- ``page-edit``: the same after one account's name changed, with the layout state of the
  build before (an incremental rebuild whose edit leaves nodes and edges as they were);
- ``before`` (with ``--before``): the page as the build wrote it until now, from an rdflib
  view of the store (oxrdflib).

The lines are read from ``sorted.nt`` beside the project (made from the Turtle once, not
timed): the build has them in memory. Usage:
``python bench/bench_page.py --sizes 1000 10000 --rounds 3 [--before 1000]``.
"""

from __future__ import annotations

import argparse
import json
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
DEER = "Genus0 epithet0"  # species-000000's scientific name in bench/generate_curated.py data


def _lines(project: Path) -> list[str]:
    path = project / "sorted.nt"
    if not path.is_file():
        import pyoxigraph as ox

        ttl = project / "out" / "wildkg.ttl"
        lines = sorted({f"{t} .\n" for t in ox.parse(path=str(ttl), format=ox.RdfFormat.TURTLE)})
        path.write_text("".join(lines), encoding="utf-8")
    with path.open(encoding="utf-8") as fh:
        return fh.readlines()


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def one(kind: str, project: Path) -> dict[str, float]:
    """One measurement in this process."""
    from wildkg.network.ntlines import NTriplesLines
    from wildkg.network.page import write_network_page

    scratch = Path(tempfile.mkdtemp(prefix="bench-page-"))
    try:
        if kind == "floor":
            import pyoxigraph as ox

            before = _peak_mb()
            start = time.perf_counter()
            store = ox.Store(str(scratch / "store"))
            store.bulk_load(path=str(project / "out" / "wildkg.ttl"), format=ox.RdfFormat.TURTLE)
            store.flush()
            seconds = time.perf_counter() - start
            del store
        elif kind == "before":
            import pyoxigraph as ox

            from wildkg.rdfio import store_graph

            store = ox.Store.read_only(str(project / "out" / "store"))
            before = _peak_mb()
            start = time.perf_counter()
            write_network_page(store_graph(store), scratch / "wildkg.html")
            seconds = time.perf_counter() - start
        else:
            lines = _lines(project)
            state = scratch / "state"
            if kind == "page-edit":
                write_network_page(NTriplesLines(lines), scratch / "first.html", state_dir=state)
                lines = [line.replace(f'"{DEER}"', f'"{DEER} edited"') for line in lines]
            before = _peak_mb()
            start = time.perf_counter()
            write_network_page(NTriplesLines(lines), scratch / "wildkg.html",
                               state_dir=state if kind == "page-edit" else None)
            seconds = time.perf_counter() - start
        return {"seconds": seconds, "peak_mb": _peak_mb(), "extra_mb": _peak_mb() - before}
    finally:
        shutil.rmtree(scratch, ignore_errors=True)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000])
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--before", type=int, nargs="*", default=[])
    parser.add_argument("--one", nargs=2, metavar=("KIND", "PROJECT"))
    args = parser.parse_args()
    if args.one:
        print(json.dumps(one(args.one[0], Path(args.one[1]))))
        return
    print(f"# bench_page.py {time.strftime('%Y-%m-%d %H:%M:%S UTC', time.gmtime())}")
    for size in args.sizes:
        project = HERE / "data" / f"curated-{size}"
        _lines(project)  # made once, before any timing
        kinds = ["floor", "page", "page-edit"] + (["before"] if size in args.before else [])
        got: dict[str, list[dict[str, float]]] = {k: [] for k in kinds}
        for r in range(args.rounds):
            order = kinds[r % len(kinds):] + kinds[:r % len(kinds)]
            for kind in order:
                if kind == "before" and r > 0:
                    continue  # one round: it is the slow path being replaced
                out = subprocess.run([sys.executable, __file__, "--one", kind, str(project)],
                                     check=True, capture_output=True, text=True)
                got[kind].append(json.loads(out.stdout))
            floor = got["floor"][-1]["seconds"]
            print(f"{size} round {r + 1}: " + ", ".join(
                f"{k} {got[k][-1]['seconds']:.2f} s ({got[k][-1]['seconds'] / floor:.2f}x floor)"
                for k in order if len(got[k]) > r))
        floor = statistics.median(m["seconds"] for m in got["floor"])
        print(f"\n| {size} species | median s | min s | x floor (median) | peak MB | MB added |")
        print("|---|---:|---:|---:|---:|---:|")
        for kind in kinds:
            secs = [m["seconds"] for m in got[kind]]
            med = statistics.median(secs)
            print(f"| {kind} | {med:.2f} | {min(secs):.2f} | {med / floor:.2f} | "
                  f"{max(m['peak_mb'] for m in got[kind]):.0f} | "
                  f"{max(m['extra_mb'] for m in got[kind]):.0f} |")
        print()


if __name__ == "__main__":
    main()
