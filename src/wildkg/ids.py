"""Identifiers are checked against their pattern before they become part of an IRI.

A curated id, an ISO code or a database key that does not match is an error naming it,
never an IRI with a space, a ``>`` or a path in it. External identifiers are linked out
with the IRI forms their publishers document (``docs/sources/README.md``).
"""

from __future__ import annotations

import re
import unicodedata

from wildkg.namespaces import WILDKG

#: Kind of identifier -> the pattern its whole value must match.
PATTERNS: dict[str, re.Pattern[str]] = {
    "slug": re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*"),
    "iso-3166-1": re.compile(r"[A-Z]{2}"),
    "iso-3166-2": re.compile(r"[A-Z]{2}-[A-Z0-9]{1,3}"),
    "gbif": re.compile(r"[1-9][0-9]{0,9}"),
    "iucn": re.compile(r"[1-9][0-9]{0,9}"),
    "iucn-assessment": re.compile(r"[1-9][0-9]{0,10}"),
    "wikidata": re.compile(r"Q[1-9][0-9]{0,11}"),
    "ncbi": re.compile(r"[1-9][0-9]{0,9}"),
    "cites": re.compile(r"[1-9][0-9]{0,9}"),
    "iucn-code": re.compile(r"[0-9]{1,2}(?:\.[0-9]{1,2}){0,3}"),
}

#: External taxon identifiers: kind -> (wildkg property holding the id as a literal,
#: IRI template the publisher documents for it, or None when we link by literal only).
EXTERNAL: dict[str, tuple[str, str | None]] = {
    "gbif": (str(WILDKG.gbifTaxonKey), "https://www.gbif.org/species/{}"),
    "iucn": (str(WILDKG.iucnTaxonId), None),
    "wikidata": (str(WILDKG.wikidataId), "http://www.wikidata.org/entity/{}"),
    "ncbi": (str(WILDKG.ncbiTaxonId), "http://purl.obolibrary.org/obo/NCBITaxon_{}"),
    "cites": (str(WILDKG.citesTaxonId), None),
}


class IdError(ValueError):
    """An identifier that does not match the pattern of its kind."""


def check(kind: str, value: str) -> str:
    """``value`` if it matches the whole pattern of ``kind``; otherwise :class:`IdError`."""
    if not PATTERNS[kind].fullmatch(value):
        raise IdError(f"'{value}' is not a valid {kind} identifier")
    return value


def valid(kind: str, value: str) -> bool:
    return PATTERNS[kind].fullmatch(value) is not None


#: A place id in one pattern: the three kinds :func:`place_id` accepts.
_PLACE_ID = re.compile("|".join(f"(?:{PATTERNS[k].pattern})" for k in ("iso-3166-1", "iso-3166-2", "slug")))


def place_id(value: str) -> str:
    """A place id: an ISO 3166-1 alpha-2 or 3166-2 code, or a lowercase slug."""
    if _PLACE_ID.fullmatch(value):
        return value
    raise IdError(f"'{value}' is neither an ISO 3166 code nor a lowercase-hyphenated id")


def iucn_code(value: str) -> str:
    """An IUCN classification code in our dotted form: API v4 writes ``5_1_1``, the CSVs ``5.1.1``."""
    return check("iucn-code", value.strip().replace("_", "."))


def fold(text: str) -> str:
    """ASCII-fold ``text`` character by character (same length): 'Uttarākhand' → 'Uttarakhand'."""
    if text.isascii():
        return text
    out = []
    for ch in text:
        if ord(ch) < 128:
            out.append(ch)
            continue
        base = unicodedata.normalize("NFKD", ch)[:1]
        out.append(base if base and ord(base) < 128 else ch)
    return "".join(out)


def slug(text: str) -> str:
    """A lowercase, hyphenated id from a name, diacritics folded: 'Uttarākhand Forest' →
    'uttarakhand-forest'. The one slug of curated, extracted and imported names."""
    return re.sub(r"[^a-z0-9]+", "-", fold(text).lower()).strip("-")
