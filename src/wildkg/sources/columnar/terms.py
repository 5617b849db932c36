"""IRIs the bulk kinds share, spelled once (namespaces from :mod:`wildkg.namespaces`)."""

from __future__ import annotations

import polars as pl
from rdflib.namespace import DCTERMS, PROV, RDF, RDFS, SKOS

from wildkg.ids import EXTERNAL, PATTERNS
from wildkg.namespaces import BASE, DWC, OBO, WILDKG
from wildkg.sources.columnar.kind import Context, Filters
from wildkg.sources.columnar.ntriples import (
    blank_to_null,
    const,
    iri,
    lines,
    literal,
    slug,
    statement_lines,
    triple,
    with_statement,
)

TYPE = const(str(RDF.type))
LABEL = const(str(RDFS.label))
TAXON_NS = BASE + "id/taxon/"
PLACE_NS = BASE + "id/place/"
AREA_NS = BASE + "id/protected-area/"
SOURCE_NS = BASE + "id/source/"
FACT_NS = BASE + "id/fact/"
REDLIST_NS = BASE + "scheme/iucn-redlist/"
PREYS_ON = str(OBO.RO_0002439)
PREYED_UPON_BY = str(OBO.RO_0002458)


def w(name: str) -> pl.Expr:
    """A wildkg ontology term."""
    return const(str(WILDKG[name]))


def dwc(name: str) -> pl.Expr:
    return const(str(DWC[name]))


def dct(name: str) -> pl.Expr:
    return const(str(DCTERMS[name]))


DERIVED_FROM = const(str(PROV.wasDerivedFrom))
EXACT_MATCH = const(str(SKOS.exactMatch))
SEE_ALSO = const(str(RDFS.seeAlso))


def taxon_lines(name: pl.Expr, taxon: pl.Expr, rank: pl.Expr | None = None) -> list[pl.Expr]:
    """A taxon node keyed by the slug of its scientific name, as curated taxa are."""
    node = iri(taxon, TAXON_NS)
    out = [
        triple(node, TYPE, dwc("Taxon")),
        triple(node, dwc("scientificName"), literal(name)),
        triple(node, LABEL, literal(name)),
    ]
    if rank is not None:
        out.append(triple(node, dwc("taxonRank"), literal(blank_to_null(rank).str.to_lowercase())))
    return out


def taxon_slug(name: pl.Expr) -> pl.Expr:
    return slug(blank_to_null(name))


#: GloBI's taxon-id prefixes → the id kinds of :mod:`wildkg.ids` (others are not linked).
ID_PREFIXES: dict[str, str] = {"GBIF:": "gbif", "NCBI:": "ncbi", "WD:": "wikidata"}


def external_id_lines(taxon: pl.Expr, kind: str, value: pl.Expr) -> list[pl.Expr]:
    """``taxon wildkg:<kind>Id "value"`` and ``skos:exactMatch <published IRI>``, only for a
    value matching the whole pattern of its kind (never guessed, never half an id)."""
    prop, template = EXTERNAL[kind]
    text = blank_to_null(value)
    ok = pl.when(text.str.contains("^(?:" + PATTERNS[kind].pattern + ")$")).then(text)
    out = [triple(taxon, const(prop), literal(ok))]
    if template:
        before, _, after = template.partition("{}")
        out.append(triple(taxon, EXACT_MATCH, iri(pl.concat_str([ok, pl.lit(after)]), before)))
    return out


def in_bbox(lon: pl.Expr, lat: pl.Expr, bbox: tuple[float, float, float, float]) -> pl.Expr:
    x = lon.cast(pl.Float64, strict=False)
    y = lat.cast(pl.Float64, strict=False)
    return x.is_between(bbox[0], bbox[2]) & y.is_between(bbox[1], bbox[3])


def taxon_filter(filters: Filters, higher: tuple[str, ...]) -> pl.Expr:
    """Rows kept by ``--taxa`` (column ``taxon``) and ``--higher-taxon`` (any of the ``higher``
    columns, case-insensitive): the filters of the kinds with one taxon per row."""
    keep = pl.lit(True)
    if filters.taxa:
        keep &= pl.col("taxon").is_in(sorted(filters.taxa))
    if filters.higher_taxon:
        name = filters.higher_taxon.strip().lower()
        keep &= pl.any_horizontal(pl.col(c).fill_null("").str.to_lowercase() == name for c in higher)
    return keep


def as_lines(series: pl.Series) -> pl.Series:
    return series.rename("line")



def record_lines(record: pl.Expr, ctx: Context, local_id: pl.Expr, title: pl.Expr) -> list[pl.Expr]:
    """A dataset's record, as :meth:`wildkg.provenance.Dataset.record_lines` describes one."""
    return [
        triple(record, TYPE, w("SourceRecord")),
        triple(record, TYPE, w("SourceSection")),
        triple(record, TYPE, const(str(PROV.Entity))),
        triple(record, dct("isPartOf"), const(f"{BASE}id/source/{ctx.dataset_id}")),
        triple(record, dct("identifier"), literal(local_id)),
        triple(record, dct("title"), literal(title)),
    ]


def dataset_term(ctx: Context) -> pl.Expr:
    """``wk:source/<dataset>`` as a term: what every record of a bulk file is part of. Bulk records
    carry only their class and this link (their identifier is the last segment of their IRI),
    where issue 8's records also repeat identifier and title: at tens of millions of rows, three
    triples fewer per row is a fifth of the output."""
    return const(f"{BASE}id/source/{ctx.dataset_id}")


def section_iri(ctx: Context, name: str) -> str:
    """A part of a bulk dataset that statements are derived from (``…/section/taxa``)."""
    return f"{BASE}id/source/{ctx.dataset_id}/section/{name}"


def section_lines(ctx: Context, name: str, title: str) -> list[str]:
    """The section described as issue 8 describes a record (a ``wildkg:SourceSection`` of the
    dataset), so the shapes find the source of every statement derived from it."""
    from wildkg.provenance import literal as literal_text

    node = f"<{section_iri(ctx, name)}>"
    return [
        f"{node} <{RDF.type}> <{WILDKG.SourceRecord}> .",
        f"{node} <{RDF.type}> <{WILDKG.SourceSection}> .",
        f"{node} <{RDF.type}> <{PROV.Entity}> .",
        f"{node} <{DCTERMS.isPartOf}> <{BASE}id/source/{ctx.dataset_id}> .",
        f"{node} <{DCTERMS.identifier}> {literal_text(name)} .",
        f"{node} <{DCTERMS.title}> {literal_text(title)} .",
    ]


def taxa_lines(taxa: pl.DataFrame, source: str) -> pl.Series:
    """Taxa (columns ``name``, ``taxon``, ``rank``) with their scientific name and rank as
    statements derived from ``source`` (a section IRI), as the shapes ask of every taxon."""
    node = iri(pl.col("taxon"), TAXON_NS)
    src = const(source)
    parts = [lines(taxa, [triple(node, TYPE, dwc("Taxon")), triple(node, LABEL, literal(pl.col("name")))])]
    for predicate, value in ((dwc("scientificName"), literal(pl.col("name"))),
                             (dwc("taxonRank"), literal(blank_to_null(pl.col("rank")).str.to_lowercase()))):
        keyed = with_statement(taxa, node, predicate, value, src, "key")
        parts.append(lines(keyed, statement_lines(node, predicate, value, src, pl.col("key"))))
    return pl.concat(parts)
