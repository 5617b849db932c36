"""``gbif-dwca``: a GBIF occurrence download as delivered (zip or folder, ``occurrence.txt``).

Each occurrence is a record ``wk:source/<download>/occurrence/<gbifID>`` keeping its basis of
record, date, country, coordinates, dataset, licence and issue flags. Over the whole file,
records are summarised per species as statements derived from the download:
``species wildkg:recordedIn country`` (and GADM level-1 region) qualified by the number of
records and the first and last dates, and ``species wildkg:redListStatus`` for GBIF's
``iucnRedListCategory``. Records whose issue flags make the country or the identification
doubtful, fossils and living (captive) specimens are kept as records but not counted.
"""

from __future__ import annotations

import re
from pathlib import Path

import polars as pl

from wildkg.namespaces import WILDKG
from wildkg.provenance import Dataset, Statement, vocab
from wildkg.provenance import iri as iri_text
from wildkg.provenance import literal as literal_text
from wildkg.sources.columnar.kind import BulkKind, Context, DatasetMeta, Filters, record_prefix
from wildkg.sources.columnar.ntriples import blank_to_null, checked_iri, decimal, iri, lines, literal, triple
from wildkg.sources.columnar.places import country_lines
from wildkg.sources.columnar.terms import (
    PLACE_NS,
    REDLIST_NS,
    SEE_ALSO,
    TAXON_NS,
    TYPE,
    dataset_term,
    dct,
    dwc,
    external_id_lines,
    in_bbox,
    section_iri,
    section_lines,
    taxa_lines,
    taxon_filter,
    taxon_slug,
    w,
)

#: Issue flags after which a record's country or species is not trusted for the summaries.
EXCLUDING_ISSUES = frozenset({
    "ZERO_COORDINATE", "COORDINATE_INVALID", "COORDINATE_OUT_OF_RANGE", "COUNTRY_COORDINATE_MISMATCH",
    "COUNTRY_INVALID", "COUNTRY_MISMATCH", "PRESUMED_SWAPPED_COORDINATE", "PRESUMED_NEGATED_LATITUDE",
    "PRESUMED_NEGATED_LONGITUDE", "TAXON_MATCH_NONE", "TAXON_MATCH_HIGHERRANK", "TAXON_MATCH_FUZZY",
})
#: Bases of record that say nothing about where a species lives now.
EXCLUDING_BASIS = frozenset({"FOSSIL_SPECIMEN", "LIVING_SPECIMEN"})
RED_LIST_CODES = ("EX", "EW", "CR", "EN", "VU", "NT", "LC", "DD", "NE")
HIGHER = ("kingdom", "phylum", "class", "order", "family", "genus")
_DOWNLOAD_KEY = re.compile(r"^\d{7}-\d{15}$")
_UUID = r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$"
XSD = "http://www.w3.org/2001/XMLSchema#"


