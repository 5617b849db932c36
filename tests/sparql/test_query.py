"""`wildkg query`: sources, pre-bound prefixes, output formats, exit codes, errors, timeout."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
import time
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from rdflib import Graph, URIRef
from rdflib.compare import isomorphic
from typer.testing import CliRunner

from wildkg.cli import app
from wildkg.namespaces import PREFIXES

RDFS_LABEL = PREFIXES["rdfs"] + "label"
TAXON = PREFIXES["taxon"]

SMALL_TTL = """@prefix taxon: <https://w3id.org/wildkg/id/taxon/> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
@prefix wildkg: <https://w3id.org/wildkg/ontology#> .
taxon:a rdfs:label "Snow, \\"grey\\" leopard"@en ; wildkg:value "1.50"^^xsd:decimal .
taxon:b rdfs:label "wolf" .
"""


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(app, ["query", *args])
    if result.exception and not isinstance(result.exception, SystemExit):
        raise result.exception
    # stdout_bytes: Result.stdout turns CRLF into LF, and the SPARQL CSV format needs CRLF
    return result.exit_code, result.stdout_bytes.decode("utf-8"), result.stderr


@pytest.fixture()
def small(tmp_path: Path) -> Path:
    path = tmp_path / "small.ttl"
    path.write_text(SMALL_TTL, encoding="utf-8")
    return path


def test_predators_csv_from_the_built_store(built_dir: Path) -> None:
    """Done-when: `wildkg query predators --format csv` lists the 7 predators and life stages."""
    code, out, _ = run("predators", "--format", "csv", "--out-dir", str(built_dir))
    assert code == 0
    rows = list(csv.DictReader(io.StringIO(out, newline="")))
    stages = {r["name"]: r["lifeStage"] for r in rows}
    assert len(rows) == 7
    assert stages["yellow-throated marten"] == stages["large raptors"] == "juvenile"
    assert {stages[n] for n in ("leopard", "snow leopard", "Eurasian lynx", "red fox", "gray wolf")} == {"any"}


def test_falls_back_to_the_turtle_when_there_is_no_store(built_ttl: Path, tmp_path: Path) -> None:
    """An out/ folder holding only wildkg.ttl still answers."""
    out_dir = tmp_path / "out"
    out_dir.mkdir()
    (out_dir / "wildkg.ttl").write_bytes(built_ttl.read_bytes())
    code, out, _ = run("SELECT (COUNT(*) AS ?n) { ?p obo:RO_0002439 taxon:moschus-leucogaster }",
                       "-f", "csv", "--out-dir", str(out_dir))
    assert (code, out) == (0, "n\r\n7\r\n")


def test_no_built_graph_is_a_clear_error(tmp_path: Path) -> None:
    code, _, err = run("predators", "--out-dir", str(tmp_path))
    assert code == 2
    assert "wildkg build" in err


def test_syntax_error_gives_line_and_column_of_the_users_text(small: Path) -> None:
    """Positions count the user's lines only (not the pre-bound prefixes) and show the line."""
    query = "SELECT ?s\nWHERE {\n  ?s rdfs:label ?l .\n  FILTER(?l = ) }"
    code, _, err = run(query, "--graph", str(small))
    assert code == 2
    assert "line 4, column 3" in err
    assert "  FILTER(?l = ) }\n    ^" in err
    code, _, err = run("SELECT ?s WHERE {\n  ?s ?p ?o ]\n}", "--graph", str(small))
    assert code == 2
    assert "line 2, column 12" in err


def test_unknown_prefix_is_named_as_such(small: Path) -> None:
    code, _, err = run("SELECT * { ?s nope:x ?o }", "-g", str(small))
    assert code == 2
    assert "line 1" in err and "unknown prefix" in err


def test_project_prefixes_are_prebound_and_user_prefixes_still_work(small: Path) -> None:
    """`taxon:` works without a PREFIX line; a user's own PREFIX (even redefining one) wins."""
    code, out, _ = run("SELECT ?l { taxon:b rdfs:label ?l }", "-g", str(small), "-f", "csv")
    assert (code, out) == (0, "l\r\nwolf\r\n")
    own = "PREFIX t: <https://w3id.org/wildkg/id/taxon/>\nPREFIX rdfs: <http://nothing/>\n" \
          "SELECT ?l { t:b <http://www.w3.org/2000/01/rdf-schema#label> ?l . OPTIONAL { t:b rdfs:label ?x } }"
    code, out, _ = run(own, "-g", str(small), "-f", "csv")
    assert (code, out) == (0, "l\r\nwolf\r\n")


