"""The kinds of source ``wildkg import`` and ``data/bulk.yaml`` accept: the one table of them.

Adding a kind is one line: its name and the ``module:Class`` of its importer (a subclass of
:class:`wildkg.sources.base.Importer`), or, for a bulk kind converted block-wise by the
columnar path (issue 11), of its :class:`wildkg.sources.columnar.kind.BulkKind` with
``bulk=True`` — mixed with row-wise kinds in one import, a bulk kind runs through the generic
adapter :mod:`wildkg.sources.columnar.adapter`. Modules are imported only when used, so the
CLI's choices come from this table without loading any importer.
"""

from __future__ import annotations

from dataclasses import dataclass
from importlib import import_module
from typing import TYPE_CHECKING, Any

from wildkg.errors import InputError

if TYPE_CHECKING:
    from wildkg.sources.columnar.kind import BulkKind


@dataclass(frozen=True)
class Kind:
    """Where a kind's class is (``module:Class``), and whether it is a columnar bulk kind."""

    target: str
    bulk: bool = False


KINDS: dict[str, Kind] = {
    "iucn": Kind("wildkg.sources.iucn:IucnImporter"),
    "wikidata": Kind("wildkg.sources.wikidata:WikidataImporter"),
    "gbif": Kind("wildkg.sources.gbif:GbifBackboneImporter"),
    # bulk kinds (issue 11): columnar and block-wise, see wildkg.sources.columnar
    "globi": Kind("wildkg.sources.globi:Globi", bulk=True),
    "gbif-dwca": Kind("wildkg.sources.gbif_dwca:GbifDwca", bulk=True),
    "wdpa": Kind("wildkg.sources.wdpa:Wdpa", bulk=True),
    "cites": Kind("wildkg.sources.cites:Cites", bulk=True),
}


def _load(target: str) -> Any:
    module, name = target.split(":")
    return getattr(import_module(module), name)


def _entry(kind: str) -> Kind:
    if kind not in KINDS:
        raise InputError(f"unknown source kind '{kind}' (known: {', '.join(sorted(KINDS))})")
    return KINDS[kind]


def is_bulk(kind: str) -> bool:
    """Whether ``kind`` is converted by the columnar, block-wise path."""
    return kind in KINDS and KINDS[kind].bulk


def importer_class(kind: str) -> type:
    """The importer class of ``kind``; an unknown kind is an :class:`InputError` listing the known."""
    entry = _entry(kind)
    if entry.bulk:
        cls: type = _load("wildkg.sources.columnar.adapter:importer_for")(kind)
        return cls
    loaded: type = _load(entry.target)
    return loaded


def get_kind(name: str) -> BulkKind:
    """A bulk kind by name (the columnar conversion's view of the table)."""
    if not is_bulk(name):
        known = ", ".join(k for k, v in KINDS.items() if v.bulk)
        raise InputError(f"unknown bulk kind '{name}' (known: {known})")
    kind: BulkKind = _load(KINDS[name].target)()
    return kind
