"""The species files of a data folder: found without a stat per file, links out refused."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from wildkg.curation.loader import account_files
from wildkg.errors import DataError


def test_the_species_files_in_name_order(data_copy: Path) -> None:
    """The files ``glob('*.yaml')`` finds, links inside the folder included."""
    species = data_copy / "species"
    (species / "notes.txt").write_text("not an account\n", encoding="utf-8")
    (species / "inside-link.yaml").symlink_to(species / "panthera-uncia.yaml")
    names = [p.name for p in account_files(data_copy)]
    assert names == sorted(p.name for p in species.glob("*.yaml"))
    assert "inside-link.yaml" in names and "notes.txt" not in names


def test_a_species_folder_linked_from_outside_is_refused(data_copy: Path, tmp_path: Path) -> None:
    """Not only a linked file: the folder itself may be a link out of the data folder."""
    elsewhere = tmp_path / "elsewhere"
    shutil.move(data_copy / "species", elsewhere)
    (data_copy / "species").symlink_to(elsewhere)
    with pytest.raises(DataError, match=r"is a link to .*outside"):
        account_files(data_copy)
