"""Plot bench/results/build.json (bench/bench_build.py): build time and the pyoxigraph floor
against species, log-log, with the build of commit 980a3d7 (MEASUREMENTS.md) for comparison.

    .venv/bin/python bench/plot_build.py → docs/perf/build.png
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt

ROOT = Path(__file__).resolve().parents[1]
#: `wildkg build` before this work (MEASUREMENTS.md "The build at scale", pySHACL + rdflib).
BEFORE = [(100, 19.1), (300, 69.0), (1000, 367.0), (2000, 1081.0)]


def main() -> None:
    src = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "bench" / "results" / "build.json"
    rows = sorted(json.loads(src.read_text(encoding="utf-8")), key=lambda r: r["species"])
    n = [r["species"] for r in rows]
    fig, ax = plt.subplots(figsize=(7, 4.5), dpi=120)
    ax.plot(n, [r["build_s"] for r in rows], "o-", label="wildkg build (streaming, no cache)")
    ax.plot(n, [r["floor_s"] for r in rows], "s--", label="floor: pyoxigraph bulk_load of its Turtle")
    ax.plot(n, [5 * r["floor_s"] for r in rows], ":", color="grey", label="target: 5 × floor")
    inc = [(r["species"], r["incremental_s"]) for r in rows if "incremental_s" in r]
    if inc:
        ax.plot(*zip(*inc, strict=True), "^-", label="rebuild after editing one account")
    ax.plot(*zip(*BEFORE, strict=True), "x-", color="red", label="before (pySHACL + rdflib, 980a3d7)")
    ax.set_xscale("log")
    ax.set_yscale("log")
    ax.set_xlabel("species accounts")
    ax.set_ylabel("wall time (s)")
    ax.set_title("wildkg build against species (2-core machine, shared)")
    ax.grid(True, which="both", alpha=0.3)
    ax.legend(fontsize=8)
    out = ROOT / "docs" / "perf" / "build.png"
    out.parent.mkdir(parents=True, exist_ok=True)
    fig.tight_layout()
    fig.savefig(out)
    print(f"wrote {out}")


if __name__ == "__main__":
    main()
