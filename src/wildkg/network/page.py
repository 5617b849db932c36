"""The interactive network page (``out/wildkg.html``): one self-contained HTML file.

vis-network (vendored from pyvis under ``static/``, licence beside it) and our own script and
styles are inlined into ``templates/network.html.j2``; the page loads nothing from anywhere,
so it works offline, from ``file://`` and when served. The data goes in as one JSON document
escaped for a ``<script>`` element; the page's script inserts every text with ``textContent``.
See docs/decisions/0004-network-page.md for why we do not use pyvis' ``Network`` class.
"""

from __future__ import annotations

import math
import time
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

import orjson
import pyoxigraph as ox
from jinja2 import Environment
from rdflib import Graph

from wildkg.build.publish import write_bytes
from wildkg.errors import InputError
from wildkg.network.explore import find_nodes, neighbourhood, search_terms
from wildkg.network.index import TripleIndex, no_collection
from wildkg.network.layout import cached_layout, layout_alongside
from wildkg.network.model import extract
from wildkg.network.netdata import NetworkData
from wildkg.network.ntlines import NTriplesLines, index_lines
from wildkg.network.source import open_store, store_terms

#: From this many nodes on, positions are computed in Python and physics starts off.
LARGE_GRAPH = 1000
#: From this many nodes on, a layout computed for a patched page is computed in a forked process.
ALONGSIDE_FROM = 5000
#: Beyond this many nodes the page opens in explore mode (a search and an overview) rather
#: than drawing every node at once.
EXPLORE_FROM = 300
#: Kinds whose incoming edges a large graph leaves out until "category links" is switched on.
CATEGORY_KINDS = frozenset({"status", "threat", "use", "action-type", "habitat", "food",
                            "concept", "class", "property", "scheme"})
_JS_ESCAPES = {b"<": b"\\u003c", b">": b"\\u003e", b"&": b"\\u0026",
               "\u2028".encode(): b"\\u2028", "\u2029".encode(): b"\\u2029"}
#: Where the data goes in the rendered template (spliced in as bytes: no 90 MB string copies).
_DATA_MARK = "\x00wildkg-data\x00"


@dataclass(frozen=True)
class PageInfo:
    """What was written: the file, its counts, and how long it took."""

    path: Path
    nodes: int
    edges: int
    large: bool
    seconds: float


def script_json_bytes(value: Any) -> bytes:
    """JSON that is safe inside a ``<script>`` element.

    ``<``, ``>`` and ``&`` only occur inside JSON strings, where their ``\\uXXXX`` escapes
    mean the same; so ``</script>`` or ``<!--`` in a label can neither close nor comment out
    the element. U+2028/2029 are escaped for older JavaScript parsers.
    """
    data = orjson.dumps(value)
    for char, escape in _JS_ESCAPES.items():
        data = data.replace(char, escape)
    return data


def script_json(value: Any) -> str:
    """:func:`script_json_bytes` as text."""
    return script_json_bytes(value).decode("utf-8")


def _options(large: bool, seed: int, n_nodes: int) -> dict[str, Any]:
    """vis-network options: physics for small graphs, everything cheap for large ones."""
    edges: dict[str, Any] = {"arrows": {"to": {"enabled": True, "scaleFactor": 0.5}},
                             "font": {"size": 10, "align": "middle", "color": "#444444"},
                             "color": {"color": "#9e9e9e", "highlight": "#333333"}}
    nodes: dict[str, Any] = {"font": {"size": 14},
                             "scaling": {"label": {"drawThreshold": 6}}, "borderWidth": 1}
    if large:  # arrows cost ~25 % of the first frame at 20k; the panel gives directions
        edges.update(smooth=False, width=0.5, selectionWidth=1,
                     arrows={"to": {"enabled": False, "scaleFactor": 0.5}})
        return {"physics": {"enabled": False}, "layout": {"improvedLayout": False},
                "edges": edges, "nodes": nodes,
                "interaction": {"hideEdgesOnDrag": True, "hideEdgesOnZoom": True,
                                "hover": False, "tooltipDelay": 300}}
    edges["smooth"] = {"enabled": True, "type": "continuous", "roundness": 0.3}
    return {"physics": {"enabled": True, "solver": "forceAtlas2Based",
                        "forceAtlas2Based": {"gravitationalConstant": -110, "springLength": 130,
                                             "centralGravity": 0.008, "avoidOverlap": 0.4},
                        "stabilization": {"enabled": True, "iterations": 400, "fit": True}},
            "layout": {"randomSeed": seed, "improvedLayout": n_nodes <= 150},
            "edges": edges, "nodes": nodes,
            "interaction": {"hover": True, "tooltipDelay": 200, "keyboard": False}}


