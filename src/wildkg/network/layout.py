"""Positions for large networks, computed in Python so the browser does not simulate physics.

Pivot MDS (Brandes & Pich, 2006): breadth-first distances from a few dozen well-spread pivot
nodes, double-centred, and the two leading singular vectors as coordinates. It costs one BFS
per pivot, so 20,000 nodes and 170,000 edges take about a second, where networkx's
``spring_layout`` took minutes and its spectral layout (ARPACK) over ten seconds on the same
graph. Each connected component is laid out on its own and the components are packed row by
row, largest first. A seeded generator picks the first pivot and jitters nodes that share a
position (leaves of the same hub), so the same graph always gives the same picture.
"""

from __future__ import annotations

import hashlib
import math
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

import orjson

if TYPE_CHECKING:  # numpy and scipy load when a layout is computed (0.26 s a rebuild that reuses one)
    import numpy as np
    from scipy.sparse import csr_array

SPACING = 30.0
#: The last layout, kept in a build's state folder: its key and every node's position.
LAYOUT_FILE = "layout.json"


def _pivot_mds(adj: csr_array, rng: np.random.Generator, pivots: int = 40) -> np.ndarray:
    """2-D coordinates (n × 2, roughly unit spread) of one connected graph."""
    import numpy as np
    from scipy.sparse.csgraph import shortest_path

    n = adj.shape[0]
    k = min(pivots, n)
    chosen = [int(rng.integers(n))]
    dist = np.empty((k, n))
    nearest = np.full(n, np.inf)
    for i in range(k):
        # adj is symmetric: "directed" gives the same distances without a transpose per call
        dist[i] = shortest_path(adj, directed=True, unweighted=True, indices=chosen[i])
        nearest = np.minimum(nearest, dist[i])
        if i + 1 < k:
            chosen.append(int(np.argmax(nearest)))  # max-min: the node farthest from all pivots
    sq = dist.T ** 2  # n × k
    centred = sq - sq.mean(axis=0) - sq.mean(axis=1, keepdims=True) + sq.mean()
    u, s, _ = np.linalg.svd(-0.5 * centred, full_matrices=False)
    coords: np.ndarray = u[:, :2] * s[:2]
    if coords.shape[1] < 2:
        coords = np.column_stack([coords, np.zeros(n)])
    return coords


def layout(nodes: Sequence[str], edges: Iterable[tuple[str, str]],
           seed: int = 42) -> dict[str, tuple[float, float]]:
    """Position of every node, about ``SPACING`` pixels apart on average."""
    import numpy as np
    from scipy.sparse import csr_array
    from scipy.sparse.csgraph import connected_components

    index = {node: i for i, node in enumerate(nodes)}
    n = len(nodes)
    pairs = [(a, b) for a, b in edges if a != b]
    rows = np.fromiter((index[a] for a, _ in pairs), dtype=np.int64, count=len(pairs))
    cols = np.fromiter((index[b] for _, b in pairs), dtype=np.int64, count=len(pairs))
    adj = csr_array((np.ones(len(pairs)), (rows, cols)), shape=(n, n))
    adj = ((adj + adj.T) > 0).astype(np.float64)
    count, labels = connected_components(adj, directed=False)
    members = [np.flatnonzero(labels == c) for c in range(count)]
    members.sort(key=lambda m: (-len(m), int(m[0])))
    rng = np.random.default_rng(seed)
    xy = np.zeros((n, 2))
    row_width = SPACING * math.sqrt(n) * 1.3
    x = y = row_height = 0.0
    for comp in members:
        size = len(comp)
        side = SPACING * math.sqrt(size) * 1.2
        if size == 1:
            local = np.zeros((1, 2))
        elif size < 8:
            angle = np.linspace(0, 2 * math.pi, size, endpoint=False)
            local = np.column_stack([np.cos(angle), np.sin(angle)])
        else:
            local = _pivot_mds(adj[comp][:, comp], rng)
        span = np.ptp(local, axis=0)
        span[span == 0] = 1.0
        local = (local - local.min(axis=0)) / span
        local += rng.normal(0.0, 0.3 / math.sqrt(size), local.shape)  # split stacked leaves
        local = local * side if size > 1 else local
        if x > 0 and x + side > row_width:
            x, y, row_height = 0.0, y + row_height + 2 * SPACING, 0.0
        xy[comp] = local + np.array([x, y])
        x += side + 2 * SPACING
        row_height = max(row_height, side)
    return {node: (round(float(xy[i, 0]), 1), round(float(xy[i, 1]), 1))
            for node, i in index.items()}


def layout_key(nodes: Sequence[str], edges: Sequence[tuple[str, str]], seed: int) -> str:
    """A digest of what the layout depends on: the nodes in order, the edges, the seed."""
    h = hashlib.sha256(f"{seed}\n{len(nodes)}\n".encode())
    h.update("\n".join(nodes).encode("utf-8"))
    h.update(b"\n\n")
    h.update("\n".join(f"{a} {b}" for a, b in edges).encode("utf-8"))
    return h.hexdigest()


def _saved(path: Path, key: str, nodes: Sequence[str]) -> dict[str, tuple[float, float]] | None:
    try:
        saved = orjson.loads(path.read_bytes())
        if saved["key"] == key and len(saved["xy"]) == len(nodes):
            return {node: (x, y) for node, (x, y) in zip(nodes, saved["xy"], strict=True)}
    except (OSError, orjson.JSONDecodeError, KeyError, TypeError, ValueError):
        pass  # no state, or not ours: lay out anew
    return None


def cached_layout(nodes: Sequence[str], edges: Sequence[tuple[str, str]], seed: int = 42,
                  state_dir: Path | None = None, key: str | None = None) -> dict[str, tuple[float, float]]:
    """:func:`layout`, reused from ``state_dir`` when nodes, edges and seed are the same.

    An edit that changes only details (a name, a number, a source) keeps the layout; one that
    adds or removes a node or an edge lays the graph out anew, so the page is always the one a
    build without state writes.
    """
    if state_dir is None:
        return layout(nodes, edges, seed)
    from wildkg.build.publish import write_bytes

    key = key or layout_key(nodes, edges, seed)
    path = state_dir / LAYOUT_FILE
    pos = _saved(path, key, nodes)
    if pos is not None:
        return pos
    pos = layout(nodes, edges, seed)
    state_dir.mkdir(parents=True, exist_ok=True)
    write_bytes(path, orjson.dumps({"key": key, "xy": [pos[node] for node in nodes]}))
    return pos


def layout_alongside(nodes: Sequence[str], edges: Sequence[tuple[str, str]], seed: int,
                     state_dir: Path) -> Callable[[], dict[str, tuple[float, float]]]:
    """:func:`cached_layout`, computed in a forked process while the caller goes on (when it
    is not saved already); call the result for the positions."""
    from wildkg.forked import Forked

    key = layout_key(nodes, edges, seed)
    pos = _saved(state_dir / LAYOUT_FILE, key, nodes)
    if pos is not None:
        return lambda: pos
    job = Forked("the page's layout", cached_layout, nodes, edges, seed, state_dir, key)

    def positions() -> dict[str, tuple[float, float]]:
        job.wait()
        return cached_layout(nodes, edges, seed, state_dir, key)  # saved by the child

    return positions
