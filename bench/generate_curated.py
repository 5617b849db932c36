"""Realistic curated data folders (the YAML format of data/) for the build benchmark.

A project of N species accounts, as a regional checklist would hold them: real countries and
ISO 3166-2 subdivisions (pycountry), protected areas, 3–15 range places per species, 1–3
habitats, 1–2 food items, predators among the other species (some on juveniles), 1–4 IUCN
threats (leaf codes of the real scheme) with the curator's description, legal status,
protected areas, measurements, sometimes a conservation action; one genus per ten species.
Deterministic for a given N and seed. Used by ``bench/generate.py --species N``.
"""

from __future__ import annotations

import random
from pathlib import Path
from typing import Any

import pycountry
import yaml

from generate import threat_leaves

Dumper: Any = getattr(yaml, "CSafeDumper", yaml.SafeDumper)

SECTIONS = ["Lead", "Distribution", "Ecology", "Threats", "Conservation"]
RED_LIST = ["CR", "EN", "EN", "VU", "VU", "NT", "LC", "LC", "LC", "DD"]
LEGAL = ["protected", "hunting-under-licence", "listed-endangered"]
TRAITS = {"elevation": "m", "home-range": "ha", "litter-size": "count", "weaning-age": "month",
          "sexual-maturity-age": "month", "lifespan": "year"}
ACTIONS = ["legal-protection", "anti-poaching-enforcement", "protected-area-management"]
HABITATS = ["alpine-meadow", "conifer-forest", "broadleaf-forest", "scrub", "wetland", "grassland",
            "rocky-slopes", "river-valley", "desert", "bamboo-thicket"]
FOODS = ["grasses", "leaves", "lichens", "small-mammals", "birds", "insects", "fruit", "fish",
         "carrion", "roots"]


def _dump(path: Path, doc: dict[str, Any], comment: str) -> None:
    text = yaml.dump(doc, Dumper=Dumper, sort_keys=False, allow_unicode=True, width=100)
    path.write_text(f"# {comment}\n{text}", encoding="utf-8")


def _cite(rng: random.Random, sources: list[str], section: str | None = None) -> str:
    return f"{rng.choice(sources)}#{section or rng.choice(SECTIONS)}"


