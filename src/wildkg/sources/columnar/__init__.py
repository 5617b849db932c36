"""Streaming, columnar conversion of bulk sources (GloBI, GBIF, WDPA, CITES) to N-Triples.

The data flow, one module per step:

- :mod:`.chunks` opens a file as published (plain, ``.gz``, ``.zip``) and cuts it into blocks
  of whole records, each carrying the header line;
- a *kind* (``wildkg.sources.globi`` …) turns one block, parsed by polars, into N-Triples lines
  with vectorised string expressions (:mod:`.ntriples`) and, where a source is summarised
  (predation per taxon pair, records per species and country), a small table of partial counts;
- :mod:`.shards` writes each block's lines as a sorted shard and merges the shards into one
  sorted, duplicate-free N-Triples file, or bulk-loads them into an Oxigraph store;
- :mod:`.run` drives it in one process or on a Dask cluster (:mod:`.dask_run`), with the same
  output byte for byte.
"""