class GbifDwca(BulkKind):
    name = "gbif-dwca"
    member = "occurrence.txt"
    summary_keys = ("what", "taxon", "key", "label", "parent")
    separator = "\t"
    quoted = False  # GBIF downloads: fieldsEnclosedBy="" — a field may hold " freely
    columns = (
        "gbifID", "datasetKey", "occurrenceID", "basisOfRecord", "eventDate", "countryCode",
        "decimalLatitude", "decimalLongitude", "level1Gid", "level1Name", "species", "speciesKey",
        *HIGHER, "issue", "license", "iucnRedListCategory",
    )

    def dataset(self, path: Path, meta: DatasetMeta) -> Dataset:
        key = path.name.removesuffix(".zip")
        version = meta.version or (key if _DOWNLOAD_KEY.match(key) else None)
        url = f"https://www.gbif.org/occurrence/download/{version}" if version and _DOWNLOAD_KEY.match(version) \
            else "https://www.gbif.org/occurrence/search"
        return Dataset("gbif-dwca", "GBIF occurrence download", url, "GBIF.org", meta.licence, version,
                       meta.retrieved)

    def sections(self, ctx: Context) -> list[str]:
        return [*section_lines(ctx, "taxa", "Species as the occurrence records name them"),
                *section_lines(ctx, "occurrences", "Occurrence records summarised per species and place")]

    def prepare(self, frame: pl.DataFrame, ctx: Context) -> pl.DataFrame:
        issues = pl.col("issue").fill_null("").str.split(";")
        date = blank_to_null(pl.col("eventDate")).str.slice(0, 10)
        return frame.with_columns(
            taxon_slug(pl.col("species")).alias("taxon"),
            pl.when(pl.col("countryCode").str.contains(r"^[A-Z]{2}$")).then(pl.col("countryCode")).alias("cc"),
            pl.when(pl.col("gbifID").str.contains(r"^\d{1,20}$")).then(pl.col("gbifID")).alias("id"),
            pl.when(date.str.contains(r"^\d{4}-\d{2}-\d{2}$")).then(date).alias("day"),
            (
                issues.list.eval(pl.element().is_in(sorted(EXCLUDING_ISSUES))).list.any()
                | pl.col("basisOfRecord").is_in(sorted(EXCLUDING_BASIS))
            ).not_().alias("counted"),
        ).filter(pl.col("id").is_not_null())

    def keep(self, filters: Filters) -> pl.Expr:
        keep = taxon_filter(filters, HIGHER)
        if filters.country:
            keep &= pl.col("cc") == filters.country
        if filters.bbox:
            keep &= in_bbox(pl.col("decimalLongitude"), pl.col("decimalLatitude"), filters.bbox)
        return keep

    def triples(self, frame: pl.DataFrame, ctx: Context) -> tuple[pl.Series, pl.DataFrame | None]:
        rec = iri(pl.col("id"), record_prefix(ctx, "occurrence"))
        taxon = iri(pl.col("taxon"), TAXON_NS)
        dataset_key = pl.when(pl.col("datasetKey").str.contains(_UUID)).then(pl.col("datasetKey"))
        exprs = [
            triple(rec, TYPE, dwc("Occurrence")),
            triple(rec, TYPE, w("SourceRecord")),
            triple(rec, dct("isPartOf"), dataset_term(ctx)),
            triple(rec, w("ofTaxon"), taxon),
            triple(rec, dwc("basisOfRecord"), literal(pl.col("basisOfRecord"))),
            triple(rec, dwc("eventDate"), literal(pl.col("eventDate"))),
            triple(rec, dwc("countryCode"), literal(pl.col("cc"))),
            triple(rec, dwc("occurrenceID"), literal(pl.col("occurrenceID"))),
            triple(rec, dwc("decimalLatitude"), decimal(pl.col("decimalLatitude"))),
            triple(rec, dwc("decimalLongitude"), decimal(pl.col("decimalLongitude"))),
            triple(rec, dct("license"), checked_iri(pl.col("license"))),
            triple(rec, w("gbifDataset"), iri(dataset_key, "https://www.gbif.org/dataset/")),
            triple(rec, SEE_ALSO, iri(pl.col("id"), "https://www.gbif.org/occurrence/")),
        ]
        species = frame.select(pl.col("species").alias("name"), "taxon", "speciesKey",
                               pl.lit("species").alias("rank")).unique().filter(pl.col("taxon").is_not_null())
        flags = frame.select(pl.col("id"), pl.col("issue").fill_null("").str.split(";").alias("flag")).explode("flag")
        flag_lines = lines(flags, [triple(rec, w("gbifIssue"), literal(pl.col("flag")))])
        out = pl.concat([lines(frame, exprs), taxa_lines(species, section_iri(ctx, "taxa")),
                         lines(species, external_id_lines(taxon, "gbif", pl.col("speciesKey"))), flag_lines])
        return out, partial_counts(frame)

    def reduce(self, partials: pl.DataFrame) -> pl.DataFrame:
        return partials.group_by(*self.summary_keys).agg(
            pl.col("n").sum(), pl.col("first").min(), pl.col("last").max())

    def summarise(self, total: pl.DataFrame, ctx: Context) -> list[str]:
        source = iri_text(section_iri(ctx, "occurrences"))
        recorded = vocab(WILDKG.recordedIn)
        out: list[str] = []
        for what, taxon, key, label, parent, n, first, last in total.sort(
                "what", "taxon", "key", "label", "parent").iter_rows():
            s = iri_text(TAXON_NS + taxon)
            if what == "status":
                out += Statement(s, vocab(WILDKG.redListStatus), iri_text(REDLIST_NS + key), source).lines()
                continue
            place = iri_text(PLACE_NS + (key if what == "country" else f"gadm-{key}"))
            qualifiers = [(vocab(WILDKG.recordCount), literal_text(str(n), datatype=XSD + "integer"))]
            if first:
                qualifiers.append((vocab(WILDKG.firstRecorded), literal_text(first, datatype=XSD + "date")))
            if last:
                qualifiers.append((vocab(WILDKG.lastRecorded), literal_text(last, datatype=XSD + "date")))
            out += Statement(s, recorded, place, source, tuple(qualifiers)).lines()
            if what == "country":
                out += [] if key in ctx.curated_places else country_lines(key)
            else:
                out += region_lines(place, key, label, parent)
        return out