def page_data(net: NetworkData, *, title: str, large_threshold: int = LARGE_GRAPH,
              seed: int = 42, explore_from: int = EXPLORE_FROM, focus: list[str] | None = None,
              api: str = "", state_dir: Path | None = None, alongside: bool = False) -> dict[str, Any]:
    """Everything the page script needs, as plain JSON-able data.

    ``focus``: nodes the explore mode opens with; ``api``: the served explorer's address,
    from which the page asks for neighbours and search answers (empty: all data is here);
    ``state_dir``: where the layout of the last page is kept for reuse; ``alongside``: a layout
    to compute is computed in a forked process while the rest is made (it needs ``state_dir``).
    """
    large = len(net.nodes) >= large_threshold
    order, pairs = list(net.nodes), [(e.source, e.target) for e in net.edges]
    degree = dict.fromkeys(order, 0)  # in + out over distinct (source, target) pairs
    for a, b in dict.fromkeys(pairs):
        degree[a] += 1
        degree[b] += 1
    later = (layout_alongside(order, pairs, seed, state_dir) if large and alongside and state_dir is not None
             and len(order) >= ALONGSIDE_FROM else None)
    pos = cached_layout(order, pairs, seed, state_dir) if large and later is None else {}
    by_key = net.kinds
    counts: dict[str, int] = {}
    nodes: list[dict[str, Any]] = []
    details: dict[str, Any] = {}
    for iri, n in net.nodes.items():
        kind = by_key[n.kind]
        counts[n.kind] = counts.get(n.kind, 0) + 1
        base = 4.0 if large else 10.0
        size = min(base + (2.0 if large else 4.0) * math.sqrt(degree[iri]), 45.0)
        shown = f"{n.label} ({n.code})" if n.code and n.code != n.label else n.label
        item: dict[str, Any] = {"id": iri, "label": shown, "kind": n.kind,
                                "shape": kind.shape, "color": kind.colour,
                                "size": round(size, 1), "title": f"{shown} ({kind.label})",
                                "t": search_terms(n), "deg": degree[iri]}
        if iri in pos:
            item["x"], item["y"] = pos[iri]
        nodes.append(item)
        details[iri] = {  # tuples are JSON arrays too (and cost less to make)
            "names": [[r.label, r.value, r.sources, r.note] for r in n.names],
            "rows": [[r.label, r.value, r.sources, r.note] for r in n.rows],
            "links": n.links,
        }
    hubs = {iri for iri, n in net.nodes.items() if n.kind in CATEGORY_KINDS}
    edges = [{"id": f"{e.source} {e.predicate} {e.target}", "from": e.source, "to": e.target,
              "rel": e.label, "inv": e.inverse,
              "q": ", ".join(e.qualifiers) if e.qualifiers else "", "src": e.sources, "note": e.note,
              "dashes": bool(e.qualifiers), "hub": e.target in hubs}
             for e in net.edges]
    if later is not None:
        pos = later()
        for item in nodes:  # the keys in the same order as above
            item["x"], item["y"] = pos[item["id"]]
    kinds = [{"key": k.key, "label": k.label, "color": k.colour, "shape": k.shape,
              "count": counts[k.key], "category": k.key in CATEGORY_KINDS}
             for k in by_key.values() if k.key in counts]
    return {"title": title, "large": large, "nodes": nodes, "edges": edges, "details": details,
            "kinds": kinds, "sources": [list(s) for s in net.sources],
            "options": _options(large, seed, len(net.nodes)), "edgeLabels": False,
            "hideHubEdges": large, "explore": bool(focus) or len(net.nodes) > explore_from,
            "focus": focus or [], "api": api}


def _asset(name: str, inline: bool = True) -> str:
    text = resources.files("wildkg.network").joinpath(name).read_text(encoding="utf-8")
    if inline and ("</script" in text.lower() or "</style" in text.lower()):
        raise InputError(f"{name}: would end its inline element early")
    return text


