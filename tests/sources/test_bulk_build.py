"""`wildkg build` with data/bulk.yaml: curated accounts and bulk sources in one graph, conflicts kept."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.helpers import DATA_DIR, IUCN_FIXTURE
from wildkg import project
from wildkg.build.pipeline import build
from wildkg.errors import DataError
from wildkg.sparql.library import open_engine, run_query, shipped_query

BULK = """sources:
  - kind: iucn
    path: {path}
    version: "2025-1"
    retrieved: "2026-11-30"
"""


@pytest.fixture(scope="module")
def musk_project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The shipped data plus an IUCN-layout download of our own rows, built once."""
    root = tmp_path_factory.mktemp("musk")
    shutil.copytree(DATA_DIR, root / "data")
    (root / "data" / "bulk.yaml").write_text(BULK.format(path=IUCN_FIXTURE), encoding="utf-8")
    (root / "wildkg.toml").write_text("", encoding="utf-8")
    build(root / "data", project.ONTOLOGY_DIR, root / "out", html=False)
    return root


def test_both_range_lists_are_kept_with_their_sources(musk_project: Path) -> None:
    engine = open_engine([], musk_project / "out")
    rows = run_query(engine, """
        SELECT ?code ?title WHERE {
          ?f rdf:subject taxon:moschus-leucogaster ; rdf:predicate wildkg:occursIn ; rdf:object ?place ;
             prov:wasDerivedFrom/dcterms:isPartOf ?source .
          ?place a wildkg:Country ; wildkg:isoCode ?code . ?source dcterms:title ?title }""").rows
    by_source: dict[str, set[str]] = {}
    for code, title in rows:
        by_source.setdefault(str(getattr(title, "value", "")), set()).add(str(getattr(code, "value", "")))
    assert by_source == {
        "White-bellied musk deer": {"AF", "BT", "CN", "IN", "NP", "PK"},
        "The IUCN Red List of Threatened Species (2025-1)": {"BT", "CN", "IN", "NP"},
    }


def test_conflicts_query_reports_the_countries_only_one_source_names(musk_project: Path) -> None:
    engine = open_engine([], musk_project / "out")
    result = run_query(engine, shipped_query("conflicts").text)
    cols = result.variables
    got = sorted(tuple(str(getattr(r[cols.index(c)], "value", "")) for c in ("species", "relation", "value",
                                                                               "statedBy", "date", "notStatedBy"))
                 for r in result.rows)
    iucn = "The IUCN Red List of Threatened Species (2025-1)"
    assert got == [
        ("white-bellied musk deer", "occurs in", "Afghanistan", "White-bellied musk deer", "2026-11-30", iucn),
        ("white-bellied musk deer", "occurs in", "Pakistan", "White-bellied musk deer", "2026-11-30", iucn),
    ]


def test_conflicts_query_same_answer_on_both_engines(musk_project: Path) -> None:
    text = shipped_query("conflicts").text
    ttl = musk_project / "out" / project.TTL_NAME
    ox_result = run_query(open_engine([ttl], engine="oxigraph"), text)
    rdflib_result = run_query(open_engine([ttl], engine="rdflib"), text)
    assert ox_result.keys() == rdflib_result.keys()
    assert len(ox_result) == 2


def test_wildkg_conflicts_command_for_one_species(musk_project: Path) -> None:
    """The real command in a real process, on the built project, found from the working directory."""
    out = subprocess.run([sys.executable, "-m", "wildkg.cli", "conflicts", "--species", "Moschus leucogaster"],
                         cwd=musk_project, capture_output=True, text=True, check=True,
                         env={"PATH": "/usr/bin:/bin", "COLUMNS": "250"})
    lines = [ln for ln in out.stdout.splitlines() if "musk deer" in ln]
    assert len(lines) == 2
    assert "Afghanistan" in lines[0] and "Pakistan" in lines[1]
    assert "2 row(s)" in out.stderr
    none = subprocess.run([sys.executable, "-m", "wildkg.cli", "conflicts", "--species", "panthera-uncia"],
                          cwd=musk_project, capture_output=True, text=True, check=True, env={"PATH": "/usr/bin:/bin"})
    assert "0 row(s)" in none.stderr


def test_a_mistake_in_bulk_yaml_names_file_line_and_field(tmp_path: Path) -> None:
    shutil.copytree(DATA_DIR, tmp_path / "data")
    (tmp_path / "data" / "bulk.yaml").write_text("sources:\n  - kind: iucn\n    path: nowhere\n", encoding="utf-8")
    with pytest.raises(DataError) as err:
        build(tmp_path / "data", project.ONTOLOGY_DIR, tmp_path / "out", html=False)
    assert str(err.value).startswith(f"{tmp_path / 'data' / 'bulk.yaml'}:3, entity 'iucn', field 'path': ")
    assert not (tmp_path / "out" / project.TTL_NAME).exists()


def test_network_panel_shows_each_range_country_with_its_sources(musk_project: Path) -> None:
    """The entity panel of the network page lists Nepal with both sources, Pakistan with one."""
    from rdflib import Graph

    from wildkg.network.model import extract

    net = extract(Graph().parse(musk_project / "out" / project.TTL_NAME))
    deer = "https://w3id.org/wildkg/id/taxon/moschus-leucogaster"

    def sources_of(place: str) -> set[str]:
        (edge,) = [e for e in net.edges if e.source == deer and e.target.endswith(f"/place/{place}")
                   and e.predicate.endswith("occursIn")]
        return {net.sources[i][0] for i in edge.sources}

    assert sources_of("NP") == {
        "White-bellied musk deer (Wikipedia) — Lead",
        "The IUCN Red List of Threatened Species (2025-1) (International Union for Conservation of Nature)"
        " — Red List assessment 990001001 of Moschus leucogaster"}
    assert sources_of("PK") == {"White-bellied musk deer (Wikipedia) — Lead"}


@pytest.mark.server
def test_entity_page_shows_each_value_with_its_own_source_and_qualifiers(musk_project: Path) -> None:
    """`wildkg serve` (a real server process): Nepal is stated by two sources, so two rows, each
    with its source; the Red List's presence qualifier sits on the Red List's row only."""
    import httpx

    from wildkg.serve.launch import free_port, running

    port = free_port()
    base = f"http://127.0.0.1:{port}"
    command = [sys.executable, "-m", "wildkg.cli", "serve", "--port", str(port), "--graph",
               str(musk_project / "out" / project.TTL_NAME), "--workers", "2"]
    with running(command, base + "/sparql", timeout=90):
        page = httpx.get(base + "/entity/taxon/moschus-leucogaster", headers={"Accept": "text/html"}).text
    rows = [r.split("</tr>")[0] for r in page.split("<tr>") if "occurs in" in r and ">Nepal<" in r]
    assert len(rows) == 2
    iucn = [r for r in rows if "Red List assessment 990001001" in r]
    wiki = [r for r in rows if "Lead" in r and "Red List" not in r]
    assert len(iucn) == 1 and len(wiki) == 1
    assert "Extant" in iucn[0] and "Extant" not in wiki[0]
    pakistan = [r for r in page.split("<tr>") if "occurs in" in r and ">Pakistan<" in r]
    assert len(pakistan) == 1 and "Red List" not in pakistan[0]
