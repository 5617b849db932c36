"""Every shipped competency query (queries/*.rq) on the real built graph, exact answers.

The expected answers are the SPARQL CSV results in ``tests/expected/<name>.csv``. When
data is added on purpose (a new species account), regenerate them with

    .venv/bin/pytest tests/sparql/test_query_shipped.py --update-snapshots

which rewrites the files that differ and fails those tests; review the diff (it is the change
in what the graph answers) and run again without the option.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest

from tests.helpers import EXPECTED_DIR, Snapshot
from wildkg import project
from wildkg.sparql.engines import Engine, load_files, open_built
from wildkg.sparql.library import parse_headers, run_query, run_to_bytes, shipped_queries

EXPECTED = EXPECTED_DIR
pytestmark = pytest.mark.shipped
SHIPPED = shipped_queries()
NAMES = [q.name for q in SHIPPED]


@pytest.fixture(scope="module")
def built_store(built_dir: Path) -> Engine:
    return open_built(built_dir)


@pytest.fixture(scope="module")
def both_engines(built_ttl: Path) -> tuple[Engine, Engine]:
    return load_files([built_ttl], "oxigraph"), load_files([built_ttl], "rdflib")


def csv_rows(data: bytes) -> tuple[list[str], list[list[str]]]:
    rows = list(csv.reader(io.StringIO(data.decode("utf-8"), newline="")))
    return rows[0], rows[1:]


def test_at_least_fifteen_queries_each_with_a_summary() -> None:
    """The library is the issue's minimum, and `--list` has a line for every query."""
    assert len(SHIPPED) >= 15
    for q in SHIPPED:
        assert q.summary, f"{q.path} has no '#+ summary:' header"
        assert q.text.lstrip().startswith("#+ summary:"), q.path


def test_every_shipped_query_has_an_expected_answer() -> None:
    """A new .rq file without expectations must fail rather than go untested."""
    assert sorted(p.stem for p in EXPECTED.glob("*.csv")) == sorted(NAMES)


@pytest.mark.parametrize("name", NAMES)
def test_shipped_query_gives_its_exact_answer(name: str, built_store: Engine, snapshot: Snapshot) -> None:
    """The answer on the built store equals the reviewed CSV, row for row (order-insensitive)."""
    text = (project.QUERIES_DIR / f"{name}.rq").read_text(encoding="utf-8")
    data = run_to_bytes(built_store, text, "csv")
    snapshot.check(EXPECTED / f"{name}.csv", data, same=_same_table)


def _same_table(got: bytes, want: bytes) -> bool:
    (header, rows), (want_header, want_rows) = csv_rows(got), csv_rows(want)
    return header == want_header and sorted(rows) == sorted(want_rows)


#: Queries whose answer on the shipped data is empty by design: no two shipped sources
#: disagree (tests/sources/test_bulk_build.py runs `conflicts` on data that does).
EMPTY_ON_SHIPPED_DATA = {"conflicts"}


@pytest.mark.parametrize("name", NAMES)
def test_shipped_query_same_answer_on_both_engines(
    name: str, both_engines: tuple[Engine, Engine]
) -> None:
    """Oxigraph and rdflib agree on every shipped query (terms compared by meaning)."""
    text = (project.QUERIES_DIR / f"{name}.rq").read_text(encoding="utf-8")
    ox_result = run_query(both_engines[0], text)
    rdflib_result = run_query(both_engines[1], text)
    assert ox_result.variables == rdflib_result.variables
    assert ox_result.keys() == rdflib_result.keys()
    # bulk-source queries (#+ needs:) are answered on their fixtures: tests/sources/columnar/
    if name not in EMPTY_ON_SHIPPED_DATA and "needs" not in parse_headers(text):
        assert len(ox_result) > 0, "a shipped query should answer something on the shipped data"


def test_predators_lists_the_seven_with_life_stage(built_store: Engine) -> None:
    """The issue's Done-when: seven predators, the marten and large raptors juvenile-only."""
    data = run_to_bytes(built_store, (project.QUERIES_DIR / "predators.rq").read_text(), "csv")
    header, rows = csv_rows(data)
    assert header == ["predator", "name", "scientificName", "lifeStage"]
    got = {(r[1], r[2], r[3]) for r in rows}
    assert got == {
        ("leopard", "Panthera pardus", "any"),
        ("snow leopard", "Panthera uncia", "any"),
        ("Eurasian lynx", "Lynx lynx", "any"),
        ("red fox", "Vulpes vulpes", "any"),
        ("gray wolf", "Canis lupus", "any"),
        ("yellow-throated marten", "Martes flavigula", "juvenile"),
        ("large raptors", "", "juvenile"),
    }


