"""Precision first: sentences about other species, negations, hedges and superseded beliefs
must produce no facts (issue 6, point 3)."""

from __future__ import annotations

import pytest

from tests.helpers import CORPUS_DIR, DATA_DIR
from wildkg.extract.pipeline import extract_text

CORPUS = CORPUS_DIR
LEAD = (
    "White-bellied musk deer\n"
    "The white-bellied musk deer (Moschus leucogaster) is a musk deer of the Himalayas.\n\n"
    "{section}\n{sentence}\n"
)


def facts(section: str, sentence: str) -> set[tuple[str, str]]:
    text = LEAD.format(section=section, sentence=sentence)
    x = extract_text(text, DATA_DIR, stem="trap")
    return {(f.relation, f.object) for f in x.facts if f.evidence.section == section}


@pytest.mark.parametrize(
    ("section", "sentence", "forbidden"),
    [
        ("Distribution", "Unlike the Alpine musk deer, which lives in Tibet, it occurs in Nepal.",
         ("occursIn", "CN-XZ")),
        ("Distribution", "It does not occur in Bhutan.", ("occursIn", "BT")),
        ("Distribution", "It was formerly thought to occur in Myanmar.", ("occursIn", "MM")),
        ("Distribution", "It may occur in Laos, but no records exist.", ("occursIn", "LA")),
        ("Distribution", "The snow leopard lives in Mongolia and Kazakhstan.", ("occursIn", "MN")),
        ("Distribution", "The snow leopard hunts in the Altai. It also lives in Mongolia.",
         ("occursIn", "MN")),
        ("Distribution", "It has disappeared from Afghanistan.", ("occursIn", "AF")),
        ("Distribution", "Fossils found in Tajikistan show a wider past range.", ("occursIn", "TJ")),
        ("Threats", "It is not hunted in Bhutan.", ("threatenedBy", "5.1.1")),
        ("Threats", "Logging is not a threat to this species.", ("threatenedBy", "5.3")),
        ("Threats", "Camera traps show that numbers are declining.", ("threatenedBy", "5.1.1")),
        ("Threats", "Unlike the Alpine musk deer, which suffers from logging, it is hunted.",
         ("threatenedBy", "5.3")),
        ("Ecology", "Snow leopards prey on blue sheep.", ("preyedUponBy", "panthera-uncia")),
        ("Ecology", "Snow leopards do not prey on it.", ("preyedUponBy", "panthera-uncia")),
        ("Ecology", "The Alpine musk deer is preyed on by wolves.", ("preyedUponBy", "canis-lupus")),
        ("Ecology", "Predators of the Alpine musk deer include wolves.", ("preyedUponBy", "canis-lupus")),
        ("Ecology", "Wolves hunt blue sheep, which share its range.", ("preyedUponBy", "canis-lupus")),
        ("Status", "The Alpine musk deer is listed as Vulnerable on the IUCN Red List.",
         ("redListStatus", "VU")),
        ("Status", "It was formerly listed as Vulnerable on the IUCN Red List.",
         ("redListStatus", "VU")),
        ("Conservation", "It is not protected in Afghanistan.", ("legallyProtectedIn", "AF")),
        ("Conservation", "The red panda is found in Langtang National Park.",
         ("foundInProtectedArea", "langtang-national-park")),
    ],
)
def test_trap_sentence_gives_no_fact(section: str, sentence: str, forbidden: tuple[str, str]) -> None:
    """The forbidden fact is not extracted from a trap sentence."""
    assert forbidden not in facts(section, sentence)


@pytest.mark.parametrize(
    ("section", "sentence", "expected"),
    [
        ("Distribution", "Unlike the Alpine musk deer, which lives in Tibet, it occurs in Nepal.",
         ("occursIn", "NP")),
        ("Distribution", "It is absent from Bhutan, but occurs in northern India.", ("occursIn", "IN")),
        ("Ecology", "Juveniles are sometimes taken by golden eagles.",
         ("preyedUponBy", "aquila-chrysaetos")),
        ("Status", "Formerly listed as Vulnerable, it is now Endangered on the IUCN Red List.",
         ("redListStatus", "EN")),
        ("Conservation", "It is found in Sagarmatha and Langtang National Parks.",
         ("foundInProtectedArea", "langtang-national-park")),
    ],
)
def test_true_part_of_a_mixed_sentence_is_kept(section: str, sentence: str,
                                               expected: tuple[str, str]) -> None:
    """Blocking is per clause: what the sentence says about the subject still comes through."""
    assert expected in facts(section, sentence)


def test_juvenile_predators_carry_the_life_stage() -> None:
    """'Juveniles are taken by X' makes X a predator of juveniles only."""
    x = extract_text(LEAD.format(section="Ecology", sentence="Young are killed by martens and "
                                 "yellow-throated martens."), DATA_DIR)
    pred = [f for f in x.facts if f.relation == "preyedUponBy"]
    assert [(f.object, f.qualifier("life_stage")) for f in pred] == [("martes-flavigula", "juvenile")]


#: Facts the corpus articles mention only to deny, hedge or attribute to another species.
CORPUS_TRAPS = {
    "markhor.txt": [("occursIn", "MN"), ("occursIn", "KZ"), ("occursIn", "NP")],
    "himalayan-goral.md": [("occursIn", "CN-XZ"), ("occursIn", "CN"), ("occursIn", "MM")],
    "dhole.txt": [("occursIn", "KZ"), ("occursIn", "RU")],
    "clouded-leopard.txt": [("occursIn", "BN"), ("occursIn", "ID")],
    "tibetan-antelope.txt": [("redListStatus", "EN"), ("occursIn", "NP")],
    "asiatic-black-bear.md": [("occursIn", "KG")],
    "bharal.txt": [("occursIn", "MN"), ("threatenedBy", "5.3")],
    "pallas-cat.txt": [("occursIn", "JP"), ("redListStatus", "NT")],
}


@pytest.mark.parametrize("name", sorted(CORPUS_TRAPS))
def test_corpus_trap_sentences_give_no_facts(name: str) -> None:
    """The trap sentences written into each corpus article produce none of their facts."""
    path = CORPUS / name
    x = extract_text(path.read_text(encoding="utf-8"), DATA_DIR, stem=path.stem)
    got = {(f.relation, f.object) for f in x.facts}
    assert not got & set(CORPUS_TRAPS[name])
