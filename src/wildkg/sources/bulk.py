"""Bulk sources declared in a project's ``data/bulk.yaml``, merged by ``wildkg build``.

```yaml
sources:
  - kind: iucn                     # a kind of wildkg.sources.registry.KINDS
    path: bulk/redlist-2025-1.zip  # relative to data/ (or a list of paths)
    version: "2025-1"
    licence: https://www.iucnredlist.org/terms/terms-of-use
    retrieved: 2026-11-30
    filter: {taxa: [Moschus leucogaster], countries: [NP, BT]}
```

The importers run with the curated taxa and places already known to the reconciler, so
their statements land on the curated nodes; the result is N-Triples the build adds to
its graph. A mistake in the file is one error naming ``bulk.yaml``, its line and field.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from wildkg.curation.yamlio import LineMap, read_yaml
from wildkg.errors import DataError
from wildkg.sources.base import ImportOptions
from wildkg.sources.reconcile import Reconciler
from wildkg.sources.registry import KINDS
from wildkg.sources.run import Summary, make_importer, run_importers
from wildkg.sources.writer import SortedNTriplesWriter

BULK_FILE = "bulk.yaml"
FIELDS = {"kind", "path", "version", "licence", "retrieved", "filter"}


@dataclass(frozen=True)
class BulkSource:
    kind: str
    paths: tuple[Path, ...]
    options: ImportOptions


def read_bulk(data_dir: Path) -> list[BulkSource]:
    """The sources of ``data_dir/bulk.yaml`` (none when the file does not exist)."""
    path = data_dir / BULK_FILE
    if not path.exists():
        return []
    doc = read_yaml(path)
    items = doc.get("sources")
    if not isinstance(items, list):
        raise DataError(path, "`sources:` must be a list of bulk sources", field="sources", line=doc.line_of("sources"))
    return [_source(path, data_dir, item, i) for i, item in enumerate(items)]


def _source(path: Path, data_dir: Path, item: Any, i: int) -> BulkSource:
    if not isinstance(item, LineMap):
        raise DataError(path, "each bulk source is a mapping (kind, path, …)", field=f"sources[{i}]")

    def err(key: str, message: str) -> DataError:
        return DataError(path, message, entity=str(item.get("kind", f"sources[{i}]")), field=key,
                         line=item.line_of(key))

    for key in item:
        if key not in FIELDS:
            raise err(key, f"unknown field (known: {', '.join(sorted(FIELDS))})")
    kind = item.get("kind")
    if kind not in KINDS:
        raise err("kind", f"unknown source kind '{kind}' (known: {', '.join(sorted(KINDS))})")
    raw = item.get("path")
    paths = raw if isinstance(raw, list) else [raw]
    if not paths or not all(isinstance(p, str) and p for p in paths):
        raise err("path", "give the file or folder (relative to data/) as text, or a list of them")
    resolved = tuple((data_dir / str(p)).resolve() for p in paths)
    for p in resolved:
        if not p.exists():
            raise err("path", f"{p}: no such file or folder")
    flt = item.get("filter") or {}
    if not isinstance(flt, dict) or set(flt) - {"taxa", "countries"}:
        raise err("filter", "filter takes `taxa:` (scientific names) and/or `countries:` (ISO 3166 codes)")
    options = ImportOptions(
        version=_text(item, "version", err), licence=_text(item, "licence", err),
        retrieved=_text(item, "retrieved", err),
        taxa=frozenset(str(t).strip() for t in flt.get("taxa") or []),
        countries=frozenset(str(c).strip() for c in flt.get("countries") or []),
    )
    return BulkSource(kind, resolved, options)


def _text(item: LineMap, key: str, err: Any) -> str | None:
    value = item.get(key)
    if value is None:
        return None
    if not isinstance(value, str | int | float):
        raise err(key, "expected text")
    return str(value)


def import_bulk(data_dir: Path, curated_taxa: dict[str, str], curated_places: set[str],
                out_dir: Path) -> tuple[Path, Summary] | None:
    """Run the bulk sources of ``data_dir`` into ``out_dir/bulk.nt``; None when there are none.

    ``curated_taxa`` maps curated taxon ids to their scientific names."""
    sources = read_bulk(data_dir)
    if not sources:
        return None
    reconciler = Reconciler()
    for tid, name in sorted(curated_taxa.items()):
        reconciler.add_curated(tid, name)
    reconciler.curated_places.update(curated_places)
    importers = [make_importer(s.kind, list(s.paths), s.options) for s in sources]
    target = out_dir / "bulk.nt"
    writer = SortedNTriplesWriter(target)
    try:
        summary = run_importers(importers, writer, reconciler)
    except BaseException:
        writer.discard()
        raise
    writer.close()
    return target, summary
