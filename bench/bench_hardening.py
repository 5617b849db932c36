"""What issue 13's hardening costs per query: ``wildkg serve`` before and after, side by side.

Two servers over the same Turtle, each with 2 workers: the code of an earlier commit (given
by ``--before``: a folder holding its ``src/``, e.g. from ``git archive 69847bd src``) and this
checkout. One client sends each kind of query sequentially over a keep-alive connection;
per round and kind, the median latency of each server and their ratio (after/before) are
taken; the table reports medians over rounds. Kinds: ``ASK {}`` (the floor: the HTTP stack
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
    servers = {"before": str(args.before / "src"), "after": str(REPO / "src")}
    ports = {name: free_port() for name in servers}
    with ExitStack() as stack:
        for name, src in servers.items():
            command = ["env", f"PYTHONPATH={src}", sys.executable, "-m", "wildkg.cli", "serve", "--graph",
                       str(FIXTURE), "--workers", "2", "--port", str(ports[name])]  # fmt: skip
            stack.enter_context(running(command, f"http://127.0.0.1:{ports[name]}/sparql", timeout=90))
        results: dict[str, list[tuple[float, float]]] = {kind: [] for kind in QUERIES}
        for round_ in range(args.rounds):
            for kind, query in QUERIES.items():
                order = list(servers) if round_ % 2 == 0 else list(reversed(servers))
                latency = {name: median_latency(ports[name], query, args.n) for name in order}
                results[kind].append((latency["before"], latency["after"]))
    print(f"load average at the end: {os.getloadavg()[0]:.1f}; {args.rounds} rounds of {args.n} queries")
    print("| query | before (median ms) | after (median ms) | after / before |")
    print("|---|---|---|---|")
    for kind, pairs in results.items():
        before = statistics.median(b for b, _ in pairs) * 1000
        after = statistics.median(a for _, a in pairs) * 1000
        ratio = statistics.median(a / b for b, a in pairs)
        print(f"| {kind} | {before:.2f} | {after:.2f} | {ratio:.2f}× |")


if __name__ == "__main__":
    main()
