"""The streaming compile: each species account to canonical N-Triples lines, in a process
pool, through a cache under ``out/.cache/``.

The shared records (sources, places, areas, vocabulary, taxa) compile once; then each account
compiles on its own (it only refers to shared records), so accounts go to worker processes
and a rebuild recompiles only the accounts whose file changed. A cache entry is keyed by the
account file's bytes, the shared files' bytes, the ontology's bytes and the code version
(:func:`wildkg.build.cache.code_version`), so any change to what an account compiles from
recompiles it. Results are plain sorted N-Triples lines; no rdflib ``Graph`` is built.
"""

from __future__ import annotations

import dataclasses
import multiprocessing
import os
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox

from wildkg.build.cache import Cache, digest
from wildkg.build.compile import Compiler
from wildkg.build.ontology import Vocabulary
from wildkg.curation.loader import Project, check_account, read_account

#: Fewer uncached accounts than this compile in this process (a pool costs ~0.5 s to start).
POOL_THRESHOLD = 200
#: Accounts per task sent to a worker.
CHUNK = 64
#: From this many taxa on, the shared records' taxa compile in worker processes.
SHARED_SPLIT = 3000
#: Workers start by fork where the platform has it: they inherit the shared records instead of
#: unpickling them (the records of 10,000 species take ~1 s to pickle and as long to unpickle).
_FORK = multiprocessing.get_context("fork") if "fork" in multiprocessing.get_all_start_methods() else None


@dataclass(frozen=True)
class Compiled:
    """One account's outcome: its taxon (for the duplicate check) and its triples."""

    path: Path
    taxon: str
    taxon_line: int
    lines: list[str]
    #: The cache key: SHA-256 of the file's bytes (set by :func:`compile_accounts`).
    key: str = ""


def ontology_lines(files: Iterable[Path]) -> list[str]:
    """The ontology and schemes as canonical N-Triples lines (Oxigraph's parser)."""
    lines: set[str] = set()
    for path in files:
        lines.update(f"{t} .\n" for t in ox.parse(path=str(path), format=ox.RdfFormat.TURTLE))
    return sorted(lines)


def compile_shared(project: Project, ontology: Vocabulary, *, jobs: int | None = None) -> list[str]:
    """The shared records as sorted N-Triples lines. From :data:`SHARED_SPLIT` taxa on, the taxa
    (most of the work: a taxa file lists every species) compile in ``jobs`` worker processes
    while this process compiles the other records; errors are raised in the records' order."""
    jobs = jobs or default_jobs()
    if jobs <= 1 or len(project.taxa) < SHARED_SPLIT:
        return Compiler(project, ontology).shared().ntriples()
    ids = list(project.taxa)
    size = -(-len(ids) // jobs)
    with ProcessPoolExecutor(max_workers=jobs, mp_context=_FORK, initializer=_init_worker,
                             initargs=(project, ontology)) as pool:
        parts = [pool.submit(_compile_taxa, ids[i:i + size]) for i in range(0, len(ids), size)]
        lines = Compiler(project, ontology).shared(taxa=False).ntriples()
        for part in parts:
            lines.extend(part.result())
    lines.sort()
    return list(dict.fromkeys(lines))


def compile_account(project: Project, ontology: Vocabulary, path: Path) -> Compiled:
    """Read, check and compile one account file."""
    account = read_account(path)
    check_account(project, account)
    compiler = Compiler(project, ontology)
    compiler.account(account)
    return Compiled(path, account.taxon, account.taxon_line, compiler.graph.ntriples())


# --- worker processes -------------------------------------------------------------------
_worker: tuple[Project, Vocabulary] | None = None


def _init_worker(project: Project, ontology: Vocabulary) -> None:
    global _worker
    _worker = (project, ontology)


def _compile_taxa(ids: list[str]) -> list[str]:
    assert _worker is not None, "worker not initialised"
    compiler = Compiler(*_worker)
    compiler.taxa(ids)
    return compiler.graph.ntriples()


#: What a worker sends back per account: path, taxon, its line, and its lines as one text
#: (one string pickles and unpickles far faster than a list of ~250: decision 0023).
Packed = tuple[Path, str, int, str]


def _compile_chunk(paths: list[Path]) -> list[Packed]:
    assert _worker is not None, "worker not initialised"
    project, ontology = _worker
    out: list[Packed] = []
    for path in paths:
        c = compile_account(project, ontology, path)
        out.append((c.path, c.taxon, c.taxon_line, "".join(c.lines)))
    return out


def _unpack(packed: Packed) -> Compiled:
    """A worker's account back as :class:`Compiled`: every line ends in its only newline (a
    literal's newline is written ``\\n``), so splitting at newlines gives the lines back."""
    path, taxon, line, text = packed
    return Compiled(path, taxon, line, [f"{part}\n" for part in text.split("\n")[:-1]])


def default_jobs() -> int:
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)


def compile_accounts(
    paths: list[Path],
    project: Project,
    ontology: Vocabulary,
    ontology_files: list[Path],
    cache: Cache,
    *,
    jobs: int | None = None,
    each: Callable[[Iterator[Compiled], int], Iterable[Compiled]] = lambda it, _n: it,
) -> list[Compiled]:
    """Every account compiled, from the cache where its key matches, in ``paths`` order.

    ``each`` may wrap the stream of finished accounts in a progress bar (it gets the total).
    """
    keys = {path: digest(path.read_bytes()) for path in paths}
    done: dict[Path, Compiled] = {}
    todo: list[Path] = []
    for path in paths:
        hit = cache.get_account(keys[path])
        if hit is None:
            todo.append(path)
        else:
            taxon, line, lines = hit
            done[path] = Compiled(path, taxon, line, lines, keys[path])
    jobs = jobs or default_jobs()
    for compiled in each(_run(todo, project, ontology, ontology_files, jobs), len(todo)):
        cache.put_account(keys[compiled.path], compiled.taxon, compiled.taxon_line, compiled.lines)
        done[compiled.path] = dataclasses.replace(compiled, key=keys[compiled.path])
    return [done[path] for path in paths]


def _run(todo: list[Path], project: Project, ontology: Vocabulary, ontology_files: list[Path],
         jobs: int) -> Iterator[Compiled]:
    if jobs <= 1 or len(todo) < POOL_THRESHOLD:
        for path in todo:
            yield compile_account(project, ontology, path)
        return
    chunks = [todo[i:i + CHUNK] for i in range(0, len(todo), CHUNK)]
    with ProcessPoolExecutor(max_workers=jobs, mp_context=_FORK, initializer=_init_worker,
                             initargs=(project, ontology)) as pool:
        for result in pool.map(_compile_chunk, chunks):
            for packed in result:
                yield _unpack(packed)