def render_page_bytes(net: NetworkData, *, title: str = "wildkg network",
                      large_threshold: int = LARGE_GRAPH, seed: int = 42,
                      explore_from: int = EXPLORE_FROM, focus: list[str] | None = None,
                      state_dir: Path | None = None, alongside: bool = False) -> bytes:
    """The page for ``net``, encoded (UTF-8)."""
    env = Environment(autoescape=True, keep_trailing_newline=True)
    template = env.from_string(_asset("templates/network.html.j2", inline=False))
    data = page_data(net, title=title, large_threshold=large_threshold, seed=seed,
                     explore_from=explore_from, focus=focus, state_dir=state_dir, alongside=alongside)
    html = template.render(
        title=title, data_json=_DATA_MARK, vis_js=_asset("static/vis-network.min.js"),
        vis_css=_asset("static/vis-network.min.css"),
        page_js=_asset("static/network-page.js") + "\n" + _asset("static/network-explore.js"),
        page_css=_asset("static/network-page.css"), served=False)
    head, tail = html.split(_DATA_MARK)
    return b"".join((head.encode("utf-8"), script_json_bytes(data), tail.encode("utf-8")))


def render_page(net: NetworkData, *, title: str = "wildkg network",
                large_threshold: int = LARGE_GRAPH, seed: int = 42,
                explore_from: int = EXPLORE_FROM, focus: list[str] | None = None) -> str:
    """The HTML of the page for ``net``."""
    return render_page_bytes(net, title=title, large_threshold=large_threshold, seed=seed,
                             explore_from=explore_from, focus=focus).decode("utf-8")


def render_served_page(data: dict[str, Any], *, title: str, static: str) -> str:
    """The same page for ``wildkg serve``: scripts and styles from ``static`` (the server's
    Content-Security-Policy allows no inline script), data as the same JSON document."""
    env = Environment(autoescape=True, keep_trailing_newline=True)
    template = env.from_string(_asset("templates/network.html.j2", inline=False))
    return template.render(title=title, data_json=script_json(data), served=True, static=static)


def no_drawable_reason(graph: Graph | ox.Store | TripleIndex | NTriplesLines) -> str:
    """Why a graph gave no node to draw, in words a user can act on."""
    if isinstance(graph, NTriplesLines):
        graph = index_lines(graph.lines)
    n = len(graph) if not isinstance(graph, TripleIndex) else sum(map(len, graph.out.values()))
    if n == 0:
        return "it holds no triples"
    return (f"none of its {n} triples is about a resource with an IRI that is data: only blank "
            "nodes, facts, sources or ontology terms")


def select(graph: Graph | ox.Store | TripleIndex | NTriplesLines, *, include_schema: bool = False, focus: str | None = None,
           depth: int = 1, query: str | None = None, source: str = "the graph") -> NetworkData:
    """The part of ``graph`` to draw: all data, a query's triples, or a neighbourhood."""
    only = None
    if query is not None:
        from wildkg.network.query import construct_triples

        if isinstance(graph, (TripleIndex, NTriplesLines)):
            raise InputError("a query is run on a graph or a store, not on an index of lines")
        only = construct_triples(graph, query)
    if isinstance(graph, NTriplesLines):
        graph = index_lines(graph.lines)
    triples = store_terms(graph) if isinstance(graph, ox.Store) else graph
    net = extract(triples, include_schema=include_schema, only=only)
    if not net.nodes:
        what = f"the query's answer on {source}" if query is not None else source
        reason = "it returned no IRI-valued triple" if query is not None else no_drawable_reason(graph)
        raise InputError(f"nothing to draw: {what} gives no node ({reason})")
    if focus is not None:
        seeds = find_nodes(net, focus)
        if not seeds:
            raise InputError(f"--focus {focus!r}: no node has that IRI, label or name")
        if depth < 0:
            raise InputError(f"--depth {depth}: must be 0 or more")
        net = neighbourhood(net, seeds, depth)
    return net


