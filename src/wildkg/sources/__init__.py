"""Bulk sources: importers of published files (IUCN Red List, Wikidata, GBIF…) into the
graph, a statement per source, taxa reconciled across sources. See ``docs/sources/``."""
