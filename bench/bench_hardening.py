"""What issue 13's hardening costs per query: ``wildkg serve`` before and after, side by side.

Three servers over the same Turtle, each with 2 workers: the code of an earlier commit (given
by ``--before``: a folder holding its ``src/``, e.g. from ``git archive 69847bd src``) as it
shipped, the same with its in-process fast path off (``WILDKG_SERVE_INPROCESS_MS=0``: the
floor of a worker round trip), and this checkout. One client sends each kind of query sequentially over a keep-alive connection;
per round and kind, the median latency of each server and the ratios are taken; the table reports medians over rounds. Kinds: ``ASK {}`` (the floor: the HTTP stack
and, after, the process hop the old fast path skipped), the shipped predators question, and
a query mentioning "SERVICE" in a literal (after: rdflib's parser runs on it in the worker).

    .venv/bin/python bench/bench_hardening.py --before /tmp/harden-base [--rounds 5] [--n 200]
"""

from __future__ import annotations

import argparse
import http.client
import os
import statistics
import sys
import time
from contextlib import ExitStack
from pathlib import Path
from urllib.parse import urlencode

from wildkg.serve.launch import free_port, running

REPO = Path(__file__).resolve().parents[1]
FIXTURE = REPO / "tests" / "fixtures" / "serve.ttl"
QUERIES = {
    "ASK {}": "ASK {}",
    "predators": (
        "SELECT ?p ?name WHERE { taxon:moschus-leucogaster obo:RO_0002458 ?p . ?p rdfs:label ?l "
        "OPTIONAL { ?p dwc:scientificName ?s } BIND(COALESCE(?s, STR(?l)) AS ?name) } ORDER BY ?name"
    ),
    "'SERVICE' in a literal": "SELECT ?s WHERE { ?s ?p 'SERVICE <http://x/> {}' } LIMIT 1",
}


def median_latency(port: int, query: str, n: int) -> float:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    body = urlencode({"query": query})
    headers = {"Content-Type": "application/x-www-form-urlencoded", "Accept": "application/sparql-results+json"}
    times = []
    for _ in range(n):
        started = time.perf_counter()
        connection.request("POST", "/sparql", body, headers)
        response = connection.getresponse()
        response.read()
        times.append(time.perf_counter() - started)
        assert response.status == 200, response.status
    connection.close()
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--before", type=Path, required=True)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--n", type=int, default=200)
    args = parser.parse_args()
    before, after = str(args.before / "src"), str(REPO / "src")
    servers = {
        "before": [f"PYTHONPATH={before}"],
        "before, no fast path": [f"PYTHONPATH={before}", "WILDKG_SERVE_INPROCESS_MS=0"],
        "after": [f"PYTHONPATH={after}"],
    }
    ports = {name: free_port() for name in servers}
    with ExitStack() as stack:
        for name, env in servers.items():
            command = ["env", *env, sys.executable, "-m", "wildkg.cli", "serve", "--graph",
                       str(FIXTURE), "--workers", "2", "--port", str(ports[name])]  # fmt: skip
            stack.enter_context(running(command, f"http://127.0.0.1:{ports[name]}/sparql", timeout=90))
        results: dict[str, list[dict[str, float]]] = {kind: [] for kind in QUERIES}
        for round_ in range(args.rounds):
            for kind, query in QUERIES.items():
                order = list(servers)[round_ % 3 :] + list(servers)[: round_ % 3]
                results[kind].append({name: median_latency(ports[name], query, args.n) for name in order})
    print(f"load average at the end: {os.getloadavg()[0]:.1f}; {args.rounds} rounds of {args.n} queries")
    print("| query | " + " | ".join(f"{name} (ms)" for name in servers) + " | after / before | after / no fast path |")
    print("|---" * (len(servers) + 3) + "|")
    for kind, rounds in results.items():
        cells = [f"{statistics.median(r[name] for r in rounds) * 1000:.2f}" for name in servers]
        ratio = statistics.median(r["after"] / r["before"] for r in rounds)
        hop = statistics.median(r["after"] / r["before, no fast path"] for r in rounds)
        print(f"| {kind} | " + " | ".join(cells) + f" | {ratio:.2f}× | {hop:.2f}× |")


if __name__ == "__main__":
    main()
