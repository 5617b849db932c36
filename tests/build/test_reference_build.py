"""The shipped data builds to the same triples as the reference: the canonical N-Triples of the
build BEFORE the streaming build (tests/fixtures/shipped-build.nt, regenerated from commit 5885d35, the rdflib build with the statement-per-source model).

Updating the reference is an explicit step (scripts/update_shipped_build.py), never done by a test.
"""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
import pytest

from tests.helpers import FIXTURES
from wildkg import project

REFERENCE = FIXTURES / "shipped-build.nt"


def canonical_lines(path: Path) -> list[str]:
    """The triples of an RDF file as sorted canonical N-Triples lines (Oxigraph's writer)."""
    fmt = ox.RdfFormat.TURTLE if path.suffix == ".ttl" else ox.RdfFormat.N_TRIPLES
    return sorted({f"{t} .\n" for t in ox.parse(path=str(path), format=fmt)})


@pytest.mark.shipped
def test_shipped_data_builds_to_the_reference_triples(built_dir: Path) -> None:
    new = canonical_lines(built_dir / project.TTL_NAME)
    reference = REFERENCE.read_text(encoding="utf-8").splitlines(keepends=True)
    missing = sorted(set(reference) - set(new))
    extra = sorted(set(new) - set(reference))
    assert not missing and not extra, f"missing {missing[:5]}, extra {extra[:5]}"
    assert len(new) == len(reference)


def test_the_store_holds_exactly_the_turtle_triples(built_dir: Path) -> None:
    """Turtle and store come from the same lines: the same triples, nothing more."""
    store = ox.Store.read_only(str(built_dir / project.STORE_NAME))
    in_store = sorted({f"{q.subject} {q.predicate} {q.object} .\n"
                       for q in store.quads_for_pattern(None, None, None, ox.DefaultGraph())})
    assert in_store == canonical_lines(built_dir / project.TTL_NAME)
