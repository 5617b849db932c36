"""Regenerate tests/fixtures/shipped-build.nt: the canonical N-Triples of the shipped data's build.

An EXPLICIT step, run only when a change to the data, the ontology or the compiler is meant to
change the built triples; review the diff of the fixture before committing it.

    .venv/bin/python scripts/update_shipped_build.py
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.build.test_reference_build import REFERENCE, canonical_lines  # noqa: E402

from wildkg import project  # noqa: E402
from wildkg.build.pipeline import build  # noqa: E402


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "out"
        build(ROOT / "data", project.ONTOLOGY_DIR, out, html=False, cache=False)
        lines = canonical_lines(out / project.TTL_NAME)
    REFERENCE.write_text("".join(lines), encoding="utf-8")
    print(f"wrote {REFERENCE} ({len(lines)} triples)")


if __name__ == "__main__":
    main()
