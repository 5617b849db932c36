"""Reading curated YAML with the line of every mapping and key, for errors a curator can act on.

Hostile input is input too (issue 13): a file is refused, with one error line naming it and
the line, when it is larger than :data:`MAX_FILE_BYTES` (F22), nests deeper than
:data:`MAX_DEPTH` (F15), makes aliases expand to more than :data:`MAX_ALIAS_NODES` nodes or
refer to themselves (F9: nine levels of nine aliases are 387 million nodes), holds a number
that is not finite or has more than :data:`MAX_DIGITS` digits, a control character in a
text, or a key that is not plain text (F15).
"""

from __future__ import annotations

import math
import re
from pathlib import Path
from typing import TYPE_CHECKING, Any

import yaml
from yaml.composer import Composer, ComposerError
from yaml.constructor import ConstructorError, SafeConstructor
from yaml.events import AliasEvent
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode
from yaml.resolver import Resolver

from wildkg.curation import yamlfast
from wildkg.errors import DataError

#: Largest curated file read, in bytes (the shipped species files are under 10 KB).
MAX_FILE_BYTES = 2_000_000
#: Largest shared table (taxa, places, protected areas, sources, vocabulary): one line of a list
#: per record, ~180 bytes a taxon, so 100,000 species need ~18 MB; the other limits still apply.
MAX_TABLE_BYTES = 64_000_000
#: Deepest nesting of mappings and lists.
MAX_DEPTH = 64
#: Most nodes that aliases may add by repetition, over a whole file.
MAX_ALIAS_NODES = 10_000
#: Most digits in an integer.
MAX_DIGITS = 100
#: C0 and C1 control characters other than tab, line feed and carriage return.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


class LineMap(dict[str, Any]):
    """A YAML mapping that remembers the line (1-based) it starts on and where each key is."""

    line: int
    key_lines: dict[str, int]

    def line_of(self, key: str) -> int:
        return self.key_lines.get(key, self.line)


if TYPE_CHECKING:
    _Base = yaml.SafeLoader
else:
    _Base = object


class _Limits(_Base):
    """What both loaders add to PyYAML's composer and safe constructor: :class:`LineMap`
    mappings, no duplicate keys, and the limits of the module's docstring. It sits before
    ``Composer`` in the method order, so every node is composed here, in Python, whichever
    parser (libyaml's or PyYAML's) produces the events."""

    file: Path

    def _start_limits(self) -> None:
        self._depth = 0
        self._alias_nodes = 0
        #: Expanded size (nodes, aliases counted in full) of every finished node, by id.
        self._sizes: dict[int, int] = {}

    def compose_node(self, parent: Node | None, index: Any) -> Node | None:
        if self.check_event(AliasEvent):
            event = self.peek_event()  # type: ignore[no-untyped-call]
            node = self.anchors.get(event.anchor)
            if node is not None:
                size = self._sizes.get(id(node))
                if size is None:
                    raise ComposerError(None, None, f"alias *{event.anchor} refers to a node that contains it",
                                        event.start_mark)
                self._alias_nodes += size
                if self._alias_nodes > MAX_ALIAS_NODES:
                    raise ComposerError(None, None, f"aliases repeat more than {MAX_ALIAS_NODES} values "
                                        "(an alias bomb?); write the values out", event.start_mark)
            return super().compose_node(parent, index)
        self._depth += 1
        try:
            if self._depth > MAX_DEPTH:
                raise ComposerError(None, None, f"nested more than {MAX_DEPTH} levels deep",
                                    self.peek_event().start_mark)  # type: ignore[no-untyped-call]
            node = super().compose_node(parent, index)
        finally:
            self._depth -= 1
        if isinstance(node, MappingNode):
            children = [child for pair in node.value for child in pair]
        elif isinstance(node, SequenceNode):
            children = list(node.value)
        else:
            children = []
        self._sizes[id(node)] = 1 + sum(self._sizes.get(id(child), 1) for child in children)
        return node

    def construct_yaml_int(self, node: ScalarNode) -> int:
        digits = sum(char.isdigit() for char in str(node.value))
        if digits > MAX_DIGITS:
            raise ConstructorError(None, None, f"a number of {digits} digits (at most {MAX_DIGITS})",
                                   node.start_mark)
        return super().construct_yaml_int(node)

    def construct_yaml_float(self, node: ScalarNode) -> float:
        value = super().construct_yaml_float(node)
        if not math.isfinite(value) or len(str(node.value)) > MAX_DIGITS:
            raise ConstructorError(None, None, f"'{node.value}' is not a finite number of at most "
                                   f"{MAX_DIGITS} characters", node.start_mark)
        return value

    def construct_yaml_str(self, node: ScalarNode) -> str:
        value = super().construct_yaml_str(node)
        control = _CONTROL.search(value)
        if control:
            raise ConstructorError(None, None, f"the text holds the control character "
                                   f"U+{ord(control.group()):04X}", node.start_mark)
        return value

    def construct_mapping(self, node: MappingNode, deep: bool = False) -> LineMap:  # type: ignore[override]
        self.flatten_mapping(node)
        result = LineMap()
        result.line = node.start_mark.line + 1
        result.key_lines = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, ScalarNode):
                raise ConstructorError(None, None, "a key must be plain text, not a list or mapping",
                                       key_node.start_mark)
            key = self.construct_object(key_node, deep=True)
            if not isinstance(key, str):
                key = str(key)
            line = key_node.start_mark.line + 1
            if key in result:
                raise DataError(
                    self.file,
                    f"key '{key}' appears twice in one mapping (first on line {result.key_lines[key]})",
                    field=key,
                    line=line,
                )
            result[key] = self.construct_object(value_node, deep=True)
            result.key_lines[key] = line
        return result


