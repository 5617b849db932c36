"""Which taxon an article is about: its scientific name (from the lead or the taxobox) and
the common names the lead gives it.

The article's own name decides: a trinomial ("Panthera pardus orientalis") makes a
subspecies subject with its own id, never folded into the species, and a scientific name the
gazetteer does not know makes a new taxon rather than a guess by common name.
"""

from __future__ import annotations

import re

from wildkg.extract.gazetteer import Gazetteer, key
from wildkg.extract.model import Subject
from wildkg.extract.text import Article, Sentence
from wildkg.ids import slug

_SCI = r"[A-Z][a-z]+ [a-z]{3,}(?: (?!and\b|or\b|the\b)[a-z]{3,})?"
#: "(Genus species)", "(/ipa/; Genus species subspecies)", "(Hindi: …) (Genus species)".
_IN_PARENS = re.compile(rf"\(\s*(?:[^()]*?[;,]\s*)?({_SCI})\s*(?:\)|[,;]\s*[^()]*\))")
#: "The jaguar (…), Panthera onca, is a big cat"; "The okapi, Okapia johnstoni, is".
_APPOSITION = re.compile(rf",\s+({_SCI}),\s+(?:is|was|are)\b")
_SUBSPECIES_LEAD = re.compile(r"\b(?:is|was)\s+(?:a|an|the|one of (?:the )?(?:\w+ )?)\s*(?:\w+\s+)?"
                              r"(?:subspecies|population|race)\b", re.IGNORECASE)
_VERB = re.compile(r"\s(?:is|are|was|were)\s")
_SPLIT = re.compile(r",|\bor\b|\b(?:also|sometimes|commonly|locally|often)\s+(?:known as|called|named|referred to as)\b"
                    r"|\bknown as\b|\balso\b", re.IGNORECASE)
_ADVERB = re.compile(r"^(?:simply|inaccurately|sometimes|also|locally|commonly|often|just|incorrectly|"
                     r"erroneously|informally|colloquially)\s+", re.IGNORECASE)
_NOT_NAME = re.compile(r"\d|[:;=|]|\b(?:in|of|from|by|for|with)\s+(?:the\s+)?[A-Z]", re.IGNORECASE)


def _lead_sentences(article: Article) -> list[Sentence]:
    lead = [s for s in article.sentences if s.section == article.sections[0]]
    return (lead or list(article.sentences))[:12]


def scientific_name(article: Article, box_name: str | None) -> tuple[str | None, Sentence | None]:
    """The article's scientific name and the lead sentence that states it (None if only the box
    does). The lead wins; the box's name replaces it when the box gives the same name with a
    subspecies epithet."""
    for sentence in _lead_sentences(article):
        m = _IN_PARENS.search(sentence.work) or _APPOSITION.search(sentence.work)
        if m:
            name = " ".join(m.group(1).split())
            if box_name and box_name.startswith(name + " "):
                return box_name, sentence
            return name, sentence
    if box_name:
        binomial = " ".join(box_name.split()[:2])
        stated = next((s for s in _lead_sentences(article) if binomial in s.work), None)
        return box_name, stated
    return None, None


def _clean(part: str) -> str:
    part = re.sub(r"\([^()]*\)|/[^/\s][^/]*/|\[[^\]]*\]", " ", part)
    part = _ADVERB.sub("", " ".join(part.split()).strip(" ,;'\""))
    part = re.sub(r"^(?:the|an?)\s+", "", part, flags=re.IGNORECASE)
    return part.strip(" ,;'\"")


def _names_in(text: str) -> list[str]:
    out = []
    text = re.sub(r"\([^()]*\)|\[[^\]]*\]", " ", text)
    for part in _SPLIT.split(text):
        name = _clean(part)
        words = name.split()
        if not name or len(words) > 5 or _NOT_NAME.search(name):
            continue
        if len(words) == 1 and name.lower().endswith("ly"):
            continue  # "The koala or, inaccurately, koala bear"
        out.append(name)
    return out


