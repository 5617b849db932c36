"""Finding nodes and their surroundings: ``--focus``, the page's search index, neighbourhoods.

The page searches in the browser; what it searches is made here, once: for every node its
label, its names (common and scientific names, synonyms, preferred and other labels), its code
(``VU``, ``5.1.1``) and its IRI's last segment.
"""

from __future__ import annotations

from wildkg.namespaces import PREFIXES
from wildkg.network.netdata import NetNode, NetworkData, last_segment


def search_terms(node: NetNode) -> list[str]:
    """Everything a user may type to find ``node``, lower-cased, without repeats."""
    terms = [node.label, *(r.value for r in node.names), node.code, last_segment(node.iri)]
    return list(dict.fromkeys(t.casefold().strip() for t in terms if t and t.strip()))


def find_nodes(net: NetworkData, needle: str) -> list[str]:
    """IRIs of the nodes whose IRI (full or prefixed), label, name or code equals ``needle``.

    Compared case-insensitively; every match is returned.
    """
    if needle in net.nodes:
        return [needle]
    prefix, _, local = needle.partition(":")
    if local and prefix in PREFIXES and PREFIXES[prefix] + local in net.nodes:
        return [PREFIXES[prefix] + local]  # a prefixed name: wk:taxon/panthera-uncia
    want = needle.casefold().strip()
    return [iri for iri, n in net.nodes.items()
            if n.label.casefold() == want or n.code.casefold() == want
            or any(r.value.casefold() == want for r in n.names)]


def neighbourhood(net: NetworkData, seeds: list[str], depth: int) -> NetworkData:
    """The nodes within ``depth`` steps of any seed (edges in either direction)."""
    from networkx import single_source_shortest_path_length

    g = net.to_networkx().to_undirected(as_view=True)
    keep: set[str] = set()
    for seed in seeds:
        keep.update(single_source_shortest_path_length(g, seed, cutoff=depth))
    return net.subset(keep)
