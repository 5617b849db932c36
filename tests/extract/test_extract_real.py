"""The extractor on real article text as people copy it from web pages (issue 12).

``tests/corpus/real/test`` was committed with its gold before any tuning and is never tuned
on; ``dev`` is what the rules were tuned on. Both are scored here so a change that helps one
page and hurts the others shows up.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner

from tests.helpers import DATA_DIR, REAL_CORPUS_DIR
from wildkg.cli import app
from wildkg.errors import DataError
from wildkg.extract.draft import merge_draft, render, write_atomic
from wildkg.extract.evaluate import read_gold, score
from wildkg.extract.model import Extraction
from wildkg.extract.pipeline import extract_text


def _extract(path: Path, data: Path = DATA_DIR) -> Extraction:
    return extract_text(path.read_text(encoding="utf-8"), data, stem=path.stem, path=str(path))


def _split(name: str) -> list[Path]:
    return sorted((REAL_CORPUS_DIR / name).glob("*.txt"))


def test_corpus_has_thirty_real_articles_with_gold_and_sources() -> None:
    """At least 20 dev and 10 test articles, each with gold and a source line with its licence."""
    sources = (REAL_CORPUS_DIR / "SOURCES.tsv").read_text(encoding="utf-8")
    listed = {line.split("\t")[0]: line.split("\t") for line in sources.splitlines()
              if line and not line.startswith("#")}
    assert len(_split("dev")) >= 20 and len(_split("test")) >= 10
    for split in ("dev", "test"):
        for article in _split(split):
            assert article.with_suffix("").with_suffix(".gold.tsv").is_file(), article.name
            assert listed[article.stem][1] == split and "CC BY-SA" in listed[article.stem][3]


@pytest.mark.parametrize(("split", "precision", "recall"), [("test", 0.9, 0.8), ("dev", 0.95, 0.85)])
def test_split_meets_precision_and_recall(split: str, precision: float, recall: float) -> None:
    """Issue 12's targets on the untouched test split; the dev split at what tuning reached."""
    rows, gold = [], set()
    for article in _split(split):
        rows += _extract(article).rows()
        gold |= read_gold(article.with_suffix("").with_suffix(".gold.tsv"))
    overall = score(rows, gold)[-1]
    assert overall.precision >= precision and overall.recall >= recall, overall


@pytest.mark.parametrize(("name", "taxon", "status", "places", "threats"), [
    ("black-rhinoceros", "diceros-bicornis", "CR", {"AO", "BW", "KE", "ZA", "ZW"}, {"5.1.1"}),
    ("ethiopian-wolf", "canis-simensis", "EN", {"ET"}, {"2.3", "8.1"}),
])
def test_taxobox_at_the_top_yields_binomial_status_range_threats(
        name: str, taxon: str, status: str, places: set[str], threats: set[str]) -> None:
    """A page copied with its taxobox first still gives the lead's facts, and no fact quotes a
    taxobox row as its evidence."""
    path = REAL_CORPUS_DIR / "dev" / f"{name}.txt"
    x = _extract(path)
    facts = {(f.relation, f.object) for f in x.facts}
    assert x.subject.id == taxon
    assert ("redListStatus", status) in facts
    assert places <= {o for r, o in facts if r == "occursIn"}
    assert threats <= {o for r, o in facts if r == "threatenedBy"}
    text = path.read_text(encoding="utf-8")
    for f in x.facts:
        assert text[f.evidence.start:f.evidence.end] == f.evidence.text
        assert "Kingdom:" not in f.evidence.text and "Scientific classification" not in f.evidence.text


@pytest.mark.parametrize(("split", "name", "taxon", "species"), [
    ("dev", "amur-leopard", "panthera-pardus-orientalis", "panthera-pardus"),
    ("test", "bengal-tiger", "panthera-tigris-tigris", "panthera-tigris"),
    ("test", "mexican-wolf", "canis-lupus-baileyi", "canis-lupus"),
    ("dev", "mountain-gorilla", "gorilla-beringei-beringei", "gorilla-beringei"),
])
def test_subspecies_article_is_its_own_subject(split: str, name: str, taxon: str, species: str) -> None:
    """A trinomial decides the subject: the subspecies is never folded into its species, even
    when the gazetteer knows the species (leopard, tiger, wolf) by the same common name."""
    x = _extract(REAL_CORPUS_DIR / split / f"{name}.txt")
    assert x.subject.id == taxon and x.subject.rank == "subspecies"
    assert all(f.object != species for f in x.facts)


