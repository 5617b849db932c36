"""Write realistic synthetic conservation graphs for the benchmarks.

Same model as docs/data-model.md: the real ontology and concept schemes (ontology/*.ttl),
real countries and subdivisions (pycountry, linked by wildkg:partOf), protected areas
located in subdivisions, and species with names, Red List status, range, threats (IUCN
codes of the real scheme), predators (with prey life stage on some facts), legal status,
protected areas and measurements. Every fact is written twice, as the plain triple and as
an rdf:Statement / wildkg:Fact node with prov:wasDerivedFrom a source section.

Species 0 is wk:taxon/moschus-leucogaster so the shipped single-species queries have
answers. Output is deterministic for a given size and seed.

    .venv/bin/python bench/generate.py --triples 100000 --out bench/data
    → bench/data/synthetic-100k.nt and synthetic-100k.ttl

``--species N`` instead writes a *curated data folder* (the YAML format of data/, one account
file per species) for the build benchmark (bench/bench_build.py):

    .venv/bin/python bench/generate.py --species 1000 10000 --out bench/data
    → bench/data/curated-1000/data/{sources,taxa,places,protected-areas,vocabulary}.yaml, species/*.yaml
"""

from __future__ import annotations

import argparse
import hashlib
import random
import sys
from collections.abc import Iterator
from pathlib import Path

import pycountry
import pyoxigraph as ox

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from wildkg.namespaces import PREFIXES  # noqa: E402
from wildkg.project import ONTOLOGY_DIR  # noqa: E402

WILDKG = PREFIXES["wildkg"]
WK = PREFIXES["wk"]
RDF = PREFIXES["rdf"]
RDFS = PREFIXES["rdfs"]
DWC = PREFIXES["dwc"]
DWCIRI = PREFIXES["dwciri"]
OBO = PREFIXES["obo"]
PROV = PREFIXES["prov"]
DCTERMS = PREFIXES["dcterms"]
XSD = PREFIXES["xsd"]
TYPE = RDF + "type"
LABEL = RDFS + "label"
PREYED_UPON_BY = OBO + "RO_0002458"
PREYS_ON = OBO + "RO_0002439"

RED_LIST = ["CR", "EN", "EN", "VU", "VU", "NT", "LC", "LC", "LC", "DD"]
LEGAL = ["legallyProtectedIn", "huntingUnderLicenceIn", "nationallyListedEndangeredIn"]
UNITS = {
    "elevation": "M", "home-range": "HA", "tusk-length": "CentiM", "litter-size": "NUM",
    "weaning-age": "MO", "sexual-maturity-age": "MO", "lifespan": "YR",
}
SIZE_NAMES = {10_000: "10k", 100_000: "100k", 1_000_000: "1M"}


def size_name(triples: int) -> str:
    return SIZE_NAMES.get(triples, str(triples))


def iri(value: str) -> str:
    return f"<{value}>"


def lit(value: str, lang: str | None = "en", datatype: str | None = None) -> str:
    escaped = value.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")
    if datatype:
        return f'"{escaped}"^^<{datatype}>'
    if lang:
        return f'"{escaped}"@{lang}'
    return f'"{escaped}"'


class Writer:
    """Counts and writes N-Triples lines; facts get their provenance node."""

    def __init__(self) -> None:
        self.lines: list[str] = []

    def __len__(self) -> int:
        return len(self.lines)

    def add(self, s: str, p: str, o: str) -> None:
        self.lines.append(f"{s} {iri(p)} {o} .\n")

    def fact(self, s: str, p: str, o: str, section: str, **qualifiers: str) -> None:
        self.add(s, p, o)
        digest = hashlib.sha256(f"{s} {p} {o}".encode()).hexdigest()[:16]
        f = iri(f"{WK}fact/{digest}")
        self.add(f, TYPE, iri(RDF + "Statement"))
        self.add(f, TYPE, iri(WILDKG + "Fact"))
        self.add(f, RDF + "subject", s)
        self.add(f, RDF + "predicate", iri(p))
        self.add(f, RDF + "object", o)
        self.add(f, PROV + "wasDerivedFrom", iri(section))
        for name, value in qualifiers.items():
            self.add(f, WILDKG + name, value)


