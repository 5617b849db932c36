"""The persistent Oxigraph store the build writes beside the Turtle (``out/store/``).

Queries open it read-only instead of re-parsing Turtle each time. The store is built
in a temporary folder beside the target and swapped in, so a failed or interrupted
build never leaves a half-written store where queries look for one.
"""

from __future__ import annotations

import gc
import shutil
import tempfile
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

import pyoxigraph as ox

from wildkg.build.publish import replace_dir
from wildkg.errors import InputError
from wildkg.formats import format_of

if TYPE_CHECKING:
    from rdflib import Graph

def is_quad_format(path: Path) -> bool:
    return format_of(path).quads


def load_into(store: ox.Store, path: Path, *, bulk: bool = False) -> None:
    """Add the triples (or quads) of an RDF file to ``store``.

    Turtle, N-Triples, N-Quads and TriG go through Oxigraph's parser; JSON-LD and
    RDF/XML through rdflib, whose parsers handle more of those formats' corners.
    ``bulk`` uses Oxigraph's bulk loader (for on-disk stores); for an in-memory store the
    transactional ``load`` is as fast and peaks at ~40 % less memory (measured at 1M
    triples: 4.7 s / 0.37 GB against 4.4 s / 0.60 GB).
    """
    loader = store.bulk_load if bulk else store.load
    fmt = format_of(path)
    if not path.is_file():
        raise InputError(f"{path}: no such file")
    try:
        if fmt.native:
            loader(path=str(path), format=fmt.ox)
            return
        loader(rdflib_to_ntriples(path, fmt.rdflib), ox.RdfFormat.N_QUADS)
    except SyntaxError as err:
        raise InputError(f"{path}: cannot parse: {err}") from None
    except ValueError as err:
        raise InputError(f"{path}: cannot parse: {err}") from None


def read_graph(files: Sequence[Path]) -> Graph:
    """All triples of RDF files (of any graph; format from the extension) in one rdflib Graph,
    for the stages that work on rdflib (validation, the network page, stats)."""
    from rdflib import Dataset
    from rdflib import Graph as RdflibGraph

    graph = RdflibGraph()
    for path in map(Path, files):
        rdf = format_of(path)
        if not path.is_file():
            raise InputError(f"{path}: no such file (run `wildkg build` first?)")
        fmt = rdf.rdflib
        try:
            if rdf.quads:
                dataset = Dataset()
                dataset.parse(path, format=fmt)
                for s, p, o, _ in dataset.quads((None, None, None, None)):
                    graph.add((s, p, o))
            else:
                graph.parse(path, format=fmt)
        except Exception as err:  # rdflib raises many unrelated types for bad input
            raise InputError(f"{path}: cannot parse as {fmt}: {err}") from None
    return graph


def rdflib_to_ntriples(path: Path, rdflib_format: str) -> bytes:
    """Parse a file with rdflib and return its quads as N-Quads bytes."""
    from rdflib import Dataset

    dataset = Dataset()
    try:
        dataset.parse(str(path), format=rdflib_format)
    except Exception as err:  # rdflib raises many unrelated types for bad input
        raise InputError(f"{path}: cannot parse as {rdflib_format}: {err}") from None
    data = dataset.serialize(format="nquads", encoding="utf-8")
    assert isinstance(data, bytes)
    return data


def _graph_to_ntriples(graph: Graph) -> bytes:
    data = graph.serialize(format="nt", encoding="utf-8")
    assert isinstance(data, bytes)
    return data


def write_store(source: Path | str | Graph, store_dir: Path | str) -> Path:
    """Write a persistent Oxigraph store at ``store_dir`` from an RDF file or rdflib Graph.

    Built in a temporary folder beside ``store_dir`` and swapped in at the end; the
    previous store (if any) is removed only after the new one is complete.
    """
    target = Path(store_dir)
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{target.name}.tmp-", dir=target.parent))
    try:
        store = ox.Store(str(tmp))
        if isinstance(source, str | Path):
            load_into(store, Path(source), bulk=True)
        else:
            store.bulk_load(_graph_to_ntriples(source), ox.RdfFormat.N_TRIPLES)
        store.flush()
        store.optimize()
        del store
        gc.collect()  # the store's files are closed when the object is freed
        replace_dir(tmp, target)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    return target


def open_store(path: Path | str, *, read_only: bool = True) -> ox.Store:
    """Open a store written by :func:`write_store` (read-only by default)."""
    where = Path(path)
    if not where.is_dir():
        raise InputError(f"{where}: no Oxigraph store here (run `wildkg build` first)")
    try:
        return ox.Store.read_only(str(where)) if read_only else ox.Store(str(where))
    except OSError as err:
        raise InputError(f"{where}: cannot open the Oxigraph store: {err}") from None
