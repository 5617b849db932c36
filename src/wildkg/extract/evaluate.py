"""Precision and recall of extracted facts against gold facts, per relation.

Gold is a TSV file: ``subject<TAB>relation<TAB>object[<TAB>qualifiers]`` with canonical ids
as in ``data/`` (``moschus-leucogaster<TAB>occursIn<TAB>IN``). Lines starting with ``#`` and
blank lines are ignored. The optional fourth column holds ``life_stage=juvenile`` for
predators that take only young animals; it is part of what must match. ``wildkg extract
--format tsv`` writes the same first four columns, so a reviewed output can become gold.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from wildkg.errors import InputError
from wildkg.extract.datafiles import read_data

GoldRow = tuple[str, str, str, str]


@dataclass(frozen=True)
class Score:
    relation: str
    true_positives: int
    predicted: int
    gold: int

    @property
    def precision(self) -> float:
        return self.true_positives / self.predicted if self.predicted else 1.0

    @property
    def recall(self) -> float:
        return self.true_positives / self.gold if self.gold else 1.0


def normalise(row: Iterable[str]) -> GoldRow:
    """Rows compare case-insensitively with collapsed spaces (names are literals)."""
    cells = [" ".join(c.split()) for c in row]
    cells += [""] * (4 - len(cells))
    s, r, o, q = cells[:4]
    if r in ("vernacularName", "scientificName"):
        o = o.casefold()
    return s, r, o, q


def read_gold(path: Path) -> set[GoldRow]:
    """The gold facts of ``path``."""
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError as err:
        raise InputError(f"{path}: cannot read gold file: {err}") from None
    rows: set[GoldRow] = set()
    for n, line in enumerate(lines, 1):
        if not line.strip() or line.startswith("#"):
            continue
        cells = line.split("\t")
        if len(cells) < 3:
            raise InputError(f"{path}:{n}: expected subject, relation, object separated by tabs")
        rows.add(normalise(cells[:4]))
    return rows


def score(predicted: Iterable[GoldRow], gold: Iterable[GoldRow]) -> list[Score]:
    """Per-relation scores, then the overall score under the name ``all``."""
    pred = {normalise(r) for r in predicted}
    gold_set = {normalise(r) for r in gold}
    relations = sorted({r[1] for r in pred | gold_set})
    scores = []
    for rel in relations:
        p = {r for r in pred if r[1] == rel}
        g = {r for r in gold_set if r[1] == rel}
        scores.append(Score(rel, len(p & g), len(p), len(g)))
    scores.append(Score("all", len(pred & gold_set), len(pred), len(gold_set)))
    return scores


def differences(predicted: Iterable[GoldRow], gold: Iterable[GoldRow]) -> tuple[list[GoldRow], list[GoldRow]]:
    """(false positives, false negatives), sorted."""
    pred = {normalise(r) for r in predicted}
    gold_set = {normalise(r) for r in gold}
    return sorted(pred - gold_set), sorted(gold_set - pred)


_LEGAL_RELATION = {
    "protected": "legallyProtectedIn",
    "hunting-under-licence": "huntingUnderLicenceIn",
    "listed-endangered": "nationallyListedEndangeredIn",
}
#: Sections of a curated account the extractor does not read (free text and vocabularies).
OUT_OF_SCOPE = ("actions", "characteristics", "behaviour")


def curated_rows(data_dir: Path, taxon: str) -> set[GoldRow]:
    """The facts of the curated account of ``taxon`` in ``data_dir``, as evaluation rows."""
    from wildkg.extract.model import Measure

    doc = read_data(data_dir / "species" / f"{taxon}.yaml", missing_ok=False)
    taxa = read_data(data_dir / "taxa.yaml", missing_ok=False)
    rows: set[GoldRow] = set()

    def add(relation: str, obj: object, qual: str = "") -> None:
        rows.add(normalise([taxon, relation, str(obj), qual]))

    for t in taxa.get("taxa") or []:
        if t.get("id") == taxon:
            add("scientificName", t.get("scientific_name", ""))
            for name in t.get("names") or []:
                add("vernacularName", name)
    if doc.get("status"):
        add("redListStatus", doc["status"]["iucn"])
    for e in doc.get("taxonomy") or []:
        add("formerlyIncludedIn", e["formerly_included_in"])
    for e in doc.get("range") or []:
        add("occursIn", e["place"])
    for e in doc.get("predators") or []:
        add("preyedUponBy", e["taxon"], f"life_stage={e['life_stage']}" if e.get("life_stage") else "")
    for e in doc.get("threats") or []:
        add("threatenedBy", e["iucn"])
    for e in doc.get("legal") or []:
        add(_LEGAL_RELATION.get(e["status"], e["status"]), e["country"])
    for e in doc.get("habitat") or []:
        add("hasHabitat", e["habitat"])
    for e in doc.get("diet") or []:
        add("eats", e["food"], f"season={e['season']}" if e.get("season") else "")
    for e in doc.get("uses") or []:
        add("hasUse", e["use"])
    for e in doc.get("protected_areas") or []:
        add("foundInProtectedArea", e["area"])
    for e in doc.get("measurements") or []:
        from decimal import Decimal

        def dec(name: str, e: dict[str, object] = e) -> Decimal | None:
            return None if e.get(name) is None else Decimal(str(e[name]))

        m = Measure(str(e["unit"]), min=dec("min"), max=dec("max"), value=dec("value"))
        add(str(e["trait"]), m.render())
    return rows


def out_of_scope_counts(data_dir: Path, taxon: str) -> dict[str, int]:
    """How many curated entries sit in sections the extractor does not read."""
    doc = read_data(data_dir / "species" / f"{taxon}.yaml", missing_ok=False)
    return {s: len(doc.get(s) or []) for s in OUT_OF_SCOPE if doc.get(s)}
