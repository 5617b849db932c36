"""Countries as the bulk kinds name them: ISO 3166-1 alpha-2 (GBIF, CITES) or alpha-3 (WDPA)."""

from __future__ import annotations

from functools import cache

from wildkg.namespaces import WILDKG
from wildkg.provenance import T_LABEL, T_TYPE, iri, literal, vocab
from wildkg.sources.columnar.terms import PLACE_NS


@cache
def alpha3_to_alpha2() -> dict[str, str]:
    import pycountry

    return {c.alpha_3: c.alpha_2 for c in pycountry.countries}


@cache
def country_name(alpha2: str) -> str | None:
    import pycountry

    country = pycountry.countries.get(alpha_2=alpha2)
    if country is None:
        return None
    return str(getattr(country, "common_name", None) or country.name)


def country_lines(alpha2: str) -> list[str]:
    """A country node (``wk:place/NP``) as the curated places describe one, if ISO knows the code."""
    name = country_name(alpha2)
    if name is None:
        return []
    node = iri(PLACE_NS + alpha2)
    return [
        f"{node} {T_TYPE} {vocab(WILDKG.Country)} .\n",
        f"{node} {T_TYPE} {vocab(WILDKG.Place)} .\n",
        f"{node} {T_LABEL} {literal(name, lang='en')} .\n",
        f"{node} {vocab(WILDKG.isoCode)} {literal(alpha2)} .\n",
    ]
