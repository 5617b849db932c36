"""Summaries over the whole file with their partial counts spilled to disk in buckets: the
same totals and the same output bytes as when they are held in memory."""

from __future__ import annotations

from pathlib import Path

import polars as pl
import pytest

from tests.sources.columnar.conftest import GBIF_ZIP, GLOBI_TSV
from wildkg.sources.columnar import partials
from wildkg.sources.columnar.partials import PartialCounts
from wildkg.sources.columnar.registry import get_kind
from wildkg.sources.columnar.run import Job, run_imports

pytestmark = pytest.mark.timeout(300)


def _pairs(seed: int, n: int) -> pl.DataFrame:
    ints = pl.int_range(0, n, eager=True)
    return pl.DataFrame({
        "predator": ((ints * 7 + seed) % 13).cast(pl.String),
        "prey": ((ints * 3 + seed) % 11).cast(pl.String),
        "n": pl.Series([1 + (i + seed) % 4 for i in range(n)], dtype=pl.Int64),
    })


def test_bucketed_totals_equal_totals_in_memory(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(partials, "REDUCE_EVERY", 2)
    kind = get_kind("globi")
    blocks = [_pairs(seed, 40) for seed in range(9)]
    counts = PartialCounts(kind, tmp_path / "spill", spill_rows=5, buckets=4)
    for block in blocks:
        counts.add(block)
    buckets = list(counts.totals())
    assert counts.spills >= 3 and len(buckets) == 4
    keys = [set(zip(b["predator"], b["prey"], strict=True)) for b in buckets]
    assert all(not (a & b) for i, a in enumerate(keys) for b in keys[i + 1:])  # a key in one bucket only
    spilled = pl.concat(buckets).sort("predator", "prey")
    expected = pl.concat(blocks).group_by("predator", "prey").agg(pl.col("n").sum()).sort("predator", "prey")
    assert spilled.equals(expected)
    assert spilled["n"].sum() == sum(b["n"].sum() for b in blocks)


@pytest.mark.parametrize("workers", [None, 2])
def test_spilled_summaries_give_the_same_bytes(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                               workers: int | None) -> None:
    """GloBI predation counts and GBIF per-country counts, spilled after every block into 3
    buckets (one process, and a LocalCluster of 2): the same file as held in memory."""
    jobs = [Job("globi", GLOBI_TSV), Job("gbif-dwca", GBIF_ZIP)]
    in_memory = run_imports(jobs, out=tmp_path / "memory.nt", block_bytes=700)
    monkeypatch.setattr(partials, "REDUCE_EVERY", 1)
    monkeypatch.setattr(partials, "SPILL_ROWS", 1)
    monkeypatch.setattr(partials, "BUCKETS", 3)
    spilled = run_imports(jobs, out=tmp_path / "spilled.nt", block_bytes=700, workers=workers)
    assert spilled.blocks == in_memory.blocks > 4
    assert spilled.lines == in_memory.lines > 400
    assert (tmp_path / "spilled.nt").read_bytes() == (tmp_path / "memory.nt").read_bytes()
