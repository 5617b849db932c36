"""What curated values must be to become IRIs safely (issue 13, F15, F18, F19).

An id becomes the last segment of an IRI (``.../taxon/<id>``): letters, digits and
``. _ ~ -``, starting with a letter or digit, so never ``..``, ``/``, ``#``, ``?``, a space or
``<>"{}``. A URL must not hold characters that cannot appear in an IRI unescaped. A species
file must be a file of the data folder, not a link to a file elsewhere.
"""

from __future__ import annotations

import re
from pathlib import Path

from wildkg import ids

_URL_UNSAFE = re.compile(r'[\x00-\x20<>"{}|^`\\]')


def id_problem(text: str) -> str | None:
    """Why ``text`` cannot be an id, or None: the broadest id form (:func:`wildkg.ids.place_id`:
    an ISO 3166 code or a lowercase slug); kinds narrower than that are checked by the loader."""
    try:
        ids.place_id(text)
    except ids.IdError:
        return (f"'{text}' cannot be an id: use lowercase letters, digits and single hyphens "
                "(or an ISO 3166 code for a place)")
    return None


def url_problem(text: str) -> str | None:
    """Why ``text`` cannot be a URL of the graph, or None."""
    bad = _URL_UNSAFE.search(text)
    if bad is None:
        return None
    return f"not a valid URL: {bad.group()!r} must be %-encoded in '{text}'"


def outside(path: Path, data_dir: Path) -> Path | None:
    """Where ``path`` really is when that is outside ``data_dir`` (through a symlink), else None."""
    real = path.resolve()
    return None if real.is_relative_to(data_dir.resolve()) else real
