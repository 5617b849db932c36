"""Generate bulk-source files in the published layouts, at benchmark sizes.

``interactions.tsv.gz`` (GloBI, 92 columns), a GBIF download zip (``occurrence.txt``, 223
interpreted columns, ``meta.xml``), and a WDPA attribute-table CSV (schema of November 2025).
Rows are built column-wise with polars from a seeded generator and written in slices, so a
10M-row file never sits in memory; the same size and seed give the same bytes.

    .venv/bin/python bench/bulk_generate.py globi 1000000 bench/data/globi-1m.tsv.gz
"""

from __future__ import annotations

import gzip
import io
import sys
import zipfile
from pathlib import Path

import numpy as np
import polars as pl

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bulk_layouts import GBIF_COLUMNS, GLOBI_COLUMNS, WDPA_2025_COLUMNS

SLICE = 250_000
SYLLABLES = ["ba", "ca", "do", "fe", "gi", "lo", "mu", "na", "pe", "ri", "sa", "ta", "vo", "xi", "ze", "lu"]
TYPES = [  # (name, RO id, weight): GloBI's commonest types
    ("interactsWith", "0002437", 20), ("eats", "0002470", 30), ("preysOn", "0002439", 25),
    ("preyedUponBy", "0002458", 8), ("parasiteOf", "0002444", 10), ("hasHost", "0002454", 7),
]


def _words(rng: np.random.Generator, n: int, parts: int) -> list[str]:
    idx = rng.integers(0, len(SYLLABLES), size=(n, parts))
    return ["".join(SYLLABLES[i] for i in row) for row in idx]


