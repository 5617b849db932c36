"""Blocks of whole records from plain, gzip and zip files; output independent of block size."""

from __future__ import annotations

import gzip
import io
import zipfile
from pathlib import Path

import pytest

from tests.sources.columnar.conftest import CITES_CSV, GBIF_ZIP, GLOBI_TSV, WDPA_OLD
from wildkg.errors import InputError
from wildkg.sources.columnar.chunks import blocks, open_member
from wildkg.sources.columnar.run import run_import


def test_quoted_line_ends_stay_inside_their_block() -> None:
    """A CSV field holding a line end in quotes is never cut; every block parses whole."""
    text = b'id,note\n1,"first\nline"\n2,plain\n3,"a ""quoted"" word\nand more"\n4,end\n'
    got = list(blocks(io.BytesIO(text), quoted=True, block_bytes=7))
    assert b"".join(b.body for b in got) == text.split(b"\n", 1)[1]
    for b in got:
        assert b.body.count(b'"') % 2 == 0
        assert b.header == b"id,note\n"
    assert [b.first_line for b in got] == sorted(b.first_line for b in got)


def test_unquoted_blocks_cut_at_every_line_end() -> None:
    text = b"h\n" + b"".join(b'a"b %d\n' % i for i in range(50))
    got = list(blocks(io.BytesIO(text), quoted=False, block_bytes=16))
    assert len(got) > 5
    assert b"".join(b.body for b in got) == text[2:]
    assert got[3].first_line == 2 + sum(b.body.count(b"\n") for b in got[:3])


def test_zip_member_and_gzip_are_read_as_streams(tmp_path: Path) -> None:
    with open_member(GBIF_ZIP, "occurrence.txt") as (stream, _, size):
        assert stream.readline().startswith(b"gbifID\t")
        assert size > 0
    with open_member(GLOBI_TSV) as (stream, counter, size):
        assert stream.readline().startswith(b"sourceTaxonId\t")
        assert counter.count <= size
    folder = tmp_path / "download"
    folder.mkdir()
    with zipfile.ZipFile(GBIF_ZIP) as z:
        z.extractall(folder)
    with open_member(folder, "occurrence.txt") as (stream, _, _):
        assert stream.readline().startswith(b"gbifID\t")


def test_a_zip_without_the_member_is_an_error(tmp_path: Path) -> None:
    path = tmp_path / "download.zip"
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("verbatim.txt", "gbifID\n1\n")
    with pytest.raises(InputError, match=r"download\.zip: the archive has no occurrence\.txt"), \
            open_member(path, "occurrence.txt"):
        pass


@pytest.mark.parametrize(("kind", "path"), [
    ("globi", GLOBI_TSV), ("gbif-dwca", GBIF_ZIP), ("wdpa", WDPA_OLD), ("cites", CITES_CSV),
])
def test_same_bytes_whatever_the_block_size(kind: str, path: Path, tmp_path: Path) -> None:
    """Sorted shards merged without duplicates: one block or many, the file is the same."""
    one = run_import(kind, path, out=tmp_path / "one.nt")
    many = run_import(kind, path, out=tmp_path / "many.nt", block_bytes=400)
    assert many.blocks > one.blocks == 1
    assert (tmp_path / "one.nt").read_bytes() == (tmp_path / "many.nt").read_bytes()


def test_gzip_and_plain_give_the_same_triples(tmp_path: Path) -> None:
    plain = tmp_path / "interactions.tsv"
    plain.write_bytes(gzip.decompress(GLOBI_TSV.read_bytes()))
    run_import("globi", plain, out=tmp_path / "a.nt")
    run_import("globi", GLOBI_TSV, out=tmp_path / "b.nt")
    assert (tmp_path / "a.nt").read_bytes() == (tmp_path / "b.nt").read_bytes()


def test_gnu_sort_and_python_merges_agree(tmp_path: Path) -> None:
    """Shards with shared, non-ASCII and escaped lines merge to the same bytes either way."""
    import polars as pl

    from wildkg.sources.columnar.shards import merge, write_shard

    shards = []
    for i, values in enumerate([["<b> <p> \"é\" .", "<a> <p> \"z\" .", "<a> <p> \"\\\"q\" ."],
                                ["<a> <p> \"z\" .", "<c> <p> \"日本\" .", "<a> <p> \"Z\" ."]]):
        shard = tmp_path / f"{i}.nt"
        write_shard(pl.Series("line", values), shard)
        shards.append(shard)
    assert merge(shards, tmp_path / "gnu.nt") == 5
    assert merge(shards, tmp_path / "py.nt", external=False) == 5
    assert (tmp_path / "gnu.nt").read_bytes() == (tmp_path / "py.nt").read_bytes()
    lines = (tmp_path / "py.nt").read_bytes().splitlines()
    assert lines == sorted(lines)


def test_key_ranges_merged_one_after_the_other_equal_one_merge(tmp_path: Path) -> None:
    """Blocks cut into key ranges by splits chosen from the first block (non-ASCII lines and
    lines equal to a split included): the ranges' merges joined in order are the same bytes as
    one merge of uncut shards, and each range's shards are gone once it is merged."""
    import polars as pl

    from wildkg.sources.columnar.shards import choose_splits, merge, merge_ranges, shard_ranges, write_ranges

    blocks = [[f"<{c}{i % 7}> <p> \"{w}\" ." for i, c in enumerate("abcéz日b") for w in ("x", "é", "\\\"q")]
              for _ in range(3)]
    blocks[1] += ["<zz> <p> \"tail\" ."]
    splits = choose_splits(pl.Series("line", blocks[0]), ranges=4)
    assert len(splits) == 3
    whole = []
    for n, block in enumerate(blocks):
        write_ranges(pl.Series("line", block + list(splits)), tmp_path / "cut" / "000" / f"{n}.nt", splits)
        whole.append(tmp_path / f"{n}.nt")
        write_ranges(pl.Series("line", block + list(splits)), whole[-1], ())
    ranges = shard_ranges(tmp_path / "cut")
    assert len(ranges) == 4 and all(len(r) == 3 for r in ranges)
    assert merge_ranges(ranges, tmp_path / "ranged.nt") == merge(sorted(tmp_path.glob("r000/*.nt")), tmp_path / "one.nt")
    assert (tmp_path / "ranged.nt").read_bytes() == (tmp_path / "one.nt").read_bytes()
    assert not list((tmp_path / "cut").glob("*/*/*.nt"))