def write_network_page(graph: Graph | ox.Store | TripleIndex | NTriplesLines, out_path: Path, *,
                       include_schema: bool = False, focus: str | None = None, depth: int = 1,
                       query: str | None = None, title: str = "wildkg network",
                       large_threshold: int = LARGE_GRAPH, seed: int = 42,
                       explore_from: int = EXPLORE_FROM, source: str = "the graph",
                       state_dir: Path | None = None, keep: Path | None = None) -> PageInfo:
    """Write the network page of ``graph`` to ``out_path`` (atomically) and say what it holds.

    ``graph`` may be the build's N-Triples lines (:class:`NTriplesLines`), read without
    cyclic garbage collection like the rest of the page; ``state_dir`` keeps the layout between
    builds, reused while the nodes and edges are the same (the page is the same bytes);
    ``keep``: where the page model is kept for the next build to patch (:mod:`wildkg.network.patch`).
    """
    start = time.perf_counter()
    with no_collection():
        return _write_network_page(graph, out_path, include_schema=include_schema, focus=focus,
                                   depth=depth, query=query, title=title,
                                   large_threshold=large_threshold, seed=seed,
                                   explore_from=explore_from, source=source, state_dir=state_dir,
                                   keep=keep, start=start)


def _write_network_page(graph: Graph | ox.Store | TripleIndex | NTriplesLines, out_path: Path, *,
                        include_schema: bool, focus: str | None, depth: int, query: str | None,
                        title: str, large_threshold: int, seed: int, explore_from: int,
                        source: str, state_dir: Path | None, keep: Path | None, start: float) -> PageInfo:
    net = select(graph, include_schema=include_schema, focus=focus, depth=depth, query=query,
                 source=source)
    seeds = find_nodes(net, focus) if focus is not None else None
    return write_page_of(net, out_path, title=title, large_threshold=large_threshold, seed=seed,
                         explore_from=explore_from, focus=seeds, state_dir=state_dir, keep=keep, start=start)


def write_page_of(net: NetworkData, out_path: Path, *, title: str = "wildkg network",
                  large_threshold: int = LARGE_GRAPH, seed: int = 42, explore_from: int = EXPLORE_FROM,
                  focus: list[str] | None = None, state_dir: Path | None = None, keep: Path | None = None,
                  start: float | None = None, alongside: bool = False) -> PageInfo:
    """Write the page of the network ``net`` (and keep ``net`` in ``keep``, if given).

    ``alongside``: keeping the model and computing a new layout go to forked processes while
    this one makes the page (an incremental rebuild's page, on the critical path)."""
    from wildkg.forked import Forked
    from wildkg.network.patch import save

    start = time.perf_counter() if start is None else start
    with no_collection():  # collector passes over the model's objects cost more than the page
        saving = Forked("keeping the page model", save, net, keep) if keep is not None and alongside else None
        try:
            html = render_page_bytes(net, title=title, large_threshold=large_threshold, seed=seed,
                                     explore_from=explore_from, focus=focus, state_dir=state_dir,
                                     alongside=alongside)
            write_bytes(out_path, html)
            del html
        except BaseException:
            if saving is not None:
                saving.cancel()
            raise
        if saving is not None:
            saving.wait()
        elif keep is not None:
            save(net, keep)
    return PageInfo(out_path, len(net.nodes), len(net.edges),
                    len(net.nodes) >= large_threshold, time.perf_counter() - start)


def load_graph(files: list[Path]) -> Graph | ox.Store:
    """Parse RDF files (format from the file name) into one graph; a folder is an Oxigraph
    store (``out/store``), read directly."""
    if len(files) == 1 and files[0].is_dir():
        return open_store(files[0])
    from wildkg.rdfio import read_graph

    return read_graph(files)


def viz(files: list[Path], out_path: Path, *, include_schema: bool = False,
        focus: str | None = None, depth: int = 1, query_file: Path | None = None) -> PageInfo:
    """The ``wildkg viz`` command: read the graph (and query), write the page."""
    query = None
    if query_file is not None:
        try:
            query = query_file.read_text(encoding="utf-8")
        except OSError as err:
            raise InputError(f"{query_file}: cannot read the query: {err.strerror}") from err
    return write_network_page(load_graph(files), out_path, include_schema=include_schema,
                              focus=focus, depth=depth, query=query, source=", ".join(map(str, files)),
                              title=f"wildkg network — {', '.join(f.name for f in files)}")
