"""What the last build was made of, kept inside its version folder (``.build/``) so that it is
published with the outputs by the same switch: the context key, each account file's stat,
content key and taxon, the lines emitted by more than one part, and the counts.

``wildkg build`` compares the data folder with it to rebuild incrementally
(:mod:`wildkg.build.incremental`); anything missing or unreadable means a full build.
"""

from __future__ import annotations

import itertools
import json
import pickle
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

#: The hidden folder of a version that holds the manifest (never linked into ``out/``).
FOLDER = ".build"
#: The build's sorted N-Triples lines, kept in FOLDER (the incremental build's page reads them).
#: The page model a build keeps for the next one to patch (wildkg.network.patch).
PAGE_MODEL = "page.pickle"
LINES = "lines.nt"
_FORMAT = 1
#: A file changed less than this before the manifest was written may change again within the
#: same timestamp tick: its stat is not trusted (it is hashed again next time), as git does.
_RACY_NS = 2_000_000_000


@dataclass(frozen=True)
class AccountState:
    """One account file as the build saw it."""

    mtime_ns: int
    size: int
    key: str
    taxon: str
    taxon_line: int


@dataclass
class Manifest:
    context: str
    html: bool
    #: Data-folder-relative path → state, in :func:`wildkg.curation.loader.account_files` order.
    accounts: dict[str, AccountState]
    triples: int
    facts: int
    entities: Counter[str] = field(default_factory=Counter)
    #: Facts per predicate IRI (named at print time).
    per_predicate: Counter[str] = field(default_factory=Counter)
    #: Lines emitted by more than one part (ontology, shared records, accounts) → how many.
    shared_lines: dict[str, int] = field(default_factory=dict)


def stat_of(path: Path) -> tuple[int, int]:
    st = path.stat()
    return st.st_mtime_ns, st.st_size


def write(folder: Path, manifest: Manifest) -> None:
    """Write ``manifest`` into a version folder (before it is published)."""
    target = folder / FOLDER
    target.mkdir(exist_ok=True)
    now = time.time_ns()
    accounts = {rel: [0 if now - a.mtime_ns < _RACY_NS else a.mtime_ns, a.size, a.key, a.taxon, a.taxon_line]
                for rel, a in manifest.accounts.items()}
    doc = {"format": _FORMAT, "context": manifest.context, "html": manifest.html, "triples": manifest.triples,
           "facts": manifest.facts, "entities": dict(manifest.entities),
           "per_predicate": dict(manifest.per_predicate), "accounts": accounts}
    # Each file replaced by a rename: the no-change build refreshes the published manifest.
    tmp = target / "manifest.json.tmp"
    tmp.write_text(json.dumps(doc, sort_keys=True), encoding="utf-8")
    tmp.replace(target / "manifest.json")
    tmp = target / "shared-lines.pickle.tmp"
    with tmp.open("wb") as fh:
        pickle.dump(manifest.shared_lines, fh, protocol=pickle.HIGHEST_PROTOCOL)
    tmp.replace(target / "shared-lines.pickle")


def read(folder: Path) -> Manifest | None:
    """The manifest of a published version folder, or None (then the build is a full one)."""
    try:
        doc: dict[str, Any] = json.loads((folder / FOLDER / "manifest.json").read_text(encoding="utf-8"))
        if doc.get("format") != _FORMAT:
            return None
        with (folder / FOLDER / "shared-lines.pickle").open("rb") as fh:
            shared = pickle.load(fh)  # written by us, inside our own out/.wildkg
        accounts = {rel: AccountState(int(m), int(s), str(k), str(t), int(n))
                    for rel, (m, s, k, t, n) in doc["accounts"].items()}
        return Manifest(str(doc["context"]), bool(doc["html"]), accounts, int(doc["triples"]), int(doc["facts"]),
                        Counter(doc["entities"]), Counter(doc["per_predicate"]), dict(shared))
    except (OSError, ValueError, KeyError, TypeError, pickle.UnpicklingError, EOFError):
        return None


def count_parts(parts: list[list[str]]) -> tuple[list[str], dict[str, int]]:
    """The sorted union of the parts' lines, and the lines more than one part emits with how
    many do (a line leaves the graph only when the last part emitting it stops).

    Most parts come sorted, so one sort of their concatenation merges runs; a line emitted
    n times then sits n times in a row."""
    lines: list[str] = []
    for part in parts:
        lines.extend(part)
    lines.sort()
    unique = list(dict.fromkeys(lines))
    shared: dict[str, int] = {}
    if len(unique) != len(lines):
        for before, line in zip(lines, itertools.islice(lines, 1, None), strict=False):
            if line == before:
                shared[line] = shared.get(line, 1) + 1
    return unique, shared
