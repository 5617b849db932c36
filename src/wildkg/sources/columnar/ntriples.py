"""N-Triples terms built as polars expressions, so a block of rows becomes lines without a
Python loop per row.

A term expression is null where its input is null or empty; a triple with a null term is null
and is dropped, so optional columns simply produce no triple.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable

import polars as pl
from rdflib.namespace import PROV, RDF

from wildkg.namespaces import BASE, WILDKG, WK
from wildkg.provenance import statement_key

XSD = "http://www.w3.org/2001/XMLSchema#"

#: Characters N-Triples forbids inside ``<…>`` (and spaces/controls): such values are not IRIs.
_IRI_SAFE = r'^[A-Za-z][A-Za-z0-9+.\-]*:[^\x00-\x20<>"{}|^`\\]+$'


def blank_to_null(expr: pl.Expr) -> pl.Expr:
    """Trimmed text, null when empty."""
    text = expr.cast(pl.String).str.strip_chars()
    return pl.when(text.str.len_bytes() > 0).then(text).otherwise(None)


def slug(expr: pl.Expr) -> pl.Expr:
    """The curators' id convention: lowercase ASCII letters and digits joined by ``-``
    (``Panthera uncia`` → ``panthera-uncia``); null when nothing is left."""
    text = expr.str.to_lowercase().str.replace_all(r"[^a-z0-9]+", "-").str.strip_chars("-")
    return pl.when(text.str.len_bytes() > 0).then(text).otherwise(None)


def iri(expr: pl.Expr, prefix: str = "") -> pl.Expr:
    """``<prefix + value>``; ``value`` must already be IRI-safe (a slug, a code, a checked IRI)."""
    return pl.concat_str([pl.lit("<" + prefix), expr, pl.lit(">")])


def const(value: str) -> pl.Expr:
    """A fixed IRI term."""
    return pl.lit(f"<{value}>")


def wk(path: str) -> pl.Expr:
    """A fixed wildkg IRI term (``wk(\"ontology#InteractionRecord\")``)."""
    return const(BASE + path)


def checked_iri(expr: pl.Expr) -> pl.Expr:
    """A value from the data used as an IRI only if it is an absolute IRI N-Triples accepts."""
    text = blank_to_null(expr)
    return pl.when(text.str.contains(_IRI_SAFE)).then(iri(text)).otherwise(None)


def escape(expr: pl.Expr) -> pl.Expr:
    """The body of an N-Triples string: backslash, quote, line feed and carriage return escaped."""
    return (
        expr.str.replace_all("\\", "\\\\", literal=True)
        .str.replace_all('"', '\\"', literal=True)
        .str.replace_all("\n", "\\n", literal=True)
        .str.replace_all("\r", "\\r", literal=True)
    )


def literal(expr: pl.Expr, datatype: str | None = None, lang: str | None = None) -> pl.Expr:
    """A literal of the (trimmed, non-empty) text; ``datatype`` is an XSD local name."""
    suffix = f"^^<{XSD}{datatype}>" if datatype else (f"@{lang}" if lang else "")
    return pl.concat_str([pl.lit('"'), escape(blank_to_null(expr)), pl.lit('"' + suffix)])


def decimal(expr: pl.Expr) -> pl.Expr:
    """An ``xsd:decimal`` literal of the text as written (no exponent: ``1e-6`` is not a
    decimal's lexical form), null unless the text is a plain decimal number."""
    text = blank_to_null(expr)
    ok = text.str.contains(r"^[+-]?(?:\d+(?:\.\d*)?|\.\d+)$")
    return pl.when(ok).then(pl.concat_str([pl.lit('"'), text, pl.lit(f'"^^<{XSD}decimal>')]))


def integer(expr: pl.Expr) -> pl.Expr:
    """An ``xsd:integer`` literal, null unless the text is a whole number."""
    value = blank_to_null(expr).cast(pl.Int64, strict=False)
    return pl.concat_str([pl.lit('"'), value.cast(pl.String), pl.lit(f'"^^<{XSD}integer>')])


def triple(s: pl.Expr, p: pl.Expr, o: pl.Expr) -> pl.Expr:
    """One N-Triples line (without the newline); null if any term is null."""
    return pl.concat_str([s, pl.lit(" "), p, pl.lit(" "), o, pl.lit(" .")])


def lines(frame: pl.DataFrame, triples: Iterable[pl.Expr]) -> pl.Series:
    """Every non-null line of ``triples`` over ``frame``, as one Series named ``line``."""
    lazy = frame.lazy()
    parts = [lazy.select(t.alias("line")) for t in triples]
    out = pl.concat(parts).drop_nulls().collect()
    return out.get_column("line")


def with_statement(frame: pl.DataFrame, s: pl.Expr, p: pl.Expr, o: pl.Expr, source: pl.Expr,
                   name: str) -> pl.DataFrame:
    """``frame`` with column ``name`` holding the statement key of ``s p o`` said by ``source``
    (:func:`wildkg.provenance.statement_key`, no qualifiers), null where a term is null."""
    terms = frame.select(s.alias("s"), p.alias("p"), o.alias("o"), source.alias("src"))
    keys = [
        None if None in row else statement_key(*row)
        for row in terms.iter_rows()
    ]
    return frame.with_columns(pl.Series(name, keys, dtype=pl.String))


def statement_lines(s: pl.Expr, p: pl.Expr, o: pl.Expr, source: pl.Expr, key: pl.Expr) -> list[pl.Expr]:
    """The plain triple and its statement node (``wk:fact/<key>``), as :class:`Statement` writes them."""
    node = iri(key, str(WK) + "fact/")
    return [
        triple(s, p, o),
        triple(node, const(str(RDF.type)), const(str(RDF.Statement))),
        triple(node, const(str(RDF.type)), const(str(WILDKG.Fact))),
        triple(node, const(str(RDF.subject)), s),
        triple(node, const(str(RDF.predicate)), p),
        triple(node, const(str(RDF.object)), o),
        triple(node, const(str(PROV.wasDerivedFrom)), source),
    ]


def with_hash(frame: pl.DataFrame, parts: list[pl.Expr], name: str) -> pl.DataFrame:
    """``frame`` with column ``name``: the first 16 hex digits of SHA-256 over the parts joined
    by the unit separator: a record id derived from its content."""
    joined = frame.select(pl.concat_str(parts, separator="\x1f").alias(name)).get_column(name)
    hashed = [hashlib.sha256(v.encode()).hexdigest()[:16] for v in joined.to_list()]
    return frame.with_columns(pl.Series(name, hashed, dtype=pl.String))
