"""GBIF backbone taxonomy: ``Taxon.tsv`` (Darwin Core Taxon columns), alone or in ``backbone.zip``.

Tab-separated with a header row and no quoting (a field may hold ``"`` freely). Accepted
taxa give the name (``canonicalName``, without authorship), rank, parent and GBIF key;
synonyms become ``wildkg:synonym`` of their accepted taxon and join it in reconciliation.
"""

from __future__ import annotations

import csv
from collections.abc import Iterator

from wildkg import ids
from wildkg.errors import InputError
from wildkg.provenance import T_LABEL, T_TYPE, Dataset, literal
from wildkg.sources import vocab as v
from wildkg.sources.base import Assert, Importer, Item, Lines, Plain, TaxonEntry, TaxonRef
from wildkg.sources.tables import Rows, TableFile, find_tables

CC0 = "http://creativecommons.org/publicdomain/zero/1.0/"
REQUIRED = ("taxonID", "parentNameUsageID", "acceptedNameUsageID", "canonicalName", "taxonRank", "taxonomicStatus")
SYNONYM_STATUSES = {"synonym", "heterotypic synonym", "homotypic synonym", "proparte synonym"}


class GbifBackboneImporter(Importer):
    kind = "gbif"

    def dataset(self) -> Dataset:
        return Dataset(kind="gbif-backbone", title="GBIF Backbone Taxonomy",
                       url="https://www.gbif.org/dataset/d7dddbf4-2cf0-4f39-9b2a-bb099caae36c",
                       publisher="Global Biodiversity Information Facility", licence=self.options.licence or CC0,
                       version=self.options.version, retrieved=self.options.retrieved)

    def _table(self) -> TableFile:
        tables = find_tables(self.paths, (".tsv", ".txt"))
        table = tables.get("taxon.tsv") or tables.get("taxon.txt")
        if table is None:
            raise InputError(f"{', '.join(map(str, self.paths))}: no Taxon.tsv (GBIF backbone) found; "
                             f"found {', '.join(sorted(tables)) or 'nothing'}")
        return table

    def _rows(self) -> Iterator[tuple[Rows, list[str]]]:
        table = self._table()
        with table.open() as f:
            rows = Rows(table, f, delimiter="\t", quoting=csv.QUOTE_NONE, required=REQUIRED)
            for row in rows:
                yield rows, row

    def index(self) -> Iterator[TaxonEntry]:
        for rows, row in self._rows():
            if len(row) != rows.width:
                continue  # reported in pass 2
            i = rows.index
            key, status, name = row[i["taxonID"]], row[i["taxonomicStatus"]].lower(), row[i["canonicalName"]].strip()
            if not ids.valid("gbif", key) or not name:
                continue
            if status == "accepted":
                if self.keep_taxon(name):
                    yield TaxonEntry((("gbif", key),), name, priority=10)
            elif status in SYNONYM_STATUSES and ids.valid("gbif", row[i["acceptedNameUsageID"]]):
                yield TaxonEntry((("gbif", row[i["acceptedNameUsageID"]]),), None, priority=10, synonyms=(name,))

    def items(self) -> Iterator[Item]:
        data = self.dataset()
        for rows, row in self._rows():
            label = rows.table.label
            self.tally.rows[label] += 1
            if len(row) != rows.width:
                self.bad(label, rows.line, None, f"{len(row)} fields where the header has {rows.width}")
                continue
            i = rows.index
            key, status = row[i["taxonID"]], row[i["taxonomicStatus"]].strip().lower()
            name, rank = row[i["canonicalName"]].strip(), row[i["taxonRank"]].strip().lower()
            if not ids.valid("gbif", key):
                self.bad(label, rows.line, "taxonID", f"'{key}' is not a GBIF taxon key")
                continue
            if not name:
                self.tally.left_out["gbif: no canonicalName (unparsed name)"] += 1
                continue
            if status in SYNONYM_STATUSES:
                accepted = row[i["acceptedNameUsageID"]]
                if not ids.valid("gbif", accepted):
                    self.bad(label, rows.line, "acceptedNameUsageID", f"synonym without a valid accepted key '{accepted}'")
                    continue
                yield Lines(data.record_lines("taxon", key, f"GBIF backbone taxon {key}"))
                yield Assert(TaxonRef((("gbif", accepted),)), v.SYNONYM, literal(name), data.record("taxon", key))
                continue
            if status != "accepted":
                self.tally.left_out[f"gbif: taxonomicStatus '{status}' (only accepted names and synonyms)"] += 1
                continue
            if not self.keep_taxon(name):
                continue
            ref = TaxonRef((("gbif", key),), name)
            record = data.record("taxon", key)
            yield Lines(data.record_lines("taxon", key, f"GBIF backbone taxon {key}"))
            yield Plain(ref, T_TYPE, v.TAXON)
            yield Plain(ref, T_LABEL, literal(name))
            yield Assert(ref, v.SCIENTIFIC_NAME, literal(name), record)
            if rank:
                yield Assert(ref, v.TAXON_RANK, literal(rank), record)
                if rank == "species":
                    yield Plain(ref, T_TYPE, v.SPECIES)
            parent = row[i["parentNameUsageID"]]
            if parent and ids.valid("gbif", parent):
                yield Assert(ref, v.PARENT, TaxonRef((("gbif", parent),)), record)
            yield from v.id_links(ref, record, (("gbif", key),))
