"""The bulk kinds as :class:`wildkg.sources.base.Importer`s, for an import that mixes them with
row-wise kinds (``wildkg import iucn a.zip globi interactions.tsv.gz``) and for
``data/bulk.yaml``: each file is converted by the columnar path into a temporary N-Triples
file whose lines are handed to the common writer."""

from __future__ import annotations

import tempfile
from collections.abc import Iterator
from functools import cache
from pathlib import Path
from typing import ClassVar

from wildkg.provenance import Dataset
from wildkg.sources.base import Importer, Item, Lines
from wildkg.sources.columnar.commands import curated_index
from wildkg.sources.columnar.kind import DatasetMeta, Filters
from wildkg.sources.columnar.run import run_import
from wildkg.sources.registry import get_kind

#: Lines handed to the writer at a time.
BATCH = 100_000


class BulkImporter(Importer):
    kind: ClassVar[str] = ""

    def _meta(self) -> DatasetMeta:
        return DatasetMeta(self.options.version, self.options.licence, self.options.retrieved)

    def dataset(self) -> Dataset:
        return get_kind(self.kind).dataset(self.paths[0], self._meta())

    def items(self) -> Iterator[Item]:
        from wildkg.ids import slug

        countries = sorted(self.options.countries)
        filters = Filters(taxa=frozenset(slug(n) for n in self.options.taxa if slug(n)),
                          country=countries[0] if len(countries) == 1 else None)
        for path in self.paths:
            with tempfile.TemporaryDirectory(prefix="wildkg-bulk-") as tmp:
                out = Path(tmp) / "part.nt"
                report = run_import(self.kind, path, out=out, filters=filters, meta=self._meta(),
                                    curated=curated_index(data_dir_of(path)))
                self.tally.rows[str(path)] += report.rows
                batch: list[str] = []
                with out.open(encoding="utf-8") as lines:
                    for line in lines:
                        batch.append(line)
                        if len(batch) >= BATCH:
                            yield Lines(batch)
                            batch = []
                if batch:
                    yield Lines(batch)


def data_dir_of(path: Path) -> Path | None:
    """The curated data folder a bulk file sits in (``data/bulk/…`` in a project), if any: its
    protected areas and places are matched as ``wildkg import`` inside the project does."""
    for parent in path.resolve().parents:
        if (parent / "places.yaml").is_file() and (parent / "species").is_dir():
            return parent
    return None


@cache
def importer_for(kind: str) -> type[BulkImporter]:
    """The importer of the bulk kind ``kind`` (``wildkg.sources.registry`` hands it out)."""
    return type(f"BulkImporter[{kind}]", (BulkImporter,), {"kind": kind})
