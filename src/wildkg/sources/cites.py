"""``cites``: the Species+ / CITES checklist CSV export, and Species+ API v1 JSON pages of
``taxon_concepts`` (with their ``cites_listings`` and, where fetched, ``distributions``).

Per taxon concept: the taxon (``wk:taxon/<slug of the name>``, ``wildkg:citesTaxonId``), the
statement ``taxon wildkg:citesAppendix "I"`` per current appendix, a listing node
(``wildkg:CitesListing``) with its appendix, annotation, effective date, party (Appendix III)
and — for a listing that covers only some populations — the countries it covers, and the
range states as ``wildkg:citesDistribution`` statements. Populations are read from the
annotation only by the country names of the taxon's own distribution list ("Populations of
Bhutan, India, Nepal and Pakistan" → BT, IN, NP, PK for Appendix I, the other range states for
Appendix II); an annotation naming none leaves the listing without a country restriction.
Files are small (tens of thousands of taxa), so rows are converted one by one.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import polars as pl
from rdflib.namespace import DCTERMS, PROV

from wildkg.errors import InputError
from wildkg.namespaces import DWC, WILDKG, WK
from wildkg.provenance import T_LABEL, T_TYPE, Dataset, Statement, iri, literal, vocab
from wildkg.sources.columnar.kind import (
    BulkKind,
    Context,
    DatasetMeta,
    Filters,
    Item,
    Progress,
    record_prefix,
)
from wildkg.sources.columnar.terms import PLACE_NS, TAXON_NS, taxon_filter

APPENDICES = ("I", "II", "III")
HIGHER = ("Kingdom", "Phylum", "Class", "Order", "Family", "Genus")
XSD_DATE = "http://www.w3.org/2001/XMLSchema#date"
_ISO2 = re.compile(r"^[A-Z]{2}$")


@dataclass(frozen=True)
class Listing:
    appendix: str
    annotation: str
    effective: str
    party: str


class Cites(BulkKind):
    name = "cites"
    columns = (
        "Id", "Scientific Name", "Rank", "Listing", "Party", "Full note", "All_DistributionFullNames",
        "All_DistributionISOCodes", *HIGHER, "_listings",
    )

    def dataset(self, path: Path, meta: DatasetMeta) -> Dataset:
        return Dataset("cites", "Species+ / CITES Checklist", "https://speciesplus.net/",
                       "UNEP-WCMC and the CITES Secretariat", meta.licence, meta.version, meta.retrieved)

    @contextmanager
    def items(self, path: Path, ctx: Context, ranges: bool = False) -> Iterator[tuple[Iterator[Item], Progress]]:
        pages = sorted(path.glob("*.json")) if path.is_dir() else [path] if path.suffix == ".json" else []
        if not pages:
            with super().items(path, ctx, ranges) as found:
                yield found
            return
        size = sum(p.stat().st_size for p in pages)
        yield (api_frame(p, self.columns) for p in pages), Progress(None, size)

    def prepare(self, frame: pl.DataFrame, ctx: Context) -> pl.DataFrame:
        name = pl.col("Scientific Name").str.strip_chars()
        return frame.with_columns(
            name.str.to_lowercase().str.replace_all(r"[^a-z0-9]+", "-").str.strip_chars("-").alias("taxon")
        ).filter((pl.col("taxon").str.len_bytes() > 0) & pl.col("Id").str.contains(r"^[1-9]\d{0,9}$"))

    def keep(self, filters: Filters) -> pl.Expr:
        keep = taxon_filter(filters, HIGHER)
        if filters.country:
            keep &= pl.col("All_DistributionISOCodes").fill_null("").str.split(",").list.eval(
                pl.element().str.strip_chars()).list.contains(filters.country)
        return keep

    def triples(self, frame: pl.DataFrame, ctx: Context) -> tuple[pl.Series, pl.DataFrame | None]:
        out: list[str] = []
        for row in frame.iter_rows(named=True):
            out += concept_lines(row, ctx)
        return pl.Series("line", [line.rstrip("\n") for line in out], dtype=pl.String), None


def api_frame(page: Path, columns: tuple[str, ...]) -> pl.DataFrame:
    """A Species+ API page of taxon concepts as rows of the CSV export's columns."""
    try:
        data = json.loads(page.read_text(encoding="utf-8"))
        concepts = data["taxon_concepts"]
    except (ValueError, KeyError, TypeError) as err:
        raise InputError(f"{page}: not a Species+ taxon_concepts page ({err})") from err
    rows = []
    for index, c in enumerate(concepts):
        if not isinstance(c, dict):
            raise InputError(f"{page}: taxon_concepts[{index}] is not an object")
        higher = c.get("higher_taxa") or {}
        dist = [d for d in c.get("distributions") or [] if isinstance(d, dict)]
        listings = [
            {"appendix": str(x.get("appendix") or ""), "annotation": str(x.get("annotation") or ""),
             "effective": str(x.get("effective_at") or ""),
             "party": str((x.get("party") or {}).get("iso_code2") or "") if isinstance(x.get("party"), dict) else ""}
            for x in c.get("cites_listings") or [] if isinstance(x, dict)
        ]
        name = str(c.get("full_name") or "")
        rows.append({
            "Id": str(c.get("id") or ""), "Scientific Name": name, "Rank": str(c.get("rank") or ""),
            "Listing": str(c.get("cites_listing") or ""), "Party": "", "Full note": "",
            "All_DistributionFullNames": ", ".join(str(d.get("name") or "") for d in dist),
            "All_DistributionISOCodes": ", ".join(str(d.get("iso_code2") or "") for d in dist),
            **{h: str(higher.get(h.lower()) or "") for h in HIGHER[:-1]},
            "Genus": name.split(" ")[0] if " " in name else "",
            "_listings": json.dumps(listings, sort_keys=True),
        })
    return pl.DataFrame(rows, schema=dict.fromkeys(columns, pl.String))


