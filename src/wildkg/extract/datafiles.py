"""The one reader extract/ uses for YAML files of ``data/`` (issue 15).

It goes through the curated-data loader's checked reader (:func:`wildkg.curation.yamlio.read_yaml`):
duplicate keys are refused, dates stay text, and every error names the file and line, exactly
as ``wildkg build`` reports them.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from wildkg.curation.yamlio import read_yaml


def read_data(path: Path, *, missing_ok: bool = True) -> dict[str, Any]:
    """The top-level mapping of ``path``; ``{}`` for a missing file when ``missing_ok``."""
    if missing_ok and not path.is_file():
        return {}
    return read_yaml(path)
