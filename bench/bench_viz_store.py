"""`wildkg viz` from the store against the floor of reading the same triples from the store.

    .venv/bin/python bench/bench_viz_store.py --nt /tmp/browse-bench/synthetic-950000.nt [--rounds 3]

The N-Triples file (bench/generate.py; ~95 triples per species, so 950,000 triples are about
10,000 species) is bulk-loaded into an on-disk Oxigraph store once. Each round then times,
side by side: the floor (open the store read-only and iterate every quad, touching each term's
value) and ours (``write_network_page`` from the store: model, layout, page written). Ratios
are taken per round; medians are reported.
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from pathlib import Path

import pyoxigraph as ox

from wildkg.network.page import write_network_page
from wildkg.network.source import open_store


def floor(path: Path) -> float:
    t = time.perf_counter()
    store = ox.Store.read_only(str(path))
    n = 0
    for quad in store:
        quad.subject.value  # noqa: B018 - touch each term as a reader must
        quad.predicate.value  # noqa: B018
        quad.object.value  # noqa: B018
        n += 1
    assert n > 0
    return time.perf_counter() - t


def ours(path: Path, out: Path) -> tuple[float, int, int]:
    t = time.perf_counter()
    info = write_network_page(open_store(path), out)
    return time.perf_counter() - t, info.nodes, info.edges


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--nt", type=Path, required=True)
    ap.add_argument("--rounds", type=int, default=3)
    args = ap.parse_args()
    folder = Path(tempfile.mkdtemp())
    store_path = folder / "store"
    store = ox.Store(str(store_path))
    store.bulk_load(path=str(args.nt), format=ox.RdfFormat.N_TRIPLES)
    store.flush()
    triples = len(store)
    del store
    print(f"{args.nt.name}: {triples} triples in the store")
    ratios, floors, times = [], [], []
    for r in range(args.rounds):
        f = floor(store_path)
        o, nodes, edges = ours(store_path, folder / "page.html")
        floors.append(f)
        times.append(o)
        ratios.append(o / f)
        size = (folder / "page.html").stat().st_size / 1e6
        print(f"round {r + 1}: read {f:.2f} s; viz {o:.2f} s ({nodes} nodes, {edges} edges, "
              f"{size:.0f} MB); ratio {o / f:.2f}")
    print(f"median: read {statistics.median(floors):.2f} s, viz {statistics.median(times):.2f} s, "
          f"ratio {statistics.median(ratios):.2f}x")


if __name__ == "__main__":
    main()
