"""The species template of docs/add-a-species.md builds as the guide says."""

from __future__ import annotations

import shutil
from pathlib import Path

from rdflib import Graph, URIRef

from tests.helpers import DATA_DIR, REPO
from wildkg import project
from wildkg.build.pipeline import build
from wildkg.namespaces import WILDKG, WK

SOURCE = """
  - id: my-source
    title: Leopard
    url: https://example.org/leopard
    publisher: Example Press
    license: https://creativecommons.org/licenses/by/4.0/
    retrieved: 2026-12-01
    sections:
      - {title: Lead, anchor: null}
      - Distribution
"""


def test_the_template_builds_after_the_guides_steps(tmp_path: Path) -> None:
    data = tmp_path / "data"
    shutil.copytree(DATA_DIR, data)
    with (data / "sources.yaml").open("a", encoding="utf-8") as f:
        f.write(SOURCE)
    shutil.copy(REPO / "docs" / "templates" / "species.yaml", data / "species" / "panthera-pardus.yaml")
    build(data, project.ONTOLOGY_DIR, tmp_path / "out", html=False)
    graph = Graph().parse(tmp_path / "out" / project.TTL_NAME)
    leopard = WK["taxon/panthera-pardus"]
    assert (leopard, WILDKG.occursIn, WK["place/IN-SK"]) in graph
    assert (leopard, WILDKG.redListStatus, URIRef("https://w3id.org/wildkg/scheme/iucn-redlist/VU")) in graph
