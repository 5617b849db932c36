"""``wildkg serve``: a SPARQL 1.1 endpoint with a web UI over the built graph.

The package is split by concern: :mod:`.worker` (query processes), :mod:`.pool`
(killable worker pool), :mod:`.protocol` (SPARQL Protocol parsing, checks,
negotiation), :mod:`.app` (routes), :mod:`.ui` (HTML pages), :mod:`.launch`
(start a server process and wait for it, for tests and benchmarks).
"""
