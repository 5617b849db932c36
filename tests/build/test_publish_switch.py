"""F11: a build killed with SIGKILL at any point of publishing leaves a consistent out/ (the
Turtle and the store of ONE build), and the next build removes what the killed one left."""

from __future__ import annotations

import signal
import subprocess
import sys
from pathlib import Path

import pyoxigraph as ox
import pytest

from tests.build.test_reference_build import canonical_lines
from wildkg import project
from wildkg.build.pipeline import build

#: Runs a build that SIGKILLs itself on the n-th call of ``wildkg.build.publish.<name>``.
_KILLED_BUILD = r"""
import os, signal, sys
from pathlib import Path
import wildkg.build.publish as publish
from wildkg import project
from wildkg.build import incremental
from wildkg.build.pipeline import build
name, n, cache = sys.argv[3], int(sys.argv[4]), sys.argv[5] == "cache"
patch = incremental.patch_store
def announce(*args, **kwargs):
    print("incremental", flush=True)
    return patch(*args, **kwargs)
incremental.patch_store = announce
real, calls = getattr(publish, name), []
def killer(*args, **kwargs):
    calls.append(1)
    if len(calls) == n:
        os.kill(os.getpid(), signal.SIGKILL)
    return real(*args, **kwargs)
setattr(publish, name, killer)
build(Path(sys.argv[1]), project.ONTOLOGY_DIR, Path(sys.argv[2]), html=False, cache=cache)
"""


def _store_lines(out: Path) -> list[str]:
    store = ox.Store.read_only(str(out / project.STORE_NAME))
    return sorted({f"{q.subject} {q.predicate} {q.object} .\n"
                   for q in store.quads_for_pattern(None, None, None, ox.DefaultGraph())})


def _edit(data: Path) -> None:
    path = data / "species" / "moschus-leucogaster.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("max: 22\n", "max: 23\n"), encoding="utf-8")


@pytest.mark.parametrize("cache", ["cache", "no-cache"])  # with the cache, the build is incremental
@pytest.mark.parametrize(("where", "nth", "published"), [
    ("_symlink_over", 1, False),  # killed just before the switch: the old build stays
    ("clean", 2, True),           # killed just after the switch (in the cleanup): the new build is out
])
def test_kill_during_publishing_leaves_one_whole_build(tmp_path: Path, data_copy: Path, where: str, nth: int,
                                                        published: bool, cache: str) -> None:
    out = tmp_path / "out"
    build(data_copy, project.ONTOLOGY_DIR, out, html=False)
    old = canonical_lines(out / project.TTL_NAME)
    _edit(data_copy)
    proc = subprocess.run([sys.executable, "-c", _KILLED_BUILD, str(data_copy), str(out), where, str(nth), cache],
                          capture_output=True, text=True)
    assert proc.returncode == -signal.SIGKILL, proc.stderr
    assert ("incremental" in proc.stdout) is (cache == "cache")
    ttl = canonical_lines(out / project.TTL_NAME)
    assert ttl == _store_lines(out), "Turtle and store of different builds"
    assert (ttl != old) is published
    # The next build cleans up what the killed one left: one version, no temporary links.
    build(data_copy, project.ONTOLOGY_DIR, out, html=False)
    assert len(list((out / ".wildkg" / "versions").iterdir())) == 1
    assert not [p for p in (out / ".wildkg").iterdir() if ".link-" in p.name]
    assert canonical_lines(out / project.TTL_NAME) == _store_lines(out)
    fresh = tmp_path / "fresh"  # and what is published is what a full build of the data gives
    build(data_copy, project.ONTOLOGY_DIR, fresh, html=False, cache=False)
    assert (out / project.TTL_NAME).read_bytes() == (fresh / project.TTL_NAME).read_bytes()


def test_leftovers_of_the_old_layout_are_removed(tmp_path: Path, data_copy: Path) -> None:
    """`.build-*` staging folders and `.store.old-*` folders of interrupted older builds, and a
    plain out/store folder, are cleaned or replaced by the next build."""
    out = tmp_path / "out"
    (out / ".build-abc123" / "store").mkdir(parents=True)
    (out / ".store.old-xyz").mkdir()
    (out / "store").mkdir()
    (out / "store" / "OLD").write_text("x")
    (out / "wildkg.ttl").write_text("old", encoding="utf-8")
    build(data_copy, project.ONTOLOGY_DIR, out, html=False)
    assert sorted(p.name for p in out.iterdir()) == [".wildkg", "store", "wildkg.ttl"]
    assert (out / "store").is_symlink() and (out / "wildkg.ttl").is_symlink()
    assert canonical_lines(out / project.TTL_NAME) == _store_lines(out)


def test_a_build_without_the_page_does_not_leave_an_older_page(tmp_path: Path, data_copy: Path) -> None:
    out = tmp_path / "out"
    build(data_copy, project.ONTOLOGY_DIR, out, html=True)
    assert (out / project.HTML_NAME).is_file()
    build(data_copy, project.ONTOLOGY_DIR, out, html=False)
    assert not (out / project.HTML_NAME).exists()
