"""Write the bulk-source fixtures of tests/fixtures/bulk/ in the published layouts.

Run once by hand when the fixtures change (``python scripts/write_bulk_fixtures.py``); the
files are committed and the tests read them, never this script. The rows are ours: facts
about Himalayan species written in each publisher's layout (GBIF rows follow a CC0 download;
WDPA and IUCN rows may not be copied, so none are).
"""

from __future__ import annotations

import csv
import gzip
import io
import json
import sys
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "bench"))

from bulk_layouts import (  # noqa: E402
    CITES_COLUMNS,
    GBIF_COLUMNS,
    GLOBI_COLUMNS,
    WDPA_2024_COLUMNS,
    WDPA_2025_COLUMNS,
)

OUT = ROOT / "tests" / "fixtures" / "bulk"
RO = "http://purl.obolibrary.org/obo/RO_"
MAMMALIA = "Animalia | Chordata | Mammalia"

TAXA = {
    "Panthera uncia": ("GBIF:5219436 | NCBI:29064 | WD:Q30197", "Carnivora | Felidae"),
    "Moschus leucogaster": ("GBIF:2441123 | WD:Q1323163", "Artiodactyla | Moschidae"),
    "Moschus chrysogaster": ("GBIF:2441121", "Artiodactyla | Moschidae"),
    "Ailurus fulgens": ("GBIF:5218796 | NCBI:9649", "Carnivora | Ailuridae"),
    "Hemitragus jemlahicus": ("GBIF:2441047", "Artiodactyla | Bovidae"),
    "Cuon alpinus": ("GBIF:5219200 | EOL:328679", "Carnivora | Canidae"),
    "Martes flavigula": ("GBIF:5218987", "Carnivora | Mustelidae"),
    "Canis lupus": ("GBIF:5219173 | NCBI:9612", "Carnivora | Canidae"),
    "Ochotona roylei": ("GBIF:2436838", "Lagomorpha | Ochotonidae"),
}


def globi_row(source: str, kind: str, type_id: str, target: str, **extra: str) -> dict[str, str]:
    row = dict.fromkeys(GLOBI_COLUMNS, "")
    for side, name in (("source", source), ("target", target)):
        ids, path = TAXA.get(name, ("no:match", ""))
        row[f"{side}TaxonName"] = name
        row[f"{side}TaxonIds"] = ids
        row[f"{side}TaxonId"] = ids.split(" | ")[0]
        row[f"{side}TaxonRank"] = "species"
        row[f"{side}TaxonPathNames"] = f"{MAMMALIA} | {path} | {name}" if path else name
    row["interactionTypeName"] = kind
    row["interactionTypeId"] = RO + type_id
    row.update(extra)
    return row


GLOBI = [
    globi_row("Panthera uncia", "preysOn", "0002439", "Moschus leucogaster",
              referenceCitation="Lovari S. et al. Diet of snow leopards in Sagarmatha. Journal of Zoology.",
              referenceDoi="10.1111/jzo.12000", localityName="Sagarmatha National Park, Nepal",
              decimalLatitude="27.95", decimalLongitude="86.8", eventDate="2009-05-01",
              sourceNamespace="globalbioticinteractions/himalaya-diets",
              sourceCitation="Himalayan carnivore diets, compiled from scat studies."),
    globi_row("Panthera uncia", "preysOn", "0002439", "Moschus leucogaster",
              referenceCitation="Shrestha B. Snow leopard prey in \"Annapurna\" <b>scat</b> survey.",
              referenceDoi="doi:10.1016/j.biocon.2019.01.001", decimalLatitude="28.6",
              decimalLongitude="83.9", sourceNamespace="globalbioticinteractions/himalaya-diets",
              sourceCitation="Himalayan carnivore diets, compiled from scat studies."),
    globi_row("Panthera uncia", "preysOn", "0002439", "Hemitragus jemlahicus",
              referenceCitation="Lovari S. et al. Diet of snow leopards in Sagarmatha. Journal of Zoology.",
              sourceNamespace="globalbioticinteractions/himalaya-diets",
              sourceCitation="Himalayan carnivore diets, compiled from scat studies."),
    globi_row("Martes flavigula", "preysOn", "0002439", "Moschus leucogaster",
              targetLifeStageName="juvenile", referenceCitation="Field notes on yellow-throated marten, Kedarnath.",
              referenceDoi="https://doi.org/10.5555/marten.42", sourceNamespace="globalbioticinteractions/himalaya-diets",
              sourceCitation="Himalayan carnivore diets, compiled from scat studies."),
    globi_row("Moschus chrysogaster", "preyedUponBy", "0002458", "Cuon alpinus",
              referenceCitation="Dhole diet in the western Himalaya.", localityName="Kedarnath, India",
              sourceNamespace="globalbioticinteractions/dhole", sourceCitation="Dhole records."),
    globi_row("Ailurus fulgens", "preyedUponBy", "0002458", "Panthera uncia",
              referenceCitation="Red panda mortality in Langtang.", sourceNamespace="globalbioticinteractions/dhole",
              sourceCitation="Dhole records."),
    globi_row("Canis lupus", "preysOn", "0002439", "Ochotona roylei",
              referenceCitation="Wolf diet on the Tibetan plateau.", sourceNamespace="globalbioticinteractions/dhole",
              sourceCitation="Dhole records."),
    globi_row("Ochotona roylei", "eats", "0002470", "Poa annua",
              referenceCitation="Pika forage plants.", sourceNamespace="globalbioticinteractions/dhole",
              sourceCitation="Dhole records."),
    globi_row("Panthera uncia", "interactsWith", "0002437", "Пищуха непальская",
              referenceCitation="Кириллица в цитате: наблюдение 1987 г.", sourceNamespace="globalbioticinteractions/dhole",
              sourceCitation="Dhole records."),
]


