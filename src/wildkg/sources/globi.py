"""``globi``: the GloBI interactions dump (``interactions.tsv[.gz]``, ``interactions.csv[.gz]``).

Each row becomes an interaction record ``wk:source/globi/interaction/<sha16 of its fields>``
(a ``wildkg:SourceRecord``) keeping its own reference citation and DOI, locality, coordinates,
date, life stages and contributing dataset. Predation — RO *preys on*, and *preyed upon by*
read backwards — is also summarised as the taxon-level statement ``predator obo:RO_0002439
prey`` derived from the GloBI dataset, qualified by ``wildkg:recordCount``: how many rows
support it. Taxa are the nodes of their scientific names (``wk:taxon/<slug>``), as curated
taxa are; GBIF, NCBI and Wikidata ids given in ``*TaxonIds`` are kept and linked.
"""

from __future__ import annotations

from pathlib import Path

import polars as pl

from wildkg.namespaces import WILDKG
from wildkg.provenance import Dataset, Statement
from wildkg.provenance import iri as iri_text
from wildkg.provenance import literal as literal_text
from wildkg.sources.columnar.kind import BulkKind, Context, DatasetMeta, Filters, record_prefix
from wildkg.sources.columnar.ntriples import (
    blank_to_null,
    checked_iri,
    decimal,
    iri,
    lines,
    literal,
    slug,
    triple,
    with_hash,
)
from wildkg.sources.columnar.terms import (
    DERIVED_FROM,
    ID_PREFIXES,
    PREYED_UPON_BY,
    PREYS_ON,
    TAXON_NS,
    TYPE,
    dataset_term,
    dct,
    dwc,
    external_id_lines,
    in_bbox,
    record_lines,
    section_iri,
    section_lines,
    taxa_lines,
    taxon_slug,
    w,
)

SIDES = ("source", "target")
_RO = "http://purl.obolibrary.org/obo/RO_"


class Globi(BulkKind):
    name = "globi"
    separator = "\t"
    quoted = False
    columns = (
        *(f"{side}{field}" for side in SIDES
          for field in ("TaxonIds", "TaxonName", "TaxonRank", "TaxonPathNames", "LifeStageName")),
        "interactionTypeName", "interactionTypeId", "decimalLatitude", "decimalLongitude",
        "localityName", "eventDate", "referenceCitation", "referenceDoi", "sourceCitation",
        "sourceNamespace",
    )
    aliases = {"eventDate": ("eventDateUnixEpoch",)}  # noqa: RUF012
    summary_keys = ("predator", "prey")

    def layout(self, path: Path) -> tuple[str, bool]:
        """``.csv[.gz]`` dumps are comma-separated and quoted; ``.tsv[.gz]`` ones are not."""
        return (",", True) if ".csv" in path.name else ("\t", False)

    def dataset(self, path: Path, meta: DatasetMeta) -> Dataset:
        return Dataset("globi", "Global Biotic Interactions (GloBI)", "https://www.globalbioticinteractions.org/",
                       "GloBI", meta.licence, meta.version, meta.retrieved)

    def sections(self, ctx: Context) -> list[str]:
        return [*section_lines(ctx, "taxa", "Taxa as the interaction records name them"),
                *section_lines(ctx, "predation", "Predation summarised over all interaction records")]

    def prepare(self, frame: pl.DataFrame, ctx: Context) -> pl.DataFrame:
        frame = frame.with_columns(
            taxon_slug(pl.col("sourceTaxonName")).alias("s"),
            taxon_slug(pl.col("targetTaxonName")).alias("t"),
            interaction_type(pl.col("interactionTypeId")).alias("ro"),
        ).filter(pl.col("s").is_not_null() & pl.col("t").is_not_null())
        return with_hash(frame, [pl.col(c).fill_null("") for c in self.columns], "rec")

    def keep(self, filters: Filters) -> pl.Expr:
        keep = pl.lit(True)
        if filters.taxa:
            wanted = sorted(filters.taxa)
            keep &= pl.col("s").is_in(wanted) | pl.col("t").is_in(wanted)
        if filters.higher_taxon:
            name = filters.higher_taxon.strip().lower()
            keep &= pl.any_horizontal(
                pl.col(f"{side}TaxonPathNames").fill_null("").str.to_lowercase()
                .str.split("|").list.eval(pl.element().str.strip_chars()).list.contains(name)
                for side in SIDES
            )
        if filters.bbox:
            keep &= in_bbox(pl.col("decimalLongitude"), pl.col("decimalLatitude"), filters.bbox)
        if filters.country:
            keep &= pl.lit(False)  # the dump has no country column: a bounding box is the way
        return keep

    def triples(self, frame: pl.DataFrame, ctx: Context) -> tuple[pl.Series, pl.DataFrame | None]:
        rec = iri(pl.col("rec"), record_prefix(ctx, "interaction"))
        contributor = slug(blank_to_null(pl.col("sourceNamespace")))
        contributed = iri(contributor, record_prefix(ctx, "contributor"))
        exprs = [
            triple(rec, TYPE, w("InteractionRecord")),  # a wildkg:SourceRecord (bulk-sources.ttl)
            triple(rec, dct("isPartOf"), dataset_term(ctx)),
            triple(rec, w("sourceTaxon"), iri(pl.col("s"), TAXON_NS)),
            triple(rec, w("targetTaxon"), iri(pl.col("t"), TAXON_NS)),
            triple(rec, w("interactionType"), iri(pl.col("ro"))),
            triple(rec, w("interactionTypeName"),
                   pl.when(pl.col("ro").is_null()).then(literal(pl.col("interactionTypeName")))),
            triple(rec, w("sourceLifeStage"), literal(pl.col("sourceLifeStageName"))),
            triple(rec, w("targetLifeStage"), literal(pl.col("targetLifeStageName"))),
            triple(rec, dwc("locality"), literal(pl.col("localityName"))),
            triple(rec, dwc("decimalLatitude"), decimal(pl.col("decimalLatitude"))),
            triple(rec, dwc("decimalLongitude"), decimal(pl.col("decimalLongitude"))),
            triple(rec, dwc("eventDate"), literal(pl.col("eventDate"))),
            triple(rec, dct("bibliographicCitation"), literal(pl.col("referenceCitation"))),
            triple(rec, dct("references"), checked_iri(doi_url(pl.col("referenceDoi")))),
            triple(rec, DERIVED_FROM, contributed),
        ]
        # Taxa and contributing datasets repeat across rows: describe each once per block.
        contributors = frame.select("sourceNamespace", "sourceCitation").unique()
        described = [
            *record_lines(contributed, ctx, contributor, pl.col("sourceNamespace")),
            triple(contributed, dct("bibliographicCitation"), literal(pl.col("sourceCitation"))),
        ]
        taxa = pl.concat([
            frame.select(pl.col(f"{side}TaxonName").alias("name"), pl.col(key).alias("taxon"),
                         pl.col(f"{side}TaxonRank").alias("rank"), pl.col(f"{side}TaxonIds").alias("ids"))
            for side, key in zip(SIDES, ("s", "t"), strict=True)
        ]).unique()
        out = pl.concat([
            lines(frame, exprs), lines(contributors, described),
            taxa_lines(taxa, section_iri(ctx, "taxa")), id_lines(taxa),
        ])
        return out, predation_partial(frame)

    def reduce(self, partials: pl.DataFrame) -> pl.DataFrame:
        return partials.group_by(*self.summary_keys).agg(pl.col("n").sum())

    def summarise(self, total: pl.DataFrame, ctx: Context) -> list[str]:
        """``predator preys on prey``, said by GloBI, with the number of rows supporting it."""
        p = iri_text(PREYS_ON)
        count = iri_text(str(WILDKG.recordCount))
        source = iri_text(section_iri(ctx, "predation"))
        out: list[str] = []
        for predator, prey, n in total.sort("predator", "prey").iter_rows():
            qualifier = ((count, literal_text(str(n), datatype=XSD_INTEGER)),)
            st = Statement(iri_text(TAXON_NS + predator), p, iri_text(TAXON_NS + prey), source, qualifier)
            out += st.lines()
        return out


