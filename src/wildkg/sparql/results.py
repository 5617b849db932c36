"""Query results in one engine-independent form, and their output formats.

Whatever engine answered, results are held as pyoxigraph terms
(:class:`QueryResult`), so both engines print, serialise and compare the same way:

* SELECT results serialise to the SPARQL 1.1 result formats (CSV, TSV, JSON, XML)
  with Oxigraph's own writers, which follow the W3C specifications;
* CONSTRUCT / DESCRIBE results serialise to any RDF format Oxigraph writes;
* :func:`term_key` gives a comparable string for a term (N-Triples form, numbers by
  value, blank nodes anonymised), because Oxigraph normalises decimals (``"1.50"``
  comes back as ``"1.5"``) and blank-node labels differ between engines.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import TYPE_CHECKING, Any, Literal

import pyoxigraph as ox

from wildkg.errors import WildkgError
from wildkg.formats import rdf_format as rdf_format_named
from wildkg.formats import results_format
from wildkg.namespaces import PREFIXES, compact
from wildkg.terminal import terminal_safe
from wildkg.terms import to_ox

if TYPE_CHECKING:
    import pandas as pd
    from rdflib.term import Node

ResultTerm = ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple
ResultRow = tuple[ResultTerm | None, ...]
ResultKind = Literal["select", "ask", "graph"]

XSD = PREFIXES["xsd"]
INTEGER_TYPES = frozenset(
    XSD + t
    for t in (
        "integer", "int", "long", "short", "byte", "nonNegativeInteger", "positiveInteger",
        "nonPositiveInteger", "negativeInteger", "unsignedLong", "unsignedInt",
        "unsignedShort", "unsignedByte",
    )
)
FLOAT_TYPES = frozenset(XSD + t for t in ("decimal", "double", "float"))
NUMERIC_TYPES = INTEGER_TYPES | FLOAT_TYPES

#: ``--format`` names of the SPARQL result formats.
class OutputFormatError(WildkgError):
    """A ``--format`` that does not fit the kind of query."""


def term_key(term: ResultTerm | None) -> str:
    """A string equal for equal terms whichever engine produced them.

    N-Triples form, except numbers (compared by value: ``"1.50"^^xsd:decimal`` and
    ``"1.5"^^xsd:decimal`` agree) and blank nodes (all ``_:``, labels are local).
    """
    if term is None:
        return ""
    if isinstance(term, ox.BlankNode):
        return "_:"
    if isinstance(term, ox.Literal) and term.datatype.value in NUMERIC_TYPES:
        try:
            number = Decimal(term.value)
        except InvalidOperation:
            return str(term)
        if number == number.to_integral_value():
            return f"number:{number.quantize(Decimal(1))}"
        return f"number:{format(number.normalize(), 'f')}"
    return str(term)


def display(term: ResultTerm | None) -> str:
    """Short human form of a term for the terminal table; data never reaches the terminal as
    control characters (issue 13, F20)."""
    if term is None:
        return ""
    if isinstance(term, ox.NamedNode):
        return terminal_safe(compact(term.value))
    if isinstance(term, ox.Literal):
        return terminal_safe(term.value)
    return terminal_safe(str(term))


def python_value(term: ResultTerm | None) -> Any:
    """A plain Python value: IRIs as strings, numbers as int/float, booleans as bool."""
    if term is None:
        return None
    if isinstance(term, ox.NamedNode):
        return term.value
    if isinstance(term, ox.Literal):
        datatype = term.datatype.value
        try:
            if datatype in INTEGER_TYPES:
                return int(term.value)
            if datatype in FLOAT_TYPES:
                return float(term.value)
        except ValueError:
            return term.value
        if datatype == XSD + "boolean":
            return term.value in ("true", "1")
        return term.value
    return str(term)


def from_rdflib(node: Node | None) -> ResultTerm | None:
    """Convert an rdflib term to the pyoxigraph term with the same meaning."""
    return None if node is None else to_ox(node)


def _json_term(term: ResultTerm) -> dict[str, str]:
    if isinstance(term, ox.NamedNode):
        return {"type": "uri", "value": term.value}
    if isinstance(term, ox.BlankNode):
        return {"type": "bnode", "value": term.value}
    if isinstance(term, ox.Literal):
        out = {"type": "literal", "value": term.value}
        if term.language:
            out["xml:lang"] = term.language
        elif term.datatype.value != XSD + "string":
            out["datatype"] = term.datatype.value
        return out
    raise TypeError(f"RDF-star triples are not supported in results: {term}")


@dataclass
class QueryResult:
    """The answer to one query.

    ``kind`` is ``"select"`` (``variables`` and ``rows``), ``"ask"`` (``boolean``) or
    ``"graph"`` for CONSTRUCT / DESCRIBE (``triples``).
    """

    kind: ResultKind
    variables: list[str] = field(default_factory=list)
    rows: list[ResultRow] = field(default_factory=list)
    boolean: bool | None = None
    triples: list[ox.Triple] = field(default_factory=list)

    def __iter__(self) -> Iterator[ResultRow]:
        return iter(self.rows)

    def __len__(self) -> int:
        return len(self.rows) if self.kind == "select" else len(self.triples)

    def __bool__(self) -> bool:
        return bool(self.boolean) if self.kind == "ask" else len(self) > 0

    def records(self) -> list[dict[str, Any]]:
        """Rows as dicts of plain Python values (see :func:`python_value`)."""
        return [
            {v: python_value(t) for v, t in zip(self.variables, row, strict=True)}
            for row in self.rows
        ]

    def keys(self) -> list[tuple[str, ...]]:
        """Rows as :func:`term_key` tuples, sorted: for comparing engines."""
        if self.kind == "ask":
            return [(str(self.boolean).lower(),)]
        if self.kind == "graph":
            return sorted((term_key(t.subject), term_key(t.predicate), term_key(t.object))
                          for t in self.triples)
        return sorted(tuple(term_key(t) for t in row) for row in self.rows)

    def to_dataframe(self, *, short: bool = False) -> pd.DataFrame:
        """A pandas DataFrame of a SELECT result (needs pandas).

        ``short=True`` shows project IRIs as prefixed names (``wk:taxon/…``).
        """
        try:
            import pandas as pd
        except ImportError as err:  # pragma: no cover - pandas is an optional extra
            raise WildkgError("to_dataframe needs pandas: pip install 'wildkg[pandas]'") from err
        if self.kind != "select":
            raise OutputFormatError("only SELECT results become a DataFrame")
        if short:
            data = [
                [display(t) if isinstance(t, ox.NamedNode) else python_value(t) for t in row]
                for row in self.rows
            ]
        else:
            data = [[python_value(t) for t in row] for row in self.rows]
        return pd.DataFrame(data, columns=self.variables)

    def sparql_json(self) -> dict[str, Any]:
        """The SPARQL 1.1 JSON results document as a dict."""
        if self.kind == "ask":
            return {"head": {}, "boolean": bool(self.boolean)}
        if self.kind != "select":
            raise OutputFormatError("CONSTRUCT/DESCRIBE results are RDF; use an RDF format")
        bindings = [
            {v: _json_term(t) for v, t in zip(self.variables, row, strict=True) if t is not None}
            for row in self.rows
        ]
        return {"head": {"vars": self.variables}, "results": {"bindings": bindings}}

    def serialize(self, fmt: str) -> bytes:
        """Bytes in ``fmt``: a SPARQL result format for SELECT/ASK, an RDF format otherwise."""
        if self.kind == "graph":
            return serialize_triples(self.triples, fmt)
        results = results_format(fmt)
        doc = json.dumps(self.sparql_json()).encode()
        if fmt == "json":
            return doc
        parsed = ox.parse_query_results(doc, ox.QueryResultsFormat.JSON)
        data = parsed.serialize(format=results.ox)
        assert data is not None
        return data


def serialize_triples(triples: Sequence[ox.Triple], fmt: str) -> bytes:
    """Serialise triples to an RDF format by name, with the project prefixes."""
    rdf_format = rdf_format_named(fmt).ox
    if rdf_format.supports_datasets:
        quads = [ox.Quad(t.subject, t.predicate, t.object) for t in triples]
        data = ox.serialize(quads, format=rdf_format, prefixes=PREFIXES)
    else:
        data = ox.serialize(triples, format=rdf_format, prefixes=PREFIXES)
    assert data is not None
    return data
