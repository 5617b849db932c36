"""IUCN Red List: the website download (a folder or zip of CSVs) and API v4 JSON files.

Layout (``docs/sources/iucn.md``): comma-separated, ``"``-quoted, UTF-8, ``|`` between
values of one field, HTML in text fields, columns read by header name, tables joined on
``internalTaxonId`` / ``assessmentId``; regional assessments flagged in ``scopes``.

Statements: the Red List status (global: ``wildkg:redListStatus``; regional:
``wildkg:regionalRedListStatus``) with its assessment date, criteria, criteria version and
scope; range countries with presence and origin; threats by their classification code;
habitats; names, ranks, parents, synonyms and the IUCN taxon id. Narrative text
(rationale, range, threats…) is *not* copied: facts carry over, sentences do not (and the
Red List terms forbid redistributing it).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from wildkg import ids
from wildkg.errors import InputError
from wildkg.provenance import T_LABEL, T_TYPE, Dataset, iri, literal, wk
from wildkg.sources import vocab as v
from wildkg.sources.base import (
    Assert,
    Importer,
    ImportOptions,
    Item,
    Lines,
    Place,
    Plain,
    TaxonEntry,
    TaxonRef,
)
from wildkg.sources.iucn_api import api_items, is_api_file
from wildkg.sources.tables import Rows, TableFile, find_tables, plain_text

DOWNLOAD = "https://www.iucnredlist.org/search"
TERMS = "https://www.iucnredlist.org/terms/terms-of-use"
#: Language names of common_names.csv -> BCP 47 tags (others are written without a tag).
LANGUAGES = {"english": "en", "french": "fr", "spanish": "es", "chinese": "zh", "russian": "ru",
             "german": "de", "portuguese": "pt", "arabic": "ar", "hindi": "hi", "nepali": "ne"}
INFRA_WORDS = {"ssp.", "subsp.", "ssp", "subsp"}
HANDLED = {"assessments.csv", "simple_summary.csv", "taxonomy.csv", "common_names.csv", "synonyms.csv",
           "countries.csv", "threats.csv", "habitats.csv"}


def canonical_name(name: str) -> str:
    """``Panthera leo ssp. persica`` -> ``Panthera leo persica`` (zoological trinomial)."""
    return " ".join(w for w in plain_text(name).split() if w.lower() not in INFRA_WORDS)


def iucn_date(value: str) -> str | None:
    """``2016-10-01 00:00:00 UTC`` (CSV) or ``2016-10-01`` (API) -> ``2016-10-01``."""
    day = value.strip()[:10]
    return day if len(day) == 10 and day[4] == "-" and day[7] == "-" and day.replace("-", "").isdigit() else None


class IucnImporter(Importer):
    kind = "iucn"

    def __init__(self, paths: list[Path], options: ImportOptions | None = None) -> None:
        super().__init__(paths, options)
        self._labels: dict[str, str] = {}  # subpopulations (from the index pass): taxon id -> label

    def dataset(self) -> Dataset:
        return Dataset(kind="iucn-red-list", title="The IUCN Red List of Threatened Species", url=DOWNLOAD,
                       publisher="International Union for Conservation of Nature",
                       licence=self.options.licence or TERMS, version=self.options.version,
                       retrieved=self.options.retrieved)

    # -- files -------------------------------------------------------------------------------
    def _tables(self) -> dict[str, TableFile]:
        if not hasattr(self, "_found"):
            self._found = find_tables(self.paths, (".csv", ".json"))
        return self._found

    def _csv(self, name: str) -> TableFile | None:
        return self._tables().get(name)

    def _json_files(self) -> list[TableFile]:
        return [t for n, t in sorted(self._tables().items()) if n.endswith(".json")]

    def _check_kind(self) -> None:
        tables = self._tables()
        if not any(n in tables for n in ("assessments.csv", "simple_summary.csv", "taxonomy.csv")) \
                and not self._json_files():
            names = ", ".join(sorted(tables)) or "nothing"
            raise InputError(f"{', '.join(map(str, self.paths))}: not a Red List download: found {names}, "
                             "expected assessments.csv, simple_summary.csv or taxonomy.csv (or API v4 .json)")

    # -- pass 1 ------------------------------------------------------------------------------
    def index(self) -> Iterator[TaxonEntry]:
        """Subpopulations (never merged by name) and synonyms; ordinary taxa need no entry:
        every row carries the taxon's id and name."""
        self._check_kind()
        table = self._csv("taxonomy.csv")
        if table is not None:
            with table.open() as f:
                rows = Rows(table, f, required=("internalTaxonId", "scientificName"))
                c_id, c_name = rows.index["internalTaxonId"], rows.index["scientificName"]
                c_sub = rows.col("subpopulationName")
                for row in rows:
                    if len(row) != rows.width or c_sub is None or not row[c_sub].strip():
                        continue
                    if not ids.valid("iucn", row[c_id]):
                        continue  # reported in pass 2
                    name = canonical_name(row[c_name])
                    sub = plain_text(row[c_sub])
                    self._labels[row[c_id]] = f"{name} ({sub})"
                    yield TaxonEntry((("iucn", row[c_id]),), name, priority=20, by_name=False,
                                     hint=f"{name} {sub}")
        table = self._csv("synonyms.csv")
        if table is not None:
            with table.open() as f:
                rows = Rows(table, f, required=("internalTaxonId", "scientificName", "name"))
                c_id, c_name, c_syn = rows.index["internalTaxonId"], rows.index["scientificName"], rows.index["name"]
                for row in rows:
                    if len(row) == rows.width and ids.valid("iucn", row[c_id]):
                        yield TaxonEntry((("iucn", row[c_id]),), canonical_name(row[c_name]), priority=20,
                                         synonyms=(canonical_name(row[c_syn]),))
        for table in self._json_files():
            from wildkg.sources.iucn_api import api_index

            yield from api_index(self, table)

    # -- pass 2 ------------------------------------------------------------------------------
    def items(self) -> Iterator[Item]:
        self._check_kind()
        data = self.dataset()
        if self._csv("assessments.csv") is not None:
            yield from self._assessments(data, "assessments.csv")
        elif self._csv("simple_summary.csv") is not None:
            yield from self._assessments(data, "simple_summary.csv")
        if self._csv("taxonomy.csv") is not None:
            yield from self._taxonomy(data)
        if self._csv("common_names.csv") is not None:
            yield from self._common_names(data)
        if self._csv("synonyms.csv") is not None:
            yield from self._synonyms(data)
        if self._csv("countries.csv") is not None:
            yield from self._countries(data)
        if self._csv("threats.csv") is not None:
            yield from self._threats(data)
        if self._csv("habitats.csv") is not None:
            yield from self._habitats(data)
        for name in sorted(set(self._tables()) - HANDLED):
            if name.endswith(".csv"):
                self.tally.left_out[f"{name}: not imported (no mapping to the graph's schemes yet)"] += 1
        for table in self._json_files():
            if not is_api_file(table):
                raise InputError(f"{table.label}: not a Red List API v4 assessment or taxon response")
            yield from api_items(self, data, table)

    def _open(self, name: str, required: tuple[str, ...]) -> Iterator[tuple[Rows, list[str]]]:
        table = self._csv(name)
        assert table is not None
        with table.open() as f:
            rows = Rows(table, f, required=required)
            for row in rows:
                self.tally.rows[table.label] += 1
                if len(row) != rows.width:
                    self.bad(table.label, rows.line, None, f"{len(row)} fields where the header has {rows.width}")
                    continue
                yield rows, row

    def _taxon(self, rows: Rows, row: list[str]) -> TaxonRef | None:
        tid = row[rows.index["internalTaxonId"]].strip()
        if not ids.valid("iucn", tid):
            self.bad(rows.table.label, rows.line, "internalTaxonId", f"'{tid}' is not an IUCN taxon id")
            return None
        name = canonical_name(row[rows.index["scientificName"]])
        if not name:
            self.bad(rows.table.label, rows.line, "scientificName", "empty")
            return None
        return TaxonRef((("iucn", tid),), name)

    def _record(self, data: Dataset, rows: Rows, row: list[str]) -> str | None:
        aid = row[rows.index["assessmentId"]].strip()
        if not ids.valid("iucn-assessment", aid):
            self.bad(rows.table.label, rows.line, "assessmentId", f"'{aid}' is not an assessment id")
            return None
        return data.record("assessment", aid)

    def _assessments(self, data: Dataset, name: str) -> Iterator[Item]:
        required = ("assessmentId", "internalTaxonId", "scientificName", "redlistCategory")
        for rows, row in self._open(name, required):
            taxon, record = self._taxon(rows, row), self._record(data, rows, row)
            if taxon is None or record is None or not self.keep_taxon(taxon.name):
                continue
            cat = row[rows.index["redlistCategory"]]
            status = v.redlist_term(cat)
            if status is None:
                self.bad(rows.table.label, rows.line, "redlistCategory",
                         f"unknown Red List category '{plain_text(cat)}' (known: the 3.1 categories)")
                continue
            aid = row[rows.index["assessmentId"]].strip()
            yield Lines(data.record_lines("assessment", aid, f"Red List assessment {aid} of {taxon.name}"))
            yield from self._taxon_entity(data, taxon, "taxon", taxon.keys[0][1])
            quals = _qualifiers(rows, row)
            scopes = _field(rows, row, "scopes") or "Global"
            regional = "global" not in scopes.lower()
            yield Assert(taxon, v.REGIONAL_STATUS if regional else v.STATUS, status, record,
                         (*quals, (v.SCOPE, literal(scopes))))

    def _taxon_entity(self, data: Dataset, taxon: TaxonRef, kind: str, tid: str) -> Iterator[Item]:
        record = data.record(kind, tid)
        yield Lines(data.record_lines(kind, tid, f"Red List taxon {tid}"))
        yield Plain(taxon, T_TYPE, v.TAXON)
        yield Plain(taxon, T_LABEL, literal(self._labels.get(tid) or taxon.name or tid))
        yield Assert(taxon, v.SCIENTIFIC_NAME, literal(taxon.name or ""), record)
        yield Assert(taxon, iri(ids.EXTERNAL["iucn"][0]), literal(tid), record)

    def _taxonomy(self, data: Dataset) -> Iterator[Item]:
        for rows, row in self._open("taxonomy.csv", ("internalTaxonId", "scientificName")):
            taxon = self._taxon(rows, row)
            if taxon is None or not self.keep_taxon(taxon.name):
                continue
            tid = taxon.keys[0][1]
            record = data.record("taxon", tid)
            yield from self._taxon_entity(data, taxon, "taxon", tid)
            infra = _field(rows, row, "infraType")
            sub = _field(rows, row, "subpopulationName")
            rank = "subpopulation" if sub else ("subspecies" if infra.lower() in INFRA_WORDS
                                                 else "variety" if infra else "species")
            yield Assert(taxon, v.TAXON_RANK, literal(rank), record)
            if rank == "species":
                yield Plain(taxon, T_TYPE, v.SPECIES)
            genus = _field(rows, row, "genusName")
            parent_name = " ".join(taxon.name.split()[:2]) if rank != "species" and taxon.name else genus
            if rank == "subpopulation":
                parent_name = taxon.name or ""
            if parent_name:
                parent = TaxonRef((), parent_name)
                parent_rank = "genus" if rank == "species" else "species"
                yield Plain(parent, T_TYPE, v.TAXON)
                yield Plain(parent, T_LABEL, literal(parent_name))
                yield Assert(parent, v.SCIENTIFIC_NAME, literal(parent_name), record)
                yield Assert(parent, v.TAXON_RANK, literal(parent_rank), record)
                yield Assert(taxon, v.PARENT, parent, record)

    def _common_names(self, data: Dataset) -> Iterator[Item]:
        for rows, row in self._open("common_names.csv", ("internalTaxonId", "scientificName", "name")):
            taxon = self._taxon(rows, row)
            name = plain_text(row[rows.index["name"]])
            if taxon is None or not name or not self.keep_taxon(taxon.name):
                continue
            lang = LANGUAGES.get(_field(rows, row, "language").lower())
            yield Assert(taxon, v.VERNACULAR_NAME, literal(name, lang), data.record("taxon", taxon.keys[0][1]))

    def _synonyms(self, data: Dataset) -> Iterator[Item]:
        for rows, row in self._open("synonyms.csv", ("internalTaxonId", "scientificName", "name")):
            taxon = self._taxon(rows, row)
            name = canonical_name(row[rows.index["name"]])
            if taxon is None or not name or not self.keep_taxon(taxon.name):
                continue
            yield Assert(taxon, v.SYNONYM, literal(name), data.record("taxon", taxon.keys[0][1]))

    def _countries(self, data: Dataset) -> Iterator[Item]:
        required = ("assessmentId", "internalTaxonId", "scientificName", "code")
        for rows, row in self._open("countries.csv", required):
            taxon, record = self._taxon(rows, row), self._record(data, rows, row)
            if taxon is None or record is None or not self.keep_taxon(taxon.name):
                continue
            code = row[rows.index["code"]].strip()
            if self.options.countries and code not in self.options.countries:
                continue
            if not v.known_place(code):
                self.bad(rows.table.label, rows.line, "code", f"unknown country code '{plain_text(code)}' "
                         "(not ISO 3166)")
                continue
            presence = _field(rows, row, "presence")
            if presence.lower() in v.NOT_PRESENT:
                self.tally.left_out[f"countries.csv: presence '{presence}' is not an occurrence"] += 1
                continue
            quals = tuple((p, literal(val)) for p, val in ((v.PRESENCE, presence), (v.ORIGIN, _field(rows, row, "origin")))
                          if val)
            yield Place(code)
            yield Assert(taxon, v.OCCURS_IN, v.place_term(code), record, quals)

    def _threats(self, data: Dataset) -> Iterator[Item]:
        required = ("assessmentId", "internalTaxonId", "scientificName", "code")
        for rows, row in self._open("threats.csv", required):
            taxon, record = self._taxon(rows, row), self._record(data, rows, row)
            if taxon is None or record is None or not self.keep_taxon(taxon.name):
                continue
            raw = row[rows.index["code"]]
            term = v.threat_term(raw)
            if term is None:
                self.bad(rows.table.label, rows.line, "code", f"unknown threat code '{plain_text(raw)}'")
                continue
            quals = tuple((p, literal(val)) for p, val in (
                (v.TIMING, _field(rows, row, "timing")), (v.THREAT_SCOPE, _field(rows, row, "scope")),
                (v.SEVERITY, _field(rows, row, "severity"))) if val)
            yield Assert(taxon, v.THREATENED_BY, term, record, quals)

    def _habitats(self, data: Dataset) -> Iterator[Item]:
        required = ("assessmentId", "internalTaxonId", "scientificName", "code", "name")
        for rows, row in self._open("habitats.csv", required):
            taxon, record = self._taxon(rows, row), self._record(data, rows, row)
            if taxon is None or record is None or not self.keep_taxon(taxon.name):
                continue
            raw = row[rows.index["code"]].strip().replace("_", ".")
            if not ids.valid("iucn-code", raw):
                self.bad(rows.table.label, rows.line, "code", f"unknown habitat code '{plain_text(raw)}'")
                continue
            habitat = wk(f"habitat/iucn-{raw}")
            yield Lines((f"{habitat} {T_TYPE} {v.HABITAT} .\n",
                         f"{habitat} {T_LABEL} {literal(plain_text(row[rows.index['name']]), 'en')} .\n"))
            yield Assert(taxon, v.HAS_HABITAT, habitat, record)


def _field(rows: Rows, row: list[str], name: str) -> str:
    i = rows.col(name)
    return plain_text(row[i]) if i is not None else ""


def _qualifiers(rows: Rows, row: list[str]) -> tuple[tuple[str, str], ...]:
    out: list[tuple[str, str]] = []
    day = iucn_date(_field(rows, row, "assessmentDate"))
    if day:
        out.append((v.ASSESSED, literal(day, datatype=v.XSD_DATE)))
    for prop, col in ((v.CRITERIA, "redlistCriteria"), (v.CRITERIA_VERSION, "criteriaVersion")):
        val = _field(rows, row, col)
        if val:
            out.append((prop, literal(val)))
    return tuple(out)
