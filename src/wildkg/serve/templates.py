"""The server's HTML: one Jinja environment (autoescaping on) and the links pages make to
entities. Imported by the endpoint and by every page module, so none imports another."""

from __future__ import annotations

from pathlib import Path
from typing import Any
from urllib.parse import quote

import jinja2

from wildkg.namespaces import WK

HERE = Path(__file__).parent
TEMPLATES = jinja2.Environment(
    loader=jinja2.FileSystemLoader(HERE / "templates"),
    autoescape=jinja2.select_autoescape(["html"]),
    undefined=jinja2.StrictUndefined,
    keep_trailing_newline=True,
)
ENTITY_BASE = str(WK)


def render(name: str, **context: Any) -> str:
    """A template of ``serve/templates/`` rendered with ``context`` (escaped)."""
    return TEMPLATES.get_template(name).render(**context)


def entity_href(iri: str) -> str | None:
    """The local page of a wildkg entity, or the IRI itself if it is a web link."""
    if iri.startswith(ENTITY_BASE) and len(iri) > len(ENTITY_BASE):
        return "/entity/" + quote(iri[len(ENTITY_BASE) :], safe="/")
    if iri.startswith(("http://", "https://")):
        return iri
    return None
