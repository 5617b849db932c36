"""One node per real taxon across sources.

Taxa are joined by their external identifiers first (GBIF key, IUCN taxon id, Wikidata
QID, NCBI id, CITES id), then by accepted scientific name and synonyms, never by a common
name. A group's node is the curated taxon if one is in the group, else
``wk:taxon/<slug of the accepted name>`` from the highest-priority source. A subspecies has
its own name and so its own node; a population (``by_name`` false) is joined only by its
identifiers. A reference that matches nothing and carries no accepted name is *unmatched*:
reported, never guessed.

Memory holds one small entry per key the sources' index passes give (taxa, not rows).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from wildkg import ids
from wildkg.ids import slug
from wildkg.provenance import wk
from wildkg.sources.base import Key, TaxonEntry, TaxonRef


def name_key(name: str) -> Key:
    """Names compare without case or repeated spaces (never a common name)."""
    return ("name", " ".join(name.split()).lower())


@dataclass
class _Group:
    name: str | None = None
    priority: int = 1_000
    hint: str | None = None
    fixed: str | None = None  # a curated node: always wins


@dataclass
class Reconciler:
    """Union-find over keys; :meth:`resolve` gives the N-Triples IRI of a taxon reference."""

    _parent: dict[Key, Key] = field(default_factory=dict)
    _groups: dict[Key, _Group] = field(default_factory=dict)
    conflicts: list[str] = field(default_factory=list)
    #: Nodes of the curated data (N-Triples IRIs): importers add facts to them, not labels.
    curated: set[str] = field(default_factory=set)
    #: ISO codes of the places the curated data describes.
    curated_places: set[str] = field(default_factory=set)
    _final: dict[Key, str] | None = None

    def _find(self, key: Key) -> Key:
        parent = self._parent
        root = key
        while parent[root] != root:
            root = parent[root]
        while parent[key] != root:  # path compression
            parent[key], key = root, parent[key]
        return root

    def _touch(self, key: Key) -> Key:
        if key not in self._parent:
            self._parent[key] = key
            self._groups[key] = _Group()
        return self._find(key)

    def _union(self, a: Key, b: Key) -> Key:
        ra, rb = self._touch(a), self._touch(b)
        if ra == rb:
            return ra
        ga, gb = self._groups[ra], self._groups[rb]
        if ga.fixed and gb.fixed and ga.fixed != gb.fixed:
            self.conflicts.append(f"{a[0]} {a[1]} and {b[0]} {b[1]} join two curated taxa "
                                  f"({ga.fixed} and {gb.fixed}); kept apart")
            return ra
        if (rb < ra):
            ra, rb, ga, gb = rb, ra, gb, ga
        self._parent[rb] = ra
        ga.fixed = ga.fixed or gb.fixed
        if (gb.priority, gb.name or "") < (ga.priority, ga.name or ""):
            ga.name, ga.priority, ga.hint = gb.name, gb.priority, gb.hint
        del self._groups[rb]
        return ra

    def add(self, entry: TaxonEntry) -> None:
        """Add what one source says identifies a taxon."""
        self._final = None
        keys = list(entry.keys)
        if entry.by_name and entry.name:
            keys.append(name_key(entry.name))
            keys.extend(name_key(s) for s in entry.synonyms)
        if not keys:
            return
        root = self._touch(keys[0])
        for key in keys[1:]:
            root = self._union(root, key)
        group = self._groups[self._find(root)]
        if entry.name and (entry.priority, entry.name) < (group.priority, group.name or ""):
            group.name, group.priority, group.hint = entry.name, entry.priority, entry.hint

    def add_curated(self, taxon_id: str, scientific_name: str, keys: tuple[Key, ...] = ()) -> None:
        """A taxon of the curated data: its node is ``wk:taxon/<taxon_id>``."""
        ids.check("slug", taxon_id)
        self.add(TaxonEntry(keys, scientific_name, priority=0))
        root = self._find(name_key(scientific_name))
        self._groups[root].fixed = wk(f"taxon/{taxon_id}")
        self.curated.add(self._groups[root].fixed or "")

    def _iri_of(self, group: _Group) -> str | None:
        if group.fixed:
            return group.fixed
        base = group.hint or group.name
        return wk(f"taxon/{slug(base)}") if base and slug(base) else None

    def resolve(self, ref: TaxonRef) -> str | None:
        """The node of ``ref``: by its keys, then by its name; None when unmatched."""
        for key in ref.keys:
            if key in self._parent:
                found = self._iri_of(self._groups[self._find(key)])
                if found:
                    return found
        if ref.name:
            key = name_key(ref.name)
            if key in self._parent:
                return self._iri_of(self._groups[self._find(key)])
            return wk(f"taxon/{slug(ref.name)}") if slug(ref.name) else None
        return None
