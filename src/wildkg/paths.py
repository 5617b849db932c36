"""Where wildkg finds its shipped resources and writes its outputs."""

from __future__ import annotations

import os
from pathlib import Path


def _find_root() -> Path:
    """The project folder holding ``ontology/`` and ``queries/``.

    ``WILDKG_ROOT`` wins; otherwise the checkout this package was installed from
    (``pip install -e .``), otherwise the current directory.
    """
    env = os.environ.get("WILDKG_ROOT")
    if env:
        return Path(env).resolve()
    here = Path(__file__).resolve().parents[2]
    if (here / "ontology" / "wildkg.ttl").is_file():
        return here
    return Path.cwd()


ROOT = _find_root()
ONTOLOGY_DIR = ROOT / "ontology"
DATA_DIR = ROOT / "data"
QUERIES_DIR = ROOT / "queries"

#: Outputs go under ``out/`` in the current directory unless told otherwise.
OUT_DIR = Path("out")
TTL_NAME = "wildkg.ttl"
STORE_NAME = "store"
HTML_NAME = "wildkg.html"


def default_ttl(out_dir: Path = OUT_DIR) -> Path:
    return out_dir / TTL_NAME


def default_store(out_dir: Path = OUT_DIR) -> Path:
    return out_dir / STORE_NAME


def default_html(out_dir: Path = OUT_DIR) -> Path:
    return out_dir / HTML_NAME
