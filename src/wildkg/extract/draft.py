"""Writing an extraction as a draft species account (the ``data/species/*.yaml`` format).

Every fact carries ``confidence`` and ``evidence`` (sentence, ``[start, end)`` offsets,
section), keys the loader accepts and the build ignores. Taxa, places, protected areas and
the source that ``data/`` does not define yet go under ``new_entities:`` for the reviewer;
:func:`merge_draft` moves them into the shared files when the reviewer accepts them.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from wildkg.build import publish
from wildkg.errors import DataError
from wildkg.extract.gazetteer import Entity
from wildkg.extract.model import PRICES, TRAITS, Extraction, Fact

_LEGAL = {
    "legallyProtectedIn": "protected",
    "huntingUnderLicenceIn": "hunting-under-licence",
    "nationallyListedEndangeredIn": "listed-endangered",
}
#: Shared file, top-level list key and ``new_entities`` key of each kind of new entity.
SHARED = {
    "sources": ("sources.yaml", "sources"),
    "taxa": ("taxa.yaml", "taxa"),
    "places": ("places.yaml", "places"),
    "protected_areas": ("protected-areas.yaml", "protected_areas"),
}


def _review(fact: Fact) -> dict[str, Any]:
    ev = fact.evidence
    return {
        "cite": ev.section,
        "confidence": fact.confidence,
        "evidence": {"text": ev.text, "start": ev.start, "end": ev.end, "section": ev.section},
    }


def account(x: Extraction) -> dict[str, Any]:
    """The draft account as a mapping, in the order curators write it."""
    doc: dict[str, Any] = {"taxon": x.subject.id, "source": x.source_id}
    by: dict[str, list[Fact]] = {}
    for fact in x.facts:
        by.setdefault(fact.relation, []).append(fact)
    status = by.get("redListStatus", [])
    if status:
        best = max(status, key=lambda f: f.confidence)
        entry: dict[str, Any] = {"iucn": best.object}
        if best.qualifier("reason"):
            entry["reason"] = best.qualifier("reason")
        doc["status"] = entry | _review(best)
    sections: list[tuple[str, str, Any]] = [
        ("taxonomy", "formerlyIncludedIn", lambda f: {"formerly_included_in": f.object}),
        ("range", "occursIn", lambda f: {"place": f.object} | _q(f, "part", "part")),
        ("predators", "preyedUponBy", lambda f: {"taxon": f.object} | _q(f, "life_stage", "life_stage")),
        ("threats", "threatenedBy", lambda f: {"iucn": f.object} | _q(f, "label", "description")),
    ]
    for name, relation, make in sections:
        if by.get(relation):
            doc[name] = [make(f) | _review(f) for f in by[relation]]
    for name, relation, field in (("habitat", "hasHabitat", "habitat"), ("diet", "eats", "food"),
                                  ("uses", "hasUse", "use")):
        if by.get(relation):
            doc[name] = [{field: f.object} | _q(f, "season", "season") | _review(f) for f in by[relation]]
    legal = [f for r in _LEGAL for f in by.get(r, [])]
    if legal:
        doc["legal"] = [
            {"country": f.object, "status": _LEGAL[f.relation]} | _q(f, "scope", "scope") | _review(f)
            for f in legal
        ]
    if by.get("foundInProtectedArea"):
        doc["protected_areas"] = [{"area": f.object} | _review(f) for f in by["foundInProtectedArea"]]
    measures = [f for t in TRAITS if t not in PRICES for f in by.get(t, []) if f.measure is not None]
    if measures:
        doc["measurements"] = [_measurement(f) | _review(f) for f in measures]
    prices = [f for t in PRICES for f in by.get(t, []) if f.measure is not None]
    if prices:  # a price is the product's, not a trait of the taxon
        doc["prices"] = [{"product": PRICES[f.relation]} | _measurement(f, "product") | _review(f) for f in prices]
    new = new_entities(x)
    if new:
        doc["new_entities"] = new
    return doc


def _q(fact: Fact, qualifier: str, field: str) -> dict[str, Any]:
    value = fact.qualifier(qualifier)
    return {field: value} if value else {}


def _measurement(fact: Fact, key: str = "trait") -> dict[str, Any]:
    m = fact.measure
    assert m is not None
    out: dict[str, Any] = {} if key != "trait" else {"trait": fact.relation}
    for name in ("min", "max", "value"):
        v = getattr(m, name)
        if v is not None:
            out[name] = int(v) if v == v.to_integral_value() else float(v)
    out["unit"] = m.unit
    return out


def _first_section(x: Extraction, entity_id: str) -> str:
    """The section of the first fact that names ``entity_id`` (directly or as the place a new
    protected area or subdivision lies in)."""
    holders = {e.id for es in x.new_entities.values() for e in es
               if entity_id in (e.located_in, e.part_of)}
    for fact in x.facts:
        if fact.object == entity_id or fact.object in holders or (
                fact.relation == "scientificName" and entity_id == x.subject.id):
            return fact.evidence.section
    return x.article.sections[0]


def _entity(x: Extraction, e: Entity) -> dict[str, Any]:
    cite = f"{x.source_id}#{_first_section(x, e.id)}"
    if e.kind == "taxon":
        names = x.subject.names if e.id == x.subject.id else [e.label]
        out: dict[str, Any] = {"id": e.id}
        if e.scientific_name:
            out["scientific_name"] = e.scientific_name
        out["rank"] = "species"
        return out | {"names": names, "cite": cite}
    if e.kind == "group":
        return {"id": e.id, "kind": "group", "label": e.label, "cite": cite}
    if e.kind == "area":
        return {"id": e.id, "label": e.label, "designation": e.designation or "protected area",
                "located_in": e.located_in, "cite": cite}
    out = {"id": e.id, "kind": e.kind, "label": e.label}
    if e.part_of:
        out["part_of"] = e.part_of
    return out | {"cite": cite}


def new_entities(x: Extraction) -> dict[str, list[dict[str, Any]]]:
    """Records ``data/`` lacks, grouped by shared file key."""
    out: dict[str, list[dict[str, Any]]] = {}
    if not x.source_known:
        out["sources"] = [{
            "id": x.source_id, "title": x.article.title or x.subject.id, "url": x.source_url,
            "sections": [{"title": x.article.sections[0], "anchor": None}, *x.article.sections[1:]],
        }]
    groups = {"taxon": "taxa", "group": "taxa", "country": "places", "subdivision": "places",
              "mountain-range": "places", "area": "protected_areas"}
    for kind in ("taxon", "group", "country", "subdivision", "mountain-range", "area"):
        for e in x.new_entities.get(kind, []):
            out.setdefault(groups[kind], []).append(_entity(x, e))
    return out


class _Dumper(yaml.SafeDumper):
    """Short mappings of plain values on one line, as curators write them: {place: NP, cite: Lead}."""


def _represent_dict(dumper: yaml.SafeDumper, data: dict[str, Any]) -> yaml.Node:
    flat = all(isinstance(v, str | int | float | type(None)) for v in data.values())
    flow = flat and len(str(data)) < 90 and not any("\n" in str(v) for v in data.values())
    return dumper.represent_mapping("tag:yaml.org,2002:map", data.items(), flow_style=flow)


def _represent_list(dumper: yaml.SafeDumper, data: list[Any]) -> yaml.Node:
    flow = all(isinstance(v, str) for v in data) and len(str(data)) < 80
    return dumper.represent_sequence("tag:yaml.org,2002:seq", data, flow_style=flow)


_Dumper.add_representer(dict, _represent_dict)
_Dumper.add_representer(list, _represent_list)


def dump(doc: Any) -> str:
    """YAML in the curators' style (short records on one line), keys in the given order."""
    return yaml.dump(doc, Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=100)