def write_globi() -> None:
    def table(delimiter: str, quoting: int) -> str:
        buf = io.StringIO()
        writer = csv.DictWriter(buf, GLOBI_COLUMNS, delimiter=delimiter, quoting=quoting,
                                lineterminator="\n", quotechar='"', escapechar=None if quoting else "\\")
        writer.writeheader()
        writer.writerows(GLOBI)
        return buf.getvalue()

    tsv = "\t".join(GLOBI_COLUMNS) + "\n" + "".join(
        "\t".join(r[c] for c in GLOBI_COLUMNS) + "\n" for r in GLOBI)
    (OUT / "globi").mkdir(parents=True, exist_ok=True)
    (OUT / "globi" / "interactions.tsv.gz").write_bytes(gzip.compress(tsv.encode(), mtime=0))
    (OUT / "globi" / "interactions.csv.gz").write_bytes(
        gzip.compress(table(",", csv.QUOTE_MINIMAL).encode(), mtime=0))


def gbif_row(gbif_id: str, species: str, country: str, date: str, **extra: str) -> dict[str, str]:
    row = dict.fromkeys(GBIF_COLUMNS, "")
    genus = species.split()[0]
    row.update(
        gbifID=gbif_id, species=species, scientificName=f"{species} (Author, 1839)",
        acceptedScientificName=f"{species} (Author, 1839)", taxonRank="SPECIES", taxonomicStatus="ACCEPTED",
        kingdom="Animalia", phylum="Chordata", **{"class": "Mammalia"}, genus=genus,
        countryCode=country, eventDate=date, year=date[:4], basisOfRecord="HUMAN_OBSERVATION",
        datasetKey="50c9509d-22c7-4a22-a47d-8c48425ef4a7",
        license="http://creativecommons.org/licenses/by-nc/4.0/legalcode",
        occurrenceID=f"urn:catalog:obs:{gbif_id}", speciesKey=TAXA[species][0].split(" | ")[0][5:],
        issue="", iucnRedListCategory="EN", hasCoordinate="true", hasGeospatialIssues="false",
    )
    row.update(extra)
    return row


GBIF = [
    gbif_row("4011", "Moschus leucogaster", "NP", "2019-04-03", level0Gid="NPL", level0Name="Nepal",
             level1Gid="NPL.1_1", level1Name="Central", decimalLatitude="28.2", decimalLongitude="85.4",
             issue="COORDINATE_ROUNDED"),
    gbif_row("4012", "Moschus leucogaster", "NP", "2021-11-20T07:15:00", level0Gid="NPL", level0Name="Nepal",
             level1Gid="NPL.1_1", level1Name="Central", decimalLatitude="28.1", decimalLongitude="85.5"),
    gbif_row("4013", "Moschus leucogaster", "IN", "2015-06-01/2015-06-30", order="Artiodactyla",
             basisOfRecord="PRESERVED_SPECIMEN", datasetKey="7e380070-f762-11e1-a439-00145eb45e9a",
             license="http://creativecommons.org/publicdomain/zero/1.0/legalcode"),
    gbif_row("4014", "Moschus leucogaster", "MM", "2012-09-09", decimalLatitude="27.5", decimalLongitude="97.6",
             occurrenceRemarks='seen near "the pass"; droppings'),
    gbif_row("4015", "Moschus leucogaster", "CN", "2018-01-01", issue="COUNTRY_COORDINATE_MISMATCH;COORDINATE_ROUNDED",
             decimalLatitude="27.9", decimalLongitude="86.9"),
    gbif_row("4016", "Moschus leucogaster", "AF", "1890-01-01", basisOfRecord="FOSSIL_SPECIMEN"),
    gbif_row("4017", "Panthera uncia", "MN", "2020-02-02", iucnRedListCategory="VU"),
    gbif_row("4018", "Panthera uncia", "NP", "2016-03-12", iucnRedListCategory="VU"),
    gbif_row("4019", "Panthera uncia", "GB", "2022-07-01", iucnRedListCategory="VU", basisOfRecord="LIVING_SPECIMEN"),
]