def test_ask_prints_true_or_false_and_sets_the_exit_code(small: Path) -> None:
    assert run("ASK { taxon:a ?p ?o }", "-g", str(small))[:2] == (0, "true\n")
    assert run("ASK { taxon:zzz ?p ?o }", "-g", str(small))[:2] == (1, "false\n")


def test_construct_gives_turtle_that_parses_back(small: Path) -> None:
    query = "CONSTRUCT { ?s rdfs:label ?l } WHERE { ?s rdfs:label ?l }"
    code, out, _ = run(query, "-g", str(small))
    assert code == 0
    got = Graph().parse(data=out, format="turtle")
    want = Graph()
    for triple in Graph().parse(data=SMALL_TTL, format="turtle"):
        if str(triple[1]) == RDFS_LABEL:
            want.add(triple)
    assert isomorphic(got, want)
    code, out, _ = run(query, "-g", str(small), "--format", "jsonld")
    assert code == 0 and isomorphic(Graph().parse(data=out, format="json-ld"), want)


def test_describe_gives_the_resource(small: Path) -> None:
    code, out, _ = run(f"DESCRIBE <{TAXON}b>", "-g", str(small), "-f", "ntriples")
    assert code == 0
    assert set(Graph().parse(data=out, format="nt").objects(URIRef(TAXON + "b"))) == {
        next(iter(Graph().parse(data=SMALL_TTL, format="turtle").objects(URIRef(TAXON + "b"))))
    }


SELECT_LABEL = "SELECT ?s ?l ?v { ?s rdfs:label ?l OPTIONAL { ?s wildkg:value ?v } } ORDER BY ?l"


def test_csv_follows_the_sparql_csv_spec(small: Path) -> None:
    """CRLF rows, plain IRIs and lexical forms, quotes doubled, empty cell for unbound."""
    code, out, _ = run(SELECT_LABEL, "-g", str(small), "-f", "csv")
    assert code == 0
    assert out == (
        "s,l,v\r\n"
        f'{TAXON}a,"Snow, ""grey"" leopard",1.5\r\n'
        f"{TAXON}b,wolf,\r\n"
    )


def test_tsv_follows_the_sparql_tsv_spec(small: Path) -> None:
    """Header with '?', terms in N-Triples/Turtle syntax, empty field for unbound."""
    code, out, _ = run(SELECT_LABEL, "-g", str(small), "-f", "tsv")
    assert code == 0
    lines = out.split("\n")
    assert lines[0] == "?s\t?l\t?v"
    assert lines[1] == f'<{TAXON}a>\t"Snow, \\"grey\\" leopard"@en\t1.5'
    assert lines[2] == f"<{TAXON}b>\t\"wolf\"\t"


def test_json_follows_the_sparql_json_spec(small: Path) -> None:
    code, out, _ = run(SELECT_LABEL, "-g", str(small), "-f", "json")
    doc = json.loads(out)
    assert code == 0 and doc["head"]["vars"] == ["s", "l", "v"]
    first, second = doc["results"]["bindings"]
    assert first["s"] == {"type": "uri", "value": TAXON + "a"}
    assert first["l"] == {"type": "literal", "value": 'Snow, "grey" leopard', "xml:lang": "en"}
    assert first["v"]["datatype"] == PREFIXES["xsd"] + "decimal"
    assert "v" not in second


def test_xml_follows_the_sparql_xml_spec(small: Path) -> None:
    code, out, _ = run(SELECT_LABEL, "-g", str(small), "-f", "xml")
    ns = {"r": "http://www.w3.org/2005/sparql-results#"}
    root = ET.fromstring(out)
    assert code == 0
    assert [v.get("name") for v in root.findall("r:head/r:variable", ns)] == ["s", "l", "v"]
    results = root.findall("r:results/r:result", ns)
    assert results[0].find("r:binding[@name='s']/r:uri", ns).text == TAXON + "a"  # type: ignore[union-attr]
    assert results[1].find("r:binding[@name='v']", ns) is None


