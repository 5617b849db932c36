"""The kinds of source ``wildkg import`` and ``data/bulk.yaml`` accept.

Adding a kind is one line: its name and the ``module:Class`` of its importer (a subclass
of :class:`wildkg.sources.base.Importer`). Modules are imported only when used, so the
CLI's choices come from this table without loading any importer.
"""

from __future__ import annotations

from importlib import import_module

from wildkg.errors import InputError

#: kind -> "module:Class" of its importer.
KINDS: dict[str, str] = {
    "iucn": "wildkg.sources.iucn:IucnImporter",
    "wikidata": "wildkg.sources.wikidata:WikidataImporter",
    "gbif": "wildkg.sources.gbif:GbifBackboneImporter",
    # bulk kinds (issue 11): columnar and block-wise, see wildkg.sources.columnar
    "globi": "wildkg.sources.columnar.adapter:GlobiImporter",
    "gbif-dwca": "wildkg.sources.columnar.adapter:GbifDwcaImporter",
    "wdpa": "wildkg.sources.columnar.adapter:WdpaImporter",
    "cites": "wildkg.sources.columnar.adapter:CitesImporter",
}


def importer_class(kind: str) -> type:
    """The importer class of ``kind``; an unknown kind is an :class:`InputError` listing the known."""
    if kind not in KINDS:
        raise InputError(f"unknown source kind '{kind}' (known: {', '.join(sorted(KINDS))})")
    module, name = KINDS[kind].split(":")
    cls: type = getattr(import_module(module), name)
    return cls