def write_project(n: int, root: Path, seed: int = 42) -> Path:
    """Write ``root/data/`` holding ``n`` species accounts; returns the data folder."""
    rng = random.Random(seed)
    data = root / "data"
    (data / "species").mkdir(parents=True, exist_ok=True)
    for old in (data / "species").glob("*.yaml"):
        old.unlink()
    (root / "wildkg.toml").write_text('data = "data"\nout = "out"\n', encoding="utf-8")

    sources = [f"checklist-{i}" for i in range(max(3, n // 40))]
    _dump(data / "sources.yaml", {"sources": [
        {"id": s, "title": f"Regional checklist volume {i}", "url": f"https://example.org/checklist/{i}",
         "publisher": "Synthetic Atlas", "license": "https://creativecommons.org/licenses/by/4.0/",
         "sections": [{"title": "Lead", "anchor": None}, *SECTIONS[1:]]}
        for i, s in enumerate(sources)]}, "Sources (synthetic).")

    countries = sorted(c.alpha_2 for c in pycountry.countries)
    subs = sorted(pycountry.subdivisions, key=lambda s: s.code)
    subs = [s for s in subs if "-" in s.code and s.code.split("-", 1)[1].isalnum()
            and len(s.code.split("-", 1)[1]) <= 3 and s.code.split("-", 1)[1].upper() == s.code.split("-", 1)[1]
            and pycountry.subdivisions.get(code=s.code) is not None  # type: ignore[no-untyped-call]
            and s.parent_code is None]
    subs = sorted(rng.sample(subs, min(len(subs), max(40, n // 3))), key=lambda s: s.code)
    places: list[dict[str, Any]] = [
        {"id": c, "kind": "country", "label": pycountry.countries.get(alpha_2=c).name,
         "cite": f"{sources[0]}#Lead"} for c in countries]
    places += [{"id": s.code, "kind": "subdivision", "label": s.name, "part_of": s.country_code,
                "cite": f"{sources[0]}#Lead"} for s in subs]
    ranges = [f"range-{i}" for i in range(max(3, n // 200))]
    places += [{"id": r, "kind": "mountain-range", "label": f"Mountain range {i}",
                "cite": f"{sources[0]}#Lead"} for i, r in enumerate(ranges)]
    _dump(data / "places.yaml", {"places": places}, "Places: ISO 3166 countries and subdivisions.")
    sub_ids = [s.code for s in subs]
    range_places = countries + sub_ids + ranges

    areas = [f"area-{i}" for i in range(max(5, n // 8))]
    _dump(data / "protected-areas.yaml", {"protected_areas": [
        {"id": a, "label": f"Protected area {i}", "designation": rng.choice(["national park", "sanctuary"]),
         "located_in": rng.choice(sub_ids), "cite": _cite(rng, sources)} for i, a in enumerate(areas)]},
        "Protected areas.")
    _dump(data / "vocabulary.yaml", {
        "habitats": [{"id": h, "label": h.replace("-", " "), "description": f"Land described as {h}."}
                     for h in HABITATS],
        "food_items": [{"id": f, "label": f.replace("-", " ")} for f in FOODS]}, "Habitats and foods.")

    genera = [f"genus{g}" for g in range(max(1, n // 10))]
    species = [f"species-{i:06d}" for i in range(n)]
    taxa: list[dict[str, Any]] = [
        {"id": g, "scientific_name": f"Genus{g[5:]}", "rank": "genus", "cite": _cite(rng, sources, "Lead")}
        for g in genera]
    for i, sp in enumerate(species):
        taxa.append({"id": sp, "scientific_name": f"Genus{i // 10} epithet{i}", "rank": "species",
                     "parent": genera[min(i // 10, len(genera) - 1)],
                     "names": [f"synthetic animal {i}", f"common beast {i}"][: rng.randint(1, 2)],
                     "cite": _cite(rng, sources, "Lead")})
    _dump(data / "taxa.yaml", {"taxa": taxa}, "Taxa: genera and species.")

    threats = [t.rsplit("/", 1)[1] for t in threat_leaves()]
    for i, sp in enumerate(species):
        src = rng.choice(sources)
        home = rng.choice(countries)
        doc: dict[str, Any] = {"taxon": sp, "source": src,
                               "summary": f"A synthetic species number {i}, curated for a benchmark.",
                               "status": {"iucn": rng.choice(RED_LIST), "cite": "Lead"}}
        doc["range"] = [{"place": p, "cite": "Distribution"}
                        for p in [home, *rng.sample(range_places, rng.randint(2, 14))]]
        doc["habitat"] = [{"habitat": h, "description": "Seen there in most surveys.", "cite": "Ecology"}
                          for h in rng.sample(HABITATS, rng.randint(1, 3))]
        doc["diet"] = [{"food": f, "cite": "Ecology"} for f in rng.sample(FOODS, rng.randint(1, 2))]
        pool = species[max(0, i - 300):i] + species[i + 1:i + 50]
        preds = []
        for p in rng.sample(pool, min(len(pool), rng.randint(0, 3))):
            entry: dict[str, Any] = {"taxon": p, "cite": "Ecology"}
            if rng.random() < 0.3:
                entry["life_stage"] = "juvenile"
            preds.append(entry)
        if preds:
            doc["predators"] = preds
        doc["threats"] = [{"iucn": t, "description": f"Pressure {t} reported across the range.",
                           "cite": "Threats"} for t in rng.sample(threats, rng.randint(1, 4))]
        doc["legal"] = [{"country": home, "status": rng.choice(LEGAL), "cite": "Conservation"}]
        found = rng.sample(areas, rng.randint(0, 2))
        if found:
            doc["protected_areas"] = [{"area": a, "cite": "Conservation"} for a in found]
        if rng.random() < 0.3:
            kind = rng.choice(ACTIONS)
            doc["actions"] = [{"id": kind, "type": kind, "status": "in place", "place": home,
                               "problems": ["Enforcement is uneven."], "cite": "Conservation"}]
        ms = []
        for trait in rng.sample(sorted(TRAITS), rng.randint(1, 3)):
            lo = rng.randint(1, 40)
            ms.append({"trait": trait, "min": lo, "max": lo + rng.randint(0, 60), "unit": TRAITS[trait],
                       "cite": "Ecology"})
        doc["measurements"] = ms
        doc["characteristics"] = [{"text": f"Body pattern number {i % 17} with \"quoted\" marks.",
                                   "cite": "Lead"}]
        _dump(data / "species" / f"{sp}.yaml", doc, f"Species account {i} (synthetic).")
    return data
