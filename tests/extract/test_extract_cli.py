"""`wildkg extract` from the command line: TSV rows, evaluation, drafts for a folder."""

from __future__ import annotations

import shutil
from pathlib import Path

import yaml
from typer.testing import CliRunner

from tests.helpers import CORPUS_DIR
from wildkg.cli import app

CORPUS = CORPUS_DIR
runner = CliRunner()


def test_tsv_rows_carry_evidence() -> None:
    """--format tsv: subject, relation, object, qualifiers, confidence, section, offsets, sentence."""
    article = CORPUS / "bharal.txt"
    result = runner.invoke(app, ["extract", str(article), "--format", "tsv"])
    assert result.exit_code == 0, result.output
    rows = [line.split("\t") for line in result.stdout.splitlines() if "\t" in line]
    text = article.read_text(encoding="utf-8")
    eagle = next(r for r in rows if r[1] == "preyedUponBy" and r[2] == "aquila-chrysaetos")
    assert eagle[0] == "pseudois-nayaur" and eagle[3] == "life_stage=juvenile"
    assert eagle[5] == "Predators"
    start, end = int(eagle[6]), int(eagle[7])
    assert text[start:end] == eagle[8]


def test_evaluate_prints_precision_and_recall() -> None:
    result = runner.invoke(app, ["extract", "--evaluate", str(CORPUS / "markhor.gold.tsv"),
                                 str(CORPUS / "markhor.txt")])
    assert result.exit_code == 0, result.output
    line = next(x for x in result.stdout.splitlines() if "occursIn" in x)
    assert line.split("│")[-3].strip() == "1.00" and line.split("│")[-2].strip() == "1.00"


def test_folder_is_processed_in_parallel_into_drafts(tmp_path: Path) -> None:
    """A folder of articles gives one draft per species in the output folder."""
    src = tmp_path / "articles"
    src.mkdir()
    for name in ("markhor.txt", "dhole.txt", "himalayan-goral.md"):
        shutil.copy(CORPUS / name, src / name)
    out = tmp_path / "drafts"
    out.mkdir()
    result = runner.invoke(app, ["extract", str(src), "-o", str(out)])
    assert result.exit_code == 0, result.output
    names = sorted(p.name for p in out.iterdir())
    assert names == ["capra-falconeri.yaml", "cuon-alpinus.yaml", "naemorhedus-goral.yaml"]
    doc = yaml.safe_load((out / "cuon-alpinus.yaml").read_text(encoding="utf-8"))
    assert doc["status"]["iucn"] == "EN"


def test_missing_article_is_a_clean_error(tmp_path: Path) -> None:
    result = runner.invoke(app, ["extract", str(tmp_path / "nope.txt")])
    assert result.exit_code == 2
    assert "nope.txt" in result.output


def test_a_draft_builds_only_after_it_is_accepted(tmp_path: Path, data_copy: Path) -> None:
    """The curator's path: extract → build refuses the raw draft → accept-draft → build passes,
    and the new species joins the existing predator nodes."""
    from wildkg import project
    from wildkg.build.pipeline import build
    from wildkg.errors import DataError

    draft = data_copy / "species" / "cuon-alpinus.yaml"
    accounts_before = len(list((data_copy / "species").glob("*.yaml")))
    result = runner.invoke(app, ["extract", str(CORPUS / "dhole.txt"), "--source-url",
                                 "urn:wildkg:test:dhole", "-o", str(draft), "--data-dir", str(data_copy)])
    assert result.exit_code == 0, result.output
    try:
        build(data_copy, project.ONTOLOGY_DIR, tmp_path / "out", html=False)
    except DataError as err:
        assert "accept-draft" in str(err) and err.field == "new_entities"
    else:
        raise AssertionError("a draft with new entities must not build as it is")
    draft.rename(tmp_path / "draft.yaml")
    result = runner.invoke(app, ["accept-draft", str(tmp_path / "draft.yaml"), "--data-dir", str(data_copy)])
    assert result.exit_code == 0, result.output
    built = build(data_copy, project.ONTOLOGY_DIR, tmp_path / "out", html=False)
    assert built.entities["species (with account)"] == accounts_before + 1


def test_accept_draft_never_replaces_a_curated_account(tmp_path: Path, data_copy: Path) -> None:
    """A draft of a species that already has an account is refused (unless --force), and
    nothing in data/ changes."""
    draft = tmp_path / "musk-deer-draft.yaml"
    draft.write_text("taxon: moschus-leucogaster\nnew_entities:\n  places:\n"
                     "    - {id: MM, kind: country, label: Myanmar, cite: ISO 3166-1}\n", encoding="utf-8")
    before = {p: p.read_bytes() for p in sorted(data_copy.rglob("*.yaml"))}
    result = runner.invoke(app, ["accept-draft", str(draft), "--data-dir", str(data_copy)])
    assert result.exit_code == 2
    assert "already exists" in " ".join(result.output.split())
    assert {p: p.read_bytes() for p in sorted(data_copy.rglob("*.yaml"))} == before
