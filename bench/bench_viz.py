"""Benchmark of the network page: time-to-drawn in headless Chromium, ours vs pyvis defaults.

    .venv/bin/python bench/bench_viz.py [--sizes 1000 5000 20000] [--runs 5] [--baseline-runs 2]
                                        [--cap 120] [--json bench/results/viz.json]

For each size a synthetic conservation graph following docs/data-model.md is generated (species
with places, Red List status, threats, habitats, diet, predators with reified predation facts,
protected areas), then two pages are written for the same nodes and edges:

* ours: ``wildkg.visualize.write_network_page`` (precomputed layout and physics off above
  1,000 nodes);
* pyvis defaults: a ``pyvis.network.Network(directed=True, cdn_resources="in_line")`` whose
  ``nodes``/``edges`` lists are set directly (``add_edge(s)`` is quadratic), default options
  (physics on, no positions).

**Time-to-drawn** is measured inside the page: from navigation start (``performance.timeOrigin``)
to the first ``afterDrawing`` event of the global vis ``network`` (hooked by an init script that
intercepts the assignment to ``window.network``, so both pages are timed the same way). It covers
HTML parsing, the vis script, building the DataSets, any stabilisation and the first frame.
**Fit latency**: after drawn, ``network.fit()`` is called and the time to the next
``afterDrawing`` is taken (how long one view change takes). Every request that is not file: or
data: is aborted (and counted), so the pyvis page's Bootstrap links fail fast instead of timing
out. A run that is not drawn within ``--cap`` seconds counts as "not drawn".
"""

from __future__ import annotations

import argparse
import json
import os
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import numpy as np
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import PROV, RDF, RDFS

from wildkg.namespaces import PREYED_UPON_BY, PREYS_ON, REDLIST, THREAT, WILDKG, WK
from wildkg.network.model import extract

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--no-first-run", "--disable-sync"]
HOOK = """
(() => {
  let value;
  window.__drawnAt = null;
  Object.defineProperty(window, 'network', {
    configurable: true,
    get() { return value; },
    set(v) {
      value = v;
      if (v && v.once) v.once('afterDrawing', () => { window.__drawnAt = performance.now(); });
    },
  });
})();
"""
FIT = """() => new Promise(resolve => {
  const t0 = performance.now();
  network.once('afterDrawing', () => resolve(performance.now() - t0));
  network.fit();
  network.redraw();
})"""


