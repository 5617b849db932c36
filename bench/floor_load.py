"""The floor the build benchmarks compare with: raw pyoxigraph ``bulk_load`` of a Turtle file
into a fresh on-disk store, in a process of its own (its time, peak RSS and triples)."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

_FLOOR = r"""
import resource, sys, time, pyoxigraph as ox
t = time.perf_counter()
store = ox.Store(sys.argv[2])
store.bulk_load(path=sys.argv[1], format=ox.RdfFormat.TURTLE)
store.flush()
print(time.perf_counter() - t, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, len(store))
"""


def floor(ttl: Path, scratch: Path) -> tuple[float, float, int]:
    """Seconds, peak MB and triples of loading ``ttl`` into a new store at ``scratch`` (removed)."""
    shutil.rmtree(scratch, ignore_errors=True)
    out = subprocess.run([sys.executable, "-c", _FLOOR, str(ttl), str(scratch)], capture_output=True,
                         text=True, check=True).stdout.split()
    shutil.rmtree(scratch, ignore_errors=True)
    return float(out[0]), float(out[1]), int(out[2])
