"""Drafts load with the curated-data loader and, once accepted, build into the same graph."""

from __future__ import annotations

import shutil
from pathlib import Path

import yaml
from rdflib import Graph

from tests.helpers import CORPUS_DIR, DATA_DIR
from wildkg import project
from wildkg.build.pipeline import build
from wildkg.curation.loader import read_account
from wildkg.extract.draft import merge_draft, render, write_atomic
from wildkg.extract.pipeline import extract_text
from wildkg.namespaces import PREYED_UPON_BY, WILDKG, WK

CORPUS = CORPUS_DIR


def _draft(tmp_path: Path, name: str, data: Path) -> Path:
    article = CORPUS / name
    x = extract_text(article.read_text(encoding="utf-8"), data,
                     source_url=f"urn:wildkg:article:{article.stem}", stem=article.stem)
    target = tmp_path / f"{x.subject.id}.yaml"
    write_atomic(target, render(x))
    return target


def test_draft_has_evidence_and_new_entities(tmp_path: Path) -> None:
    """Every fact carries evidence and confidence; taxa and areas data/ lacks wait for review."""
    draft = _draft(tmp_path, "markhor.txt", DATA_DIR)
    doc = yaml.safe_load(draft.read_text(encoding="utf-8"))
    assert doc["taxon"] == "capra-falconeri"
    assert doc["status"]["iucn"] == "NT"
    for section in ("range", "predators", "threats", "legal", "protected_areas", "measurements"):
        for entry in doc[section]:
            ev = entry["evidence"]
            assert ev["text"] and ev["end"] > ev["start"] and 0 < entry["confidence"] <= 1
    new = doc["new_entities"]
    assert new["sources"][0]["url"] == "urn:wildkg:article:markhor"
    taxa = {t["id"]: t for t in new["taxa"]}
    assert taxa["capra-falconeri"]["scientific_name"] == "Capra falconeri"
    assert "panthera-uncia" not in taxa  # already in data/taxa.yaml: linked, not created
    assert {a["id"] for a in new["protected_areas"]} == {"chitral-gol-national-park"}


def test_accepted_draft_builds_and_links_shared_predators(tmp_path: Path) -> None:
    """Merged into a copy of data/, a draft builds (SHACL included), and the markhor's snow
    leopard is the same node as the musk deer's."""
    data = tmp_path / "data"
    shutil.copytree(DATA_DIR, data)
    draft = _draft(tmp_path, "markhor.txt", data)
    account = merge_draft(draft, data)
    read_account(account)  # the loader accepts the account as written
    out = tmp_path / "out"
    build(data, project.ONTOLOGY_DIR, out, html=False)
    graph = Graph().parse(out / project.TTL_NAME, format="turtle")
    leopard = WK["taxon/panthera-uncia"]
    prey = set(graph.subjects(PREYED_UPON_BY, leopard))
    assert {WK["taxon/capra-falconeri"], WK["taxon/moschus-leucogaster"]} <= prey
    assert (WK["taxon/capra-falconeri"], WILDKG.foundInProtectedArea,
            WK["protected-area/chitral-gol-national-park"]) in graph
    # merging again (replacing the account on purpose) adds nothing twice
    merge_draft(draft, data, force=True)
    taxa = yaml.safe_load((data / "taxa.yaml").read_text(encoding="utf-8"))["taxa"]
    assert [t["id"] for t in taxa].count("capra-falconeri") == 1
