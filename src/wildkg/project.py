"""Where wildkg finds its shipped resources and a user's project.

*Shipped resources* (the ontology, shapes, concept schemes and competency queries) are package
data inside ``wildkg`` and found with :mod:`importlib.resources`, so an installed wheel has them.

A *project* is a folder holding a user's curated data (``data/``) and receiving the outputs
(``out/``). It is found from the current folder upwards: the first folder with a ``wildkg.toml``,
or else with a ``data/`` folder holding ``sources.yaml``. ``--project DIR`` (or the
``WILDKG_PROJECT`` variable) names it explicitly. ``wildkg.toml`` may move the two folders::

    data = "data"   # curated YAML, relative to the project folder
    out = "out"     # outputs of ``wildkg build``

Outside any project, outputs go to ``./out`` and commands that need curated data say how to
point at some.
"""

from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from wildkg.errors import InputError

PACKAGE_DIR = Path(str(resources.files("wildkg")))
ONTOLOGY_DIR = PACKAGE_DIR / "ontology"
QUERIES_DIR = PACKAGE_DIR / "queries"
SHAPES_FILE = ONTOLOGY_DIR / "shapes.ttl"

MARKER = "wildkg.toml"
TTL_NAME = "wildkg.ttl"
STORE_NAME = "store"
HTML_NAME = "wildkg.html"


@dataclass(frozen=True)
class Project:
    """A project folder and the two folders wildkg reads and writes in it."""

    root: Path | None
    data_dir: Path | None
    out_dir: Path

    def require_data(self) -> Path:
        """The data folder, or an error telling the user how to name one."""
        if self.data_dir is None:
            raise InputError(
                f"no wildkg project here: no {MARKER} or data/sources.yaml in {Path.cwd()} or above "
                "(give --project DIR or --data-dir DIR)")
        return self.data_dir


def _is_project(folder: Path) -> bool:
    return (folder / MARKER).is_file() or (folder / "data" / "sources.yaml").is_file()


def find_root(start: Path | None = None) -> Path | None:
    """The nearest project folder at or above ``start`` (default: the current folder)."""
    here = (start or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        if _is_project(folder):
            return folder
    return None


def load(root: Path | None) -> Project:
    """The project at ``root`` (``None``: no project; outputs under ``./out``)."""
    if root is None:
        return Project(None, None, Path("out"))
    root = root.resolve()
    if not root.is_dir():
        raise InputError(f"{root}: project folder does not exist")
    settings: dict[str, object] = {}
    marker = root / MARKER
    if marker.is_file():
        try:
            settings = tomllib.loads(marker.read_text(encoding="utf-8"))
        except (tomllib.TOMLDecodeError, UnicodeDecodeError) as err:
            raise InputError(f"{marker}: not valid TOML ({err})") from None
    folders: dict[str, Path] = {}
    for key in ("data", "out"):
        value = settings.get(key, key)
        if not isinstance(value, str) or not value:
            raise InputError(f"{marker}: field '{key}' must be a folder name, not {value!r}")
        folders[key] = root / value
    return Project(root, folders["data"], folders["out"])


_current: Project | None = None


def use(root: Path | None) -> Project:
    """Fix the project for this process (the CLI's ``--project``)."""
    global _current
    _current = load(root if root is not None else find_root())
    return _current


def current() -> Project:
    """The project of this process: ``--project``, ``WILDKG_PROJECT``, or found from here."""
    if _current is not None:
        return _current
    env = os.environ.get("WILDKG_PROJECT")
    return load(Path(env) if env else find_root())


def data_dir() -> Path:
    return current().require_data()


def out_dir() -> Path:
    return current().out_dir


def default_ttl(out: Path | None = None) -> Path:
    return (out or out_dir()) / TTL_NAME


def default_store(out: Path | None = None) -> Path:
    return (out or out_dir()) / STORE_NAME


def default_html(out: Path | None = None) -> Path:
    return (out or out_dir()) / HTML_NAME
