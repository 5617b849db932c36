"""Issue 14 benchmarks: the explorer's expand at scale, and a 20,000-resource foreign graph in
headless Chromium.

    .venv/bin/python bench/bench_browse.py [--resources 250000] [--rounds 5]

expand: a graph of ``--resources`` typed, labelled resources in a vocabulary not ours
(bench/foreign.py, ~4 triples each) in a pyoxigraph Store; for random nodes, the queries
``/explore/expand`` runs (neighbours, facts around, labels and types of what is drawn) and
the network model, against the floor of one ``quads_for_pattern`` lookup of the same node.
page: write the page of 20,000 resources and time, in Chromium, from navigation to the first
drawn frame (overview) and to every node drawn after "Show all".
"""

from __future__ import annotations

import argparse
import random
import statistics
import tempfile
import time
from pathlib import Path

import pyoxigraph as ox
from bench.foreign import foreign_graph
from rdflib import RDF, Graph, Literal, URIRef

from wildkg.namespaces import PREFIXES
from wildkg.network.model import extract
from wildkg.network.page import page_data, write_network_page
from wildkg.serve import explore as served


def _rows(store: ox.Store, query: str) -> list[tuple[object, object, object]]:
    return [(served._from_ox(r["s"]), served._from_ox(r["p"]), served._from_ox(r["o"]))
            for r in store.query(query, prefixes=PREFIXES)]


def expand_once(store: ox.Store, iri: str) -> int:
    drawn = _rows(store, served.NEIGHBOURS.replace("<{e}>", f"<{iri}>"))
    around = _rows(store, served.AROUND.replace("<{e}>", f"<{iri}>"))
    g = Graph()
    for t in drawn + around:
        g.add(t)  # type: ignore[arg-type]
    terms = {str(t) for s, p, o in drawn for t in (s, p, o) if isinstance(t, URIRef)}
    for _ in range(2):
        values = " ".join(f"<{t}>" for t in sorted(terms))
        for t in _rows(store, served.CONTEXT % values):
            g.add(t)  # type: ignore[arg-type]
        terms = {str(o) for o in g.objects(None, RDF.type)} - terms
    net = extract(g, only=[t for t in drawn if not isinstance(t[2], Literal) and t[1] != RDF.type])  # type: ignore[misc]
    page_data(net, title="", explore_from=0)
    return len(net.nodes)


def bench_expand(resources: int, rounds: int) -> None:
    g = foreign_graph(resources)
    store = ox.Store()
    store.bulk_load(g.serialize(format="nt", encoding="utf-8"), format=ox.RdfFormat.N_TRIPLES)
    print(f"store: {len(store)} triples")
    rng = random.Random(1)
    subjects = [f"http://example.org/monitoring/data/{k}/{rng.randrange(resources // 20)}"
                for k in ("site", "animal", "person") for _ in range(rounds)]
    ours, floor = [], []
    for iri in subjects:
        t = time.perf_counter()
        nodes = expand_once(store, iri)
        ours.append(time.perf_counter() - t)
        t = time.perf_counter()
        list(store.quads_for_pattern(ox.NamedNode(iri), None, None))
        list(store.quads_for_pattern(None, None, ox.NamedNode(iri)))
        floor.append(time.perf_counter() - t)
        print(f"  {iri.rsplit('/', 2)[-2]:7} {nodes:4} nodes  {ours[-1] * 1000:7.1f} ms  floor {floor[-1] * 1000:6.2f} ms")
    print(f"expand median {statistics.median(ours) * 1000:.1f} ms, max {max(ours) * 1000:.1f} ms; "
          f"floor median {statistics.median(floor) * 1000:.2f} ms")


def bench_http(resources: int, rounds: int) -> None:
    """The same expansions through a real ``wildkg serve`` (HTTP, worker pool), with the floor of
    a one-row SPARQL ASK on the same server in the same round."""
    import sys

    import httpx

    from wildkg.serve.launch import free_port, running

    folder = Path(tempfile.mkdtemp())
    data = folder / "foreign.nt"
    foreign_graph(resources).serialize(data, format="nt", encoding="utf-8")
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    command = [sys.executable, "-m", "wildkg.cli", "serve", "--port", str(port), "--graph", str(data),
               "--workers", "2"]
    rng = random.Random(2)
    with running(command, base + "/sparql", timeout=600), httpx.Client(timeout=60) as client:
        ours, floor = [], []
        for k in ("site", "animal", "person") * rounds:
            iri = f"http://example.org/monitoring/data/{k}/{rng.randrange(resources // 20)}"
            t = time.perf_counter()
            r = client.get(base + "/explore/expand", params={"iri": iri})
            ours.append(time.perf_counter() - t)
            assert r.status_code == 200, r.text
            t = time.perf_counter()
            client.get(base + "/sparql", params={"query": f"ASK {{ <{iri}> ?p ?o }}"},
                       headers={"Accept": "application/sparql-results+json"})
            floor.append(time.perf_counter() - t)
        print(f"HTTP expand median {statistics.median(ours) * 1000:.1f} ms, max {max(ours) * 1000:.1f} ms; "
              f"ASK floor median {statistics.median(floor) * 1000:.1f} ms "
              f"(ratio {statistics.median(ours) / statistics.median(floor):.1f}x)")


def bench_page(resources: int) -> None:
    from playwright.sync_api import sync_playwright

    out = Path(tempfile.mkdtemp()) / "foreign.html"
    t = time.perf_counter()
    info = write_network_page(foreign_graph(resources), out)
    print(f"page: {info.nodes} nodes, {info.edges} edges, written in {time.perf_counter() - t:.1f} s")
    with sync_playwright() as pw:
        b = pw.chromium.launch(executable_path="/usr/bin/chromium", args=["--headless", "--no-sandbox", "--disable-gpu"])
        for _ in range(3):
            p = b.new_page(viewport={"width": 1200, "height": 800})
            t = time.perf_counter()
            p.goto(out.as_uri())
            p.wait_for_selector("body[data-drawn='1']", timeout=120_000)
            drawn = time.perf_counter() - t
            p.click("#show-all")
            p.wait_for_function(f"() => network.body.nodeIndices.length === {info.nodes}", timeout=120_000)
            p.evaluate("() => new Promise(r => { network.once('afterDrawing', r); network.redraw(); })")
            print(f"  overview drawn {drawn:.1f} s; every node drawn {time.perf_counter() - t:.1f} s")
            p.close()
        b.close()


if __name__ == "__main__":
    ap = argparse.ArgumentParser()
    ap.add_argument("--resources", type=int, default=250_000)
    ap.add_argument("--rounds", type=int, default=5)
    ap.add_argument("--page", type=int, default=20_000)
    args = ap.parse_args()
    bench_expand(args.resources, args.rounds)
    bench_http(args.resources, args.rounds)
    if args.page:
        bench_page(args.page)
