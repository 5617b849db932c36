"""Stage 3: compile ontology + data, validate, and write the outputs atomically.

``build()`` is what ``wildkg build`` and ``make run`` call. Nothing is written unless the
data loads, compiles and conforms to the SHACL shapes, so a failed build leaves the
previous ``out/`` untouched.
"""

from __future__ import annotations

import shutil
import tempfile
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from rdflib import Graph
from rdflib.namespace import RDF

from wildkg import project as paths
from wildkg.build import publish
from wildkg.build.compile import compile_project
from wildkg.build.validate import ValidationResult, validate_graph
from wildkg.curation.loader import Project, load_project
from wildkg.errors import InputError, WildkgError
from wildkg.namespaces import WILDKG, bind_prefixes


class BuildError(WildkgError):
    """The data compiled but does not conform to the shapes."""

    def __init__(self, result: ValidationResult) -> None:
        self.result = result
        super().__init__(
            f"the graph does not conform to the shapes ({len(result.violations)} problem(s)); "
            "nothing was written\n" + result.summary()
        )


@dataclass
class BuildResult:
    """What a build produced, for the summary table."""

    graph: Graph
    ttl_path: Path
    triples: int
    facts: int
    entities: Counter[str] = field(default_factory=Counter)
    relations: Counter[str] = field(default_factory=Counter)
    outputs: list[Path] = field(default_factory=list)


def ontology_files(ontology_dir: Path) -> list[Path]:
    """Every Turtle file of the ontology folder except the shapes, in a fixed order."""
    files = sorted(p for p in ontology_dir.glob("*.ttl") if p.name != "shapes.ttl")
    if not files:
        raise InputError(f"{ontology_dir}: no ontology files (*.ttl) found")
    return files


def load_ontology(ontology_dir: Path) -> Graph:
    graph = Graph()
    for path in ontology_files(ontology_dir):
        try:
            graph.parse(path, format="turtle")
        except Exception as err:  # rdflib raises many types for bad Turtle
            raise InputError(f"{path}: cannot parse Turtle: {err}") from err
    return graph


#: Above this many species accounts, the build shows a progress bar while compiling.
PROGRESS_THRESHOLD = 10


def compile_graph(data_dir: Path, ontology_dir: Path, *, progress: bool = False) -> tuple[Graph, int]:
    """Ontology, concept schemes and data in one graph, and the number of facts."""
    from wildkg.build.report import progress_over

    ontology = load_ontology(ontology_dir)
    project = load_project(data_dir)
    show = progress and len(project.accounts) > PROGRESS_THRESHOLD
    data, facts = compile_project(project, ontology, progress_over("Compiling species accounts") if show else iter)
    facts += add_bulk_sources(data, data_dir, project)
    graph = bind_prefixes(Graph())
    for triple in ontology:
        graph.add(triple)
    for triple in data:
        graph.add(triple)
    return graph, facts


def add_bulk_sources(graph: Graph, data_dir: Path, project: Project) -> int:
    """Statements of the bulk sources declared in ``data_dir/bulk.yaml`` (IUCN, Wikidata,
    GBIF… see :mod:`wildkg.sources.bulk`), added to ``graph``; their number."""
    from wildkg.sources.bulk import bulk_into

    return bulk_into(graph, data_dir, project)


def serialize_turtle(graph: Graph) -> bytes:
    """Deterministic Turtle: no blank nodes in our data, and rdflib sorts subjects and predicates."""
    return graph.serialize(format="turtle", encoding="utf-8")


def count_kinds(graph: Graph) -> tuple[Counter[str], Counter[str]]:
    """Entities per kind (wildkg classes of data entities) and facts per relation."""
    from wildkg.build.report import kind_of, relation_name

    entities: Counter[str] = Counter()
    for subject in set(graph.subjects(RDF.type, None)):
        kind = kind_of(graph, subject)
        if kind and kind != "fact":  # facts are counted per relation
            entities[kind] += 1
    relations: Counter[str] = Counter()
    for fact in graph.subjects(RDF.type, WILDKG.Fact):
        predicate = graph.value(fact, RDF.predicate)
        if predicate is not None:
            relations[relation_name(graph, predicate)] += 1
    return entities, relations


def build(
    data_dir: Path,
    ontology_dir: Path,
    out_dir: Path,
    *,
    progress: bool = False,
    html: bool = True,
) -> BuildResult:
    """Build ``out_dir/wildkg.ttl`` (and the store and network page beside it)."""
    from wildkg.build.report import stage

    with stage("Compiling ontology and data", progress, spinner=False):
        graph, facts = compile_graph(data_dir, ontology_dir, progress=progress)
    with stage("Validating with SHACL", progress):
        result = validate_graph(graph, ontology_dir / "shapes.ttl")
    if not result.conforms:
        raise BuildError(result)
    outputs = _write_outputs(graph, out_dir, html=html, progress=progress)
    entities, relations = count_kinds(graph)
    return BuildResult(graph, outputs[0], len(graph), facts, entities, relations, outputs)


def _write_outputs(graph: Graph, out_dir: Path, *, html: bool, progress: bool) -> list[Path]:
    """Write the Turtle, the Oxigraph store and (optionally) the network page into a staging
    folder inside ``out_dir``, then move them into place together."""
    from wildkg.build.report import stage
    from wildkg.rdfio import write_store

    names = [paths.TTL_NAME, paths.STORE_NAME] + ([paths.HTML_NAME] if html else [])
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(prefix=".build-", dir=out_dir))
    except OSError as err:
        raise InputError(f"{out_dir}: cannot create the output folder: {err.strerror}") from err
    try:
        ttl = staging / paths.TTL_NAME
        with stage(f"Writing {paths.default_ttl(out_dir)}", progress):
            ttl.write_bytes(serialize_turtle(graph))
        with stage(f"Writing the Oxigraph store {paths.default_store(out_dir)}", progress):
            write_store(ttl, staging / paths.STORE_NAME)
        if html:
            from wildkg.network.page import write_network_page

            with stage(f"Writing {paths.default_html(out_dir)}", progress):
                write_network_page(graph, staging / paths.HTML_NAME)
        return publish.publish(staging, out_dir, names)
    except OSError as err:
        raise InputError(f"{out_dir}: cannot write the outputs ({err.strerror}: {err.filename}); "
                         "the previous outputs are unchanged") from err
    finally:
        shutil.rmtree(staging, ignore_errors=True)
