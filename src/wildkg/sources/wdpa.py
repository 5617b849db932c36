"""``wdpa``: the WDPA attribute table as CSV, in the schema used until October 2025 (``WDPAID``,
``NAME``, ``PA_DEF``, ``MARINE``, ``PARENT_ISO3``) and the one since November 2025
(``SITE_ID``, ``NAME_ENG``, ``SITE_TYPE``, ``REALM``, ``PRNT_ISO3``), read by header name.

Each site is a protected area with its designation, IUCN category, status and status year,
reported area (km²), realm, governance and countries (``wildkg:locatedIn``, a statement
derived from the site's record). A site whose English name and country match a curated
protected area (``data/protected-areas.yaml``) is that area's node, so curated facts such as
"the snow leopard is found in Sagarmatha National Park" meet the WDPA's description; other
sites are ``wk:protected-area/wdpa-<id>``.
"""

from __future__ import annotations

from pathlib import Path

import polars as pl

from wildkg.namespaces import WILDKG
from wildkg.provenance import Dataset
from wildkg.sources.columnar.kind import BulkKind, Context, DatasetMeta, Filters, record_prefix
from wildkg.sources.columnar.ntriples import (
    blank_to_null,
    const,
    decimal,
    integer,
    iri,
    lines,
    literal,
    slug,
    statement_lines,
    triple,
    with_statement,
)
from wildkg.sources.columnar.places import alpha3_to_alpha2
from wildkg.sources.columnar.terms import AREA_NS, LABEL, PLACE_NS, SEE_ALSO, TYPE, record_lines, w

REALMS = {"0": "Terrestrial", "1": "Coastal", "2": "Marine"}
SITE_TYPES = {"1": "pa", "0": "oecm"}


class Wdpa(BulkKind):
    name = "wdpa"
    columns = (
        "SITE_ID", "NAME_ENG", "ORIG_NAME", "DESIG_ENG", "DESIG_TYPE", "IUCN_CAT", "STATUS", "STATUS_YR",
        "REP_AREA", "REALM", "SITE_TYPE", "GOV_TYPE", "ISO3", "PRNT_ISO3",
    )
    aliases = {  # noqa: RUF012 - the other schema's names (NAME is the original-language name since 2025-11)
        "SITE_ID": ("WDPAID",), "NAME_ENG": ("NAME",), "ORIG_NAME": ("NAME",), "REALM": ("MARINE",),
        "SITE_TYPE": ("PA_DEF",),
        "PRNT_ISO3": ("PARENT_ISO3",),
    }

    def dataset(self, path: Path, meta: DatasetMeta) -> Dataset:
        return Dataset("wdpa", "World Database on Protected Areas", "https://www.protectedplanet.net/",
                       "UNEP-WCMC and IUCN", meta.licence, meta.version, meta.retrieved)

    def prepare(self, frame: pl.DataFrame, ctx: Context) -> pl.DataFrame:
        site = blank_to_null(pl.col("SITE_ID")).cast(pl.Float64, strict=False)
        frame = frame.with_columns(
            pl.when((site > 0) & (site == site.floor())).then(site.cast(pl.Int64).cast(pl.String)).alias("site"),
            slug(blank_to_null(pl.col("NAME_ENG"))).alias("name_slug"),
            pl.col("ISO3").fill_null("").str.split(";").list.eval(
                pl.element().str.strip_chars().replace_strict(alpha3_to_alpha2(), default=None)
            ).list.drop_nulls().alias("countries"),
            pl.col("REALM").replace(REALMS).alias("realm"),
            pl.col("SITE_TYPE").replace(SITE_TYPES).str.to_lowercase().alias("site_type"),
        ).filter(pl.col("site").is_not_null())
        curated = pl.DataFrame(
            [(s, c, i) for s, c, i in ctx.curated_areas],
            schema={"name_slug": pl.String, "first_country": pl.String, "curated": pl.String}, orient="row",
        )
        frame = frame.with_columns(pl.col("countries").list.first().alias("first_country"))
        frame = frame.join(curated, on=["name_slug", "first_country"], how="left", maintain_order="left")
        return frame.with_columns(
            pl.coalesce(pl.col("curated"), pl.concat_str([pl.lit("wdpa-"), pl.col("site")])).alias("area"))

    def keep(self, filters: Filters) -> pl.Expr:
        if filters.country:
            return pl.col("countries").list.contains(filters.country)
        return pl.lit(True)  # no taxa or coordinates in the attribute table

    def triples(self, frame: pl.DataFrame, ctx: Context) -> tuple[pl.Series, pl.DataFrame | None]:
        area = iri(pl.col("area"), AREA_NS)
        rec = iri(pl.col("site"), record_prefix(ctx, "site"))
        exprs = [
            *record_lines(rec, ctx, pl.col("site"), pl.col("NAME_ENG")),
            triple(area, TYPE, w("ProtectedArea")),
            triple(area, TYPE, w("Place")),
            triple(area, LABEL, literal(pl.col("NAME_ENG"), lang="en")),
            triple(area, w("originalName"), literal(pl.col("ORIG_NAME"))),
            triple(area, w("wdpaId"), literal(pl.col("site"))),
            triple(area, SEE_ALSO, iri(pl.col("site"), "https://www.protectedplanet.net/")),
            triple(area, w("designation"), literal(pl.col("DESIG_ENG"), lang="en")),
            triple(area, w("designationType"), literal(pl.col("DESIG_TYPE"))),
            triple(area, w("iucnCategory"), literal(pl.col("IUCN_CAT"))),
            triple(area, w("protectionStatus"), literal(pl.col("STATUS"))),
            triple(area, w("statusYear"), pl.when(pl.col("STATUS_YR") != "0").then(integer(pl.col("STATUS_YR")))),
            triple(area, w("reportedArea"), decimal(pl.col("REP_AREA"))),
            triple(area, w("realm"), literal(pl.col("realm"))),
            triple(area, w("siteType"), literal(pl.col("site_type"))),
            triple(area, w("governanceType"), literal(pl.col("GOV_TYPE"))),
            triple(area, w("describedBy"), rec),
        ]
        located = frame.select("area", "site", "countries").explode("countries").drop_nulls("countries")
        place = iri(pl.col("countries"), PLACE_NS)
        p = const(str(WILDKG.locatedIn))
        located = with_statement(located, area, p, place, rec, "key")
        return pl.concat([lines(frame, exprs), lines(located, statement_lines(area, p, place, rec, pl.col("key")))]), None
