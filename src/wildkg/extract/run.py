"""The ``wildkg extract`` command: one article or a folder of them, in parallel."""

from __future__ import annotations

import os
import sys
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from rich.console import Console
from rich.progress import Progress
from rich.table import Table

from wildkg.errors import InputError
from wildkg.extract.draft import render, source_url_problem, write_atomic
from wildkg.extract.evaluate import differences, read_gold, score
from wildkg.extract.formats import KINDS, read_article
from wildkg.extract.model import Extraction, qualifier_text
from wildkg.extract.pipeline import extract_text

SUFFIXES = tuple(KINDS)


def extract_file(path: Path, data_dir: Path, source_url: str | None = None) -> Extraction:
    """Extract one article file (copied text, Markdown, saved HTML or wikitext)."""
    text = read_article(path)
    if not text.strip():
        raise InputError(f"{path}: the article is empty; there is nothing to extract")
    return extract_text(text, data_dir, source_url=source_url, stem=path.stem, path=str(path))


def _job(args: tuple[Path, Path]) -> Extraction:
    return extract_file(*args)


def collect(inputs: list[Path]) -> list[Path]:
    """Article files named directly or found in the given folders, sorted."""
    files: list[Path] = []
    for p in inputs:
        if p.is_dir():
            files += sorted(f for f in p.iterdir() if f.suffix in SUFFIXES and f.is_file())
        elif p.is_file():
            files.append(p)
        else:
            raise InputError(f"{p}: no such file or folder")
    return files


def extract_many(files: list[Path], data_dir: Path, *, progress: bool = True) -> list[Extraction]:
    """Extract several articles on all cores, in input order, with a progress bar."""
    workers = min(len(files), os.cpu_count() or 1)
    with ProcessPoolExecutor(max_workers=workers) as pool, Progress(
        console=Console(stderr=True), disable=not progress, transient=True
    ) as bar:
        task = bar.add_task("extracting", total=len(files))
        results = []
        chunk = max(1, len(files) // (workers * 8))
        for result in pool.map(_job, [(f, data_dir) for f in files], chunksize=chunk):
            results.append(result)
            bar.advance(task)
    return results


def tsv(x: Extraction) -> str:
    """subject, relation, object, qualifiers, confidence, section, start, end, evidence rows."""
    lines = []
    for f in x.facts:
        quals = qualifier_text(f)
        ev = f.evidence
        text = " ".join(ev.text.split())
        lines.append("\t".join([x.subject.id, f.relation, f.object, quals, f"{f.confidence:.2f}",
                                ev.section, str(ev.start), str(ev.end), text]))
    return "".join(line + "\n" for line in lines)


def summary(x: Extraction, console: Console) -> None:
    """The review summary: facts per relation, new entities, what was skipped and why."""
    console.print(f"[bold]{x.path or 'article'}[/] → taxon [cyan]{x.subject.id}[/] "
                  f"({x.subject.scientific_name or 'no scientific name found'}), source {x.source_id}")
    table = Table("relation", "facts", "min confidence")
    counts: dict[str, list[float]] = {}
    for f in x.facts:
        counts.setdefault(f.relation, []).append(f.confidence)
    for rel, confs in counts.items():
        table.add_row(rel, str(len(confs)), f"{min(confs):.2f}")
    console.print(table)
    if not any(f.relation == "redListStatus" for f in x.facts):
        console.print("[yellow]no IUCN Red List status found: add `status:` before building[/]")
    for note in x.notes:
        console.print(f"[yellow]{note}[/]")
    for kind, entities in x.new_entities.items():
        console.print(f"new {kind}: " + ", ".join(e.id for e in entities))
    reasons: dict[str, int] = {}
    for s in x.skipped:
        reasons[s.reason] = reasons.get(s.reason, 0) + 1
    for reason, n in sorted(reasons.items()):
        console.print(f"[dim]skipped {n}× {reason}[/]")


def run_extract(inputs: list[Path], data_dir: Path, *, source_url: str | None, output: Path | None,
                fmt: str, gold: Path | None) -> None:
    """What ``wildkg extract`` does."""
    if fmt not in ("yaml", "tsv"):
        raise InputError(f"unknown --format '{fmt}' (yaml or tsv)")
    files = collect(inputs)
    if not files:
        raise InputError("no article files (.txt, .md, .html, .wiki) found")
    if source_url and len(files) > 1:
        raise InputError("--source-url names one article; give one file")
    if source_url is not None and (problem := source_url_problem(source_url)):
        raise InputError(f"--source-url: {problem}")
    if len(files) == 1:
        results = [extract_file(files[0], data_dir, source_url)]
    else:
        results = extract_many(files, data_dir, progress=sys.stderr.isatty())
    err = Console(stderr=True, highlight=False, soft_wrap=True)
    out = Console(highlight=False, soft_wrap=True, markup=False)
    if gold is not None:
        rows = [r for x in results for r in x.rows()]
        try:
            expected = read_gold(gold)
        except UnicodeDecodeError as bad:
            raise InputError(f"{gold}: not a UTF-8 gold file ({bad.reason} at byte {bad.start})") from None
        print_scores(rows, expected, out)
        return
    for x in results:
        text = tsv(x) if fmt == "tsv" else render(x)
        if output is None:
            sys.stdout.write(text)
        else:
            target = output / f"{x.subject.id}.{fmt}" if len(results) > 1 or output.is_dir() else output
            write_atomic(target, text)
        summary(x, err)


def print_scores(rows: list[tuple[str, str, str, str]], gold: set[tuple[str, str, str, str]],
                 console: Console) -> None:
    """Precision and recall per relation, then the facts that differ."""
    table = Table("relation", "correct", "extracted", "gold", "precision", "recall")
    for s in score(rows, gold):
        table.add_row(s.relation, str(s.true_positives), str(s.predicted), str(s.gold),
                      f"{s.precision:.2f}", f"{s.recall:.2f}")
    console.print(table)
    wrong, missed = differences(rows, gold)
    for r in wrong:
        console.print("extra:  " + "\t".join(r).rstrip())
    for r in missed:
        console.print("missed: " + "\t".join(r).rstrip())
