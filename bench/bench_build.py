"""Benchmark of ``wildkg build`` at scale, side by side with the floor, in one run.

For each curated data folder (``bench/generate.py --species N``): the full build (no cache),
its peak memory and triples, and in the same round the FLOOR: a raw pyoxigraph ``bulk_load``
of the Turtle that build wrote into a fresh on-disk store (time and peak memory of that
process). Then an incremental rebuild after editing one account, and ``validate``, ``stats``
and ``viz`` on the built store. Every measurement runs in its own process; medians of rounds.

    .venv/bin/python bench/bench_build.py --species 100 1000 10000 --rounds 3
    → a Markdown table on stdout and bench/results/build.json
"""

from __future__ import annotations

import argparse
import json
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from floor_load import floor

ROOT = Path(__file__).resolve().parents[1]
PY = sys.executable

#: Runs a command in a child and prints its wall time and its peak memory (MB): the largest sum
#: of the proportional set sizes (PSS: a page shared by n processes counts 1/n in each) of the
#: command and every process under it at one moment, sampled every 0.1 s; never less than the
#: largest single process's peak (ru_maxrss).
_MEASURE = r"""
import resource, subprocess, sys, time
import psutil
out = sys.argv[1]
t = time.perf_counter()
peak = 0
with open(out if out != "-" else "/dev/null", "w") as fh:
    proc = subprocess.Popen(sys.argv[2:], stdout=fh)
    root = psutil.Process(proc.pid)
    while proc.poll() is None:
        total = 0
        try:
            for p in [root, *root.children(recursive=True)]:
                try:
                    total += p.memory_full_info().pss
                except psutil.Error:
                    pass
        except psutil.Error:
            pass
        peak = max(peak, total)
        time.sleep(0.1)
    rc = proc.returncode
wall = time.perf_counter() - t
kids = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
print(wall, max(kids, peak / 2**20), rc)
"""


def measure(cmd: list[str], stdout: Path | None = None) -> tuple[float, float]:
    """Wall time and peak RSS of ``cmd`` (its standard output kept in ``stdout`` if given)."""
    out = subprocess.run([PY, "-c", _MEASURE, str(stdout or "-"), *cmd], capture_output=True, text=True,
                         check=True).stdout.split()
    if out[2] != "0":
        raise SystemExit(f"failed: {' '.join(cmd)}")
    return float(out[0]), float(out[1])


def wildkg(project: Path, *args: str) -> list[str]:
    return [str(ROOT / ".venv" / "bin" / "wildkg"), "--project", str(project), *args]


