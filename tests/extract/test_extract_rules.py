"""What each relation rule reads, one phrasing per case (the subject is the snow leopard)."""

from __future__ import annotations

import pytest

from tests.helpers import DATA_DIR
from wildkg.extract.pipeline import extract_text

LEAD = "Snow leopard\nThe snow leopard (Panthera uncia) is a large cat.\n\n{section}\n{sentence}\n"


def rows(section: str, sentence: str) -> set[tuple[str, str, str]]:
    x = extract_text(LEAD.format(section=section, sentence=sentence), DATA_DIR)
    return {(f.relation, f.object, "|".join(f"{k}={v}" for k, v in f.qualifiers if k != "label"))
            for f in x.facts if f.evidence.section == section}


@pytest.mark.parametrize(
    ("section", "sentence", "expected"),
    [
        ("Status", "The IUCN lists it as Vulnerable.", ("redListStatus", "VU", "")),
        ("Status", "In 2017 it was moved from Endangered to Vulnerable on the IUCN Red List.",
         ("redListStatus", "VU", "")),
        ("Range", "It occurs in northern Pakistan.", ("occursIn", "PK", "part=northern")),
        ("Range", "In India it is found in Ladakh.", ("occursIn", "IN-LA", "")),
        ("Range", "Its range spans the Tien Shan.", ("occursIn", "tian-shan", "")),
        ("Range", "It lives at elevations of 9,800 to 14,800 ft.", ("elevation", "2987..4511 m", "")),
        ("Ecology", "Litters usually consist of two to three cubs.", ("litter-size", "2..3 count", "")),
        ("Ecology", "Home ranges cover up to 12 km2.", ("home-range", "..1200 ha", "")),
        ("Ecology", "Snow leopards can live for up to 18 years.", ("lifespan", "..18 year", "")),
        ("Ecology", "Cubs are sometimes killed by wolves.", ("preyedUponBy", "canis-lupus", "life_stage=juvenile")),
        ("Ecology", "Wolves are known to kill snow leopards.", ("preyedUponBy", "canis-lupus", "")),
        ("Threats", "Herders kill snow leopards in retaliation for livestock losses.",
         ("threatenedBy", "5.1.3", "")),
        ("Threats", "Mining and new roads fragment its habitat.", ("threatenedBy", "4.1", "")),
        ("Conservation", "Hunting snow leopards has been prohibited in Kyrgyzstan since 1950.",
         ("legallyProtectedIn", "KG", "")),
        ("Conservation", "It is protected under the Indian Wildlife Protection Act.",
         ("legallyProtectedIn", "IN", "")),
        ("Conservation", "Trophy hunting is permitted in Pakistan under a quota system.",
         ("huntingUnderLicenceIn", "PK", "")),
        ("Conservation", "It is listed as endangered in Mongolia.",
         ("nationallyListedEndangeredIn", "MN", "")),
        ("Conservation", "It lives in Khaptad and Sagarmatha National Parks.",
         ("foundInProtectedArea", "khaptad-national-park", "")),
    ],
)
def test_rule_reads_fact(section: str, sentence: str, expected: tuple[str, str, str]) -> None:
    """The sentence yields the expected (relation, object, qualifiers)."""
    assert expected in rows(section, sentence)


def test_captive_lifespan_is_not_a_wild_lifespan() -> None:
    """'In captivity … up to 25 years' is not the species' lifespan."""
    assert not {r for r in rows("Ecology", "In captivity it can live for up to 25 years.")
                if r[0] == "lifespan"}


def test_unknown_predator_without_scientific_name_is_skipped_not_invented() -> None:
    """A predator the gazetteers do not know gets no invented id or scientific name."""
    x = extract_text(LEAD.format(section="Ecology", sentence="Its predators include wolverines "
                                 "and wolves."), DATA_DIR)
    assert [f.object for f in x.facts if f.relation == "preyedUponBy"] == ["canis-lupus"]
    assert any("wolverines" in s.text for s in x.skipped)