def render(x: Extraction) -> str:
    """The draft as YAML text with a header telling the reviewer what to do."""
    head = (
        f"# Draft species account written by `wildkg extract` from {x.path or 'an article'}.\n"
        "# Review every fact against its evidence and delete what is wrong. Move the records\n"
        "# under `new_entities:` into data/sources.yaml, taxa.yaml, places.yaml and\n"
        "# protected-areas.yaml (or run `wildkg accept-draft FILE`), then build.\n"
    )
    return head + dump(account(x))


def write_atomic(path: Path, text: str) -> None:
    """Write ``text`` to ``path`` atomically (see :mod:`wildkg.atomic`)."""
    publish.write_bytes(path, text.encode("utf-8"))


def _appended(path: Path, list_key: str, items: list[dict[str, Any]]) -> str | None:
    """The text of ``path`` with ``items`` appended to its top-level list ``list_key``
    (keeping comments when that list comes last), or None if every id is there already."""
    text = path.read_text(encoding="utf-8") if path.is_file() else f"{list_key}:\n"
    doc = yaml.safe_load(text) or {}
    existing = {str(i.get("id")) for i in doc.get(list_key) or [] if isinstance(i, dict)}
    items = [i for i in items if str(i.get("id")) not in existing]
    if not items:
        return None
    last_key = [line.split(":")[0] for line in text.splitlines() if line[:1].isalpha()][-1:]
    if last_key != [list_key]:
        doc.setdefault(list_key, []).extend(items)
        return dump(doc)
    blocks = []
    for item in items:
        lines = dump([item]).splitlines()
        blocks.append("".join(f"  {line}\n" for line in lines))
    return text.rstrip("\n") + "\n\n" + "\n".join(blocks)


def merge_draft(draft: Path, data_dir: Path, *, force: bool = False) -> Path:
    """Accept a reviewed draft: append its new entities to the shared files of ``data_dir``
    and write the account (without ``new_entities``) to ``data_dir/species/<taxon>.yaml``.

    An existing account is never replaced unless ``force``; every file's new text is
    prepared before the first one is written.
    """
    try:
        doc = yaml.safe_load(draft.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as err:
        raise DataError(draft, f"cannot read the draft: {err}") from None
    if not isinstance(doc, dict) or not isinstance(doc.get("taxon"), str):
        raise DataError(draft, "not a draft species account (no `taxon:`)")
    target = data_dir / "species" / f"{doc['taxon']}.yaml"
    if target.exists() and target.resolve() != draft.resolve() and not force:
        raise DataError(draft, f"{target} already exists; merge the draft into it by hand, or "
                        "replace it with --force", entity=doc["taxon"], field="taxon")
    new = doc.pop("new_entities", None) or {}
    writes: list[tuple[Path, str]] = []
    for group, (file_name, list_key) in SHARED.items():
        items = [i for i in new.get(group) or [] if isinstance(i, dict)]
        text = _appended(data_dir / file_name, list_key, items) if items else None
        if text is not None:
            writes.append((data_dir / file_name, text))
    writes.append((target, dump(doc)))
    for path, text in writes:
        write_atomic(path, text)
    return target
