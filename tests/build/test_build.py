"""The build: deterministic, complete, readable by other stores, and atomic."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import Graph
from rdflib.compare import isomorphic

from tests.helpers import DATA_DIR
from wildkg import project
from wildkg.build.pipeline import BuildError, build
from wildkg.errors import DataError
from wildkg.namespaces import sparql_prologue


def test_two_builds_give_identical_bytes(tmp_path: Path, built_ttl: Path) -> None:
    """Deterministic IRIs and ordering: a second build, in another process, is byte-identical."""
    out = tmp_path / "again"
    code = (
        "import sys; from pathlib import Path; from wildkg.build.pipeline import build; "
        "build(Path(sys.argv[1]), Path(sys.argv[2]), Path(sys.argv[3]), html=False)"
    )
    subprocess.run(
        [sys.executable, "-c", code, str(DATA_DIR), str(project.ONTOLOGY_DIR), str(out)],
        check=True,
        env={"PYTHONHASHSEED": "12345", "PATH": "/usr/bin:/bin"},
    )
    assert (out / project.TTL_NAME).read_bytes() == built_ttl.read_bytes()


def test_pyoxigraph_reads_the_same_triples_as_rdflib(built_ttl: Path, built_graph: Graph) -> None:
    """Other triple stores see exactly what rdflib sees."""
    triples = list(ox.parse(path=str(built_ttl), format=ox.RdfFormat.TURTLE))
    assert len(triples) == len(built_graph)
    nt = ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES)
    assert isinstance(nt, bytes)
    from_ox = Graph().parse(data=nt.decode(), format="nt")
    assert isomorphic(from_ox, built_graph)


def test_every_fact_cites_a_source_section(built_graph: Graph) -> None:
    """Provenance: no fact node without a section of a source with a URL."""
    unsourced = list(
        built_graph.query(
            sparql_prologue()
            + """SELECT ?f WHERE { ?f a wildkg:Fact .
                 FILTER NOT EXISTS { ?f prov:wasDerivedFrom/dcterms:isPartOf/wildkg:url ?u } }"""
        )
    )
    assert unsourced == []
    assert len(set(built_graph.subjects(predicate=None, object=None))) > 100


def test_every_asserted_triple_about_the_deer_has_a_fact_node(built_graph: Graph) -> None:
    """Each statement about the species (other than its type, label, summary) is reified."""
    rows = built_graph.query(
        sparql_prologue()
        + """SELECT ?p ?o WHERE { taxon:moschus-leucogaster ?p ?o .
             FILTER (?p NOT IN (rdf:type, rdfs:label, dcterms:description))
             FILTER NOT EXISTS { ?f rdf:subject taxon:moschus-leucogaster ;
                                    rdf:predicate ?p ; rdf:object ?o } }"""
    )
    assert list(rows) == []


def _break(data: Path, name: str, old: str, new: str) -> Path:
    path = data / name
    text = path.read_text(encoding="utf-8")
    assert old in text, f"fixture drifted: {old!r} not in {name}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return path


def test_a_failed_build_leaves_the_previous_output_untouched(tmp_path: Path, data_copy: Path) -> None:
    """Atomic output: a broken data file fails the build and the old Turtle stays byte-for-byte."""
    out = tmp_path / "out"
    build(data_copy, project.ONTOLOGY_DIR, out, html=False)
    before = (out / project.TTL_NAME).read_bytes()
    _break(data_copy, "species/moschus-leucogaster.yaml", "iucn: EN", "iucn: XX")
    with pytest.raises(DataError) as err:
        build(data_copy, project.ONTOLOGY_DIR, out, html=False)
    assert "moschus-leucogaster.yaml" in str(err.value)
    assert (out / project.TTL_NAME).read_bytes() == before
    assert sorted(p.name for p in out.iterdir() if p.name.startswith(".")) == [".wildkg"]
    assert len(list((out / ".wildkg" / "versions").iterdir())) == 1, "no version of the failed build is left"


def test_a_graph_that_breaks_a_shape_is_not_written(tmp_path: Path, data_copy: Path) -> None:
    """SHACL runs before anything is written: a taxon group given as a species loses its name."""
    _break(data_copy, "taxa.yaml", "  - id: lynx-lynx\n    scientific_name: Lynx lynx\n", "  - id: lynx-lynx\n")
    out = tmp_path / "out"
    with pytest.raises((BuildError, DataError)) as err:
        build(data_copy, project.ONTOLOGY_DIR, out, html=False)
    assert "scientific_name" in str(err.value) or "scientificName" in str(err.value)
    assert not (out / project.TTL_NAME).exists()


def test_outputs_are_replaced_together_or_not_at_all(
    tmp_path: Path, data_copy: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """If the last output (the network page) cannot be written — a full disk, say — the new
    Turtle and store are not published either: `out/` stays exactly as the last good build."""
    import errno

    import wildkg.network.page
    from wildkg.errors import InputError

    out = tmp_path / "out"
    build(data_copy, project.ONTOLOGY_DIR, out, html=True)
    before = {p.relative_to(out): p.read_bytes() for p in sorted(out.rglob("*")) if p.is_file()}
    _break(data_copy, "species/moschus-leucogaster.yaml", "max: 22\n", "max: 23\n")

    def disk_full(*args: object, **kwargs: object) -> None:
        raise OSError(errno.ENOSPC, "No space left on device", str(out / "wildkg.html"))

    monkeypatch.setattr(wildkg.network.page, "write_bytes", disk_full)  # the page's file, however drawn
    with pytest.raises(InputError, match="previous outputs are unchanged"):
        build(data_copy, project.ONTOLOGY_DIR, out, html=True)
    after = {p.relative_to(out): p.read_bytes() for p in sorted(out.rglob("*")) if p.is_file()}
    assert after == before