def common_names(first: str, sci: str | None) -> list[str]:
    """Names the lead sentence gives the subject: before the scientific name or verb, and the
    list after it ("(Tapirus indicus), also called Asian tapir, Asiatic tapir, or …, is")."""
    names: list[str] = []
    cut = first.find("(" + sci) if sci and ("(" + sci) in first else -1
    if cut < 0 and sci:
        m = re.search(r"\(\s*[^()]*?" + re.escape(sci), first)
        cut = m.start() if m else first.find(", " + sci)
    verb = _VERB.search(first)
    head = first[:cut] if cut >= 0 else first[:verb.start()] if verb else ""
    names += _names_in(head)
    if cut >= 0:
        close = first.find(")", cut)
        after = first[close + 1:] if close >= 0 else ""
        lead_in = re.match(r"\s*,?\s*(?:or|also (?:known as|called)|sometimes (?:known as|called)|"
                           r"commonly (?:known as|called))\s+", after)
        if lead_in:
            tail = after[lead_in.end():]
            stop = _VERB.search(tail)
            names += _names_in(tail[:stop.start()] if stop else tail.split(",")[0])
    for m in re.finditer(r"\b(?:also|commonly|locally) (?:known|called|referred to)(?: as)? (?:the )?"
                         r"([A-Za-z][\w\-' ]{2,40}?)(?=[,.;)]| or\b)", first):
        names.append(m.group(1).strip())
    return names


def find_subject(article: Article, gaz: Gazetteer, box_name: str | None = None) -> Subject:
    """The article's taxon: scientific name from the lead (or the taxobox), names around it."""
    sci, stated = scientific_name(article, box_name)
    leads = _lead_sentences(article)
    first = stated.work if stated else (leads[0].work if leads else "")
    names = common_names(first, sci)
    title = re.sub(r"\s*[-–:]\s*(?:Wikipedia|Wikis)$", "", article.title.strip())
    if not names and title and not re.search(r"[,:;|]|\d", title) and \
            not re.fullmatch(_SCI, title) and len(title.split()) <= 5:
        names.append(title)
    rank = "subspecies" if sci and len(sci.split()) == 3 else "species"
    if _SUBSPECIES_LEAD.search(first):
        rank = "subspecies"  # "is one of the two subspecies of the eastern gorilla"
    known = None
    if sci:
        known = next((e for e in gaz.taxa.values() if e.scientific_name == sci), None)
    elif rank == "species":
        for n in names:
            hits = [e for e in gaz.taxa.values() if e.kind == "taxon" and key(e.label) == key(n)]
            if len(hits) == 1 and hits[0].scientific_name:
                known = hits[0]
                break
    unique: list[str] = []
    for n in names:
        if key(n) not in {key(u) for u in unique}:
            unique.append(_casing(n, article))
    if known is not None:
        in_data = known.id in gaz.known_ids.get("taxon", set())
        return Subject(known.id, known.scientific_name, unique, in_data, rank)
    parent = None
    if rank == "subspecies" and sci:
        species = " ".join(sci.split()[:2])
        parent = next((e.id for e in gaz.taxa.values() if e.scientific_name == species
                       and e.id in gaz.known_ids.get("taxon", set())), None)
    fallback = (unique[0] if unique else title) if rank == "subspecies" and not sci else title
    return Subject(slug(sci or fallback or "unknown-taxon"), sci, unique, False, rank, parent)


def _casing(name: str, article: Article) -> str:
    """The name as the article writes it in mid-sentence ('Himalayan tahr', 'red panda');
    a name seen only at a sentence start keeps its capital only if it looks proper."""
    pattern = re.compile(r"\s+".join(map(re.escape, name.split())), re.IGNORECASE)
    starts = []
    for sentence in article.sentences:
        for m in pattern.finditer(sentence.work):
            before = sentence.work[:m.start()].rstrip(" *_")
            if before and not before.endswith(("(", '"')):
                return m.group(0).replace("\n", " ")
            starts.append(m.group(0))
    first = name.split()[0]
    if first.endswith(("'s", "’s")) or (first[:1].isupper() and len(name.split()) == 1 and starts == []):
        return name
    return name[0].lower() + name[1:] if name[:1].isupper() and not name[1:2].isupper() else name
