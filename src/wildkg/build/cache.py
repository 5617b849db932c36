"""The build cache under ``out/.cache/``: each account's compiled N-Triples, keyed by content.

An entry's key is the SHA-256 of the account file's bytes; entries live in a folder named by
the *context*: the code version, the shared data files and the ontology files. Change any of
those and every account recompiles (its triples may depend on them); change one account and
only that one does. Entries no build used are removed after a successful build.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import shutil
from collections.abc import Iterable
from pathlib import Path

import wildkg
from wildkg.curation.loader import Project

#: Modules whose code decides what an account compiles to.
_CODE = ["build/compile.py", "build/measures.py", "build/ontology.py", "build/qualifiers.py",
         "build/stream.py", "build/triples.py", "curation/loader.py", "curation/safety.py",
         "curation/schema.py", "curation/yamlfast.py", "curation/yamlio.py", "ids.py", "namespaces.py",
         "provenance.py"]


def digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def ntriples_lines(text: str) -> list[str]:
    """N-Triples lines split at ``\\n`` only: ``str.splitlines`` also splits at U+2028, U+0085
    and other separators, which Oxigraph leaves unescaped inside literals."""
    parts = text.split("\n")
    lines = [part + "\n" for part in parts[:-1]]
    if parts[-1]:
        lines.append(parts[-1])
    return lines


def code_version() -> str:
    """The package version and the bytes of the compiling modules."""
    h = hashlib.sha256(wildkg.__version__.encode())
    root = Path(wildkg.__file__).parent
    for name in _CODE:
        h.update(name.encode() + b"\0" + (root / name).read_bytes())
    return h.hexdigest()


def context_key(files: Iterable[Path]) -> str:
    """The code version and the bytes (and names) of ``files``."""
    h = hashlib.sha256(code_version().encode())
    for path in files:
        h.update(path.name.encode() + b"\0" + digest(path.read_bytes()).encode())
    return h.hexdigest()[:32]


class Cache:
    """Compiled accounts of one context; ``enabled=False`` reads and writes nothing."""

    def __init__(self, root: Path, context: str, *, enabled: bool = True) -> None:
        self.root = root
        self.folder = root / context
        self.enabled = enabled
        self.used: set[str] = set()
        #: New entries go here at once (not kept in memory); commit() moves them into place.
        self.staging = root / f".staging-{context}-{os.getpid()}"
        self.pending: list[Path] = []

    def _path(self, key: str) -> Path:
        return self.folder / f"{key}.nt"

    def get_account(self, key: str) -> tuple[str, int, list[str]] | None:
        if not self.enabled:
            return None
        try:
            text = self._path(key).read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError):
            return None
        head, _, body = text.partition("\n")
        taxon, _, line = head.removeprefix("# ").rpartition(" ")
        if not head.startswith("# ") or not taxon or not line.isdigit():
            return None
        self.used.add(key)
        return taxon, int(line), ntriples_lines(body)

    def put_account(self, key: str, taxon: str, line: int, lines: list[str]) -> None:
        if not self.enabled:
            return
        self.used.add(key)
        self._stage(self._path(key), f"# {taxon} {line}\n" + "".join(lines))

    def get_shared(self) -> list[str] | None:
        if not self.enabled:
            return None
        try:
            return ntriples_lines((self.folder / "shared.nt").read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError):
            return None

    def put_shared(self, lines: list[str]) -> None:
        if self.enabled:
            self._stage(self.folder / "shared.nt", "".join(lines))

    def get_project(self, data_dir: Path) -> Project | None:
        """The shared records of this context read from ``data_dir`` (an incremental build
        compiles a few accounts against them without reading the shared YAML again)."""
        if not self.enabled:
            return None
        try:
            with (self.folder / "shared.pickle").open("rb") as fh:
                where, project = pickle.load(fh)  # written by put_project into our own out/.wildkg
        except (OSError, ValueError, TypeError, pickle.UnpicklingError, EOFError, AttributeError, ImportError):
            return None
        # Records carry their file paths (for error lines): another folder's are not ours.
        return project if isinstance(project, Project) and where == str(data_dir.resolve()) else None

    def put_project(self, data_dir: Path, project: Project) -> None:
        if self.enabled:
            data = pickle.dumps((str(data_dir.resolve()), project), protocol=pickle.HIGHEST_PROTOCOL)
            self._stage(self.folder / "shared.pickle", data)

    def _stage(self, final: Path, data: str | bytes) -> None:
        try:
            self.staging.mkdir(parents=True, exist_ok=True)
            (self.staging / final.name).write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
            self.pending.append(final)
        except OSError:
            pass  # a cache that cannot be written only makes the next build slower

    def commit(self) -> None:
        """Move the new entries into place and remove the ones this build did not use."""
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            for final in self.pending:
                (self.staging / final.name).replace(final)
        except OSError:
            pass
        self.pending.clear()
        shutil.rmtree(self.staging, ignore_errors=True)
        self.prune()

    def discard(self) -> None:
        """Forget the new entries of a failed build."""
        self.pending.clear()
        shutil.rmtree(self.staging, ignore_errors=True)

    def prune(self) -> None:
        """Remove other contexts' folders and entries this build did not use."""
        if not self.enabled or not self.root.is_dir():
            return
        for folder in self.root.iterdir():
            if folder != self.folder:
                shutil.rmtree(folder, ignore_errors=True)
        if self.folder.is_dir():
            for entry in self.folder.iterdir():
                if entry.name not in ("shared.nt", "shared.pickle") and entry.stem not in self.used:
                    entry.unlink(missing_ok=True)