def region_lines(place: str, gid: str, label: str, country: str) -> list[str]:
    """A GADM level-1 region as GBIF names it, in its country. Not a ``wildkg:Place`` (whose
    subdivisions carry ISO 3166-2 codes, which GADM ids are not)."""
    out = [
        f"{place} {vocab(WILDKG.gadmId)} {literal_text(gid)} .\n",
        f"{place} <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> {vocab(WILDKG.GadmRegion)} .\n",
    ]
    if label:
        out.append(f"{place} <http://www.w3.org/2000/01/rdf-schema#label> {literal_text(label)} .\n")
    if country:
        out.append(f"{place} {vocab(WILDKG.inCountry)} {iri_text(PLACE_NS + country)} .\n")
    return out


def partial_counts(frame: pl.DataFrame) -> pl.DataFrame:
    """Counted records per (species, country), (species, GADM region) and Red List category."""
    counted = frame.filter(pl.col("counted") & pl.col("taxon").is_not_null())
    gid_ok = pl.col("level1Gid").str.contains(r"^[A-Z]{3}(\.\d+)+_\d+$")
    empty = pl.lit("")
    by_country = counted.filter(pl.col("cc").is_not_null()).group_by("taxon", "cc").agg(
        pl.len().alias("n"), pl.col("day").min().alias("first"), pl.col("day").max().alias("last"),
    ).select(pl.lit("country").alias("what"), "taxon", pl.col("cc").alias("key"), empty.alias("label"),
             empty.alias("parent"), "n", "first", "last")
    by_region = counted.filter(gid_ok & pl.col("cc").is_not_null()).group_by(
        "taxon", "level1Gid", "level1Name", "cc").agg(
        pl.len().alias("n"), pl.col("day").min().alias("first"), pl.col("day").max().alias("last"),
    ).select(pl.lit("region").alias("what"), "taxon", pl.col("level1Gid").alias("key"),
             pl.col("level1Name").fill_null("").alias("label"), pl.col("cc").alias("parent"), "n", "first", "last")
    status = frame.filter(
        pl.col("taxon").is_not_null() & pl.col("iucnRedListCategory").is_in(list(RED_LIST_CODES))
    ).group_by("taxon", "iucnRedListCategory").agg(pl.len().alias("n")).select(
        pl.lit("status").alias("what"), "taxon", pl.col("iucnRedListCategory").alias("key"), empty.alias("label"),
        empty.alias("parent"), "n", pl.lit(None, pl.String).alias("first"), pl.lit(None, pl.String).alias("last"))
    return pl.concat([by_country, by_region, status]).with_columns(pl.col("n").cast(pl.Int64))
