"""Stage 4: write the graph in any of the usual RDF formats.

Parsing and writing go through Oxigraph (fast at any size); the project prefixes are
used wherever the format has prefixes.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from pathlib import Path

import pyoxigraph as ox

from wildkg.build import publish
from wildkg.errors import InputError, WildkgError
from wildkg.formats import WRITABLE, rdf_format
from wildkg.namespaces import PREFIXES
from wildkg.rdfio import load_into

#: ``--format`` names ``export`` accepts.
EXPORT_FORMATS = WRITABLE


def _export_format(fmt: str) -> ox.RdfFormat:
    if fmt not in EXPORT_FORMATS:
        raise WildkgError(f"unknown export format '{fmt}' (choose from {', '.join(EXPORT_FORMATS)})")
    return rdf_format(fmt).ox


def load_store(files: Sequence[Path]) -> ox.Store:
    """An in-memory Oxigraph store holding every file (format from the extension), or the
    build's store itself when ``files`` is one store folder (``out/store``, opened read-only)."""
    if len(files) == 1 and Path(files[0]).is_dir():
        from wildkg.rdfio import open_store

        return open_store(files[0])
    store = ox.Store()
    for path in files:
        if not Path(path).is_file():
            raise InputError(f"{path}: no such file (run `wildkg build` first?)")
        load_into(store, Path(path))
    return store


def serialize_store(store: ox.Store, fmt: str) -> bytes:
    """The whole store in format ``fmt``; triple formats get the default graph and named graphs merged."""
    target = _export_format(fmt)
    quads = store.quads_for_pattern(None, None, None, None)
    data: bytes | None
    if target.supports_datasets:
        data = ox.serialize(quads, format=target, prefixes=PREFIXES)
    else:
        triples = (ox.Triple(q.subject, q.predicate, q.object) for q in quads)
        data = ox.serialize(triples, format=target, prefixes=PREFIXES)
    assert data is not None
    if target == ox.RdfFormat.RDF_XML:
        _check_xml(data)
    return data


def _check_xml(data: bytes) -> None:
    """Oxigraph writes an empty QName (``<oxprefix:>``) for a predicate such as
    ``<http://e/1>`` and reads it back itself; expat, like every other XML reader, does not."""
    from xml.parsers import expat

    try:
        expat.ParserCreate(namespace_separator=" ").Parse(data, True)
    except expat.ExpatError as err:
        raise WildkgError(
            f"the graph cannot be written as RDF/XML ({err}): a predicate IRI has no XML name "
            "(e.g. it ends in a digit or '/'); export as Turtle, N-Triples or JSON-LD"
        ) from None


def export_graph(files: Sequence[Path], fmt: str, output: Path | None = None) -> None:
    """Export ``files`` as ``fmt`` to ``output`` (atomically) or to standard output."""
    _export_format(fmt)
    data = serialize_store(load_store(files), fmt)
    if output is None:
        sys.stdout.buffer.write(data)
        sys.stdout.buffer.flush()
    else:
        publish.write_bytes(output, data)
