"""The ``wildkg`` command: a thin layer over the pipeline modules.

Each command parses its options and calls one plain function; heavy modules are
imported inside the command so ``wildkg --help`` stays fast. Domain errors
(:class:`wildkg.errors.WildkgError`) become one red line and exit code 2 (1 for
``validate`` on a non-conformant graph); nothing else is caught here.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from wildkg import project
from wildkg.errors import WildkgError
from wildkg.sources.registry import KINDS

app = typer.Typer(
    name="wildkg",
    help="Build, check, query, export and browse a wildlife-conservation knowledge graph.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)

OutDir = Annotated[Path | None, typer.Option("--out-dir", help="Folder for outputs (default: the project's out/).")]
GraphFiles = Annotated[
    list[Path] | None,
    typer.Option("--graph", "-g", help="RDF file(s) to use instead of the built graph (repeatable)."),
]


def _version(value: bool) -> None:
    if value:
        from wildkg import __version__

        typer.echo(f"wildkg {__version__}")
        raise typer.Exit()


@app.callback()
def _main(
    project_dir: Annotated[Path | None, typer.Option(
        "--project", "-C", envvar="WILDKG_PROJECT",
        help="Project folder (default: the nearest folder with wildkg.toml or data/ from here up).")] = None,
    version: Annotated[bool, typer.Option("--version", callback=_version, is_eager=True,
                                          help="Print the version and exit.")] = False,
) -> None:
    """Build, check, query, export and browse a wildlife-conservation knowledge graph."""
    try:
        project.use(project_dir)
    except WildkgError as err:
        raise _fail(err) from None


def _data(data_dir: Path | None) -> Path:
    return data_dir if data_dir is not None else project.data_dir()


def _fail(err: WildkgError, code: int = 2) -> typer.Exit:
    from rich.console import Console
    from rich.markup import escape

    from wildkg.terminal import terminal_safe

    message = escape(terminal_safe(str(err), keep_lines=True))
    Console(stderr=True, highlight=False, soft_wrap=True).print(f"[bold red]error:[/] {message}")
    return typer.Exit(code)


@app.command()
def build(
    data_dir: Annotated[Path | None, typer.Option(help="Curated YAML data. (default: the project\'s data/)")] = None,
    ontology_dir: Annotated[Path, typer.Option(help="Ontology and shapes.")] = project.ONTOLOGY_DIR,
    out_dir: OutDir = None,
    html: Annotated[bool, typer.Option(help="Also write the network page.")] = True,
    jobs: Annotated[int | None, typer.Option("--jobs", "-j", min=1, help="Compile with N processes (default: every core).")] = None,
    cache: Annotated[bool, typer.Option(help="Reuse compiled accounts from out/.wildkg/cache.")] = True,
    verbose: Annotated[bool, typer.Option("--verbose", "-v", help="Print each stage's wall time.")] = False,
) -> None:
    """Compile ontology + data to RDF, validate it and write out/wildkg.ttl."""
    from wildkg.build.pipeline import build as run_build
    from wildkg.build.report import print_build_summary

    try:
        result = run_build(_data(data_dir), ontology_dir, out_dir or project.out_dir(), progress=sys.stderr.isatty(),
                           html=html, jobs=jobs, cache=cache)
    except WildkgError as err:
        raise _fail(err) from None
    print_build_summary(result, verbose=verbose)


@app.command()
def validate(
    file: Annotated[Path | None, typer.Argument(help="RDF file or store folder (default: the built store).")] = None,
    shapes: Annotated[Path, typer.Option(help="SHACL shapes.")] = project.SHAPES_FILE,
    out_dir: OutDir = None,
) -> None:
    """Check a graph against the SHACL shapes. Exit 0 conformant, 1 not, 2 error."""
    from wildkg.build.report import print_validation
    from wildkg.build.validate import validate_file

    try:
        result = validate_file(file or project.default_store(out_dir), shapes)
    except WildkgError as err:
        raise _fail(err) from None
    print_validation(result)
    raise typer.Exit(0 if result.conforms else 1)


@app.command()
def export(
    fmt: Annotated[str, typer.Option("--format", "-f", help="turtle|ntriples|jsonld|rdfxml|trig|nquads")] = "turtle",
    output: Annotated[Path | None, typer.Option("--output", "-o", help="File (default: stdout).")] = None,
    graph: GraphFiles = None,
    out_dir: OutDir = None,
) -> None:
    """Write the graph in another RDF format, to a file or stdout."""
    from wildkg.publish.export import export_graph

    try:
        export_graph(graph or [project.default_store(out_dir)], fmt, output)
    except WildkgError as err:
        raise _fail(err) from None


@app.command()
def stats(
    graph: GraphFiles = None,
    out_dir: OutDir = None,
    metrics: Annotated[bool, typer.Option("--metrics", help="Network metrics (networkx).")] = False,
) -> None:
    """Entities per kind and facts per relation of the built graph."""
    from wildkg.build.report import print_stats

    try:
        print_stats(graph or [project.default_store(out_dir)], metrics=metrics)
    except WildkgError as err:
        raise _fail(err) from None


# --- commands of later stages (query, viz, serve, push, extract) are added below ---


@app.command()
def viz(
    graph: GraphFiles = None,
    output: Annotated[Path | None, typer.Option("--output", "-o", help="HTML file (default: out/wildkg.html).")] = None,
    out_dir: OutDir = None,
    focus: Annotated[str | None, typer.Option(help="Draw only around this label or IRI.")] = None,
    depth: Annotated[int, typer.Option(help="Steps around --focus.")] = 1,
    query: Annotated[Path | None, typer.Option(help="Draw a CONSTRUCT (or SELECT ?s ?p ?o) .rq file.")] = None,
    include_schema: Annotated[bool, typer.Option("--include-schema", help="Also draw ontology terms.")] = False,
) -> None:
    """Write the interactive network page: one offline HTML file."""
    from wildkg.network.page import viz as run_viz

    try:
        info = run_viz(graph or [project.default_store(out_dir)], output or project.default_html(out_dir),
                       include_schema=include_schema, focus=focus, depth=depth, query_file=query)
    except WildkgError as err:
        raise _fail(err) from None
    typer.echo(f"wrote {info.path} ({info.nodes} nodes, {info.edges} edges)")


@app.command()
def push(
    endpoint: Annotated[str, typer.Option(help="Graph Store URL, e.g. http://host:7878/store.")],
    graph: Annotated[str | None, typer.Option(help="Target named graph IRI (default graph).")] = None,
    replace: Annotated[bool, typer.Option(help="Replace the target graph (PUT), not add.")] = False,
    user: Annotated[str | None, typer.Option(help="User for HTTP Basic/Digest auth.")] = None,
    password: Annotated[str | None, typer.Option(envvar="WILDKG_PASSWORD")] = None,
    token: Annotated[str | None, typer.Option(envvar="WILDKG_TOKEN", help="Bearer token.")] = None,
    digest: Annotated[bool, typer.Option(help="Use HTTP Digest auth (Virtuoso).")] = False,
    chunk_size: Annotated[int, typer.Option(help="Triples per request.")] = 50_000,
    query_endpoint: Annotated[str | None, typer.Option(help="SPARQL endpoint to verify on.")] = None,
    no_verify: Annotated[bool, typer.Option("--no-verify", help="Skip the COUNT check after pushing.")] = False,
    retries: Annotated[int, typer.Option(help="Retries per request on 5xx/network errors.")] = 4,
    timeout: Annotated[float, typer.Option(help="Deadline per request, whole answer included (s).")] = 120.0,
    input: Annotated[list[Path] | None, typer.Option("--input", "-i", help="RDF file(s).")] = None,
    out_dir: OutDir = None,
) -> None:
    """Upload the graph to a triple store (SPARQL 1.1 Graph Store Protocol) and verify it."""
    from wildkg.publish.push import push_from_cli

    try:
        push_from_cli(locals())
    except WildkgError as err:
        raise _fail(err) from None


@app.command()
def extract(
    articles: Annotated[list[Path], typer.Argument(help="Article files (.txt/.md) or folders of them.")],
    source_url: Annotated[str | None, typer.Option(help="URL of the article (one file).")] = None,
    output: Annotated[Path | None, typer.Option("--output", "-o", help="Draft file, or folder for several.")] = None,
    fmt: Annotated[str, typer.Option("--format", "-f", help="yaml (draft account) | tsv (rows)")] = "yaml",
    evaluate: Annotated[Path | None, typer.Option(help="Gold TSV: print precision/recall instead.")] = None,
    data_dir: Annotated[Path | None, typer.Option(help="Curated data (names to link to). (default: the project\'s data/)")] = None,
) -> None:
    """Draft a species account from an article, with evidence for every fact, for review."""
    from wildkg.extract.run import run_extract

    try:
        run_extract(articles, _data(data_dir), source_url=source_url, output=output, fmt=fmt, gold=evaluate)
    except WildkgError as err:
        raise _fail(err) from None


@app.command("accept-draft")
def accept_draft(
    draft: Annotated[Path, typer.Argument(help="A reviewed draft written by `wildkg extract`.")],
    data_dir: Annotated[Path | None, typer.Option(help="Curated data to add it to. (default: the project\'s data/)")] = None,
    force: Annotated[bool, typer.Option(help="Replace an existing account of the same taxon, or accept a draft whose article is about another taxon (a subspecies).")] = False,
) -> None:
    """Add a reviewed draft to data/: its new entities to the shared files, the account to species/."""
    from wildkg.extract.draft import merge_draft

    try:
        print(f"wrote {merge_draft(draft, _data(data_dir), force=force)}; run `wildkg build` to check it")
    except WildkgError as err:
        raise _fail(err) from None


@app.command()
def serve(
    host: Annotated[str, typer.Option(help="Address to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="TCP port.")] = 8000,
    graph: GraphFiles = None,
    out_dir: OutDir = None,
    workers: Annotated[int, typer.Option(help="Query processes (0: one per CPU, ≥ 2).")] = 0,
    timeout: Annotated[float, typer.Option(help="Per-query time limit (s).")] = 10.0,
    max_rows: Annotated[int, typer.Option(help="Most rows/triples per result.")] = 10_000,
    max_body: Annotated[int, typer.Option(help="Largest request (bytes).")] = 1_000_000,
    max_response: Annotated[int, typer.Option(help="Largest answer (bytes).")] = 16_000_000,
    client_timeout: Annotated[float, typer.Option(help="Time to send headers, and a body (s).")] = 10.0,
    allow_update: Annotated[bool, typer.Option(help="Accept SPARQL Update (needs --token).")] = False,
    token: Annotated[str | None, typer.Option(envvar="WILDKG_TOKEN", help="Bearer token.")] = None,
    allow_service: Annotated[bool, typer.Option(help="Allow SERVICE (federation).")] = False,
    cors: Annotated[list[str] | None, typer.Option(help="Allowed CORS origin.")] = None,
    allow_remote: Annotated[bool, typer.Option(help="Allow a non-loopback --host.")] = False,
) -> None:
    """Serve the graph: SPARQL 1.1 endpoint at /sparql, web UI at /."""
    from wildkg.serve.options import serve_from_cli

    try:
        serve_from_cli(locals())
    except WildkgError as err:
        raise _fail(err) from None


@app.command()
def query(
    text: Annotated[str | None, typer.Argument(help="SPARQL, a .rq file, or a shipped query name.")] = None,
    graph: GraphFiles = None,
    out_dir: OutDir = None,
    fmt: Annotated[str, typer.Option("--format", "-f", help="table|csv|tsv|json|xml; CONSTRUCT: turtle|ntriples|jsonld|…")] = "table",
    engine: Annotated[str, typer.Option(help="oxigraph|rdflib")] = "oxigraph",
    timeout: Annotated[float | None, typer.Option(help="Stop the query after this many seconds.")] = None,
    list_: Annotated[bool, typer.Option("--list", help="List the shipped queries.")] = False,
) -> None:
    """Run a SPARQL query (project prefixes pre-bound). ASK exits 0 if true, 1 if false."""
    from wildkg.sparql.library import run_cli

    try:
        code = run_cli(text, graph or [], out_dir or project.out_dir(), fmt=fmt, engine=engine, timeout=timeout, list_only=list_)  # type: ignore[arg-type]
    except WildkgError as err:
        raise _fail(err) from None
    raise typer.Exit(code)


@app.command("import")
def import_(
    sources: Annotated[list[str], typer.Argument(
        help=f"KIND PATH... (repeatable: iucn a.zip wikidata q.json); kinds: {', '.join(sorted(KINDS))}.",
        metavar="KIND PATH...")],
    output: Annotated[Path | None, typer.Option("--output", "-o", help="N-Triples file to write.")] = None,
    skip_bad_rows: Annotated[bool, typer.Option(help="Report bad rows and go on.")] = False,
    version: Annotated[str | None, typer.Option(help="Dataset version (e.g. 2025-1).")] = None,
    licence: Annotated[str | None, typer.Option(help="Licence IRI of the files.")] = None,
    retrieved: Annotated[str | None, typer.Option(help="Retrieval date, YYYY-MM-DD.")] = None,
    country: Annotated[list[str] | None, typer.Option(help="Keep only this country (ISO alpha-2).")] = None,
    higher_taxon: Annotated[str | None, typer.Option(help="Bulk kinds: keep only taxa under this one (Mammalia).")] = None,
    bbox: Annotated[str | None, typer.Option(help="Bulk kinds: keep only records in min_lon,min_lat,max_lon,max_lat.")] = None,
    taxa: Annotated[Path | None, typer.Option(help="Bulk kinds: keep only the scientific names in this file.")] = None,
    store: Annotated[Path | None, typer.Option(help="Bulk kinds: bulk-load the triples into this Oxigraph store.")] = None,
    scheduler: Annotated[str | None, typer.Option(help="Bulk kinds: convert on the Dask cluster at tcp://HOST:PORT.")] = None,
    workers: Annotated[int | None, typer.Option(help="Bulk kinds: convert on a local Dask cluster of N workers.")] = None,
) -> None:
    """Convert published source files (IUCN, Wikidata, GBIF, GloBI, WDPA, CITES…) into the graph, a statement per source."""
    from wildkg.sources.base import ImportOptions
    from wildkg.sources.columnar.commands import BulkOptions
    from wildkg.sources.commands import print_summary, run_import

    options = ImportOptions(skip_bad_rows, version, licence, retrieved, countries=frozenset(country or ()))
    bulk = BulkOptions(higher_taxon, bbox, taxa, store, scheduler, workers)
    try:
        print_summary(run_import(sources, output, options, bulk))
    except WildkgError as err:
        raise _fail(err) from None


@app.command()
def conflicts(
    species: Annotated[str | None, typer.Option(help="One taxon: its id, label or scientific name.")] = None,
    graph: GraphFiles = None,
    out_dir: OutDir = None,
) -> None:
    """List where sources disagree (status, range countries, parent taxon), each side with its source and date."""
    from wildkg.sources.commands import run_conflicts

    try:
        run_conflicts(species, graph or [], out_dir or project.out_dir())
    except WildkgError as err:
        raise _fail(err) from None


def main() -> None:
    app()


if __name__ == "__main__":
    main()
