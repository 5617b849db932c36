"""Scoring extracted rows against gold rows."""

from __future__ import annotations

from pathlib import Path

import pytest

from wildkg.errors import InputError
from wildkg.extract.evaluate import read_gold, score


def test_scores_per_relation_and_overall(tmp_path: Path) -> None:
    """One right and one wrong place, one missed predator: exact fractions."""
    gold = tmp_path / "g.tsv"
    gold.write_text("# comment\nx\toccursIn\tIN\nx\tpreyedUponBy\tcanis-lupus\n\n", encoding="utf-8")
    rows = [("x", "occursIn", "IN", ""), ("x", "occursIn", "NP", "")]
    by = {s.relation: s for s in score(rows, read_gold(gold))}
    assert (by["occursIn"].precision, by["occursIn"].recall) == (0.5, 1.0)
    assert (by["preyedUponBy"].precision, by["preyedUponBy"].recall) == (1.0, 0.0)
    assert (by["all"].true_positives, by["all"].predicted, by["all"].gold) == (1, 2, 2)


def test_life_stage_is_part_of_the_match(tmp_path: Path) -> None:
    """A juvenile-only predator extracted without its life stage does not count as right."""
    gold = tmp_path / "g.tsv"
    gold.write_text("x\tpreyedUponBy\tmartes-flavigula\tlife_stage=juvenile\n", encoding="utf-8")
    overall = score([("x", "preyedUponBy", "martes-flavigula", "")], read_gold(gold))[-1]
    assert overall.true_positives == 0


def test_names_compare_without_case(tmp_path: Path) -> None:
    gold = tmp_path / "g.tsv"
    gold.write_text("x\tvernacularName\tHimalayan musk deer\n", encoding="utf-8")
    assert score([("x", "vernacularName", "himalayan musk deer", "")], read_gold(gold))[-1].recall == 1


def test_malformed_gold_names_file_and_line(tmp_path: Path) -> None:
    gold = tmp_path / "g.tsv"
    gold.write_text("x\toccursIn\tIN\nonly two\tcolumns\n", encoding="utf-8")
    with pytest.raises(InputError, match=r"g.tsv:2"):
        read_gold(gold)