def _middle(project: Path) -> tuple[list[Path], Path]:
    files = sorted((project / "data" / "species").glob("*.yaml"))
    return files, files[len(files) // 2]


def touch_one(project: Path, round_no: int) -> None:
    """Edit one account as a curator would: a new sentence in its summary."""
    path = _middle(project)[1]
    text = path.read_text(encoding="utf-8")
    lines = [line for line in text.splitlines() if not line.startswith("summary:")]
    lines.insert(2, f"summary: Edited in benchmark round {round_no} at {time.time():.0f}.")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def add_predator(project: Path, round_no: int) -> None:
    """Edit the structure of one account: one more predator (new facts, a new line in the
    predator's own block of the Turtle)."""
    files, path = _middle(project)
    text = path.read_text(encoding="utf-8")
    for step in range(len(files)):  # one not listed yet: a data folder edited by an earlier run
        other = files[(len(files) // 3 + round_no + step) % len(files)]
        taxon = next(line.split(":", 1)[1].strip() for line in other.read_text(encoding="utf-8").splitlines()
                     if line.startswith("taxon:"))
        if f"- taxon: {taxon}\n" not in text:
            break
    entry = f"- taxon: {taxon}\n  cite: Ecology\n"
    text = (text.replace("\npredators:\n", f"\npredators:\n{entry}", 1) if "\npredators:\n" in text
            else text + f"predators:\n{entry}")
    path.write_text(text, encoding="utf-8")


def run_size(n: int, rounds: int, extras: bool, jobs: int | None, commands: bool = True,
             html: bool = True) -> dict[str, Any]:
    project = ROOT / "bench" / "data" / f"curated-{n}"
    if not project.is_dir():
        raise SystemExit(f"{project}: generate it first (bench/generate.py --species {n})")
    out = project / "out"
    jobs_args = (["--jobs", str(jobs)] if jobs else []) + ([] if html else ["--no-html"])
    rows: dict[str, list[float]] = {}

    def add(key: str, value: float) -> None:
        rows.setdefault(key, []).append(value)

    triples = 0
    for r in range(rounds):
        shutil.rmtree(out, ignore_errors=True)
        wall, peak = measure(wildkg(project, "build", "--no-cache", *jobs_args))
        add("build_s", wall)
        add("build_peak_mb", peak)
        f_wall, f_peak, triples = floor(out / "wildkg.ttl", project / "floor-store")
        add("floor_s", f_wall)
        add("floor_peak_mb", f_peak)
        add("ratio_time", wall / f_wall)
        add("ratio_peak", peak / f_peak)
        print(f"  {n} round {r + 1}: build {wall:.1f} s / floor {f_wall:.2f} s = {wall / f_wall:.1f}x, "
              f"peak {peak:.0f} / {f_peak:.0f} MB", file=sys.stderr, flush=True)
        if extras:
            measure(wildkg(project, "build", *jobs_args))  # fill the cache, write the manifest
            logs = ROOT / "bench" / "results"
            suffix = "" if html else "-no-html"
            logs.mkdir(parents=True, exist_ok=True)
            touch_one(project, r)
            add("incremental_s", measure(wildkg(project, "build", "-v", *jobs_args),
                                         logs / f"incremental-{n}{suffix}-summary.txt")[0])
            add_predator(project, r)
            add("incremental_predator_s", measure(wildkg(project, "build", "-v", *jobs_args),
                                                  logs / f"incremental-{n}{suffix}-predator.txt")[0])
            if r == 0:  # the patched outputs against a full build of the same (edited) data
                fresh = project / "fresh-out"
                shutil.rmtree(fresh, ignore_errors=True)
                measure(wildkg(project, "build", "--no-cache", "--out-dir", str(fresh), *jobs_args))
                same = all((out / name).read_bytes() == (fresh / name).read_bytes()
                           for name in ("wildkg.ttl", "wildkg.html") if html or name != "wildkg.html")
                print(f"  {n}: incremental outputs byte-identical to a full build: {same}", file=sys.stderr)
                if not same:
                    raise SystemExit("the incremental build differs from a full build")
                shutil.rmtree(fresh, ignore_errors=True)
        if extras and commands:
            add("validate_s", measure(wildkg(project, "validate"))[0])
            add("stats_s", measure(wildkg(project, "stats"))[0])
            add("viz_s", measure(wildkg(project, "viz", "-o", str(project / "viz.html")))[0])
    result: dict[str, Any] = {"species": n, "triples": triples, "rounds": rounds}
    result.update({k: statistics.median(v) for k, v in rows.items()})
    return result


def incremental_only(n: int, rounds: int, html: bool) -> dict[str, Any]:
    """Rebuilds of an already built project (its manifest in place): per round a summary edit
    and a predator added, each its own process, and the floor on the Turtle in the same run."""
    project = ROOT / "bench" / "data" / f"curated-{n}"
    args = [] if html else ["--no-html"]
    suffix = "" if html else "-no-html"
    logs = ROOT / "bench" / "results"
    rows: dict[str, list[float]] = {}
    measure(wildkg(project, "build", *args))  # the page switched on or off: settle it first
    for r in range(rounds):
        touch_one(project, 100 + r)
        rows.setdefault("incremental_s", []).append(
            measure(wildkg(project, "build", "-v", *args), logs / f"incremental-{n}{suffix}-summary.txt")[0])
        add_predator(project, 100 + r)
        rows.setdefault("incremental_predator_s", []).append(
            measure(wildkg(project, "build", "-v", *args), logs / f"incremental-{n}{suffix}-predator.txt")[0])
        f_wall, _, triples = floor(project / "out" / "wildkg.ttl", project / "floor-store")
        rows.setdefault("floor_s", []).append(f_wall)
    fresh = project / "fresh-out"  # the patched outputs against a full build of the edited data
    shutil.rmtree(fresh, ignore_errors=True)
    measure(wildkg(project, "build", "--no-cache", "--out-dir", str(fresh), *args))
    same = all((project / "out" / name).read_bytes() == (fresh / name).read_bytes()
               for name in ("wildkg.ttl", "wildkg.html") if html or name != "wildkg.html")
    shutil.rmtree(fresh, ignore_errors=True)
    print(f"  {n}: incremental outputs byte-identical to a full build: {same}", file=sys.stderr)
    if not same:
        raise SystemExit("the incremental build differs from a full build")
    result: dict[str, Any] = {"species": n, "triples": triples, "rounds": rounds, "html": html, "identical": same}
    result.update({k: statistics.median(v) for k, v in rows.items()})
    result.update({f"{k}_all": v for k, v in rows.items()})
    print(json.dumps(result))
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    parser.add_argument("--species", type=int, nargs="+", default=[100, 1000, 10000])
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--no-extras", action="store_true", help="only build and floor")
    parser.add_argument("--no-commands", action="store_true", help="no validate, stats, viz")
    parser.add_argument("--no-html", action="store_true", help="every build with --no-html")
    parser.add_argument("--incremental-only", action="store_true",
                        help="only rebuilds of the project as built (no full build)")
    parser.add_argument("--jobs", type=int, default=None)
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "results" / "build.json")
    args = parser.parse_args()
    results = []
    if args.incremental_only:
        results = [incremental_only(n, args.rounds, not args.no_html) for n in args.species]
        args.out.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
        return
    for n in args.species:
        results.append(run_size(n, args.rounds, not args.no_extras, args.jobs, not args.no_commands,
                                not args.no_html))
        args.out.parent.mkdir(parents=True, exist_ok=True)
        args.out.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    cols = ["species", "triples", "build_s", "floor_s", "ratio_time", "build_peak_mb", "floor_peak_mb",
            "ratio_peak", "incremental_s", "incremental_predator_s", "validate_s", "stats_s", "viz_s"]
    print("| " + " | ".join(cols) + " |")
    print("|" + "---|" * len(cols))
    for row in results:
        print("| " + " | ".join(f"{row[c]:.2f}" if isinstance(row.get(c), float) else str(row.get(c, "—"))
                                for c in cols) + " |")


if __name__ == "__main__":
    main()
