"""Atomic output: files written beside their target and renamed over it; a build's outputs
published together by one switch.

A build writes every output (Turtle, store, page) into a fresh version folder
``out/.wildkg/versions/<id>/``. Publishing is then ONE atomic operation: the symbolic link
``out/.wildkg/current`` is replaced (a rename) to point at the new version. ``out/wildkg.ttl``,
``out/store`` and ``out/wildkg.html`` are fixed links through ``current``, so a reader sees
either every old output or every new one, and a ``kill -9`` at any moment leaves a consistent
``out/``. Leftovers of an interrupted build (version folders nothing points at, staging and
``.old`` folders of earlier wildkg versions) are removed at the next build.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

from wildkg.errors import WildkgError


def _read_umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


#: Read once at import: changing the umask later would race with other threads.
UMASK = _read_umask()

#: The build's own folder inside ``out/``: versions, the current link, the cache, the lock.
STATE = ".wildkg"
CURRENT = "current"
VERSIONS = "versions"
#: Names earlier wildkg versions left behind when interrupted.
_LEGACY = (".build-", ".store.old-", ".store.tmp-", ".wildkg.ttl.", ".wildkg.html.")


def output_target(target: Path) -> Path:
    """The file that writing ``target`` replaces: a symlink's final target (the link stays a
    link), never a FIFO, device or folder, which a rename would silently replace (issue 13, F5)."""
    try:
        real = target.resolve(strict=False)
    except (OSError, RuntimeError) as err:  # a symlink loop
        raise WildkgError(f"{target}: cannot tell which file to write: {err}") from None
    if real.exists() and not real.is_file():
        raise WildkgError(f"{target}: not a regular file (a folder, FIFO or device); refusing to replace it")
    return real


@contextlib.contextmanager
def atomic_path(target: Path) -> Iterator[Path]:
    """Yield a temporary path beside ``target``; on success it replaces ``target``
    (through a symlink: its target is replaced; see :func:`output_target`)."""
    target = output_target(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    os.close(fd)
    tmp_path = Path(tmp)
    tmp_path.chmod(0o666 & ~UMASK)  # mkstemp makes 0600; outputs are ordinary files
    try:
        yield tmp_path
        tmp_path.replace(target)
    finally:
        tmp_path.unlink(missing_ok=True)


def write_bytes(target: Path, data: bytes) -> None:
    """Write ``data`` to ``target`` atomically."""
    with atomic_path(target) as tmp:
        tmp.write_bytes(data)


def replace_dir(new: Path, target: Path) -> None:
    """Replace the folder ``target`` by ``new``: two renames, the old folder deleted last."""
    new.chmod(0o777 & ~UMASK)  # mkdtemp makes 0700
    old: Path | None = None
    if target.exists():
        old = Path(tempfile.mkdtemp(prefix=f".{target.name}.old-", dir=target.parent))
        old.rmdir()
        target.replace(old)
    new.replace(target)
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)


@contextlib.contextmanager
def build_lock(out_dir: Path) -> Iterator[None]:
    """One build at a time per ``out/`` (so one build's cleanup never removes another's work)."""
    state = out_dir / STATE
    state.mkdir(parents=True, exist_ok=True)
    with (state / "lock").open("a") as fh:
        fcntl.flock(fh, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(fh, fcntl.LOCK_UN)


def new_version(out_dir: Path) -> Path:
    """A fresh, empty version folder for a build to write into."""
    versions = out_dir / STATE / VERSIONS
    versions.mkdir(parents=True, exist_ok=True)
    folder = Path(tempfile.mkdtemp(prefix="v-", dir=versions))
    folder.chmod(0o777 & ~UMASK)
    return folder


def current_version(out_dir: Path) -> Path | None:
    link = out_dir / STATE / CURRENT
    return link.resolve() if link.is_symlink() else None


def _symlink_over(link_target: str, path: Path) -> None:
    """Make ``path`` a symbolic link to ``link_target`` with one rename."""
    tmp = path.with_name(f".{path.name}.link-{os.getpid()}")
    tmp.unlink(missing_ok=True)
    tmp.symlink_to(link_target)
    if path.is_dir() and not path.is_symlink():  # a store folder of the layout before versions
        old = path.with_name(f".{path.name}.old-{os.getpid()}")
        path.replace(old)
        tmp.replace(path)
        shutil.rmtree(old, ignore_errors=True)
    else:
        tmp.replace(path)


def publish(version: Path, out_dir: Path, names: list[str]) -> list[Path]:
    """Publish the finished ``version`` folder: one atomic switch of ``out/.wildkg/current``.

    The links ``out/<name>`` → ``.wildkg/current/<name>`` are made once (on the first build,
    or when an output appears); an output the version lacks (no page with ``--no-html``) loses
    its link rather than showing a page of an older build.
    """
    _symlink_over(f"{VERSIONS}/{version.name}", out_dir / STATE / CURRENT)  # the switch
    placed = []
    for entry in sorted(version.iterdir()):
        if entry.name.startswith("."):  # the build's own state (its manifest), not an output
            continue
        path = out_dir / entry.name
        want = f"{STATE}/{CURRENT}/{entry.name}"
        if not (path.is_symlink() and str(path.readlink()) == want):
            _symlink_over(want, path)
        if entry.name in names:
            placed.append(path)
    for stale in ("wildkg.ttl", "store", "wildkg.html"):
        path = out_dir / stale
        if path.is_symlink() and not (version / stale).exists():
            path.unlink()
    clean(out_dir)
    return sorted(placed, key=lambda p: names.index(p.name))


def clean(out_dir: Path) -> None:
    """Remove every version folder except the current one, and leftovers of older layouts."""
    keep = current_version(out_dir)
    versions = out_dir / STATE / VERSIONS
    if versions.is_dir():
        for folder in versions.iterdir():
            if folder.resolve() != keep:
                shutil.rmtree(folder, ignore_errors=True)
    if out_dir.is_dir():
        for entry in out_dir.iterdir():
            if entry.name.startswith(_LEGACY) or ".link-" in entry.name:
                if entry.is_dir() and not entry.is_symlink():
                    shutil.rmtree(entry, ignore_errors=True)
                else:
                    entry.unlink(missing_ok=True)
    state = out_dir / STATE
    if state.is_dir():
        for entry in state.iterdir():
            if ".link-" in entry.name:
                entry.unlink(missing_ok=True)