def taxa(rng: np.random.Generator, n: int) -> pl.DataFrame:
    genera = [w.capitalize() for w in _words(rng, max(n // 10, 1), 3)]
    names = [f"{genera[i % len(genera)]} {e}" for i, e in enumerate(_words(rng, n, 3))]
    return pl.DataFrame({
        "name": names,
        "ids": [f"GBIF:{1000000 + i} | NCBI:{50000 + i}" if i % 3 else f"GBIF:{1000000 + i}" for i in range(n)],
        "path": [f"Animalia | Chordata | Mammalia | Ordo{i % 40} | Familia{i % 300} | {x}" for i, x in enumerate(names)],
    })


def _empty(columns: list[str], n: int, filled: dict[str, pl.Series]) -> pl.DataFrame:
    blank = pl.repeat("", n, eager=True, dtype=pl.String)
    return pl.DataFrame({c: filled[c] if c in filled else blank.alias(c) for c in columns})


def _table(values: list[str]) -> pl.Series:
    return pl.Series(values, dtype=pl.String)


#: Values a column draws from, built once: a slice is then gathers from these (no Python loop per row).
CITATIONS = _table([f"Author{i} A. ({1950 + i % 70}) Diet study {i}. Journal of Ecology {i % 90}." for i in range(5000)])
DOIS = _table([f"10.5555/diet.{i}" if i % 2 else "" for i in range(5000)])
DATES = _table([f"{1950 + i % 70}-{1 + i % 12:02d}-{1 + i % 28:02d}" if i % 2 else "" for i in range(5000)])
LOCALITIES = _table([f"Locality {i % 997}" for i in range(5000)])
NAMESPACES = _table([f"globalbioticinteractions/dataset-{i}" for i in range(300)])
SOURCE_CITATIONS = _table([f"Dataset {i}, compiled for the benchmark." for i in range(300)])
TYPE_NAMES = _table([t[0] for t in TYPES])
TYPE_IDS = _table([f"http://purl.obolibrary.org/obo/RO_{t[1]}" for t in TYPES])


def _coordinate(rng: np.random.Generator, has: np.ndarray, low: float, high: float) -> pl.Series:
    values = pl.Series(np.round(rng.uniform(low, high, has.size), 3)).cast(pl.String)
    return pl.select(pl.when(pl.lit(pl.Series(has))).then(pl.lit(values)).otherwise(pl.lit(""))).to_series()


def globi_slice(rng: np.random.Generator, pool: pl.DataFrame, n: int) -> pl.DataFrame:
    src = rng.integers(0, pool.height, n)
    tgt = rng.integers(0, pool.height, n)
    weights = np.array([t[2] for t in TYPES], dtype=float)
    kind = rng.choice(len(TYPES), size=n, p=weights / weights.sum())
    cit = rng.integers(0, 5000, n)
    has_xy = rng.random(n) < 0.6
    lat = _coordinate(rng, has_xy, -60, 70)
    lon = _coordinate(rng, has_xy, -170, 170)
    ns = rng.integers(0, 300, n)
    s, t = pool[src], pool[tgt]
    localities = pl.select(pl.when(pl.lit(pl.Series(has_xy))).then(pl.lit(LOCALITIES.gather(cit)))
                           .otherwise(pl.lit(""))).to_series()
    filled = {
        "sourceTaxonName": s["name"], "sourceTaxonIds": s["ids"], "sourceTaxonPathNames": s["path"],
        "sourceTaxonId": s["ids"].str.split(" | ").list.first(),
        "targetTaxonName": t["name"], "targetTaxonIds": t["ids"], "targetTaxonPathNames": t["path"],
        "targetTaxonId": t["ids"].str.split(" | ").list.first(),
        "interactionTypeName": TYPE_NAMES.gather(kind), "interactionTypeId": TYPE_IDS.gather(kind),
        "decimalLatitude": lat, "decimalLongitude": lon, "localityName": localities,
        "eventDate": DATES.gather(cit), "referenceCitation": CITATIONS.gather(cit), "referenceDoi": DOIS.gather(cit),
        "sourceNamespace": NAMESPACES.gather(ns), "sourceCitation": SOURCE_CITATIONS.gather(ns),
        "sourceTaxonRank": pl.repeat("species", n, eager=True), "targetTaxonRank": pl.repeat("species", n, eager=True),
        "sourceLifeStageName": pl.Series(np.where(rng.random(n) < 0.1, "adult", "")),
        "targetLifeStageName": pl.Series(np.where(rng.random(n) < 0.1, "juvenile", "")),
    }
    return _empty(GLOBI_COLUMNS, n, {k: v.alias(k).cast(pl.String) for k, v in filled.items()})


def _tsv(frame: pl.DataFrame, header: bool) -> bytes:
    buf = io.BytesIO()
    frame.write_csv(buf, separator="\t", quote_style="never", include_header=header, line_terminator="\n")
    return buf.getvalue()


def write_globi(rows: int, path: Path, seed: int = 11) -> None:
    rng = np.random.default_rng(seed)
    pool = taxa(rng, 20_000)
    with gzip.open(path, "wb", compresslevel=1) as out:
        for start in range(0, rows, SLICE):
            out.write(_tsv(globi_slice(rng, pool, min(SLICE, rows - start)), start == 0))


COUNTRIES = ["NP", "IN", "CN", "BT", "PK", "MN", "BR", "US", "KE", "AU", "ID", "MX", "ZA", "RU", "CA", "FR"]


def gbif_slice(rng: np.random.Generator, pool: pl.DataFrame, start: int, n: int) -> pl.DataFrame:
    sp = rng.integers(0, pool.height, n)
    cc = rng.integers(0, len(COUNTRIES), n)
    issue = rng.random(n)
    names = pool["name"].gather(sp)
    filled = {
        "gbifID": pl.Series([str(4_000_000_000 + start + i) for i in range(n)]),
        "datasetKey": pl.Series([f"50c9509d-22c7-4a22-a47d-{i % 500:012d}" for i in sp]),
        "occurrenceID": pl.Series([f"urn:catalog:obs:{start + i}" for i in range(n)]),
        "basisOfRecord": pl.Series(np.where(issue < 0.9, "HUMAN_OBSERVATION", "PRESERVED_SPECIMEN")),
        "eventDate": pl.Series([f"{1980 + i % 45}-{1 + i % 12:02d}-{1 + i % 28:02d}" for i in rng.integers(0, 10_000, n)]),
        "countryCode": pl.Series([COUNTRIES[i] for i in cc]),
        "decimalLatitude": pl.Series(np.round(rng.uniform(-60, 70, n), 4).astype(str)),
        "decimalLongitude": pl.Series(np.round(rng.uniform(-170, 170, n), 4).astype(str)),
        "species": names, "scientificName": names, "acceptedScientificName": names,
        "speciesKey": pl.Series([str(1000000 + i) for i in sp]), "taxonRank": pl.Series(["SPECIES"] * n),
        "kingdom": pl.Series(["Animalia"] * n), "class": pl.Series(["Mammalia"] * n),
        "issue": pl.Series(np.where(issue < 0.7, "COORDINATE_ROUNDED",
                                    np.where(issue < 0.75, "COUNTRY_COORDINATE_MISMATCH", ""))),
        "license": pl.Series(["http://creativecommons.org/licenses/by/4.0/legalcode"] * n),
        "iucnRedListCategory": pl.Series([["LC", "NT", "VU", "EN", "CR"][i % 5] for i in sp]),
        "level1Gid": pl.Series([f"XXX.{i % 30 + 1}_1" for i in cc]), "level1Name": pl.Series([f"Region {i % 30}" for i in cc]),
    }
    return _empty(GBIF_COLUMNS, n, {k: v.alias(k).cast(pl.String) for k, v in filled.items()})


def write_gbif(rows: int, path: Path, seed: int = 12) -> None:
    rng = np.random.default_rng(seed)
    pool = taxa(rng, 20_000)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as z:
        with z.open("occurrence.txt", "w", force_zip64=True) as out:
            for start in range(0, rows, SLICE):
                out.write(_tsv(gbif_slice(rng, pool, start, min(SLICE, rows - start)), start == 0))
        z.writestr("meta.xml", "<archive xmlns=\"http://rs.tdwg.org/dwc/text/\"/>\n")


def write_wdpa(rows: int, path: Path, seed: int = 13) -> None:
    rng = np.random.default_rng(seed)
    iso3 = ["NPL", "IND", "CHN", "BTN", "PAK", "MNG", "BRA", "USA", "KEN", "AUS", "IDN", "MEX"]
    with path.open("wb") as out:
        for start in range(0, rows, SLICE):
            n = min(SLICE, rows - start)
            idx = rng.integers(0, len(iso3), n)
            filled = {
                "SITE_ID": pl.Series([str(1 + start + i) for i in range(n)]),
                "SITE_PID": pl.Series([str(1 + start + i) for i in range(n)]),
                "SITE_TYPE": pl.Series(np.where(rng.random(n) < 0.9, "pa", "oecm")),
                "NAME_ENG": pl.Series([f"Reserve {start + i}, \"{iso3[j]}\"" for i, j in enumerate(idx)]),
                "NAME": pl.Series([f"Reserva {start + i}" for i in range(n)]),
                "DESIG_ENG": pl.Series(["National Park", "Nature Reserve", "Community Forest"][i % 3] for i in idx),
                "DESIG_TYPE": pl.Series(["National"] * n), "IUCN_CAT": pl.Series(["II", "IV", "Not Reported"][i % 3] for i in idx),
                "REALM": pl.Series(["Terrestrial"] * n), "REP_AREA": pl.Series(np.round(rng.uniform(0, 5000, n), 2).astype(str)),
                "STATUS": pl.Series(["Designated"] * n), "STATUS_YR": pl.Series((1950 + rng.integers(0, 75, n)).astype(str)),
                "GOV_TYPE": pl.Series(["Federal or national ministry or agency"] * n),
                "ISO3": pl.Series([iso3[j] if j % 5 else f"{iso3[j]};{iso3[(j + 1) % len(iso3)]}" for j in idx]),
                "PRNT_ISO3": pl.Series([iso3[j] for j in idx]),
            }
            frame = _empty(WDPA_2025_COLUMNS, n, {k: v.alias(k).cast(pl.String) for k, v in filled.items()})
            buf = io.BytesIO()
            frame.write_csv(buf, include_header=start == 0, line_terminator="\r\n")
            out.write(buf.getvalue())


WRITERS = {"globi": write_globi, "gbif-dwca": write_gbif, "wdpa": write_wdpa}

if __name__ == "__main__":
    kind, rows, target = sys.argv[1], int(sys.argv[2]), Path(sys.argv[3])
    target.parent.mkdir(parents=True, exist_ok=True)
    WRITERS[kind](rows, target)
