"""Helpers for the source importers: run an import into a temporary N-Triples file and read it back."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path

import pytest
from rdflib import Graph

from wildkg.sources.base import ImportOptions
from wildkg.sources.run import Summary, import_files

Importer = Callable[..., tuple[Graph, Summary, Path]]


@pytest.fixture
def run_import(tmp_path: Path) -> Importer:
    """``run_import(("iucn", [path]), …, skip_bad_rows=False)`` -> (graph read back, summary, file)."""
    counter = iter(range(1000))

    def run(*sources: tuple[str, Sequence[Path]], **options: object) -> tuple[Graph, Summary, Path]:
        out = tmp_path / f"import-{next(counter)}.nt"
        summary = import_files(list(sources), out, ImportOptions(**options))  # type: ignore[arg-type]
        return Graph().parse(out, format="nt"), summary, out

    return run