def test_threat_codes_count_under_their_broader_categories(built_store: Engine) -> None:
    """5.1.1 (hunting) also counts under 5.1 and 5, through skos:broader*."""
    text = (project.QUERIES_DIR / "species-per-threat.rq").read_text()
    result = run_query(built_store, text)
    counts = {r["code"]: r["speciesCount"] for r in result.records()}
    # Five accounts name hunting (5.1.1); no account names another 5.x threat.
    assert counts["5.1.1"] == counts["5.1"] == counts["5"] == 5


def test_a_record_in_a_state_counts_for_its_country(tmp_path: Path) -> None:
    """Containment: a species recorded only in Sikkim is a species of India."""
    ttl = tmp_path / "sikkim.ttl"
    ttl.write_text(
        "@prefix wildkg: <https://w3id.org/wildkg/ontology#> .\n"
        "@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .\n"
        "@prefix place: <https://w3id.org/wildkg/id/place/> .\n"
        "@prefix taxon: <https://w3id.org/wildkg/id/taxon/> .\n"
        "place:IN a wildkg:Country ; rdfs:label 'India'@en .\n"
        "place:IN-SK a wildkg:Subdivision ; rdfs:label 'Sikkim'@en ; wildkg:partOf place:IN .\n"
        "taxon:x rdfs:label 'red panda'@en ; wildkg:occursIn place:IN-SK .\n",
        encoding="utf-8",
    )
    for engine in ("oxigraph", "rdflib"):
        for name in ("species-in-country", "range-by-country"):
            text = (project.QUERIES_DIR / f"{name}.rq").read_text()
            records = run_query(load_files([ttl], engine), text).records()  # type: ignore[arg-type]
            assert [r["name"] for r in records] == ["red panda"], (engine, name)


def test_headers_are_read_up_to_the_first_query_line() -> None:
    """`#+ key: value` lines are metadata; a `#+` line inside the query body is not."""
    text = "#+ summary: One\n# plain comment\n#+ tags: a, b\nSELECT * {}\n#+ summary: later\n"
    assert parse_headers(text) == {"summary": "One", "tags": "a, b"}


SECOND_SPECIES = """
@prefix wildkg: <https://w3id.org/wildkg/ontology#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix obo: <http://purl.obolibrary.org/obo/> .
@prefix taxon: <https://w3id.org/wildkg/id/taxon/> .
@prefix place: <https://w3id.org/wildkg/id/place/> .
@prefix area: <https://w3id.org/wildkg/id/protected-area/> .
@prefix redlist: <https://w3id.org/wildkg/scheme/iucn-redlist/> .
@prefix threat: <https://w3id.org/wildkg/scheme/iucn-threats/> .
taxon:test-goral rdfs:label "test goral"@en ;
    wildkg:redListStatus redlist:EN ;
    wildkg:occursIn place:IN-SK ;
    wildkg:threatenedBy threat:5.1.2 ;
    wildkg:foundInProtectedArea area:askot-musk-deer-sanctuary ;
    obo:RO_0002458 taxon:panthera-uncia .
taxon:panthera-uncia obo:RO_0002439 taxon:test-goral .
"""


def test_cross_species_queries_count_a_second_species(built_ttl: Path, tmp_path: Path) -> None:
    """With a second endangered species in Sikkim, the cross-species queries count both,
    identically on both engines (on top of the five shipped species accounts)."""
    extra = tmp_path / "second.ttl"
    extra.write_text(SECOND_SPECIES, encoding="utf-8")
    engines = [load_files([built_ttl, extra], "oxigraph"), load_files([built_ttl, extra], "rdflib")]
    answers = []
    for engine in engines:
        def records(name: str, engine: Engine = engine) -> list[dict[str, object]]:
            text = (project.QUERIES_DIR / f"{name}.rq").read_text(encoding="utf-8")
            return run_query(engine, text).records()

        shared = {r["name"]: r["preySpecies"] for r in records("shared-predators")}
        assert shared["snow leopard"] == 4 and shared["leopard"] == 2
        per_threat = {r["code"]: r["speciesCount"] for r in records("species-per-threat")}
        assert (per_threat["5"], per_threat["5.1"], per_threat["5.1.1"], per_threat["5.1.2"]) == (6, 6, 5, 1)
        per_country = {r["countryName"]: r["endangered"] for r in records("endangered-per-country")}
        assert per_country["India"] == 3 and per_country["Nepal"] == 2
        per_area = {r["name"]: r["speciesCount"] for r in records("species-per-protected-area")}
        assert per_area["Askot Musk Deer Sanctuary"] == 2
        answers.append([run_query(engine, q.text).keys() for q in SHIPPED])
    assert answers[0] == answers[1]
