"""What a query or update would do, decided by a real SPARQL parser (rdflib's) in the worker.

The endpoint refuses operations that make the server fetch URLs (``SERVICE``, ``LOAD``) and
operations Oxigraph cannot evaluate safely (nesting deep enough to overflow its stack).
These checks run inside the killable query worker, under the query's time limit, never on
the server's event loop (docs/decisions/0010-endpoint-hardening.md).

rdflib's parser costs ~20 ms for a shipped query, so it only runs when it can matter:

- ``SERVICE`` and ``LOAD`` are keywords, and SPARQL has no escape for keywords (Oxigraph
  does not expand ``\\u`` outside strings and IRIs), so a text in which neither word occurs
  in any letter case cannot contain them; any other text is parsed.
- Nesting is bounded by the count of open brackets (strings included, so it errs high); a
  text deeper than :data:`NESTING_TO_CHECK` is parsed, and a parser that runs out of
  recursion means a query too deeply nested to run.

A text that mentions ``SERVICE``/``LOAD`` and that rdflib cannot parse is refused (the
check errs on the side of refusing). Each worker remembers verdicts by the text's SHA-256,
never the text itself. Workers additionally run without network access
where the platform allows (:mod:`wildkg.serve.sandbox`).
"""

from __future__ import annotations

import hashlib
import sys
from collections import OrderedDict
from collections.abc import Iterator
from typing import Any

#: Bracket depth (``{`` and ``(``, counted naively) above which the parser must look.
NESTING_TO_CHECK = 200
_FETCH_WORDS = ("service", "load")
#: Verdicts of texts the parser has read, by SHA-256 of (text, update, allow_fetch): never the
#: text itself (a cache of query texts grew a server by 1 GB: issue 13, F8). At most
#: ``_VERDICTS`` entries of 32 bytes + a message of at most ``_MESSAGE`` characters.
_VERDICTS = 4096
_MESSAGE = 300
_verdicts: OrderedDict[bytes, tuple[str, str] | None] = OrderedDict()


class RefusedError(Exception):
    """An operation the endpoint will not run; ``kind`` is ``syntax``, ``fetch`` or ``update``."""

    def __init__(self, kind: str, message: str) -> None:
        super().__init__(message)
        self.kind = kind
        self.message = message


def bracket_depth(text: str) -> int:
    """Deepest nesting of ``{``/``(`` in ``text`` counting every bracket (linear)."""
    depth = deepest = 0
    for char in text:
        if char in "{(":
            depth += 1
            deepest = max(deepest, depth)
        elif char in "})":
            depth -= 1
    return deepest


def _mentions_fetch(text: str) -> bool:
    folded = text.casefold()
    return any(word in folded for word in _FETCH_WORDS)


def _names(node: Any) -> Iterator[str]:
    """Names of every rule in an rdflib parse tree (iteratively: trees can be deep)."""
    from pyparsing import ParseResults
    from rdflib.plugins.sparql.parserutils import CompValue

    stack = [node]
    while stack:
        item = stack.pop()
        if isinstance(item, CompValue):
            yield item.name
            stack.extend(item.values())
        elif isinstance(item, (list, tuple, ParseResults)):
            stack.extend(item)


def _parse(text: str, update: bool) -> Any:
    from pyparsing import ParseException
    from rdflib.plugins.sparql.parser import parseQuery, parseUpdate

    limit = sys.getrecursionlimit()
    try:
        return parseUpdate(text) if update else parseQuery(text)
    except RecursionError:
        raise RefusedError("syntax", "the query is nested too deeply to be run") from None
    except ParseException as err:
        raise RefusedError("syntax", f"the SPARQL parser cannot read it: {err}") from None
    except Exception as err:  # rdflib raises plain exceptions for some malformed input
        raise RefusedError("syntax", f"the SPARQL parser cannot read it: {err}") from None
    finally:
        sys.setrecursionlimit(limit)


def check(text: str, update: bool, allow_fetch: bool) -> None:
    """Raise :class:`RefusedError` unless ``text`` may run; a no-op for most queries."""
    mentions = not allow_fetch and _mentions_fetch(text)
    opened = text.count("{") + text.count("(")  # in C; depth can only pass it if this does
    deep = opened > NESTING_TO_CHECK and bracket_depth(text) > NESTING_TO_CHECK
    if not (mentions or deep):
        return
    key = hashlib.sha256(
        f"{update:d}{allow_fetch:d}".encode() + text.encode("utf-8", "surrogatepass")
    ).digest()
    if key in _verdicts:
        _verdicts.move_to_end(key)
        verdict = _verdicts[key]
    else:
        verdict = _verdict(text, update, mentions, deep)
        _verdicts[key] = verdict
        if len(_verdicts) > _VERDICTS:
            _verdicts.popitem(last=False)
    if verdict is not None:
        raise RefusedError(*verdict)


def _verdict(text: str, update: bool, mentions: bool, deep: bool) -> tuple[str, str] | None:
    """None if ``text`` may run, else (kind, message) of the refusal."""
    try:
        tree = _parse(text, update)
    except RefusedError as err:
        if err.kind == "syntax" and not update and not deep and is_update(text):
            return ("update", "this is a SPARQL Update, sent as a query")
        return (err.kind, err.message[:_MESSAGE])
    if mentions:
        names = set(_names(tree))
        if "ServiceGraphPattern" in names or "Load" in names:
            return (
                "fetch",
                "SERVICE (federated query) and LOAD are disabled on this endpoint: they would let "
                "clients make the server fetch arbitrary URLs (start with --allow-service to allow it)",
            )
    return None


def is_update(text: str) -> bool:
    """Whether rdflib's parser reads ``text`` as a SPARQL Update (for a query that failed)."""
    try:
        _parse(text, update=True)
    except RefusedError:
        return False
    return True
