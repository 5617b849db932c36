"""Which columnar engine reads GloBI's ``interactions.tsv.gz`` best here: polars (our blocks),
pyarrow's streaming CSV reader, or DuckDB's ``read_csv`` streamed as Arrow batches.

Each engine, in a fresh subprocess, reads the 1M-row file of ``bench/bulk_generate.py``
(quoting off, every column as text, the 21 columns the globi kind uses) and builds one
N-Triples-like string column from two of them, batch by batch, as the converter does; wall
time and peak RSS are reported, engines in rotating order, medians of the rounds.

    .venv/bin/python bench/bench_readers.py bench/data/globi-1m.tsv.gz --rounds 3
"""

from __future__ import annotations

import argparse
import json
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

ENGINES = ("polars", "pyarrow", "duckdb")


def run(engine: str, path: Path) -> dict[str, float]:
    from wildkg.sources.globi import Globi

    columns = list(Globi.columns)
    start = time.perf_counter()
    rows = 0
    if engine == "polars":
        import polars as pl

        from wildkg.sources.columnar.kind import DatasetMeta, Filters
        from wildkg.sources.columnar.run import Curated, make_context

        kind = Globi()
        ctx = make_context(kind, path, Filters(), DatasetMeta(), Curated())
        with kind.items(path, ctx) as (items, _):
            for block in items:
                frame = kind.parse(block, ctx)  # type: ignore[arg-type]
                out = frame.select(pl.concat_str([pl.col("sourceTaxonName"), pl.col("targetTaxonName")], separator=" "))
                rows += out.height
    elif engine == "pyarrow":
        import pyarrow as pa
        import pyarrow.compute as pc
        from pyarrow import csv

        header = csv.open_csv(pa.input_stream(str(path), compression="gzip"),
                              parse_options=csv.ParseOptions(delimiter="\t", quote_char=False)).schema.names
        types = {c: pa.string() for c in header}
        reader = csv.open_csv(
            pa.input_stream(str(path), compression="gzip"),
            read_options=csv.ReadOptions(block_size=32 << 20),
            parse_options=csv.ParseOptions(delimiter="\t", quote_char=False),
            convert_options=csv.ConvertOptions(include_columns=[c for c in columns if c in header],
                                               column_types=types),
        )
        for batch in reader:
            out = pc.binary_join_element_wise(batch.column("sourceTaxonName"), batch.column("targetTaxonName"), " ")
            rows += len(out)
    else:
        import duckdb

        con = duckdb.connect()
        con.execute("SET threads TO 2")
        wanted = ", ".join(f'"{c}"' for c in columns if c != "eventDate")
        rel = con.execute(
            f"SELECT {wanted}, \"sourceTaxonName\" || ' ' || \"targetTaxonName\" AS joined "
            f"FROM read_csv(?, delim='\t', quote='', escape='', header=true, all_varchar=true)", [str(path)])
        reader = rel.to_arrow_reader(200_000)
        for batch in reader:
            rows += batch.num_rows
    wall = time.perf_counter() - start
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return {"wall": wall, "rss_mb": usage.ru_maxrss / 1024, "rows": rows}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("path", type=Path)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--child", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(run(args.child, args.path)))
        return
    got: dict[str, list[dict[str, float]]] = {e: [] for e in ENGINES}
    for r in range(args.rounds):
        for engine in ENGINES[r % 3:] + ENGINES[:r % 3]:
            out = subprocess.run([sys.executable, __file__, str(args.path), "--child", engine],
                                 capture_output=True, text=True, check=True)
            got[engine].append(json.loads(out.stdout.strip().splitlines()[-1]))
            print(engine, got[engine][-1], flush=True)
    for engine, runs in got.items():
        print(f"| {engine} | {statistics.median(x['wall'] for x in runs):.1f} s | "
              f"{statistics.median(x['rss_mb'] for x in runs):.0f} MB | {runs[0]['rows']:,} |")


if __name__ == "__main__":
    main()
