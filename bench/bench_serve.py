"""Load benchmark of ``wildkg serve`` against ``oxigraph serve-read-only`` on the same store.

All servers are given one on-disk store made by ``oxigraph load`` from the built Turtle:
``wildkg serve`` as shipped (a store this small is copied into each worker's memory, and
repeated cheap queries take the in-process fast path); the same with the fast path off
(``WILDKG_SERVE_INPROCESS_MS=0``: every query crosses to a worker process); the same also
reading the store on disk (``WILDKG_SERVE_MEMORY_TRIPLES=0``); ``oxigraph serve-read-only``
on the store (the baseline of issue 5); and, for reference, ``oxigraph serve`` in memory
(loaded by one PUT of the Turtle), since wildkg copies a store this small into memory. Clients POST the shipped queries (``queries/*.rq``, with the
project prefixes written out) in a round-robin mix over keep-alive connections for a fixed
time per cell, with 1, 4 and 16 concurrent clients; a cell reports queries/s, median and
p95 latency, the server's CPU time per query (its whole process group, from /proc: far less
sensitive to other load on the machine than throughput) and errors. Clients run in up to
two processes of threads (the machine has 2 cores, shared with the servers). Rounds repeat
every cell, rotating the order of the servers; medians over rounds are reported.

    .venv/bin/python bench/bench_serve.py [--ttl out/wildkg.ttl] [--seconds 5] [--rounds 3]

Results go to stdout (a Markdown table) and bench/results/serve.json.
"""

from __future__ import annotations

import argparse
import http.client
import json
import multiprocessing as mp
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from contextlib import ExitStack
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urlencode

from wildkg import project
from wildkg.namespaces import sparql_prologue
from wildkg.serve.launch import free_port, group_cpu_seconds, running
from wildkg.sparql.library import shipped_queries

ROOT = Path(__file__).resolve().parents[1]
OXIGRAPH = Path(sys.executable).with_name("oxigraph")
if TYPE_CHECKING:
    Results = mp.Queue[tuple[list[float], int]]
SERVERS = ["wildkg", "wildkg-no-fast-path", "wildkg-disk-no-fast-path", "oxigraph", "oxigraph-in-memory"]
HEADERS = {
    "Content-Type": "application/x-www-form-urlencoded",
    "Accept": "application/sparql-results+json",
}


def client_process(
    port: int, path: str, bodies: list[str], threads: int, offset: int, seconds: float, out: Results
) -> None:
    """Run ``threads`` clients until the time is up; put (latencies, errors) on ``out``."""
    latencies: list[float] = []
    errors = [0]
    lock = threading.Lock()
    end = time.monotonic() + seconds

    def client(index: int) -> None:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        mine: list[float] = []
        failed = 0
        k = index
        while time.monotonic() < end:
            body = bodies[k % len(bodies)]
            k += 1
            started = time.perf_counter()
            try:
                conn.request("POST", path, body, HEADERS)
                response = conn.getresponse()
                response.read()
                ok = response.status == 200
            except (OSError, http.client.HTTPException):
                ok = False
                conn.close()
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
            mine.append(time.perf_counter() - started)
            failed += not ok
        conn.close()
        with lock:
            latencies.extend(mine)
            errors[0] += failed

    pool = [threading.Thread(target=client, args=(offset + i,)) for i in range(threads)]
    for thread in pool:
        thread.start()
    for thread in pool:
        thread.join()
    out.put((latencies, errors[0]))