def ontology_ntriples() -> Iterator[str]:
    """The real ontology and schemes, as N-Triples lines (shapes excluded)."""
    for path in sorted(ONTOLOGY_DIR.glob("*.ttl")):
        if path.name == "shapes.ttl":
            continue
        for t in ox.parse(path=str(path), format=ox.RdfFormat.TURTLE):
            yield f"{t.subject} {t.predicate} {t.object} .\n"


def threat_leaves() -> list[str]:
    """Threat codes with no narrower code (the ones assessments use)."""
    scheme = ONTOLOGY_DIR / "scheme-iucn-threats.ttl"
    store = ox.Store()
    store.load(path=str(scheme), format=ox.RdfFormat.TURTLE)
    q = (
        "SELECT ?c WHERE { ?c skos:notation ?n FILTER NOT EXISTS { ?x skos:broader ?c } "
        "FILTER EXISTS { ?c skos:broader ?b } } ORDER BY ?n"
    )
    return [sol[0].value for sol in store.query(q, prefixes=PREFIXES)]  # type: ignore[union-attr]


def generate(target: int, seed: int = 42) -> list[str]:
    rng = random.Random(seed)
    w = Writer()
    w.lines.extend(ontology_ntriples())
    n_species = max(20, target // 95)

    sources = []
    for i in range(max(3, n_species // 40)):
        src = f"{WK}source/synthetic-{i}"
        w.add(iri(src), TYPE, iri(WILDKG + "Source"))
        w.add(iri(src), DCTERMS + "title", lit(f"Synthetic account {i}", None))
        w.add(iri(src), DCTERMS + "license", iri("https://creativecommons.org/licenses/by/4.0/"))
        for sec in ("range", "ecology", "threats", "conservation"):
            section = f"{src}/{sec}"
            w.add(iri(section), TYPE, iri(WILDKG + "SourceSection"))
            w.add(iri(section), DCTERMS + "title", lit(sec.title(), None))
            w.add(iri(section), DCTERMS + "isPartOf", iri(src))
            sources.append(section)

    countries = sorted(pycountry.countries, key=lambda c: c.alpha_2)
    for c in countries:
        p = iri(f"{WK}place/{c.alpha_2}")
        w.add(p, TYPE, iri(WILDKG + "Country"))
        w.add(p, LABEL, lit(c.name))
        w.add(p, WILDKG + "isoCode", lit(c.alpha_2, None))
    subdivisions = sorted(pycountry.subdivisions, key=lambda s: s.code)
    keep = [s for s in subdivisions if s.country_code == "IN"]
    others = [s for s in subdivisions if s.country_code != "IN"]
    keep += rng.sample(others, min(len(others), max(20, n_species // 4)))
    subdivisions = sorted(keep, key=lambda s: s.code)
    iso = sources[0]
    for s in subdivisions:
        p = iri(f"{WK}place/{s.code}")
        w.add(p, TYPE, iri(WILDKG + "Subdivision"))
        w.add(p, LABEL, lit(s.name))
        w.add(p, WILDKG + "isoCode", lit(s.code, None))
        w.fact(p, WILDKG + "partOf", iri(f"{WK}place/{s.country_code}"), iso)
    places = [f"{WK}place/{c.alpha_2}" for c in countries] + [
        f"{WK}place/{s.code}" for s in subdivisions
    ]

    areas = []
    for i in range(max(5, n_species // 8)):
        a = iri(f"{WK}protected-area/area-{i}")
        w.add(a, TYPE, iri(WILDKG + "ProtectedArea"))
        w.add(a, LABEL, lit(f"Protected area {i}"))
        w.add(a, WILDKG + "designation", lit(rng.choice(["national park", "sanctuary"]), None))
        sub = rng.choice(subdivisions)
        w.fact(a, WILDKG + "locatedIn", iri(f"{WK}place/{sub.code}"), rng.choice(sources))
        areas.append(a)

    threats = threat_leaves()
    species = [f"{WK}taxon/moschus-leucogaster"] + [
        f"{WK}taxon/synthetic-{i}" for i in range(1, n_species)
    ]
    i = 0
    while len(w) < target and i < len(species):
        sp = species[i]
        s = iri(sp)
        sec = rng.sample(sources, 4)
        w.add(s, TYPE, iri(DWC + "Taxon"))
        w.add(s, TYPE, iri(WILDKG + "Species"))
        w.add(s, LABEL, lit(f"synthetic species {i}" if i else "white-bellied musk deer"))
        w.add(s, DWC + "scientificName", lit(f"Genus{i % 97} species{i}", None))
        w.add(s, DWC + "taxonRank", lit("species", None))
        w.add(s, DWC + "vernacularName", lit(f"species {i}"))
        w.add(s, WILDKG + "redListStatus", iri(PREFIXES["redlist"] + rng.choice(RED_LIST)))
        home = rng.choice(countries).alpha_2
        for place in {f"{WK}place/{home}", *rng.sample(places, rng.randint(1, 3))}:
            w.fact(s, WILDKG + "occursIn", iri(place), sec[0])
        for code in rng.sample(threats, rng.randint(1, 2)):
            w.fact(s, WILDKG + "threatenedBy", iri(code), sec[2])
        pool = species[max(0, i - 300) : i] if i > 3 else species[1:8]
        for pred in rng.sample(pool, min(len(pool), rng.randint(1, 3))):
            extra = {}
            if rng.random() < 0.3:
                extra["preyLifeStage"] = iri(PREFIXES["lifestage"] + "juvenile")
            w.fact(s, PREYED_UPON_BY, iri(pred), sec[1], **extra)
            w.fact(iri(pred), PREYS_ON, s, sec[1], **extra)
        w.fact(s, WILDKG + rng.choice(LEGAL), iri(f"{WK}place/{home}"), sec[3])
        for area in rng.sample(areas, rng.randint(0, 2)):
            w.fact(s, WILDKG + "foundInProtectedArea", area, sec[3])
        trait = rng.choice(sorted(UNITS))
        m = iri(f"{WK}measurement/{sp.rsplit('/', 1)[1]}/{trait}")
        w.fact(s, WILDKG + "hasMeasurement", m, sec[1])
        w.add(m, TYPE, iri(DWC + "MeasurementOrFact"))
        w.add(m, DWCIRI + "measurementType", iri(PREFIXES["trait"] + trait))
        w.add(m, WILDKG + "maxValue", lit(f"{rng.randint(1, 5000)}.5", None, XSD + "decimal"))
        w.add(m, DWCIRI + "measurementUnit", iri(PREFIXES["unit"] + UNITS[trait]))
        i += 1
    return w.lines[:target] if len(w) > target else w.lines


def write(target: int, out_dir: Path, seed: int = 42) -> tuple[Path, Path]:
    out_dir.mkdir(parents=True, exist_ok=True)
    name = f"synthetic-{size_name(target)}"
    nt = out_dir / f"{name}.nt"
    ttl = out_dir / f"{name}.ttl"
    lines = generate(target, seed)
    tmp = nt.with_suffix(".nt.tmp")
    with tmp.open("w", encoding="utf-8") as fh:
        fh.writelines(lines)
    tmp.replace(nt)
    store = ox.Store()
    store.bulk_load(path=str(nt), format=ox.RdfFormat.N_TRIPLES)
    tmp = ttl.with_suffix(".ttl.tmp")
    store.dump(str(tmp), ox.RdfFormat.TURTLE, from_graph=ox.DefaultGraph(), prefixes=PREFIXES)
    tmp.replace(ttl)
    return nt, ttl


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    parser.add_argument("--triples", type=int, nargs="+", default=[10_000, 100_000, 1_000_000])
    parser.add_argument("--species", type=int, nargs="+", help="write curated data folders instead")
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "data")
    parser.add_argument("--seed", type=int, default=42)
    args = parser.parse_args()
    if args.species:
        from generate_curated import write_project

        for n in args.species:
            print(f"{write_project(n, args.out / f'curated-{n}', args.seed)}: {n} species accounts")
        return
    for target in args.triples:
        nt, ttl = write(target, args.out, args.seed)
        print(f"{nt} and {ttl}: {sum(1 for _ in nt.open(encoding='utf-8'))} lines")


if __name__ == "__main__":
    main()