def _mexican_wolf_draft(tmp_path: Path, data: Path) -> Path:
    x = _extract(REAL_CORPUS_DIR / "test" / "mexican-wolf.txt", data)
    draft = tmp_path / "draft.yaml"
    write_atomic(draft, render(x))
    return draft


def test_subspecies_draft_is_accepted_as_a_subspecies(tmp_path: Path) -> None:
    """Accepted, the Mexican wolf becomes its own taxon of rank subspecies under Canis lupus."""
    data = tmp_path / "data"
    shutil.copytree(DATA_DIR, data)
    account = merge_draft(_mexican_wolf_draft(tmp_path, data), data)
    assert account.name == "canis-lupus-baileyi.yaml"
    taxa = {t["id"]: t for t in yaml.safe_load((data / "taxa.yaml").read_text(encoding="utf-8"))["taxa"]}
    assert taxa["canis-lupus-baileyi"]["rank"] == "subspecies"
    assert taxa["canis-lupus-baileyi"]["parent"] == "canis-lupus"
    assert "subject" not in yaml.safe_load(account.read_text(encoding="utf-8"))


def test_subspecies_draft_never_lands_on_its_species_without_force(tmp_path: Path) -> None:
    """A draft pointed at the species account (by hand or by a wrong guess) is refused with one
    error line naming the file, taxon and field; nothing is written; --force accepts it."""
    data = tmp_path / "data"
    shutil.copytree(DATA_DIR, data)
    draft = _mexican_wolf_draft(tmp_path, data)
    doc = yaml.safe_load(draft.read_text(encoding="utf-8"))
    doc["taxon"] = "canis-lupus"
    draft.write_text(yaml.safe_dump(doc, sort_keys=False, allow_unicode=True), encoding="utf-8")
    before = {p.name: p.read_bytes() for p in data.rglob("*") if p.is_file()}
    with pytest.raises(DataError, match="Canis lupus baileyi"):
        merge_draft(draft, data)
    result = CliRunner().invoke(app, ["accept-draft", str(draft), "--data-dir", str(data)])
    assert result.exit_code == 2
    lines = [ln for ln in result.output.splitlines() if ln.strip()]
    assert len(lines) == 1 and "canis-lupus" in lines[0] and "taxon" in lines[0] and draft.name in lines[0]
    assert {p.name: p.read_bytes() for p in data.rglob("*") if p.is_file()} == before
    assert merge_draft(draft, data, force=True).name == "canis-lupus.yaml"


@pytest.mark.parametrize(("text", "names"), [
    ("Black rhinoceros\nThe black rhinoceros, black rhino or hook-lipped rhinoceros (Diceros bicornis) "
     "is a species of rhinoceros.\n", {"black rhinoceros", "black rhino", "hook-lipped rhinoceros"}),
    ("Koala\nThe koala or, inaccurately, koala bear (Phascolarctos cinereus) is an arboreal marsupial.\n",
     {"koala", "koala bear"}),
    ("Malayan tapir\nThe Malayan tapir (Tapirus indicus), also called Asian tapir, oriental tapir, or "
     "piebald tapir, is the only living tapir species outside of the Americas.\n",
     {"Malayan tapir", "Asian tapir", "oriental tapir", "piebald tapir"}),
])
def test_names_joined_by_or_are_separate_names(text: str, names: set[str]) -> None:
    """Every common name of the lead is its own vernacularName; adverbs are not names."""
    x = extract_text(text, DATA_DIR)
    assert {f.object for f in x.facts if f.relation == "vernacularName"} == names


def test_unaccepted_draft_does_not_build_unchecked(tmp_path: Path) -> None:
    """A draft copied into data/species/ by hand is stopped by the loader, which points at
    accept-draft (where its subject is checked)."""
    from wildkg.curation.loader import read_account

    x = _extract(REAL_CORPUS_DIR / "dev" / "amur-leopard.txt")
    doc = yaml.safe_load(render(x))
    doc.pop("new_entities", None)
    path = tmp_path / "panthera-pardus-orientalis.yaml"
    path.write_text(yaml.safe_dump(doc, sort_keys=False, allow_unicode=True), encoding="utf-8")
    with pytest.raises(DataError, match="accept-draft") as err:
        read_account(path)
    assert err.value.field == "subject"
