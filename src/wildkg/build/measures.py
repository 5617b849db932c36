"""Numbers about a taxon: trait measurements (Darwin Core MeasurementOrFact) and the market
prices of products taken from it, which are not traits of the organism (decision 0054)."""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING

from rdflib.namespace import XSD

from wildkg.build.triples import Terms, en, lit
from wildkg.curation.loader import Account, Entry
from wildkg.ids import slug
from wildkg.namespaces import DWC, DWCIRI, TRAIT, UNIT, WILDKG

if TYPE_CHECKING:
    from wildkg.build.compile import Compiler

_W, _D, _DI, _U = Terms(WILDKG), Terms(DWC), Terms(DWCIRI), Terms(UNIT)
_TYPE, _LABEL = "<http://www.w3.org/1999/02/22-rdf-syntax-ns#type>", "<http://www.w3.org/2000/01/rdf-schema#label>"
UNITS: dict[str, str] = {
    "m": _U.M, "cm": _U.CentiM, "ha": _U.HA, "month": _U.MO, "year": _U.YR,
    "count": _U.NUM, "USD/kg": _W["USD-PER-KiloGM"],
}
PRICE_UNITS = ("USD/kg",)

def number(value: Decimal, integer: bool) -> str:
    """A numeric literal whose lexical form every store keeps as written.

    Whole numbers are ``xsd:integer``; others ``xsd:decimal`` in canonical form (no
    trailing zeros), because Oxigraph rewrites ``2500.0`` as ``2500`` and rdflib does not.
    """
    if value == value.to_integral_value():
        return lit(str(int(value)), datatype=str(XSD.integer))
    if integer:
        raise ValueError(f"{value} is not a whole number")
    return lit(format(value.normalize(), "f"), datatype=str(XSD.decimal))





def measurement(c: Compiler, account: Account, e: Entry, seen: set[str], *, price: bool = False) -> None:
    """A trait measurement, or (``price``) the market price of a product: prices are not traits."""
    v = e.values
    key = "product" if price else "trait"
    what = v[key]
    if what in seen:
        raise e.error(key, f"{key} '{what}' is given twice in this account")
    seen.add(what)
    if v["unit"] not in UNITS:
        raise e.error("unit", f"unknown unit '{v['unit']}' (known: {', '.join(UNITS)})")
    if (v["unit"] in PRICE_UNITS) != price:
        raise e.error("unit", "a price is not a trait of the taxon: list it under `prices:` with its product"
                      if not price else f"a price needs a price unit ({', '.join(PRICE_UNITS)})")
    if not any(k in v for k in ("min", "max", "value")):
        raise e.error("value", "a measurement needs `value`, `min` or `max`")
    if "min" in v and "max" in v and v["min"] > v["max"]:
        raise e.error("max", f"max {v['max']} is below min {v['min']}")
    integer = v["unit"] == "count"
    if price:
        iri = c.wk(f"price/{account.taxon}/{slug(what)}")
        c.add(iri, _TYPE, _W.MarketPrice)
        c.add(iri, _W.product, en(what))
        label = f"{what} price"
    else:
        iri = c.wk(f"measurement/{account.taxon}/{what}")
        trait_iri = c.concept("trait", str(TRAIT), what, e, "trait")
        c.add(iri, _TYPE, _D.MeasurementOrFact)
        c.add(iri, _DI.measurementType, trait_iri)
        label = c.label(trait_iri) or what
    c.add(iri, _DI.measurementUnit, UNITS[v["unit"]])
    c.add(iri, _LABEL, en(f"{label}: {_range_text(v)} {v['unit']}"))
    for k, prop in (("min", _W.minValue), ("max", _W.maxValue), ("value", _W.value)):
        if k in v:
            try:
                c.add(iri, prop, number(v[k], integer))
            except ValueError as err:
                raise e.error(k, f"{err} (unit '{v['unit']}' counts whole things)") from None
    if "remarks" in v:
        c.add(iri, _D.measurementRemarks, en(v["remarks"]))
    c.fact(c.wk(f"taxon/{account.taxon}"), _W.hasMarketPrice if price else _W.hasMeasurement, iri, e.cite)



def _range_text(v: dict[str, Decimal]) -> str:
    if "value" in v:
        return f"about {v['value']}"
    if "min" in v and "max" in v:
        return f"{v['min']}–{v['max']}"
    if "min" in v:
        return f"≥ {v['min']}"
    return f"≤ {v['max']}"
