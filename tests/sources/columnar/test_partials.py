"""Summaries over the whole file with their partial counts spilled to disk in buckets: the
same totals and the same output bytes as when they are held in memory."""

from __future__ import annotations

from pathlib import Path

import polars as pl
import pytest

from tests.sources.columnar.conftest import GBIF_ZIP, GLOBI_TSV
from wildkg.sources.columnar import partials
from wildkg.sources.columnar.partials import bucket_total, spill
from wildkg.sources.columnar.run import Job, run_imports
from wildkg.sources.registry import get_kind

pytestmark = pytest.mark.timeout(300)


def _pairs(seed: int, n: int) -> pl.DataFrame:
    ints = pl.int_range(0, n, eager=True)
    return pl.DataFrame({
        "predator": ((ints * 7 + seed) % 13).cast(pl.String),
        "prey": ((ints * 3 + seed) % 11).cast(pl.String),
        "n": pl.Series([1 + (i + seed) % 4 for i in range(n)], dtype=pl.Int64),
    })


def test_bucketed_totals_equal_totals_in_memory(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Nine blocks' counts spilled into 4 buckets and read back 2 files at a time: each key in
    one bucket only, and the buckets' totals are the totals of all blocks together."""
    monkeypatch.setattr(partials, "REDUCE_EVERY", 2)
    kind = get_kind("globi")
    blocks = [_pairs(seed, 40) for seed in range(9)]
    for number, block in enumerate(blocks):
        spill(kind, block, tmp_path, f"{number:07d}", 4)
    folders = sorted(tmp_path.iterdir())
    assert [f.name for f in folders] == ["000", "001", "002", "003"]
    assert all(len(list(f.glob("*.arrow"))) >= 3 for f in folders)
    buckets = [t for t in (bucket_total(kind, f) for f in folders) if t is not None]
    keys = [set(zip(b["predator"], b["prey"], strict=True)) for b in buckets]
    assert all(not (a & b) for i, a in enumerate(keys) for b in keys[i + 1:])  # a key in one bucket only
    spilled = pl.concat(buckets).sort("predator", "prey")
    expected = pl.concat(blocks).group_by("predator", "prey").agg(pl.col("n").sum()).sort("predator", "prey")
    assert spilled.equals(expected)
    assert spilled["n"].sum() == sum(b["n"].sum() for b in blocks)


@pytest.mark.parametrize("workers", [None, 2])
def test_spilled_summaries_give_the_same_bytes(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                               workers: int | None) -> None:
    """GloBI predation counts and GBIF per-country counts, cut into 3 buckets and reduced a
    file at a time here (and summarised on a LocalCluster of 2): the same file as with
    all counts in one bucket, reduced at once."""
    jobs = [Job("globi", GLOBI_TSV), Job("gbif-dwca", GBIF_ZIP)]
    monkeypatch.setattr(partials, "BUCKETS", 1)
    monkeypatch.setattr(partials, "REDUCE_EVERY", 10_000)
    in_memory = run_imports(jobs, out=tmp_path / "memory.nt", block_bytes=700)
    monkeypatch.setattr(partials, "REDUCE_EVERY", 1)
    monkeypatch.setattr(partials, "BUCKETS", 3)
    spilled = run_imports(jobs, out=tmp_path / "spilled.nt", block_bytes=700, workers=workers)
    assert spilled.blocks == in_memory.blocks > 4
    assert spilled.lines == in_memory.lines > 400
    assert (tmp_path / "spilled.nt").read_bytes() == (tmp_path / "memory.nt").read_bytes()
