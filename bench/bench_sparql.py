"""SPARQL benchmark: wildkg against plain rdflib and raw pyoxigraph, side by side in one run.

For each graph size (synthetic graphs from bench/generate.py) and each run, every engine
is measured in a fresh subprocess, in a rotating order:

* load — parse the Turtle file into memory;
* every shipped competency query (queries/*.rq) — evaluated and written as SPARQL CSV,
  after one warm-up run (a query slower than 1 s is timed on its first run);
* export — write the whole graph as Turtle to a file;
* peak memory — the worker's peak RSS (ru_maxrss).

"wildkg" is exactly the code path of ``wildkg query --graph FILE NAME --format csv``
(``wildkg.engines.load_files`` + ``wildkg.query.run_to_bytes``) and of the API's export;
"pyoxigraph" is pyoxigraph's Store used by hand; "rdflib" is rdflib's memory Graph.
Plain rdflib is slow at scale: a query over ``--cap`` seconds is stopped and reported as
"> cap", and at the next size it is not run again. Reported values are medians.

It also times the whole command of the issue's Done-when line,
``wildkg query --graph big.nt 'SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }'``, against
the same count done by a minimal pyoxigraph script and a minimal rdflib script.

    .venv/bin/python bench/bench_sparql.py                 # 10k, 100k, 1M; 5 runs
    .venv/bin/python bench/bench_sparql.py --sizes 10k --runs 2 --no-docs   # quick check
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "bench"))

ENGINES = ("wildkg", "pyoxigraph", "rdflib")
SIZES = {"10k": 10_000, "100k": 100_000, "1M": 1_000_000}
COUNT_QUERY = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
PYTHON = sys.executable


# --------------------------------------------------------------------------- worker side


def _timed(func: Any) -> float:
    start = time.perf_counter()
    func()
    return time.perf_counter() - start


def _with_cap(func: Any, cap: float) -> float | None:
    """Seconds ``func`` took, or None if it passed ``cap`` (then it keeps running)."""
    box: dict[str, Any] = {}

    def work() -> None:
        try:
            box["t"] = _timed(func)
        except BaseException as err:
            box["err"] = err

    thread = threading.Thread(target=work, daemon=True)
    thread.start()
    thread.join(cap)
    if thread.is_alive():
        return None
    if "err" in box:
        raise box["err"]
    return float(box["t"])


def worker(engine: str, ttl: Path, names: list[str], cap: float, export: bool) -> None:
    """Measure one engine in this process and print one JSON line."""
    from wildkg.namespaces import PREFIXES
    from wildkg.sparql.library import shipped_query

    texts = {n: shipped_query(n).text for n in names}
    out: dict[str, Any] = {"queries": {}, "timeout": None}
    if engine == "wildkg":
        from wildkg.sparql.engines import load_files
        from wildkg.sparql.library import run_to_bytes

        holder: dict[str, Any] = {}
        out["load"] = _timed(lambda: holder.setdefault("e", load_files([ttl], "oxigraph")))
        eng = holder["e"]

        def run(text: str) -> None:
            run_to_bytes(eng, text, "csv")

        def dump(path: Path) -> None:
            eng.export("turtle", path)

    elif engine == "pyoxigraph":
        import pyoxigraph as ox

        store = ox.Store()
        out["load"] = _timed(lambda: store.load(path=str(ttl), format=ox.RdfFormat.TURTLE))

        def run(text: str) -> None:
            store.query(text, prefixes=PREFIXES).serialize(format=ox.QueryResultsFormat.CSV)

        def dump(path: Path) -> None:
            store.dump(str(path), ox.RdfFormat.TURTLE, from_graph=ox.DefaultGraph(), prefixes=PREFIXES)

    else:
        from rdflib import Graph

        graph = Graph()
        out["load"] = _timed(lambda: graph.parse(str(ttl), format="turtle"))

        def run(text: str) -> None:
            graph.query(text, initNs=PREFIXES).serialize(format="csv")

        def dump(path: Path) -> None:
            graph.serialize(destination=str(path), format="turtle")

    for name in names:
        first = _with_cap(lambda n=name: run(texts[n]), cap)
        if first is None:
            out["timeout"] = name
            _emit(out)
            os._exit(0)  # the runaway query cannot be stopped inside this process
        out["queries"][name] = first if first > 1.0 else _timed(lambda n=name: run(texts[n]))
    if export:
        with tempfile.TemporaryDirectory() as tmp:
            out["export"] = _timed(lambda: dump(Path(tmp) / "export.ttl"))
    _emit(out)


def _emit(out: dict[str, Any]) -> None:
    out["rss"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
    sys.stdout.write(json.dumps(out) + "\n")
    sys.stdout.flush()


# --------------------------------------------------------------------------- parent side


def spawn(engine: str, ttl: Path, names: list[str], cap: float, export: bool) -> dict[str, Any]:
    cmd = [PYTHON, __file__, "--worker", engine, str(ttl), "--names", ",".join(names),
           "--cap", str(cap)]
    if export:
        cmd.append("--export")
    proc = subprocess.run(cmd, capture_output=True, text=True, check=False)
    if proc.returncode != 0 or not proc.stdout.strip():
        raise RuntimeError(f"worker {engine} failed:\n{proc.stderr}")
    result: dict[str, Any] = json.loads(proc.stdout.strip().splitlines()[-1])
    return result


def measure_engine(engine: str, ttl: Path, names: list[str], cap: float,
                   skip: set[str], capped: set[str]) -> dict[str, Any]:
    """One run of one engine: respawns the worker after a query that passed the cap."""
    todo = [n for n in names if n not in skip and n not in capped]
    merged: dict[str, Any] = {"queries": {}, "load": None, "export": None, "rss": 0}
    while True:
        res = spawn(engine, ttl, todo, cap, export=True)
        if merged["load"] is None:
            merged["load"] = res["load"]
        merged["rss"] = max(merged["rss"], res["rss"])
        merged["queries"].update(res["queries"])
        if res["timeout"] is None:
            merged["export"] = res.get("export")
            return merged
        capped.add(res["timeout"])
        print(f"    {engine}: {res['timeout']} passed the {cap:g} s cap", flush=True)
        todo = todo[todo.index(res["timeout"]) + 1 :]


def whole_command(engine: str, nt: Path) -> tuple[float, int]:
    """Wall time and peak RSS of one whole process answering the count query."""
    if engine == "wildkg":
        cmd = [str(Path(PYTHON).parent / "wildkg"), "query", "--graph", str(nt), COUNT_QUERY]
    elif engine == "pyoxigraph":
        code = ("import pyoxigraph as ox, sys; s = ox.Store(); "
                f"s.load(path=sys.argv[1], format=ox.RdfFormat.N_TRIPLES); "
                f"print(list(s.query({COUNT_QUERY!r}))[0][0].value)")
        cmd = [PYTHON, "-c", code, str(nt)]
    else:
        code = ("import rdflib, sys; g = rdflib.Graph(); g.parse(sys.argv[1], format='nt'); "
                f"print(list(g.query({COUNT_QUERY!r}))[0][0])")
        cmd = [PYTHON, "-c", code, str(nt)]
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
    assert proc.stdout is not None
    output = proc.stdout.read()
    _, status, usage = os.wait4(proc.pid, 0)
    elapsed = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode != 0 or not output.strip():
        raise RuntimeError(f"{engine} count command failed ({proc.returncode})")
    return elapsed, usage.ru_maxrss * 1024


def ensure_data(size: str) -> tuple[Path, Path]:
    import generate

    data = ROOT / "bench" / "data"
    nt, ttl = data / f"synthetic-{size}.nt", data / f"synthetic-{size}.ttl"
    if not (nt.is_file() and ttl.is_file()):
        print(f"generating {size} …", flush=True)
        generate.write(SIZES[size], data)
    return nt, ttl


def median(values: list[float]) -> float | None:
    return statistics.median(values) if values else None


def run_bench(args: argparse.Namespace) -> dict[str, Any]:
    from wildkg.sparql.library import shipped_queries

    names = [q.name for q in shipped_queries()]
    report: dict[str, Any] = {"runs": args.runs, "cap": args.cap, "sizes": {}, "names": names,
                              "started": time.strftime("%Y-%m-%d %H:%M:%S UTC", time.gmtime())}
    too_slow: set[str] = set()  # rdflib queries that passed the cap at a smaller size
    for size in args.sizes:
        nt, ttl = ensure_data(size)
        runs = dict.fromkeys(ENGINES, args.runs)
        if size == "1M":
            runs["rdflib"] = args.rdflib_runs_1m
        samples: dict[str, list[dict[str, Any]]] = {e: [] for e in ENGINES}
        capped: set[str] = set()
        for r in range(max(runs.values())):
            order = ENGINES[r % 3 :] + ENGINES[: r % 3]
            for engine in order:
                if r >= runs[engine]:
                    continue
                skip = too_slow if engine == "rdflib" else set()
                res = measure_engine(engine, ttl, names, args.cap, skip,
                                     capped if engine == "rdflib" else set())
                samples[engine].append(res)
                print(f"  {size} run {r + 1} {engine}: load {res['load']:.2f} s, "
                      f"export {res['export']:.2f} s, rss {res['rss'] / 2**20:.0f} MiB", flush=True)
        cmd_samples: dict[str, list[tuple[float, int]]] = {e: [] for e in ENGINES}
        for r in range(max(runs.values())):
            for engine in ENGINES:
                if r < runs[engine]:
                    cmd_samples[engine].append(whole_command(engine, nt))
        summary: dict[str, Any] = {}
        for engine in ENGINES:
            rows = samples[engine]
            summary[engine] = {
                "runs": len(rows),
                "load": median([x["load"] for x in rows]),
                "export": median([x["export"] for x in rows if x["export"] is not None]),
                "rss": median([x["rss"] for x in rows]),
                "queries": {
                    n: median([x["queries"][n] for x in rows if n in x["queries"]]) for n in names
                },
                "capped": sorted(capped) if engine == "rdflib" else [],
                "skipped": sorted(too_slow) if engine == "rdflib" else [],
                "command": median([t for t, _ in cmd_samples[engine]]),
                "command_rss": median([m for _, m in cmd_samples[engine]]),
            }
        too_slow |= capped
        triples = sum(1 for _ in nt.open(encoding="utf-8"))
        report["sizes"][size] = {"triples": triples, "engines": summary}
    return report


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    parser.add_argument("--worker", nargs=2, metavar=("ENGINE", "TTL"))
    parser.add_argument("--names", default="")
    parser.add_argument("--cap", type=float, default=60.0, help="seconds before an rdflib query is stopped")
    parser.add_argument("--export", action="store_true")
    parser.add_argument("--sizes", nargs="+", default=list(SIZES), choices=list(SIZES))
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--rdflib-runs-1m", type=int, default=3)
    parser.add_argument("--no-docs", action="store_true", help="print only; do not touch docs/")
    args = parser.parse_args()
    if args.worker:
        engine, ttl = args.worker
        worker(engine, Path(ttl), [n for n in args.names.split(",") if n], args.cap, args.export)
        return
    import sparql_report as bench_report

    result = run_bench(args)
    out = ROOT / "bench" / "results"
    out.mkdir(parents=True, exist_ok=True)
    stamp = time.strftime("%Y%m%dT%H%M%S", time.gmtime())
    (out / f"sparql-{stamp}.json").write_text(json.dumps(result, indent=2), encoding="utf-8")
    markdown = bench_report.markdown(result)
    print(markdown)
    if not args.no_docs:
        bench_report.plot(result, ROOT / "docs" / "img" / "sparql-bench.png")
        bench_report.update_performance(ROOT / "docs" / "performance.md", markdown)


if __name__ == "__main__":
    main()