def _split(text: str | None) -> list[str]:
    return [t.strip() for t in (text or "").split(",") if t.strip()]


def listings_of(row: dict[str, str | None]) -> list[Listing]:
    """The row's current listings: from the API's ``cites_listings``, or the CSV's ``Listing``
    ("I/II") with the note on the first (strictest) appendix."""
    if row.get("_listings"):
        return [Listing(**x) for x in json.loads(str(row["_listings"])) if x["appendix"] in APPENDICES]
    parts = [p.strip() for p in (row.get("Listing") or "").split("/") if p.strip() in APPENDICES]
    note = (row.get("Full note") or "").strip()
    party = (row.get("Party") or "").strip()
    return [Listing(p, note if i == 0 else "", "", party if p == "III" else "") for i, p in enumerate(parts)]


def coverage(listings: list[Listing], dist: list[tuple[str, str]]) -> list[list[str]]:
    """Per listing, the range states it covers ([] = no restriction), from the country names of
    the taxon's own distribution that its annotation names."""
    named = [[code for code, name in dist if name and re.search(rf"\b{re.escape(name)}\b", x.annotation)]
             for x in listings]
    if len(listings) < 2 or not any(named):
        return [[] for _ in listings]
    taken = {code for codes in named for code in codes}
    rest = [code for code, _ in dist if code not in taken]
    return [codes or rest for codes in named]


def concept_lines(row: dict[str, str | None], ctx: Context) -> list[str]:
    name = (row.get("Scientific Name") or "").strip()
    tid = str(row["Id"])
    taxon = iri(TAXON_NS + str(row["taxon"]))
    record = iri(record_prefix(ctx, "taxon-concept") + tid)
    source_node = iri(f"{WK}source/{ctx.dataset_id}")
    out = [
        f"{record} {T_TYPE} {vocab(WILDKG.SourceRecord)} .\n",
        f"{record} {T_TYPE} {vocab(WILDKG.SourceSection)} .\n",
        f"{record} {T_TYPE} {vocab(PROV.Entity)} .\n",
        f"{record} {vocab(DCTERMS.isPartOf)} {source_node} .\n",
        f"{record} {vocab(DCTERMS.identifier)} {literal(tid)} .\n",
        f"{record} {vocab(DCTERMS.title)} {literal(name)} .\n",
        f"{taxon} {T_TYPE} {vocab(DWC.Taxon)} .\n",
        f"{taxon} {T_LABEL} {literal(name)} .\n",
        f"{taxon} {vocab(WILDKG.citesTaxonId)} {literal(tid)} .\n",
        *Statement(taxon, vocab(DWC.scientificName), literal(name), record).lines(),
    ]
    if row.get("Rank"):
        out += Statement(taxon, vocab(DWC.taxonRank), literal(str(row["Rank"]).strip().lower()), record).lines()
    codes = [c for c in _split(row.get("All_DistributionISOCodes")) if _ISO2.match(c)]
    names = _split(row.get("All_DistributionFullNames"))
    dist = list(zip(codes, names, strict=True)) if len(names) == len(codes) else [(c, "") for c in codes]
    for code in codes:
        out += Statement(taxon, vocab(WILDKG.citesDistribution), iri(PLACE_NS + code), record).lines()
    listings = listings_of(row)
    for listing, covered in zip(listings, coverage(listings, dist), strict=True):
        node = iri(record_prefix(ctx, "listing") + f"{tid}-{listing.appendix}")
        out += Statement(taxon, vocab(WILDKG.citesAppendix), literal(listing.appendix), record).lines()
        out += [
            f"{node} {T_TYPE} {vocab(WILDKG.CitesListing)} .\n",
            f"{node} {vocab(WILDKG.listedTaxon)} {taxon} .\n",
            f"{node} {vocab(WILDKG.appendix)} {literal(listing.appendix)} .\n",
            f"{node} {vocab(PROV.wasDerivedFrom)} {record} .\n",
            f"{node} {T_LABEL} {literal(f'{name}, CITES Appendix {listing.appendix}')} .\n",
        ]
        if listing.annotation:
            out.append(f"{node} {vocab(DCTERMS.description)} {literal(listing.annotation, lang='en')} .\n")
        if re.match(r"^\d{4}-\d{2}-\d{2}$", listing.effective[:10]):
            out.append(f"{node} {vocab(WILDKG.effectiveDate)} {literal(listing.effective[:10], datatype=XSD_DATE)} .\n")
        if _ISO2.match(listing.party):
            out.append(f"{node} {vocab(WILDKG.listingParty)} {iri(PLACE_NS + listing.party)} .\n")
        out += [f"{node} {vocab(WILDKG.coversCountry)} {iri(PLACE_NS + code)} .\n" for code in covered]
    return out

