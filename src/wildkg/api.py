"""A small Python API for notebooks and scripts.

>>> import wildkg.api as wk
>>> kg = wk.open_graph()                      # the built graph: out/store, else out/wildkg.ttl
>>> kg = wk.open_graph("other.ttl", "more.nt") # or any RDF files (format from the extension)
>>> result = kg.query("predators")            # a shipped query's name, a .rq path, or SPARQL
>>> result.variables, result.rows             # pyoxigraph terms; result.records() for plain values
>>> kg.dataframe("predators")                 # a pandas DataFrame (needs pandas)
>>> kg.export("wildkg.jsonld", "jsonld")       # or kg.export(fmt="turtle") for bytes
>>> kg.draw("predators.html", focus="white-bellied musk deer")  # the interactive network page
>>> kg.network(focus="Panthera uncia")        # a pyvis Network: shows inline in Jupyter, offline

Every project prefix (``wildkg:``, ``taxon:``, ``dwc:``, ``skos:`` …) is pre-bound in
queries. The default engine is Oxigraph; ``engine="rdflib"`` uses rdflib's own store
and SPARQL engine, with the same answers.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from wildkg.sparql.engines import Engine, EngineName, OxigraphEngine
from wildkg.sparql.library import open_engine, resolve_query, run_query, shipped_queries
from wildkg.sparql.results import QueryResult

if TYPE_CHECKING:
    import pandas as pd
    from rdflib import Graph

    from wildkg.network.notebook import OfflineNetwork

__all__ = ["KnowledgeGraph", "QueryResult", "list_queries", "open_graph"]


class KnowledgeGraph:
    """A graph opened for querying, exporting and drawing."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    def __len__(self) -> int:
        """Number of triples."""
        return len(self.engine)

    def __repr__(self) -> str:
        return f"<KnowledgeGraph {len(self)} triples, engine={self.engine.name}>"

    def query(self, query: str, *, timeout: float | None = None) -> QueryResult:
        """Run a shipped query by name, a ``.rq`` file, or SPARQL text.

        ``timeout`` (seconds) raises :class:`wildkg.engines.QueryTimeoutError` when passed.
        """
        return run_query(self.engine, resolve_query(query), timeout)

    def dataframe(self, query: str, *, short: bool = True) -> pd.DataFrame:
        """The answer of a SELECT query as a pandas DataFrame.

        ``short=True`` shows project IRIs as prefixed names (``taxon:panthera-uncia``).
        """
        return self.query(query).to_dataframe(short=short)

    def export(self, path: Path | str | None = None, fmt: str = "turtle") -> bytes | None:
        """The graph in ``fmt`` (turtle, ntriples, nquads, trig, jsonld, rdfxml, n3).

        Written atomically to ``path`` if given (returns None), else returned as bytes.
        """
        return self.engine.export(fmt, Path(path) if path is not None else None)

    def to_rdflib(self) -> Graph:
        """The triples as an rdflib ``Graph`` with the project prefixes bound."""
        from rdflib import Graph

        from wildkg.namespaces import bind_prefixes

        if isinstance(self.engine, OxigraphEngine):
            graph = bind_prefixes(Graph())
            data = self.engine.export("ntriples")
            assert data is not None
            graph.parse(data=data, format="nt")
            return graph
        return self.engine.graph

    def draw(
        self,
        path: Path | str,
        *,
        focus: str | None = None,
        depth: int = 1,
        query: str | None = None,
    ) -> Path:
        """Write the interactive network page (see ``wildkg viz``) and return its path.

        ``focus`` (an IRI, label or name) keeps the neighbourhood of that node up to
        ``depth`` steps; ``query`` (a CONSTRUCT query, shipped name or .rq file) draws
        only its triples.
        """
        from wildkg.network.page import write_network_page

        text = resolve_query(query) if query is not None else None
        target = Path(path)
        write_network_page(self.to_rdflib(), target, focus=focus, depth=depth, query=text)
        return target

    def network(self, *, focus: str | None = None, depth: int = 1, query: str | None = None,
                height: str = "600px") -> OfflineNetwork:
        """The network as a ``pyvis.network.Network`` that shows inline in Jupyter, offline.

        Same nodes, kinds, labels and qualifiers as :meth:`draw`; ``focus``/``depth``/``query``
        as there. Its page loads nothing from the web (pyvis' own pages use CDNs).
        """
        from wildkg.network.notebook import to_pyvis
        from wildkg.network.page import select

        text = resolve_query(query) if query is not None else None
        return to_pyvis(select(self.to_rdflib(), focus=focus, depth=depth, query=text), height=height)


def open_graph(
    *files: Path | str, out_dir: Path | str | None = None, engine: EngineName = "oxigraph"
) -> KnowledgeGraph:
    """Open RDF ``files``, or with none the graph ``wildkg build`` wrote under ``out_dir``."""
    return KnowledgeGraph(open_engine([Path(f) for f in files], Path(out_dir) if out_dir else None, engine))


def list_queries() -> dict[str, str]:
    """Shipped query names and their one-line summaries."""
    return {q.name: q.summary for q in shipped_queries()}