def synthetic_graph(n_nodes: int, seed: int = 1) -> Graph:
    """A conservation-shaped graph with about ``n_nodes`` drawable entities."""
    rng = np.random.default_rng(seed)
    g = Graph()
    add = g.add
    n_country = max(5, n_nodes // 200)
    n_region = max(10, n_nodes // 20)
    n_pa = max(10, n_nodes // 20)
    n_threat, n_habitat, n_food = 40, 30, 30
    n_species = n_nodes - n_country - n_region - n_pa - n_threat - n_habitat - n_food - 6

    def entity(path: str, cls: URIRef, label: str) -> URIRef:
        iri = WK[path]
        add((iri, RDF.type, cls))
        add((iri, RDFS.label, Literal(label, lang="en")))
        return iri

    countries = [entity(f"place/C{i}", WILDKG.Country, f"Country {i}") for i in range(n_country)]
    regions = [entity(f"place/C{i % n_country}-R{i}", WILDKG.Subdivision, f"Region {i}")
               for i in range(n_region)]
    for i, r in enumerate(regions):
        add((r, WILDKG.partOf, countries[i % n_country]))
    pas = [entity(f"protected-area/pa-{i}", WILDKG.ProtectedArea, f"Reserve {i}")
           for i in range(n_pa)]
    for pa in pas:
        add((pa, WILDKG.locatedIn, regions[int(rng.integers(n_region))]))
    habitats = [entity(f"habitat/h{i}", WILDKG.Habitat, f"habitat {i}") for i in range(n_habitat)]
    foods = [entity(f"food/f{i}", WILDKG.FoodItem, f"food {i}") for i in range(n_food)]
    threats = [THREAT[f"{1 + i // 10}.{1 + i % 10}"] for i in range(n_threat)]
    statuses = [REDLIST[c] for c in ("LC", "NT", "VU", "EN", "CR", "DD")]
    section = WK["source/synthetic/lead"]
    add((section, RDF.type, WILDKG.SourceSection))
    juvenile = URIRef(str(WK).replace("/id/", "/scheme/life-stage/") + "juvenile")
    species = [entity(f"taxon/sp-{i}", WILDKG.Species, f"Species {i}") for i in range(n_species)]
    for i, sp in enumerate(species):
        add((sp, WILDKG.redListStatus, statuses[i % len(statuses)]))
        for place in rng.choice(n_region, size=2, replace=False):
            add((sp, WILDKG.occursIn, regions[int(place)]))
        add((sp, WILDKG.occursIn, countries[int(rng.integers(n_country))]))
        add((sp, WILDKG.threatenedBy, threats[int(rng.integers(n_threat))]))
        add((sp, WILDKG.hasHabitat, habitats[int(rng.integers(n_habitat))]))
        add((sp, URIRef(str(PREYS_ON).replace("0002439", "0002470")), foods[i % n_food]))
        if rng.random() < 0.5:
            add((sp, WILDKG.foundInProtectedArea, pas[int(rng.integers(n_pa))]))
        for k in range(2):
            predator = species[int(rng.integers(n_species))]
            if predator == sp:
                continue
            add((sp, PREYED_UPON_BY, predator))
            add((predator, PREYS_ON, sp))
            fact = WK[f"fact/{i}-{k}"]
            for p, o in ((RDF.type, WILDKG.Fact), (RDF.subject, sp), (RDF.predicate, PREYED_UPON_BY),
                         (RDF.object, predator), (PROV.wasDerivedFrom, section)):
                add((fact, p, o))
            if k == 1:
                add((fact, WILDKG.preyLifeStage, juvenile))
    return g


def pyvis_page(graph: Graph, path: Path) -> float:
    """Write the pyvis-defaults page for the same nodes and edges; return seconds taken."""
    from pyvis.network import Network

    start = time.perf_counter()
    net_data = extract(graph)
    net = Network(directed=True, cdn_resources="in_line")
    net.nodes = [{"id": iri, "label": n.label, "shape": "dot", "title": n.label}
                 for iri, n in net_data.nodes.items()]
    net.edges = [{"from": e.source, "to": e.target, "title": e.label, "arrows": "to"}
                 for e in net_data.edges]
    net.node_ids = list(net_data.nodes)
    net.node_map = {n["id"]: n for n in net.nodes}
    path.write_text(net.generate_html(), encoding="utf-8")
    return time.perf_counter() - start


def time_page(browser: Any, page_path: Path, cap_s: float) -> dict[str, Any]:
    """Open the page once; time-to-drawn and fit latency in ms (None if not drawn)."""
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    context.add_init_script(HOOK)
    blocked: list[str] = []

    def route(r: Any) -> None:
        if r.request.url.startswith(("file:", "data:")):
            r.continue_()
        else:
            blocked.append(r.request.url)
            r.abort()

    page = context.new_page()
    page.route("**/*", route)
    page.goto(page_path.as_uri(), wait_until="commit")
    result: dict[str, Any] = {"drawn_ms": None, "fit_ms": None, "blocked": 0}
    try:
        page.wait_for_function("() => window.__drawnAt !== null", timeout=cap_s * 1000, polling=100)
        result["drawn_ms"] = page.evaluate("window.__drawnAt")
        result["fit_ms"] = page.evaluate(FIT)
        result["nodes"] = page.evaluate("network.body.nodeIndices.length")
    except Exception as err:  # timeout: not drawn within the cap
        result["error"] = type(err).__name__
    result["blocked"] = len(blocked)
    return result


def measure_isolated(page_path: Path, cap_s: float) -> dict[str, Any]:
    """One timed visit in a child process that is killed (with its browser) past the cap.

    A page that never settles can keep Chromium's renderer busy in one long task for many
    minutes; Playwright then cannot even close it, so the cap is enforced from outside.
    """
    cmd = [sys.executable, __file__, "--measure", str(page_path), "--cap", str(cap_s)]
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, text=True, start_new_session=True)
    try:
        out, _ = proc.communicate(timeout=cap_s + 60)
        return dict(json.loads(out.strip().splitlines()[-1]))
    except (subprocess.TimeoutExpired, ValueError, IndexError):
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait()
        return {"drawn_ms": None, "fit_ms": None, "blocked": None, "error": "killed past cap"}


def _measure_main(page_path: Path, cap_s: float) -> int:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        result = time_page(browser, page_path, cap_s)
        print(json.dumps(result), flush=True)
        os._exit(0)  # do not wait for a renderer that may still be busy
    return 0


def main(argv: list[str] | None = None) -> int:

    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--sizes", type=int, nargs="+", default=[1000, 5000, 20000])
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--baseline-runs", type=int, default=2)
    ap.add_argument("--cap", type=float, default=120.0)
    ap.add_argument("--json", type=Path, default=None)
    ap.add_argument("--measure", type=Path, default=None, help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    if args.measure is not None:
        return _measure_main(args.measure, args.cap)
    from wildkg.network.page import write_network_page

    results: list[dict[str, Any]] = []
    with tempfile.TemporaryDirectory() as tmp:
        for size in args.sizes:
            t0 = time.perf_counter()
            graph = synthetic_graph(size)
            gen_s = time.perf_counter() - t0
            ours, base = Path(tmp) / f"ours-{size}.html", Path(tmp) / f"pyvis-{size}.html"
            builds = [write_network_page(graph, ours).seconds for _ in range(3)]
            info = write_network_page(graph, ours)
            base_s = pyvis_page(graph, base)
            row: dict[str, Any] = {
                "size": size, "nodes": info.nodes, "edges": info.edges, "triples": len(graph),
                "generate_s": round(gen_s, 2), "build_s_median": round(statistics.median(builds), 2),
                "pyvis_build_s": round(base_s, 2),
                "page_mb": round(ours.stat().st_size / 1e6, 2),
                "pyvis_page_mb": round(base.stat().st_size / 1e6, 2)}
            print(f"[{size}] {row}", file=sys.stderr, flush=True)
            for label, page, runs in (("ours", ours, args.runs), ("pyvis", base, args.baseline_runs)):
                timings = []
                for _ in range(runs):
                    timings.append(measure_isolated(page, args.cap))
                    print(f"[{size}] {label} {timings[-1]}", file=sys.stderr, flush=True)
                drawn = [t["drawn_ms"] for t in timings if t["drawn_ms"] is not None]
                fits = [t["fit_ms"] for t in timings if t["fit_ms"] is not None]
                row[label] = {
                    "runs": runs, "drawn_runs": len(drawn),
                    "drawn_s_median": round(statistics.median(drawn) / 1000, 2) if drawn else None,
                    "fit_ms_median": round(statistics.median(fits)) if fits else None,
                    "nodes_drawn": timings[0].get("nodes") if timings else None,
                    "requests_blocked": max((t["blocked"] or 0 for t in timings), default=None)}
            results.append(row)
            print(json.dumps(row), flush=True)
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(results, indent=2), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
