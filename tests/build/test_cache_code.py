"""The cache's code version covers every module an account's compiled lines depend on.

A cached account is reused while the code version is unchanged (decision 0020); a module that
shapes the lines but is missing from ``cache._CODE`` would let a code change serve stale
lines. This reads the imports (lazy ones too) from the compile's entry points."""

from __future__ import annotations

import ast
from pathlib import Path

import wildkg
from wildkg.build import cache

ROOT = Path(wildkg.__file__).parent
#: Modules reached from the compile that cannot change a compiled line.
NOT_OUTPUT = {"errors.py", "build/cache.py"}


def _imports(module: str) -> set[str]:
    tree = ast.parse((ROOT / module).read_text(encoding="utf-8"))
    found: set[str] = set()
    for node in ast.walk(tree):
        names: list[str] = []
        if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("wildkg"):
            names = [node.module] + [f"{node.module}.{a.name}" for a in node.names]
        elif isinstance(node, ast.Import):
            names = [a.name for a in node.names if a.name.startswith("wildkg")]
        for name in names:
            parts = name.split(".")[1:]
            if not parts:  # "from wildkg import ids": the names are the modules
                continue
            rel = Path(*parts)
            for candidate in (rel.with_suffix(".py"), rel / "__init__.py"):
                if (ROOT / candidate).is_file() and candidate.name != "__init__.py":
                    found.add(candidate.as_posix())
    return found


def test_every_module_the_compile_reaches_is_in_the_code_version() -> None:
    seen: set[str] = set()
    todo = ["build/stream.py", "build/compile.py", "curation/loader.py"]
    while todo:
        module = todo.pop()
        if module in seen:
            continue
        seen.add(module)
        todo.extend(_imports(module) - seen)
    missing = seen - set(cache._CODE) - NOT_OUTPUT
    assert not missing, f"add to wildkg.build.cache._CODE: {sorted(missing)}"


def test_the_code_version_changes_with_a_listed_module(tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    before = cache.code_version()
    fake = tmp_path / "wildkg"
    for name in cache._CODE:
        (fake / name).parent.mkdir(parents=True, exist_ok=True)
        (fake / name).write_bytes((ROOT / name).read_bytes())
    (fake / "__init__.py").write_text("")
    monkeypatch.setattr(wildkg, "__file__", str(fake / "__init__.py"))
    assert cache.code_version() == before
    (fake / "build" / "measures.py").write_bytes((ROOT / "build" / "measures.py").read_bytes() + b"\n# edited\n")
    assert cache.code_version() != before
