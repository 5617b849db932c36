"""The three ways curated YAML is read (decision 0022) give the same values and the same errors:
the fast path (libyaml events straight to values), libyaml's parser under our Python composer,
and PyYAML's pure-Python loader. The limits of issue 13 hold on the C path."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.curation.test_loader_hardening import CASES, FRAGMENTS
from tests.helpers import DATA_DIR, REPO
from wildkg.curation import yamlio
from wildkg.errors import DataError

needs_libyaml = pytest.mark.skipif(not yamlio.HAS_LIBYAML, reason="PyYAML without libyaml")
PURE = yamlio._LineLoader


def shape(value: Any) -> Any:
    """A value with every line number the loader recorded, comparable with ``==``."""
    if isinstance(value, yamlio.LineMap):
        return ("map", value.line, sorted(value.key_lines.items()), [(k, shape(v)) for k, v in value.items()])
    if isinstance(value, list):
        return [shape(v) for v in value]
    return (type(value).__name__, value)


def outcome(path: Path, loader: type[Any] | None) -> Any:
    try:
        return shape(yamlio.read_yaml(path, loader))
    except DataError as err:
        return ("error", str(err))


SHIPPED = sorted(DATA_DIR.rglob("*.yaml")) + sorted((REPO / "docs" / "templates").rglob("*.yaml"))


@needs_libyaml
@pytest.mark.parametrize("path", SHIPPED, ids=lambda p: p.name)
def test_shipped_files_read_the_same_on_every_path(path: Path) -> None:
    """Values, key lines and mapping lines of every shipped file are identical on the fast path,
    the C-parser path and the pure-Python path; and the fast path really is taken for them."""
    pure = outcome(path, PURE)
    assert outcome(path, None) == pure
    assert outcome(path, yamlio._CLineLoader) == pure
    assert yamlio._fast(path.read_text(encoding="utf-8"), path) is not None


@needs_libyaml
@pytest.mark.parametrize(("file", "extra", "fragment"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_hostile_yaml_is_refused_on_the_c_path_with_the_same_line(data_copy: Path, file: str, extra: str,
                                                                   fragment: str) -> None:
    """Alias bombs, depth bombs, huge and non-finite numbers, control characters: libyaml's
    parser feeding our composer refuses each with the very error line of the pure-Python loader,
    and the default reader (fast path first) falls back to it and says the same."""
    path = data_copy / file
    path.write_text(path.read_text(encoding="utf-8") + extra, encoding="utf-8")
    on_c, pure, default = (outcome(path, loader) for loader in (yamlio._CLineLoader, PURE, None))
    assert on_c[0] == "error" and fragment in on_c[1], on_c
    assert on_c == pure == default


@needs_libyaml
@pytest.mark.parametrize("text", [
    "a: &x 1\nb: *x\n",                     # anchors and aliases
    "base: &b {k: 1}\nm:\n  <<: *b\n  j: 2\n",  # a merge key
    "a: !!str 12\n",                        # an explicit tag
    "a: 1\na: 2\n",                         # a duplicate key
    "a: [1, 2\n",                           # a syntax error
])
def test_fast_path_leaves_anything_but_plain_yaml_to_the_full_loader(tmp_path: Path, text: str) -> None:
    path = tmp_path / "x.yaml"
    path.write_text(text, encoding="utf-8")
    assert yamlio._fast(text, path) is None
    assert outcome(path, None) == outcome(path, yamlio._CLineLoader)


@needs_libyaml
@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.one_of(FRAGMENTS, st.sampled_from(["a: 1\n", "b: x\n", "- 2.5\n", "c: null\n", "d: yes\n",
                                                      "e: 2026-01-01\n", "  f: '7'\n"]),
                          st.text(max_size=12)), max_size=40).map("".join))
def test_fuzzed_yaml_reads_the_same_fast_and_on_the_c_path(tmp_path: Path, text: str) -> None:
    """Generated YAML: whatever the fast path returns, the full loader on the same parser returns
    too (values and lines), and every error is the full loader's."""
    path = tmp_path / "fuzz.yaml"
    path.write_bytes(text.encode("utf-8", "surrogatepass"))
    assert outcome(path, None) == outcome(path, yamlio._CLineLoader)
