"""``using-graph-uri`` / ``using-named-graph-uri`` of the SPARQL 1.1 Protocol for updates.

The protocol says these parameters act as ``USING`` / ``USING NAMED`` clauses of every
``DELETE``/``INSERT ... WHERE`` operation, and that a request giving them must not also have
``USING``, ``USING NAMED`` or ``WITH`` in its text (then: 400). pyoxigraph's ``update()``
takes no dataset, so the clauses are written into the text, just before the ``WHERE`` of
each such operation. Where those ``WHERE`` keywords are comes from rdflib's SPARQL grammar
(the same rules as :func:`rdflib.plugins.sparql.parser.parseUpdate`, with the ``WHERE`` of
``Modify`` recording its position), never from a text search. Runs in the worker.
"""

from __future__ import annotations

from typing import Any

from wildkg.serve.guard import RefusedError

_positions: list[int] = []
_grammar: Any = None


def _update_grammar() -> Any:
    """rdflib's ``UpdateUnit`` rebuilt with a ``Modify`` whose ``WHERE`` records where it is."""
    global _grammar
    if _grammar is None:
        from pyparsing import CaselessKeyword, Forward, Optional, ZeroOrMore
        from rdflib.plugins.sparql import parser as p
        from rdflib.plugins.sparql.parserutils import Comp, Param, ParamList

        where = CaselessKeyword("WHERE").copy().set_parse_action(lambda _s, loc, _t: _positions.append(loc))
        modify = Comp(
            "Modify",
            Optional(CaselessKeyword("WITH") + Param("withClause", p.iri))
            + (
                Param("delete", p.DeleteClause) + Optional(Param("insert", p.InsertClause))
                | Param("insert", p.InsertClause)
            )
            + ZeroOrMore(ParamList("using", p.UsingClause))
            + where
            + Param("where", p.GroupGraphPattern),
        )
        one = (
            p.Load | p.Clear | p.Drop | p.Add | p.Move | p.Copy | p.Create
            | p.InsertData | p.DeleteData | p.DeleteWhere | modify
        )  # fmt: skip
        update = Forward()
        update <<= ParamList("prologue", p.Prologue) + Optional(ParamList("request", one) + Optional(";" + update))
        _grammar = Comp("Update", update).parse_with_tabs()  # positions in the text as given
    return _grammar


def with_using(text: str, using: tuple[str, ...], using_named: tuple[str, ...]) -> str:
    """``text`` with ``USING <g>`` / ``USING NAMED <g>`` before each operation's ``WHERE``.

    The IRIs must already be checked (``safe_iri``). RefusedError (400) when the text has its
    own ``WITH``/``USING``, when it cannot be parsed, or when it holds ``\\u`` escapes (rdflib
    expands them before parsing, which would shift every position).
    """
    if not using and not using_named:
        return text
    if "\\u" in text or "\\U" in text:
        raise RefusedError("syntax", "using-graph-uri cannot be combined with \\u escapes in the update")
    _positions.clear()
    try:
        tree = _update_grammar().parse_string(text, parse_all=True)[0]
    except Exception as err:  # pyparsing's errors, or recursion on deep input
        raise RefusedError("syntax", f"the SPARQL parser cannot read the update: {err}"[:300]) from None
    operations = tree["request"] if "request" in tree else []  # noqa: SIM401 (CompValue.get returns the key)
    for operation in operations:
        if getattr(operation, "name", "") == "Modify" and ("withClause" in operation or "using" in operation):
            raise RefusedError(
                "syntax",
                "the request gives using-graph-uri/using-named-graph-uri and the update has its own "
                "WITH or USING: the SPARQL Protocol forbids both at once",
            )
    clauses = "".join(f" USING <{g}>" for g in using) + "".join(f" USING NAMED <{g}>" for g in using_named)
    for position in sorted(set(_positions), reverse=True):
        text = text[:position] + clauses + " " + text[position:]
    return text
