"""The bulk kinds by name (adding one is one line); imported lazily."""

from __future__ import annotations

from importlib import import_module

from wildkg.errors import InputError
from wildkg.sources.columnar.kind import BulkKind

KINDS: dict[str, str] = {
    "globi": "wildkg.sources.globi:Globi",
    "gbif-dwca": "wildkg.sources.gbif_dwca:GbifDwca",
    "wdpa": "wildkg.sources.wdpa:Wdpa",
    "cites": "wildkg.sources.cites:Cites",
}


def get_kind(name: str) -> BulkKind:
    if name not in KINDS:
        raise InputError(f"unknown bulk kind '{name}' (known: {', '.join(KINDS)})")
    module, _, cls = KINDS[name].partition(":")
    kind: BulkKind = getattr(import_module(module), cls)()
    return kind