def write_gbif() -> None:
    meta = ['<?xml version="1.0" encoding="utf-8"?>',
            '<archive xmlns="http://rs.tdwg.org/dwc/text/" metadata="metadata.xml">',
            '  <core encoding="UTF-8" fieldsTerminatedBy="\\t" linesTerminatedBy="\\n" fieldsEnclosedBy="" '
            'ignoreHeaderLines="1" rowType="http://rs.tdwg.org/dwc/terms/Occurrence">',
            '    <files><location>occurrence.txt</location></files>', '    <id index="0" />']
    meta += [f'    <field index="{i}" term="http://rs.tdwg.org/dwc/terms/{c}"/>' for i, c in enumerate(GBIF_COLUMNS)]
    meta += ['  </core>', '</archive>', '']
    occurrence = "\t".join(GBIF_COLUMNS) + "\n" + "".join(
        "\t".join(r[c] for c in GBIF_COLUMNS) + "\n" for r in GBIF)
    verbatim = "gbifID\tscientificName\tcountry\n" + "".join(
        f"{r['gbifID']}\t{r['species']}\t{r['countryCode']}\n" for r in GBIF)
    path = OUT / "gbif" / "0031416-251120083545085.zip"
    path.parent.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for name, text in (("meta.xml", "\n".join(meta)), ("occurrence.txt", occurrence),
                           ("verbatim.txt", verbatim), ("multimedia.txt", "gbifID\ttype\tformat\tidentifier\n"),
                           ("metadata.xml", "<eml:eml xmlns:eml=\"https://eml.ecoinformatics.org/eml-2.2.0\"/>\n"),
                           ("rights.txt", "Dataset licences: CC0 1.0, CC BY-NC 4.0\n"),
                           ("citations.txt", "GBIF.org (1 December 2026) GBIF Occurrence Download\n")):
            info = zipfile.ZipInfo(name, date_time=(2026, 12, 1, 0, 0, 0))
            z.writestr(info, text)


WDPA_ROWS = [
    # (id, name, desig_eng, iucn, iso3, parent, status, year, area, marine/realm, type)
    ("9133", "Sagarmatha National Park", "National Park", "II", "NPL", "NPL", "Designated", "1976", "1148",
     "0", "1"),
    ("9134", "Langtang National Park", "National Park", "II", "NPL", "NPL", "Designated", "1976", "1710", "0", "1"),
    ("555512", "Shey Phoksundo National Park", "National Park", "II", "NPL", "NPL", "Designated", "1984",
     "3555", "0", "1"),
    ("555513", "Kangchenjunga Conservation Area", "Conservation Area", "VI", "NPL", "NPL", "Designated",
     "1997", "2035", "0", "1"),
    ("61337", "Hemis National Park", "National Park", "II", "IND", "IND", "Designated", "1981", "3350", "0",
     "1"),
    ("900001", "Community forest \"Ghandruk\"; village-managed", "Community Forest", "Not Reported", "NPL",
     "NPL", "Established", "0", "12.5", "0", "0"),
    ("900002", "Kangchenjunga Landscape", "Transboundary Conservation Landscape", "Not Applicable",
     "NPL;IND;BTN", "NPL;IND;BTN", "Proposed", "0", "", "0", "0"),
]


def write_wdpa() -> None:
    (OUT / "wdpa").mkdir(parents=True, exist_ok=True)
    realms = {"0": "Terrestrial", "1": "Coastal", "2": "Marine"}
    for columns, name in ((WDPA_2024_COLUMNS, "WDPA_Oct2025_Public_csv.csv"),
                          (WDPA_2025_COLUMNS, "WDPA_Nov2025_Public_csv.csv")):
        buf = io.StringIO()
        writer = csv.DictWriter(buf, columns, lineterminator="\r\n", quoting=csv.QUOTE_MINIMAL)
        writer.writeheader()
        for site, title, desig, cat, iso3, parent, status, year, area, marine, pa_def in WDPA_ROWS:
            row = dict.fromkeys(columns, "")
            new = "SITE_ID" in columns
            row.update({
                ("SITE_ID" if new else "WDPAID"): site, ("SITE_PID" if new else "WDPA_PID"): site,
                ("NAME_ENG" if new else "NAME"): title, "DESIG_ENG": desig, "DESIG": desig,
                "DESIG_TYPE": "National", "IUCN_CAT": cat, "ISO3": iso3,
                ("PRNT_ISO3" if new else "PARENT_ISO3"): parent, "STATUS": status, "STATUS_YR": year,
                "REP_AREA": area, "GOV_TYPE": "Federal or national ministry or agency",
            })
            if new:
                row["SITE_TYPE"] = "pa" if pa_def == "1" else "oecm"
                row["REALM"] = realms[marine]
                row["NAME"] = title
            else:
                row["PA_DEF"] = pa_def
                row["MARINE"] = marine
                row["ORIG_NAME"] = title
            writer.writerow(row)
        (OUT / "wdpa" / name).write_text(buf.getvalue(), encoding="utf-8")


