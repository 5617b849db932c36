"""Stage 1: read the curated YAML in ``data/`` into checked records.

Everything a curator can get wrong is caught here or in :mod:`wildkg.compile` with a
:class:`~wildkg.errors.DataError` naming the file, the entity, the field and the line.
The layout of ``data/`` is a small registry (:data:`SHARED_FILES`) plus one file per
species account under ``data/species/``.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from wildkg import ids
from wildkg.curation.safety import id_problem, outside
from wildkg.curation.schema import (
    ACCOUNT_SECTIONS,
    REVIEW_KEYS,
    AreaRecord,
    PlaceRecord,
    Record,
    SourceRecord,
    Status,
    TaxonRecord,
    VocabularyRecord,
    references,
)
from wildkg.curation.yamlio import LineMap, read_yaml
from wildkg.errors import DataError

#: Shared files of ``data/`` and the list each holds.
SHARED_FILES: dict[str, str] = {
    "sources.yaml": "sources",
    "taxa.yaml": "taxa",
    "places.yaml": "places",
    "protected-areas.yaml": "protected_areas",
    "vocabulary.yaml": "habitats",
}
SPECIES_DIR = "species"


@dataclass(frozen=True)
class Loc:
    """Where a record came from."""

    file: Path
    line: int
    entity: str
    #: Prepended to field names, e.g. ``range[3].`` for the fourth item of an account's range.
    prefix: str = ""

    def error(self, message: str, field: str | None = None, line: int | None = None) -> DataError:
        name = f"{self.prefix}{field}" if field else (self.prefix.rstrip(".") or None)
        return DataError(self.file, message, entity=self.entity, field=name, line=line or self.line)


@dataclass(frozen=True)
class Cite:
    """A citation: a source id and one of its section titles."""

    source: str
    section: str
    loc: Loc
    line: int


@dataclass(frozen=True)
class Entry:
    """One checked mapping: its fields (already type-checked) and where each sits."""

    values: dict[str, Any]
    loc: Loc
    key_lines: dict[str, int]
    cite: Cite | None

    def get(self, key: str, default: Any = None) -> Any:
        return self.values.get(key, default)

    def line(self, key: str) -> int:
        return self.key_lines.get(key, self.loc.line)

    def error(self, key: str, message: str) -> DataError:
        return self.loc.error(message, field=key, line=self.line(key))


@dataclass
class Account:
    """A species account: the taxon it describes and its sections of entries."""

    taxon: str
    loc: Loc
    taxon_line: int
    summary: str | None
    status: Entry | None
    sections: dict[str, list[Entry]] = field(default_factory=dict)


@dataclass
class Project:
    """Everything read from ``data/``, keyed by kind and id."""

    sources: dict[str, Entry] = field(default_factory=dict)
    taxa: dict[str, Entry] = field(default_factory=dict)
    places: dict[str, Entry] = field(default_factory=dict)
    areas: dict[str, Entry] = field(default_factory=dict)
    habitats: dict[str, Entry] = field(default_factory=dict)
    foods: dict[str, Entry] = field(default_factory=dict)
    accounts: list[Account] = field(default_factory=list)

    def table(self, kind: str) -> dict[str, Entry]:
        return {
            "taxon": self.taxa, "place": self.places, "area": self.areas,
            "habitat": self.habitats, "food": self.foods, "source": self.sources,
        }[kind]


def _first_error(err: ValidationError, known: list[str]) -> tuple[str | None, str]:
    """The field and message of the error a curator should see first: unknown fields, then the
    fields in the format's order; a message of our own validators rather than a union's noise."""
    errors = err.errors(include_url=False)
    extra = [e for e in errors if e["type"] == "extra_forbidden"]
    if extra:
        return str(extra[0]["loc"][0]), f"unknown field (known: {', '.join(sorted({*known, 'cite'}))})"
    def order(e: Any) -> tuple[int, int]:
        name = str(e["loc"][0]) if e["loc"] else ""
        return (known.index(name) if name in known else len(known), 0 if e["type"] == "value_error" else 1)
    first = sorted(errors, key=order)[0]
    field = str(first["loc"][0]) if first["loc"] else None
    if first["type"] == "missing":
        return field, "required field is missing"
    if first["type"] == "value_error":
        return field, str(first["ctx"]["error"])
    return field, str(first["msg"])


def _parse_cite(raw: Any, default_source: str | None, where: LineMap, loc: Loc) -> Cite:
    line = where.line_of("cite")
    if not isinstance(raw, str) or not raw.strip():
        raise loc.error("expected 'source-id#Section' or a section title", "cite", line)
    source, sep, section = raw.partition("#")
    if not sep:
        if default_source is None:
            raise loc.error(
                f"'{raw}' names no source: write 'source-id#{raw}' or set `source:` for the file",
                "cite",
                line,
            )
        source, section = default_source, raw
    return Cite(source.strip(), section.strip(), loc, line)


def read_entry(
    item: Any,
    model: type[Record],
    path: Path,
    entity_hint: str,
    default_source: str | None,
    *,
    needs_cite: bool,
    parent_line: int,
    owner: str | None = None,
    prefix: str = "",
) -> Entry:
    """Check one mapping with ``model`` and return it as an :class:`Entry`.

    ``owner`` names the entity the entry belongs to (a species account's taxon) when the
    entry is not an entity of its own; ``prefix`` then locates it (``range[3].``).
    """
    if not isinstance(item, LineMap):
        raise DataError(path, "expected a mapping of fields", entity=owner or entity_hint,
                        field=prefix.rstrip(".") or None, line=parent_line)
    entity = owner or str(item.get("id") or entity_hint)
    loc = Loc(path, item.line, entity, prefix)
    fields = {k: v for k, v in item.items() if k != "cite" and k not in REVIEW_KEYS and v is not None}
    try:
        record = model.model_validate(fields)
    except ValidationError as err:
        key, message = _first_error(err, list(model.model_fields))
        raise loc.error(message, key, item.line_of(key) if key and key in item else item.line) from None
    values = record.model_dump(exclude_none=True)
    cite = None
    if "cite" in item:
        cite = _parse_cite(item["cite"], default_source, item, loc)
    elif needs_cite:
        raise loc.error("every fact needs a `cite:` (source and section)", "cite", item.line)
    return Entry(values, loc, dict(item.key_lines), cite)


def _list_of(doc: LineMap, key: str, path: Path, required: bool = True) -> list[Any]:
    if key not in doc:
        if required:
            raise DataError(path, f"missing top-level list '{key}'", field=key, line=1)
        return []
    value = doc[key]
    if value is None:
        return []
    if not isinstance(value, list):
        raise DataError(path, f"'{key}' must be a list", field=key, line=doc.line_of(key))
    return value


def _default_source(doc: LineMap, path: Path) -> str | None:
    value = doc.get("source")
    if value is not None and not isinstance(value, str):
        raise DataError(path, "`source:` must be a source id", field="source", line=doc.line_of("source"))
    return value


def _add(table: dict[str, Entry], entry: Entry, kind: str) -> None:
    key = str(entry.values["id"])
    try:  # ids become IRIs: check them against their pattern first
        ids.place_id(key) if kind == "place" else ids.check("slug", key)
    except ids.IdError as err:
        hint = "an ISO 3166 code or lowercase words joined by hyphens" if kind == "place" else \
            "lowercase letters, digits and single hyphens"
        raise entry.error("id", f"{err} (a {kind} id is {hint})") from None
    if key in table:
        first = table[key].loc
        raise entry.loc.error(
            f"duplicate {kind} id '{key}' (first defined at {first.file}:{first.line})", "id"
        )
    table[key] = entry


def _read_shared(project: Project, path: Path, key: str, spec: type[Record], kind: str,
                 table: dict[str, Entry], needs_cite: bool) -> None:
    doc = read_yaml(path, table=True)
    default = _default_source(doc, path)
    for item in _list_of(doc, key, path):
        line = getattr(item, "line", doc.line_of(key))
        entry = read_entry(item, spec, path, kind, default, needs_cite=needs_cite, parent_line=line)
        _add(table, entry, kind)


def read_account(path: Path) -> Account:
    """Read one species account file."""
    doc = read_yaml(path)
    if "new_entities" in doc:
        raise DataError(path, "this is a draft that proposes new entities; review it, then add it with "
                        "`wildkg accept-draft FILE`", field="new_entities", line=doc.line_of("new_entities"))
    if "subject" in doc:
        raise DataError(path, "this is a draft written by `wildkg extract`; add it with "
                        "`wildkg accept-draft FILE` (which checks its subject)", field="subject",
                        line=doc.line_of("subject"))
    known = {"taxon", "source", "summary", "status", *ACCOUNT_SECTIONS}
    for key in doc:
        if key not in known:
            raise DataError(path, f"unknown section (known: {', '.join(sorted(known))})",
                            field=key, line=doc.line_of(key))
    taxon = doc.get("taxon")
    if not isinstance(taxon, str) or not taxon:
        raise DataError(path, "a species account names its taxon id", field="taxon", line=1)
    loc = Loc(path, 1, taxon)
    if problem := id_problem(taxon):
        raise loc.error(problem, "taxon", doc.line_of("taxon"))
    default = _default_source(doc, path)
    summary = doc.get("summary")
    if summary is not None and not isinstance(summary, str):
        raise loc.error("expected text", "summary", doc.line_of("summary"))
    status = None
    if "status" in doc:
        status = read_entry(doc["status"], Status, path, taxon, default, needs_cite=True,
                            parent_line=doc.line_of("status"), owner=taxon, prefix="status.")
    account = Account(taxon, loc, doc.line_of("taxon"), summary, status)
    for section, spec in ACCOUNT_SECTIONS.items():
        entries = []
        for index, item in enumerate(_list_of(doc, section, path, required=False)):
            line = getattr(item, "line", doc.line_of(section))
            entries.append(read_entry(item, spec, path, section, default, needs_cite=True,
                                      parent_line=line, owner=taxon, prefix=f"{section}[{index}]."))
        account.sections[section] = entries
    return account


def load_shared(data_dir: Path) -> Project:
    """Read the records every account refers to (sources, taxa, places, areas, vocabulary),
    without the species accounts."""
    if not data_dir.is_dir():
        raise DataError(data_dir, "data folder not found")
    project = Project()
    shared: list[tuple[str, str, type[Record], str, dict[str, Entry], bool]] = [
        ("sources.yaml", "sources", SourceRecord, "source", project.sources, False),
        ("taxa.yaml", "taxa", TaxonRecord, "taxon", project.taxa, True),
        ("places.yaml", "places", PlaceRecord, "place", project.places, True),
        ("protected-areas.yaml", "protected_areas", AreaRecord, "area", project.areas, True),
    ]
    for name, key, spec, kind, table, needs_cite in shared:
        path = data_dir / name
        if not path.is_file():
            raise DataError(path, "required data file is missing")
        _read_shared(project, path, key, spec, kind, table, needs_cite)
    vocab = data_dir / "vocabulary.yaml"
    if vocab.is_file():
        doc = read_yaml(vocab, table=True)
        for key, kind, table in (("habitats", "habitat", project.habitats),
                                 ("food_items", "food", project.foods)):
            for item in _list_of(doc, key, vocab, required=False):
                line = getattr(item, "line", doc.line_of(key))
                _add(table, read_entry(item, VocabularyRecord, vocab, kind, None,
                                       needs_cite=False, parent_line=line), kind)
    for table in (project.taxa, project.places, project.areas):
        for entry in table.values():
            _check_entry(project, entry)
    return project


def shared_files(data_dir: Path) -> list[Path]:
    """The files :func:`load_shared` reads, in a fixed order."""
    names = ["sources.yaml", "taxa.yaml", "places.yaml", "protected-areas.yaml", "vocabulary.yaml"]
    return [data_dir / n for n in names if (data_dir / n).is_file()]


def account_files(data_dir: Path) -> list[Path]:
    """The species account files, sorted."""
    species_dir = data_dir / SPECIES_DIR
    if not species_dir.is_dir():
        return []
    with os.scandir(species_dir) as entries:  # the file type comes with the name: no stat per file
        found = sorted((e.name, e.is_symlink()) for e in entries
                       if e.name.endswith(".yaml"))
    # Only a link can lead outside (the folder itself, or a file): resolve just those.
    direct = species_dir.resolve() == data_dir.resolve() / SPECIES_DIR
    files = [species_dir / name for name, _ in found]
    for path, (_, link) in zip(files, found, strict=True):
        if (link or not direct) and (real := outside(path, data_dir)) is not None:
            raise DataError(path, f"is a link to {real}, outside {data_dir}; copy the file into the data folder")
    return files


def check_duplicate(seen: dict[str, Path], taxon: str, path: Path, line: int) -> None:
    """A second account for one taxon is an error naming both files."""
    if taxon in seen:
        raise DataError(path, f"a second account for taxon '{taxon}' (first in {seen[taxon]})",
                        entity=taxon, field="taxon", line=line)
    seen[taxon] = path


def load_project(data_dir: Path) -> Project:
    """Read and cross-check every file of ``data_dir``."""
    project = load_shared(data_dir)
    seen: dict[str, Path] = {}
    for path in account_files(data_dir):
        account = read_account(path)
        check_duplicate(seen, account.taxon, path, account.taxon_line)
        project.accounts.append(account)
    check_references(project)
    return project


def _check_ref(project: Project, entry: Entry, key: str, kind: str) -> None:
    value = entry.get(key)
    if value is not None and value not in project.table(kind):
        raise entry.error(key, f"unknown {kind} '{value}' (not defined in data/)")


def _check_cite(project: Project, entry: Entry) -> None:
    cite = entry.cite
    if cite is None:
        return
    source = project.sources.get(cite.source)
    if source is None:
        raise entry.loc.error(f"cites unknown source '{cite.source}' (see data/sources.yaml)",
                              "cite", cite.line)
    if cite.section not in source.values["sections"]:
        known = ", ".join(source.values["sections"])
        raise entry.loc.error(f"source '{cite.source}' has no section '{cite.section}' (known: {known})",
                              "cite", cite.line)


def all_entries(project: Project) -> list[Entry]:
    entries: list[Entry] = []
    for table in (project.taxa, project.places, project.areas):
        entries.extend(table.values())
    for account in project.accounts:
        if account.status:
            entries.append(account.status)
        for items in account.sections.values():
            entries.extend(items)
    return entries


#: Field name -> the kind of record it refers to (one meaning per field name across the format).
_MODELS: list[type[Record]] = [TaxonRecord, PlaceRecord, AreaRecord, *ACCOUNT_SECTIONS.values()]
REFERENCES: dict[str, str] = {name: kind for model in _MODELS for name, kind in references(model).items()}


def _check_entry(project: Project, entry: Entry) -> None:
    _check_cite(project, entry)
    for key, value in entry.values.items():
        kind = REFERENCES.get(key)
        if kind is not None and value is not None:
            _check_ref(project, entry, key, kind)


def check_account(project: Project, account: Account) -> None:
    """Every reference of one account points at a shared record (for a build that reads
    accounts one at a time)."""
    if account.taxon not in project.taxa:
        raise account.loc.error(f"unknown taxon '{account.taxon}' (add it to data/taxa.yaml)",
                                "taxon", account.taxon_line)
    for entry in ([account.status] if account.status else []):
        _check_entry(project, entry)
    for items in account.sections.values():
        for entry in items:
            _check_entry(project, entry)


def check_references(project: Project) -> None:
    """Every reference points at a defined record and every citation at a known section."""
    for entry in all_entries(project):
        _check_entry(project, entry)
    for account in project.accounts:
        if account.taxon not in project.taxa:
            raise account.loc.error(f"unknown taxon '{account.taxon}' (add it to data/taxa.yaml)",
                                    "taxon", account.taxon_line)