class _LineLoader(_Limits, yaml.SafeLoader):
    """The pure-Python loader (PyYAML's reader, scanner and parser), where libyaml is missing."""

    def __init__(self, stream: str) -> None:
        yaml.SafeLoader.__init__(self, stream)
        self._start_limits()

    def error_line(self) -> int | None:
        return int(self.get_mark().line) + 1


try:
    from yaml._yaml import CParser

    HAS_LIBYAML = True
except ImportError:  # PyYAML built without libyaml
    HAS_LIBYAML = False

_LOADERS: list[type[Any]] = [_LineLoader]
if HAS_LIBYAML:

    class _CLineLoader(_Limits, Composer, CParser, SafeConstructor, Resolver):
        """libyaml's C parser feeding the Python composer and constructor above (decision 0022).

        ``CParser`` gives events (``check_event``/``peek_event``/``get_event``); its own C
        composer (``get_single_node``…) is shadowed by ``Composer``'s, which calls
        :meth:`_Limits.compose_node` for every node, so the alias, depth, number and text limits
        hold exactly as on the pure-Python path."""

        def __init__(self, stream: str) -> None:
            CParser.__init__(self, stream)
            Composer.__init__(self)
            SafeConstructor.__init__(self)
            Resolver.__init__(self)
            self._start_limits()

        def error_line(self) -> int | None:
            return None  # libyaml reports where it stopped in its errors, not on demand

    _LOADERS.insert(0, _CLineLoader)

#: The loader read_yaml uses: libyaml's parser when PyYAML was built with it.
Loader: type[Any] = _LOADERS[0]


def _no_dates(loader: SafeConstructor, node: Node) -> str:
    """Keep dates as the curator wrote them (strings), so output never depends on parsing."""
    return str(loader.construct_scalar(node))  # type: ignore[arg-type]


for _loader in _LOADERS:
    _loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _Limits.construct_mapping)
    _loader.add_constructor("tag:yaml.org,2002:timestamp", _no_dates)
    _loader.add_constructor("tag:yaml.org,2002:int", _Limits.construct_yaml_int)
    _loader.add_constructor("tag:yaml.org,2002:float", _Limits.construct_yaml_float)
    _loader.add_constructor("tag:yaml.org,2002:str", _Limits.construct_yaml_str)


def read_yaml(path: Path, loader_class: type[Any] | None = None, *, table: bool = False) -> LineMap:
    """Parse ``path``; its top level must be a mapping. Errors name the file and line.
    ``loader_class`` (tests) picks a loader of :data:`_LOADERS`; the default is :data:`Loader`.
    A shared ``table`` may be up to :data:`MAX_TABLE_BYTES`, any other file :data:`MAX_FILE_BYTES`."""
    try:
        size = path.stat().st_size
        if table and size > MAX_TABLE_BYTES:
            raise DataError(path, f"the file is {size} bytes, more than the {MAX_TABLE_BYTES} a shared "
                            "table may have")
        if not table and size > MAX_FILE_BYTES:
            raise DataError(path, f"the file is {size} bytes, more than the {MAX_FILE_BYTES} a curated "
                            "file may have; split it (one species account per file)")
        text = path.read_text(encoding="utf-8")
    except OSError as err:
        raise DataError(path, f"cannot read file: {err.strerror}") from err
    except UnicodeDecodeError as err:
        raise DataError(path, f"not UTF-8 text ({err.reason} at byte {err.start})") from err
    bad = yaml.reader.Reader.NON_PRINTABLE.search(text)
    if bad is not None:
        raise DataError(path, f"the character U+{ord(bad.group()):04X} is not allowed in YAML (a control "
                        "character); remove it", line=text.count("\n", 0, bad.start()) + 1)
    data = _fast(text, path) if loader_class is None else None
    if data is None:
        data = _full(text, path, loader_class or Loader)
    if not isinstance(data, LineMap):
        raise DataError(path, "the top level must be a mapping of keys to values", line=1)
    return data


def _fast(text: str, path: Path) -> Any:
    """The plain file's values from libyaml's events (:mod:`wildkg.curation.yamlfast`), or None
    when the full loader must read it (no libyaml, or anything but plain YAML, or an error)."""
    if not HAS_LIBYAML:
        return None
    loader = _CLineLoader(text)
    loader.file = path
    try:
        return yamlfast.build(loader, LineMap, _CONTROL, MAX_DEPTH)
    except Exception:  # the full loader decides: it reads the file again and names any error
        return None
    finally:
        loader.dispose()


def _full(text: str, path: Path, loader_class: type[Any]) -> Any:
    loader = loader_class(text)
    loader.file = path
    try:
        data = loader.get_single_data()
    except yaml.MarkedYAMLError as err:
        mark = err.problem_mark or err.context_mark
        problem = err.problem or "syntax error"
        if problem.startswith("exceeded maximum nesting depth"):  # libyaml's own limit (1,000) came first
            problem, err.context = f"nested more than {MAX_DEPTH} levels deep", None
        if err.context:
            problem = f"{problem} ({err.context})"
        raise DataError(path, f"YAML syntax error: {problem}", line=mark.line + 1 if mark else None) from err
    except yaml.YAMLError as err:
        raise DataError(path, f"YAML error: {err}") from err
    except RecursionError:
        raise DataError(path, "nested too deeply", line=loader.error_line()) from None
    finally:
        loader.dispose()
    if data is None:
        raise DataError(path, "file is empty")
    return data
