"""`wildkg import` with the bulk kinds from the command line, and N-Triples terms built by
polars expressions for arbitrary text."""

from __future__ import annotations

from pathlib import Path

import polars as pl
import pyoxigraph as ox
from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from tests.sources.columnar.conftest import CITES_CSV, GLOBI_TSV, WDPA_NEW
from wildkg.cli import app
from wildkg.sources.columnar.ntriples import const, lines, literal, triple

runner = CliRunner()
#: Unicode White_Space, what polars trims (Python's str.strip also trims \x1c-\x1f).
WHITE_SPACE = "\t\n\x0b\x0c\r \x85\xa0\u1680" + "".join(map(chr, range(0x2000, 0x200B))) + "\u2028\u2029\u202f\u205f\u3000"


def test_import_command_writes_ntriples_and_a_store(tmp_path: Path) -> None:
    out, store = tmp_path / "x.nt", tmp_path / "store"
    result = runner.invoke(app, ["import", "globi", str(GLOBI_TSV), "cites", str(CITES_CSV), "-o", str(out),
                                 "--store", str(store)])
    assert result.exit_code == 0, result.output
    assert "9 rows read" not in result.output  # two files: 15 rows
    assert "15 rows read" in result.output
    written = out.read_text(encoding="utf-8").splitlines()
    assert written == sorted(set(written))
    loaded = ox.Store(str(store))
    assert len(loaded) == len(written)


def test_import_command_filters_by_country(tmp_path: Path) -> None:
    out = tmp_path / "np.nt"
    result = runner.invoke(app, ["import", "wdpa", str(WDPA_NEW), "-o", str(out), "--country", "IN"])
    assert result.exit_code == 0, result.output
    assert "(2 converted" in result.output
    text = out.read_text(encoding="utf-8")
    assert '#wdpaId> "61337"' in text and '"9133"' not in text


def test_bad_input_is_one_error_line_and_exit_2(tmp_path: Path) -> None:
    bad = tmp_path / "interactions.tsv"
    bad.write_text("sourceTaxonName\ttargetTaxonName\nPanthera uncia\tMoschus leucogaster\tsurplus\n", encoding="utf-8")
    out = tmp_path / "x.nt"
    result = runner.invoke(app, ["import", "globi", str(bad), "-o", str(out)])
    assert result.exit_code == 2
    errors = [line for line in result.output.splitlines() if line.strip()]
    assert len(errors) == 1 and "interactions.tsv:2" in errors[0]
    assert not out.exists()
    result = runner.invoke(app, ["import", "globi", str(GLOBI_TSV)])
    assert result.exit_code == 2 and "--store" in result.output


@settings(max_examples=200, deadline=None)
@given(st.lists(st.text(min_size=1), min_size=1, max_size=5))
def test_literals_round_trip_through_a_real_parser(values: list[str]) -> None:
    """Quotes, backslashes, line ends, non-Latin scripts and HTML parse back unchanged
    (text is trimmed, and empty text makes no triple)."""
    frame = pl.DataFrame({"v": values})
    out = lines(frame, [triple(const("http://example.org/s"), const("http://example.org/p"), literal(pl.col("v")))])
    document = "".join(line + "\n" for line in out.to_list())
    parsed = [q.object.value for q in ox.parse(document.encode(), format=ox.RdfFormat.N_TRIPLES)]
    assert parsed == [v.strip(WHITE_SPACE) for v in values if v.strip(WHITE_SPACE)]


def test_decimals_keep_their_text_and_refuse_exponents() -> None:
    """Coordinates and areas are written as given; '1e-6' or '12,5' make no triple rather than
    an invalid xsd:decimal."""
    from wildkg.sources.columnar.ntriples import decimal

    values = ["27.95", "-0.000001", "1e-6", "12,5", ".5", " 86 "]
    got = pl.DataFrame({"v": values}).select(decimal(pl.col("v"))).to_series().to_list()
    suffix = '"^^<http://www.w3.org/2001/XMLSchema#decimal>'
    assert got == ['"27.95' + suffix, '"-0.000001' + suffix, None, None, '".5' + suffix, '"86' + suffix]


def test_one_table_of_kinds_serves_both_paths() -> None:
    """The bulk kinds come from the one registry: the columnar path gets their converters,
    a mixed import their adapter importers; a row-wise kind is no bulk kind."""
    import pytest

    from wildkg.errors import InputError
    from wildkg.sources.columnar.adapter import BulkImporter
    from wildkg.sources.registry import KINDS, get_kind, importer_class, is_bulk

    bulk = sorted(k for k in KINDS if is_bulk(k))
    assert bulk == ["cites", "gbif-dwca", "globi", "wdpa"]
    for name in bulk:
        assert get_kind(name).name == name
        cls = importer_class(name)
        assert issubclass(cls, BulkImporter) and cls.kind == name and importer_class(name) is cls
    assert not is_bulk("iucn") and not issubclass(importer_class("iucn"), BulkImporter)
    with pytest.raises(InputError, match="unknown bulk kind 'iucn' \\(known: globi, gbif-dwca, wdpa, cites\\)"):
        get_kind("iucn")
