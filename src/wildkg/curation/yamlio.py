"""Reading curated YAML with the line of every mapping and key, for errors a curator can act on."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml
from yaml.nodes import MappingNode, Node

from wildkg.errors import DataError


class LineMap(dict[str, Any]):
    """A YAML mapping that remembers the line (1-based) it starts on and where each key is."""

    line: int
    key_lines: dict[str, int]

    def line_of(self, key: str) -> int:
        return self.key_lines.get(key, self.line)


#: libyaml's parser when PyYAML was built with it (about 5x faster on species accounts; the
#: mappings are still built by the Python constructor below, so lines and errors are the same).
_SafeBase: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _LineLoader(_SafeBase):  # type: ignore[misc]
    """A safe loader whose mappings are :class:`LineMap` and which refuses duplicate keys."""

    file: Path

    def construct_mapping(self, node: MappingNode, deep: bool = False) -> LineMap:
        self.flatten_mapping(node)
        result = LineMap()
        result.line = node.start_mark.line + 1
        result.key_lines = {}
        for key_node, value_node in node.value:
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


_LineLoader.add_constructor(
    yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG,
    _LineLoader.construct_mapping,
)


def _no_dates(loader: yaml.SafeLoader, node: Node) -> str:
    """Keep dates as the curator wrote them (strings), so output never depends on parsing."""
    return str(loader.construct_scalar(node))  # type: ignore[arg-type]


_LineLoader.add_constructor("tag:yaml.org,2002:timestamp", _no_dates)


def read_yaml(path: Path) -> LineMap:
    """Parse ``path``; its top level must be a mapping. Errors name the file and line."""
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as err:
        raise DataError(path, f"cannot read file: {err.strerror}") from err
    except UnicodeDecodeError as err:
        raise DataError(path, f"not UTF-8 text ({err.reason} at byte {err.start})") from err
    loader = _LineLoader(text)
    loader.file = path
    try:
        data = loader.get_single_data()
    except yaml.MarkedYAMLError as err:
        mark = err.problem_mark or err.context_mark
        problem = err.problem or "syntax error"
        if err.context:
            problem = f"{problem} ({err.context})"
        raise DataError(path, f"YAML syntax error: {problem}", line=mark.line + 1 if mark else None) from err
    except yaml.YAMLError as err:
        raise DataError(path, f"YAML error: {err}") from err
    finally:
        loader.dispose()
    if data is None:
        raise DataError(path, "file is empty")
    if not isinstance(data, LineMap):
        raise DataError(path, "the top level must be a mapping of keys to values", line=1)
    return data