XSD_INTEGER = "http://www.w3.org/2001/XMLSchema#integer"


def interaction_type(type_id: pl.Expr) -> pl.Expr:
    """The RO IRI of ``interactionTypeId`` (full OBO IRI or ``RO:0002439``); null otherwise."""
    text = blank_to_null(type_id)
    curie = text.str.extract(r"^RO:(\d{7})$", 1)
    full = text.str.extract(r"^http://purl\.obolibrary\.org/obo/RO_(\d{7})$", 1)
    return pl.concat_str([pl.lit(_RO), pl.coalesce(full, curie)])


def doi_url(doi: pl.Expr) -> pl.Expr:
    """``https://doi.org/10.…`` from a DOI as GloBI writes it (bare, ``doi:``, or a doi.org URL)."""
    bare = blank_to_null(doi).str.replace(r"^(?i:doi:|https?://(?:dx\.)?doi\.org/)", "")
    return pl.when(bare.str.starts_with("10.")).then(pl.concat_str([pl.lit("https://doi.org/"), bare]))


def id_lines(taxa: pl.DataFrame) -> pl.Series:
    """External ids (``GBIF:…``, ``NCBI:…``, ``WD:Q…`` of ``*TaxonIds``) of the taxa of a block."""
    ids = taxa.select("taxon", pl.col("ids").fill_null("").str.split("|").alias("id")).explode("id")
    ids = ids.with_columns(pl.col("id").str.strip_chars()).unique()
    taxon = iri(pl.col("taxon"), TAXON_NS)
    exprs = []
    for prefix, kind in ID_PREFIXES.items():
        value = pl.when(pl.col("id").str.starts_with(prefix)).then(pl.col("id").str.strip_prefix(prefix))
        exprs += external_id_lines(taxon, kind, value)
    return lines(ids, exprs)


def predation_partial(frame: pl.DataFrame) -> pl.DataFrame:
    """Rows per (predator, prey): preys on as written, preyed upon by turned round."""
    preys = frame.filter(pl.col("ro") == PREYS_ON).select(pl.col("s").alias("predator"), pl.col("t").alias("prey"))
    preyed = frame.filter(pl.col("ro") == PREYED_UPON_BY).select(
        pl.col("t").alias("predator"), pl.col("s").alias("prey"))
    return pl.concat([preys, preyed]).group_by("predator", "prey").agg(pl.len().cast(pl.Int64).alias("n"))

