"""Bulk sources benchmark (issue 11): each kind against the pyoxigraph bulk-load floor of its
own output, side by side in one run, and the Dask conversion with 1 and 2 workers.

Files are generated in the published layouts by ``bench/bulk_generate.py`` (GloBI 1M and 10M
rows, GBIF 1M occurrences, WDPA 300k sites) into ``bench/data/``. Every measurement runs in a
fresh subprocess, so its peak RSS (``ru_maxrss``) is its own:

* ``convert`` — ``wildkg import KIND FILE -o out.nt``: blocks, sorted shards, merged file;
* ``floor`` — raw pyoxigraph: a fresh on-disk ``Store`` bulk-loading that ``out.nt``;
* ``to store`` — ``wildkg import KIND FILE --store DIR``: unsorted shards bulk-loaded;
* ``dask N`` — the conversion alone (shards, no merge) on a LocalCluster of N single-threaded
  workers, against the same conversion in one process (``local``).

Rounds rotate the order; figures are medians; ratios are taken per round. CPU seconds are the
process's user+system time (polars uses both cores), so rows per CPU-second is "per core".

    .venv/bin/python bench/bench_bulk.py --quick            # 20k rows each, one round
    .venv/bin/python bench/bench_bulk.py                    # the issue's sizes
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "bench" / "data"
RESULTS = ROOT / "bench" / "results"
SUFFIX = {"globi": ".tsv.gz", "gbif-dwca": ".zip", "wdpa": ".csv"}
SIZES = {"1m": 1_000_000, "10m": 10_000_000, "3m": 3_000_000, "300k": 300_000, "20k": 20_000, "100k": 100_000, "2m": 2_000_000}


def data_file(kind: str, size: str, plain: bool = False) -> Path:
    """The generated file; ``plain``: its uncompressed copy (``.tsv``), which Dask workers read
    by byte ranges themselves."""
    path = DATA / f"{kind}-{size}{SUFFIX[kind]}"
    if not path.exists():
        subprocess.run([sys.executable, str(ROOT / "bench" / "bulk_generate.py"), kind, str(SIZES[size]), str(path)],
                       check=True)
    if plain and path.suffix == ".gz":
        unpacked = path.with_suffix("")
        if not unpacked.exists():
            with gzip.open(path, "rb") as src, unpacked.open("wb") as dst:
                shutil.copyfileobj(src, dst, 1 << 24)
        return unpacked
    return path


# --- measurements, each run in a child process ---------------------------------------------------

def child(task: str, kind: str, path: str, work: str, workers: int) -> dict[str, float]:
    from wildkg.sources.columnar.run import Job, run_imports

    work_dir = Path(work)
    start = time.perf_counter()
    rows = lines = 0
    if task == "convert":
        report = run_imports([Job(kind, Path(path))], out=work_dir / "out.nt")
        rows, lines = report.rows, report.lines
    elif task == "floor":
        import pyoxigraph as ox

        store = ox.Store(str(work_dir / "floor-store"))
        store.bulk_load(path=str(work_dir / "out.nt"), format=ox.RdfFormat.N_TRIPLES)
        store.flush()
        lines = len(store)
    elif task == "store":
        report = run_imports([Job(kind, Path(path))], store=work_dir / "store")
        rows, lines = report.rows, report.store_triples
    elif task == "daskout":  # the whole import on Dask: shards, summaries, range merges, one file
        report = run_imports([Job(kind, Path(path))], workers=workers, out=work_dir / "out.nt")
        rows, lines = report.rows, report.lines
    elif task in ("local", "dask"):
        report = run_imports([Job(kind, Path(path))], workers=workers if task == "dask" else None,
                             work_dir=work_dir)
        rows = report.rows
    wall = time.perf_counter() - start
    usage = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)  # local Dask workers, GNU sort
    return {"wall": wall, "cpu": usage.ru_utime + usage.ru_stime, "rss_mb": usage.ru_maxrss / 1024,
            "children_cpu": children.ru_utime + children.ru_stime, "children_rss_mb": children.ru_maxrss / 1024,
            "rows": rows, "lines": lines, "load_after": os.getloadavg()[0]}


def measure(task: str, kind: str, path: Path, work: Path, workers: int = 0) -> dict[str, float]:
    load_before = os.getloadavg()[0]
    out = subprocess.run([sys.executable, __file__, "--child", task, kind, str(path), str(work), str(workers)],
                         check=True, capture_output=True, text=True)
    result: dict[str, float] = json.loads(out.stdout.strip().splitlines()[-1])
    return {**result, "load_before": load_before}


def bench_kind(kind: str, size: str, rounds: int, tasks: tuple[str, ...]) -> dict[str, object]:
    path = data_file(kind, size)
    per_round = []
    for r in range(rounds):
        work = Path(tempfile.mkdtemp(prefix="bulk-bench-", dir=DATA))
        try:
            order = [t for t in (["convert", "floor", "store"] if r % 2 == 0 else ["store", "convert", "floor"])
                     if t in tasks]
            got = {}
            for task in order:
                got[task] = measure(task, kind, path, work)
                print(f"  {kind} {size} round {r + 1} {task}: {got[task]}", flush=True)
            per_round.append(got)
        finally:
            shutil.rmtree(work, ignore_errors=True)
    med = {t: {k: statistics.median(g[t][k] for g in per_round) for k in per_round[0][t]} for t in per_round[0]}
    ratios = {
        f"{t}/floor": statistics.median(g[t]["wall"] / g["floor"]["wall"] for g in per_round)
        for t in ("store", "convert") if t in tasks and "floor" in tasks
    }
    return {"kind": kind, "size": size, "median": med, "ratios": ratios, "rounds": per_round}


def bench_dask(kind: str, size: str, rounds: int, plain: bool = False,
               tasks: tuple[tuple[str, int], ...] = (("local", 0), ("dask", 1), ("dask", 2))) -> dict[str, object]:
    path = data_file(kind, size, plain)
    per_round = []
    for r in range(rounds):
        work = Path(tempfile.mkdtemp(prefix="bulk-dask-", dir=DATA))
        try:
            got = {}
            for task, n in tasks if r % 2 == 0 else tasks[::-1]:
                name = f"{task}{n}" if n else task
                got[name] = measure(task, kind, path, work, n)
                print(f"  dask {kind} {size} round {r + 1} {name}: {got[name]}", flush=True)
            per_round.append(got)
        finally:
            shutil.rmtree(work, ignore_errors=True)
    one, two = (f"{tasks[-1][0]}1", f"{tasks[-1][0]}2")
    speedup = (statistics.median(g[one]["wall"] / g[two]["wall"] for g in per_round)
               if all(one in g and two in g for g in per_round) else None)
    med = {t: statistics.median(g[t]["wall"] for g in per_round) for t in per_round[0]}
    return {"kind": kind, "size": size, "file": path.name, "median_wall": med, "speedup_2_over_1": speedup,
            "rounds": per_round}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--child", nargs=5, help=argparse.SUPPRESS)
    parser.add_argument("--runs", default="globi:1m,gbif-dwca:1m,wdpa:300k,globi:10m")
    parser.add_argument("--dask", default="globi:10m", help="kind:size for Dask 1 vs 2 workers ('' to skip)")
    parser.add_argument("--dask-workers", default="0,1,2", help="worker counts to time (0: one process, no Dask)")
    parser.add_argument("--dask-out", action="store_true", help="time the whole import to one file (-o) on Dask")
    parser.add_argument("--dask-plain", action="store_true",
                        help="Dask on the uncompressed copy (workers read their own byte ranges)")
    parser.add_argument("--memory", default="", help="kind:size converted once in one process (shards only), "
                        "to compare peak memory across sizes")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--tasks", default="convert,floor,store", help="which of convert,floor,store to run")
    parser.add_argument("--quick", action="store_true", help="20k rows of each kind, one round")
    parser.add_argument("--out", default=str(RESULTS / "bulk.json"))
    args = parser.parse_args()
    if args.child:
        task, kind, path, work, workers = args.child
        print(json.dumps(child(task, kind, path, work, int(workers))))
        return
    if args.quick:
        args.runs, args.dask, args.rounds = "globi:20k,gbif-dwca:20k,wdpa:20k", "globi:20k", 1
    RESULTS.mkdir(parents=True, exist_ok=True)
    results: dict[str, object] = {"when": time.strftime("%Y-%m-%d %H:%M:%S"), "kinds": [], "dask": [],
                                  "load": subprocess.run(["uptime"], capture_output=True, text=True).stdout.strip()}
    for spec in filter(None, args.runs.split(",")):
        kind, size = spec.split(":")
        rounds = 1 if size == "10m" else args.rounds
        results["kinds"].append(bench_kind(kind, size, rounds, tuple(args.tasks.split(","))))  # type: ignore[union-attr]
        Path(args.out).write_text(json.dumps(results, indent=1))
    for spec in filter(None, args.dask.split(",")):
        kind, size = spec.split(":")
        results["dask"].append(bench_dask(kind, size, 1 if size == "10m" else args.rounds, args.dask_plain,
                                          tuple(("daskout" if args.dask_out else "dask", n) if n else ("local", 0)
                                                for n in map(int, args.dask_workers.split(",")))))  # type: ignore[union-attr]
        Path(args.out).write_text(json.dumps(results, indent=1))
    results["memory"] = []
    for spec in filter(None, args.memory.split(",")):
        kind, size = spec.split(":")
        work = Path(tempfile.mkdtemp(prefix="bulk-mem-", dir=DATA))
        try:
            got = measure("local", kind, data_file(kind, size), work)
        finally:
            shutil.rmtree(work, ignore_errors=True)
        print(f"  memory {kind} {size}: {got}", flush=True)
        results["memory"].append({"kind": kind, "size": size, **got})  # type: ignore[union-attr]
        Path(args.out).write_text(json.dumps(results, indent=1))


if __name__ == "__main__":
    main()