def measure(port: int, path: str, bodies: list[str], clients: int, seconds: float) -> dict[str, float]:
    processes = min(clients, 2)
    share = [clients // processes + (i < clients % processes) for i in range(processes)]
    queue: Results = mp.Queue()
    procs = [
        mp.Process(target=client_process, args=(port, path, bodies, n, sum(share[:i]), seconds, queue))
        for i, n in enumerate(share)
    ]
    started = time.monotonic()
    for proc in procs:
        proc.start()
    results = [queue.get() for _ in procs]
    for proc in procs:
        proc.join()
    elapsed = time.monotonic() - started
    latencies = sorted(x for lat, _ in results for x in lat)
    errors = sum(e for _, e in results)
    return {
        "queries": len(latencies),
        "qps": len(latencies) / elapsed,
        "p50_ms": 1000 * statistics.median(latencies),
        "p95_ms": 1000 * latencies[int(0.95 * (len(latencies) - 1))],
        "errors": errors,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--ttl", type=Path, default=project.default_ttl())
    parser.add_argument("--seconds", type=float, default=5.0, help="per cell")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--clients", type=int, nargs="+", default=[1, 4, 16])
    parser.add_argument("--workers", type=int, default=0, help="wildkg serve --workers")
    args = parser.parse_args()

    queries = [sparql_prologue() + q.text for q in shipped_queries()]
    bodies = [urlencode({"query": q}) for q in queries]
    table: list[dict[str, Any]] = []
    with tempfile.TemporaryDirectory() as tmp:
        out_dir = Path(tmp)
        store = project.default_store(out_dir)
        subprocess.run(
            [str(OXIGRAPH), "load", "--location", str(store), "--file", str(args.ttl)],
            check=True,
            capture_output=True,
        )
        ports = {name: free_port() for name in SERVERS}

        def wildkg(name: str, *env: str) -> list[str]:
            serve = ["-m", "wildkg.cli", "serve", "--port", str(ports[name]), "--out-dir", str(out_dir)]
            return ["env", *env, sys.executable, *serve, "--workers", str(args.workers)]

        commands = {
            "wildkg": wildkg("wildkg"),
            "wildkg-no-fast-path": wildkg("wildkg-no-fast-path", "WILDKG_SERVE_INPROCESS_MS=0"),
            "wildkg-disk-no-fast-path": wildkg(
                "wildkg-disk-no-fast-path", "WILDKG_SERVE_INPROCESS_MS=0", "WILDKG_SERVE_MEMORY_TRIPLES=0"
            ),
            "oxigraph": [
                str(OXIGRAPH),
                "serve-read-only",
                "--location",
                str(store),
                "--bind",
                f"127.0.0.1:{ports['oxigraph']}",
            ],
        }
        commands["oxigraph-in-memory"] = [
            str(OXIGRAPH),
            "serve",
            "--bind",
            f"127.0.0.1:{ports['oxigraph-in-memory']}",
        ]
        paths_of = {name: "/query" if name.startswith("oxigraph") else "/sparql" for name in SERVERS}
        ready = {name: f"http://127.0.0.1:{ports[name]}{paths_of[name]}?query=ASK%7B%7D" for name in SERVERS}
        pgids: dict[str, int] = {}
        with ExitStack() as stack:
            for name in SERVERS:
                pgids[name] = stack.enter_context(running(commands[name], ready[name])).pid
            load = urllib.request.Request(
                f"http://127.0.0.1:{ports['oxigraph-in-memory']}/store?default",
                data=args.ttl.read_bytes(),
                method="PUT",
                headers={"Content-Type": "text/turtle"},
            )
            urllib.request.urlopen(load).close()
            for name in SERVERS:
                measure(ports[name], paths_of[name], bodies, 2, 2.0)  # warm-up
            for round_index in range(args.rounds):
                for clients in args.clients:
                    # rotate the order, so drift in machine load does not always hit one server
                    shift = (round_index + clients) % len(SERVERS)
                    for name in SERVERS[shift:] + SERVERS[:shift]:
                        cpu_before = group_cpu_seconds(pgids[name])
                        cell = measure(ports[name], paths_of[name], bodies, clients, args.seconds)
                        used = group_cpu_seconds(pgids[name]) - cpu_before
                        cell["cpu_ms_per_query"] = 1000 * used / max(cell["queries"], 1)
                        table.append({"server": name, "clients": clients, "round": round_index, **cell})
                        print(
                            f"round {round_index} {name:20} {clients:3} clients: "
                            f"{cell['qps']:8.1f} q/s  p50 {cell['p50_ms']:6.2f} ms  "
                            f"p95 {cell['p95_ms']:6.2f} ms  server CPU {cell['cpu_ms_per_query']:.2f} "
                            f"ms/query  errors {cell['errors']}",
                            file=sys.stderr,
                            flush=True,
                        )
    print(
        f"\n{len(queries)} shipped queries, {args.seconds:g} s per cell, {args.rounds} rounds "
        f"(medians over rounds; ratio = median of per-round ratios), data {args.ttl}\n"
    )
    print(
        "| clients | server | queries/s | p50 ms | p95 ms | server CPU ms/query | errors "
        "| × oxigraph serve-read-only | × oxigraph in memory |"
    )
    print("|---|---|---|---|---|---|---|---|---|")

    def cells(name: str, clients: int) -> list[dict[str, float]]:
        found = [r for r in table if r["server"] == name and r["clients"] == clients]
        return sorted(found, key=lambda r: r["round"])

    for clients in args.clients:
        base = cells("oxigraph", clients)
        base_memory = cells("oxigraph-in-memory", clients)
        for name in SERVERS:
            rows = cells(name, clients)
            ratio = statistics.median(r["qps"] / b["qps"] for r, b in zip(rows, base, strict=True))
            ratio_memory = statistics.median(
                r["qps"] / b["qps"] for r, b in zip(rows, base_memory, strict=True)
            )
            keys = ("qps", "p50_ms", "p95_ms", "cpu_ms_per_query")
            med = {k: statistics.median(r[k] for r in rows) for k in keys}
            errors = sum(r["errors"] for r in rows)
            print(
                f"| {clients} | {name} | {med['qps']:.0f} | {med['p50_ms']:.2f} | "
                f"{med['p95_ms']:.2f} | {med['cpu_ms_per_query']:.2f} | {errors:.0f} | {ratio:.2f} | {ratio_memory:.2f} |"
            )
    results = ROOT / "bench" / "results"
    results.mkdir(parents=True, exist_ok=True)
    (results / "serve.json").write_text(json.dumps(table, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