def test_table_shows_prefixed_names(small: Path) -> None:
    code, out, err = run(SELECT_LABEL, "-g", str(small))
    assert code == 0
    assert "taxon:a" in out and "Snow" in out
    assert "2 row(s)" in err


def test_a_format_that_does_not_fit_the_query_is_an_error(small: Path) -> None:
    code, _, err = run(SELECT_LABEL, "-g", str(small), "-f", "turtle")
    assert code == 2 and "does not fit" in err


def test_query_from_a_rq_file_and_several_graph_formats(tmp_path: Path, small: Path) -> None:
    """--graph is repeatable; Turtle, N-Triples, N-Quads (named graphs), JSON-LD and RDF/XML mix."""
    (tmp_path / "c.nt").write_text(f'<{TAXON}c> <{RDFS_LABEL}> "c" .\n', encoding="utf-8")
    (tmp_path / "d.nq").write_text(f'<{TAXON}d> <{RDFS_LABEL}> "d" <http://g/1> .\n', encoding="utf-8")
    (tmp_path / "e.jsonld").write_text(json.dumps({"@id": TAXON + "e", RDFS_LABEL: "e"}), encoding="utf-8")
    (tmp_path / "f.rdf").write_text(
        '<?xml version="1.0"?><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" '
        f'xmlns:rdfs="http://www.w3.org/2000/01/rdf-schema#"><rdf:Description rdf:about="{TAXON}f">'
        "<rdfs:label>f</rdfs:label></rdf:Description></rdf:RDF>", encoding="utf-8")
    rq = tmp_path / "labels.rq"
    rq.write_text("SELECT ?l { ?s rdfs:label ?l } ORDER BY ?l", encoding="utf-8")
    files = [small, *(tmp_path / n for n in ("c.nt", "d.nq", "e.jsonld", "f.rdf"))]
    for engine in ("oxigraph", "rdflib"):
        args = [str(rq), "-f", "csv", "--engine", engine]
        for f in files:
            args += ["-g", str(f)]
        code, out, _ = run(*args)
        assert code == 0, out
        # sorted here: SPARQL leaves the order of plain and language-tagged literals open
        rows = sorted(out.split("\r\n")[1:-1])
        assert rows == ['"Snow, ""grey"" leopard"', "c", "d", "e", "f", "wolf"], engine


def test_unknown_graph_extension_is_an_error(tmp_path: Path) -> None:
    bad = tmp_path / "graph.csv"
    bad.write_text("a,b\n", encoding="utf-8")
    code, _, err = run("SELECT * {}", "-g", str(bad))
    assert code == 2 and "unknown RDF file extension" in err


def test_list_shows_every_shipped_query_with_its_summary() -> None:
    from wildkg.sparql.library import shipped_queries

    code, out, _ = run("--list")
    assert code == 0
    for q in shipped_queries():
        assert q.name in out
        assert " ".join(q.summary.split()[:3]) in " ".join(out.split())


def test_timeout_stops_a_runaway_query_promptly(tmp_path: Path) -> None:
    """A 10^12-row cross product is stopped after the timeout with a clear message, exit 2."""
    nt = tmp_path / "many.nt"
    nt.write_text("".join(f"<http://x/{i}> <http://x/p> <http://x/{i + 1}> .\n" for i in range(10_000)),
                  encoding="utf-8")
    runaway = "SELECT (COUNT(*) AS ?n) { ?a ?p ?b . ?c ?q ?d . ?e ?r ?f }"
    start = time.monotonic()
    proc = subprocess.run([sys.executable, "-m", "wildkg.cli", "query", "-g", str(nt), "--timeout", "1",
                           runaway], capture_output=True, text=True, timeout=60)
    elapsed = time.monotonic() - start
    assert proc.returncode == 2
    assert "stopped after 1 s" in proc.stderr
    assert elapsed < 15


def test_table_prints_data_verbatim_not_as_markup(tmp_path: Path) -> None:
    """A label like '[bold]x[/bold]' is data: the table shows it as written."""
    ttl = tmp_path / "markup.ttl"
    ttl.write_text(f'<{TAXON}m> <{RDFS_LABEL}> "[bold]x[/bold] [red]" .\n', encoding="utf-8")
    code, out, _ = run("SELECT ?l { ?s rdfs:label ?l }", "-g", str(ttl))
    assert code == 0
    assert "[bold]x[/bold] [red]" in out
