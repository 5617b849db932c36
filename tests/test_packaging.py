"""The package works after a normal install, away from the checkout.

The wheel is built from the checkout and installed into a fresh virtual environment in a
temporary folder; every command then runs from a temporary project holding a copy of the
shipped data, so nothing can be found by guessing where the repository is. The environment
borrows the test environment's dependencies through a ``.pth`` line (not the editable
install of wildkg, which lives in a ``.pth`` file that a path line does not process), so the
test needs no network.
"""

from __future__ import annotations

import csv
import io
import json
import os
import shutil
import subprocess
import sys
import sysconfig
from pathlib import Path

import pytest

from tests.helpers import DATA_DIR, REPO

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def wheel_env(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A virtual environment with the wheel of this checkout installed (not editable)."""
    base = tmp_path_factory.mktemp("wheel")
    dist = base / "dist"
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q",
                    "-w", str(dist), str(REPO)], check=True, cwd=base)
    wheel = next(dist.glob("wildkg-*.whl"))
    venv = base / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    site = Path(subprocess.run([str(venv / "bin" / "python"), "-c", "import sysconfig; print(sysconfig.get_path('purelib'))"],
                               check=True, capture_output=True, text=True).stdout.strip())
    (site / "borrowed-deps.pth").write_text(sysconfig.get_path("purelib") + "\n", encoding="utf-8")
    subprocess.run([str(venv / "bin" / "python"), "-m", "pip", "install", "-q", "--no-deps", str(wheel)], check=True)
    return venv


def _run(venv: Path, *args: str, cwd: Path, check: bool = True) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k not in ("WILDKG_PROJECT", "PYTHONPATH")}
    return subprocess.run([str(venv / "bin" / "wildkg"), *args], cwd=cwd, env=env, check=check,
                          capture_output=True, text=True, timeout=300)


def test_the_installed_package_is_the_wheel_not_the_checkout(wheel_env: Path, tmp_path: Path) -> None:
    out = subprocess.run([str(wheel_env / "bin" / "python"), "-c", "import wildkg; print(wildkg.__file__)"],
                         cwd=tmp_path, check=True, capture_output=True, text=True).stdout
    assert Path(out.strip()).is_relative_to(wheel_env)


def test_readme_tour_runs_from_an_installed_wheel_in_a_project_elsewhere(wheel_env: Path, tmp_path: Path) -> None:
    from wildkg import __version__

    assert _run(wheel_env, "--version", cwd=tmp_path).stdout.strip() == f"wildkg {__version__}"
    listed = _run(wheel_env, "query", "--list", cwd=tmp_path).stdout
    assert "predators" in listed and "threat-hierarchy" in listed

    outside = _run(wheel_env, "build", cwd=tmp_path, check=False)
    assert outside.returncode == 2 and "no wildkg project here" in outside.stderr

    proj = tmp_path / "my project"
    shutil.copytree(DATA_DIR, proj / "data")
    sub = proj / "notes"
    sub.mkdir()
    _run(wheel_env, "build", cwd=sub)  # found from a subfolder, outputs in the project's out/
    assert (proj / "out" / "wildkg.ttl").is_file() and not (sub / "out").exists()
    assert _run(wheel_env, "validate", cwd=sub).returncode == 0
    answer = _run(wheel_env, "query", "predators", "--format", "csv", cwd=proj).stdout
    rows = list(csv.DictReader(io.StringIO(answer)))
    assert len(rows) == 7
    assert {r["name"] for r in rows if r["lifeStage"] == "juvenile"} == {"large raptors", "yellow-throated marten"}
    exported = _run(wheel_env, "export", "--format", "jsonld", cwd=proj).stdout
    assert json.loads(exported)
    # --project from anywhere
    stats = _run(wheel_env, "--project", str(proj), "stats", cwd=tmp_path).stdout
    assert "Species" in stats or "species" in stats


def test_example_notebook_runs_on_the_installed_wheel(wheel_env: Path, tmp_path: Path) -> None:
    """docs/example.ipynb, run by a kernel of the wheel's environment from a project's docs/ folder."""
    import nbformat
    from nbclient import NotebookClient

    proj = tmp_path / "proj"
    shutil.copytree(DATA_DIR, proj / "data")
    _run(wheel_env, "build", "--no-html", cwd=proj)
    kernels = tmp_path / "jupyter" / "kernels" / "wheel"
    kernels.mkdir(parents=True)
    (kernels / "kernel.json").write_text(json.dumps({
        "argv": [str(wheel_env / "bin" / "python"), "-m", "ipykernel_launcher", "-f", "{connection_file}"],
        "display_name": "wildkg wheel", "language": "python"}), encoding="utf-8")
    docs = proj / "docs"
    docs.mkdir()
    old = os.environ.get("JUPYTER_PATH")
    os.environ["JUPYTER_PATH"] = str(tmp_path / "jupyter")
    try:
        notebook = nbformat.read(REPO / "docs" / "example.ipynb", as_version=4)
        NotebookClient(notebook, timeout=180, kernel_name="wheel",
                       resources={"metadata": {"path": str(docs)}}).execute()
    finally:
        if old is None:
            os.environ.pop("JUPYTER_PATH", None)
        else:
            os.environ["JUPYTER_PATH"] = old
    errors = [o for c in notebook.cells if c.cell_type == "code" for o in c.outputs if o.output_type == "error"]
    assert not errors
