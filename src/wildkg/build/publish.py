"""Atomic file output: write beside the target, then rename over it.

A failed or interrupted run leaves the previous good output untouched.
"""

from __future__ import annotations

import contextlib
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


def publish(staging: Path, target_dir: Path, names: list[str]) -> list[Path]:
    """Move the finished outputs ``names`` from ``staging`` into ``target_dir``.

    Everything is written into ``staging`` first, so a failure while producing any output
    leaves every previous output in place; this last step is only renames.
    """
    placed = []
    for name in names:
        source, target = staging / name, target_dir / name
        if source.is_dir():
            replace_dir(source, target)
        else:
            source.replace(target)
        placed.append(target)
    return placed
