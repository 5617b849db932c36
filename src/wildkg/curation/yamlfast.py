"""The fast path of reading curated YAML: values built straight from libyaml's events.

Curated files are plain: mappings, lists and scalars, without anchors, aliases, merge keys or
explicit tags. :func:`build` turns the events of such a file into the very values the full
loader of :mod:`wildkg.curation.yamlio` returns (:class:`LineMap` with its lines, lists,
scalars resolved and constructed by the same resolver and constructors), without composing
``yaml.nodes`` first. At anything else it gives up (:class:`UnsupportedError`) — an anchor, an
alias, a tag, a merge key, a duplicate key, a key that is not a scalar, nesting near the depth
limit, a scalar the constructors refuse, a syntax error — and the caller reads the file again
with the full loader, whose limits and error lines are authoritative (decision 0022). So the
fast path never decides an error; it only skips work for files that have none.
"""

from __future__ import annotations

import re
from typing import Any

from yaml.events import (
    DocumentEndEvent,
    DocumentStartEvent,
    MappingEndEvent,
    MappingStartEvent,
    ScalarEvent,
    SequenceEndEvent,
    SequenceStartEvent,
    StreamEndEvent,
    StreamStartEvent,
)
from yaml.nodes import ScalarNode

_STR = "tag:yaml.org,2002:str"


class UnsupportedError(Exception):
    """The file needs the full loader (it is not plain, or it holds an error)."""


def build(loader: Any, line_map: type[dict[str, Any]], control: re.Pattern[str], max_depth: int) -> Any:
    """The document of ``loader`` (a ``CParser`` with PyYAML's resolver and our constructors),
    or :class:`UnsupportedError`. ``line_map`` is the mapping type, ``control`` the characters a
    text may not hold, ``max_depth`` the nesting limit (given up well before it)."""
    get = loader.get_event
    if type(get()) is not StreamStartEvent:
        raise UnsupportedError
    event = get()
    if type(event) is StreamEndEvent:
        return None
    if type(event) is not DocumentStartEvent or event.version or event.tags:
        raise UnsupportedError
    value = _node(loader, get, line_map, control, max_depth - 2)
    if type(get()) is not DocumentEndEvent or type(get()) is not StreamEndEvent:
        raise UnsupportedError
    return value


def _first_chars(loader: Any) -> frozenset[str]:
    """First characters of the plain scalars the resolver may read as other than text (null,
    bool, int, float, timestamp, merge, value); every other plain or quoted scalar is text.
    Empty when the resolver has resolvers for any character or by path (then ask it always)."""
    resolvers = loader.yaml_implicit_resolvers
    if None in resolvers or loader.yaml_path_resolvers:
        return frozenset()
    return frozenset(k for k in resolvers if k)


def _scalar(loader: Any, event: Any, control: re.Pattern[str], first: frozenset[str]) -> Any:
    if event.anchor is not None or event.tag not in (None, "!"):
        raise UnsupportedError
    value = event.value
    if first and value and (not event.implicit[0] or value[0] not in first):
        tag = _STR  # what loader.resolve answers for these, without asking it
    else:
        tag = loader.resolve(ScalarNode, value, event.implicit)
    if tag == _STR:
        if control.search(event.value):
            raise UnsupportedError
        return event.value
    constructor = loader.yaml_constructors.get(tag)
    if constructor is None:  # merge keys, '=' values: the full loader handles or refuses them
        raise UnsupportedError
    return constructor(loader, ScalarNode(tag, event.value, event.start_mark, event.end_mark, event.style))


def _node(loader: Any, get: Any, line_map: type[dict[str, Any]], control: re.Pattern[str], room: int) -> Any:
    """One node and everything under it, iteratively (a stack of open collections)."""
    # Each open collection: [container, key waiting for its value or None, is_mapping].
    stack: list[list[Any]] = []
    result: Any = None
    first = _first_chars(loader)
    while True:
        event = get()
        kind = type(event)
        if kind is ScalarEvent:
            if stack and stack[-1][2] and stack[-1][1] is None:  # a key
                key = _scalar(loader, event, control, first)
                if not isinstance(key, str):
                    key = str(key)
                top = stack[-1]
                if key in top[0]:
                    raise UnsupportedError
                top[0].key_lines[key] = event.start_mark.line + 1
                top[1] = key
                continue
            value = _scalar(loader, event, control, first)
        elif kind is MappingStartEvent or kind is SequenceStartEvent:
            if event.anchor is not None or event.tag not in (None, "!") or len(stack) >= room:
                raise UnsupportedError
            if stack and stack[-1][2] and stack[-1][1] is None:  # a mapping or list as a key
                raise UnsupportedError
            if kind is MappingStartEvent:
                container: Any = line_map()
                container.line = event.start_mark.line + 1
                container.key_lines = {}
                stack.append([container, None, True])
            else:
                stack.append([[], None, False])
            continue
        elif kind is MappingEndEvent or kind is SequenceEndEvent:
            value = stack.pop()[0]
        else:  # aliases, and anything unexpected
            raise UnsupportedError
        if not stack:
            result = value
            break
        top = stack[-1]
        if top[2]:
            top[0][top[1]] = value
            top[1] = None
        else:
            top[0].append(value)
    return result