CITES_ROWS = [
    ("4521", "Moschus leucogaster", "Moschidae", "Artiodactyla", "I/II",
     "Populations of Afghanistan, Bhutan, India, Myanmar, Nepal and Pakistan are in Appendix I; all other "
     "populations are in Appendix II.",
     "Bhutan, China, India, Nepal", "BT, CN, IN, NP"),
    ("8925", "Panthera uncia", "Felidae", "Carnivora", "I", "",
     "Afghanistan, Bhutan, China, India, Kazakhstan, Kyrgyzstan, Mongolia, Nepal, Pakistan, Russian Federation, "
     "Tajikistan, Uzbekistan", "AF, BT, CN, IN, KZ, KG, MN, NP, PK, RU, TJ, UZ"),
    ("6733", "Ailurus fulgens", "Ailuridae", "Carnivora", "I", "", "Bhutan, China, India, Myanmar, Nepal",
     "BT, CN, IN, MM, NP"),
    ("5432", "Cuon alpinus", "Canidae", "Carnivora", "II", "", "Bhutan, China, India, Nepal, Thailand",
     "BT, CN, IN, NP, TH"),
    ("9644", "Canis lupus", "Canidae", "Carnivora", "I/II",
     "Only the populations of Bhutan, India, Nepal and Pakistan are included in Appendix I; all other "
     "populations are included in Appendix II. Excludes the domesticated form.",
     "Bhutan, China, India, Mongolia, Nepal, Pakistan", "BT, CN, IN, MN, NP, PK"),
    ("7001", "Saiga tatarica", "Bovidae", "Artiodactyla", "II", "", "Kazakhstan, Mongolia", "KZ, MN"),
]


def write_cites() -> None:
    (OUT / "cites").mkdir(parents=True, exist_ok=True)
    buf = io.StringIO()
    writer = csv.DictWriter(buf, CITES_COLUMNS, lineterminator="\n", quoting=csv.QUOTE_ALL)
    writer.writeheader()
    for tid, name, family, order, listing, note, names, codes in CITES_ROWS:
        genus, species = name.split()
        writer.writerow(dict.fromkeys(CITES_COLUMNS, "") | {
            "Id": tid, "Kingdom": "Animalia", "Phylum": "Chordata", "Class": "Mammalia", "Order": order,
            "Family": family, "Genus": genus, "Species": species, "Scientific Name": name,
            "Author": "(Author, 1839)", "Rank": "SPECIES", "Listing": listing, "Listed under": name,
            "Full note": note, "All_DistributionFullNames": names, "All_DistributionISOCodes": codes,
            "NativeDistributionFullNames": names,
        })
    (OUT / "cites" / "Index_of_CITES_Species.csv").write_text(buf.getvalue(), encoding="utf-8")
    concepts = []
    for tid, name, family, order, listing, note, names, codes in CITES_ROWS[:3]:
        listings = []
        for appendix in listing.split("/"):
            listings.append({
                "id": int(tid) * 10 + len(listings), "appendix": appendix,
                "annotation": note if appendix == "I" else ("All other populations" if note else None),
                "hash_annotation": None, "effective_at": "1975-07-01" if appendix == "I" else "1979-06-28",
                "party": None})
        concepts.append({
            "id": int(tid), "full_name": name, "author_year": "(Author, 1839)", "rank": "SPECIES",
            "name_status": "A", "updated_at": "2025-02-07T10:00:00.000Z", "active": True,
            "cites_listing": listing, "higher_taxa": {"kingdom": "Animalia", "phylum": "Chordata",
                                                       "class": "Mammalia", "order": order, "family": family},
            "synonyms": [], "common_names": [], "cites_listings": listings,
            "distributions": [{"id": int(tid) * 100 + i, "iso_code2": c, "name": n, "tags": [], "type": "COUNTRY"}
                              for i, (c, n) in enumerate(zip(codes.split(", "), names.split(", "), strict=False))],
        })
    page = {"pagination": {"current_page": 1, "per_page": 500, "total_entries": len(concepts)},
            "taxon_concepts": concepts}
    (OUT / "cites" / "taxon_concepts.json").write_text(json.dumps(page, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    write_globi()
    write_gbif()
    write_wdpa()
    write_cites()
