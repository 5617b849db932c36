"""Who a sentence talks about, and which of its parts state nothing about the subject.

Precision comes from here. For each sentence we compute *blocked* character spans:

* clauses about another taxon ("Unlike the Alpine musk deer, which lives in Tibet, …",
  "The snow leopard lives in Mongolia; …", and pronouns that continue such a sentence);
* negated clauses ("it does not occur in Bhutan", "is not hunted", "no longer found");
* clauses that report a superseded belief ("formerly thought to …");
* hedged clauses ("may occur in Myanmar") — blocked for most relations, see :class:`Scope`.

Rules only read objects and triggers that lie outside the spans blocked for them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from wildkg.extract.gazetteer import Entity, Gazetteer, NameIndex, key, plurals
from wildkg.extract.model import Subject
from wildkg.extract.text import Sentence
from wildkg.ids import fold, slug

_CLAUSE_BREAK = re.compile(
    r";|:|\s[–—]\s|,\s*(?=(?:but|while|whereas|although|though|yet|however|where|and\s+(?:it|they))\b)"
    r"|\s(?=(?:but|whereas|although|though)\s)|,\s*(?=(?:it|they|the species|this species)\s)"
    r"|,\s*(?=(?:as|because|since|so|which|who)\s)|,\s*(?=and\s+(?:is|are|was|were|has|have|had)\s)"
    r"|\s(?=(?:that|where)\s+(?:\w+\s+)?(?:originally|formerly|once|previously|historically|used to)\s)"
    r"|\s\((?=(?:even\s+)?(?:though|although|while|whereas|but|which|who|unlike)\b)|\)(?=\s+(?:and|but|while)\b)"
    r"|,\s*(?=and\s+(?:the\s+|its\s+|their\s+)?\w+(?:\s\w+)?\s+(?:are|is|was|were|may|might|can|could|"
    r"will|have|has|had|do|does|did|also|often|sometimes|occasionally)\b)",
    re.IGNORECASE,
)
_NEGATION = re.compile(
    r"\b(?:not|never|no longer|no|nor|neither|none|cannot|absent|lacking|extinct|extirpated|"
    r"disappeared|vanished|eliminated|wiped out|rather than|instead of)\b|n't\b",
    re.IGNORECASE,
)
_SUPERSEDED = re.compile(
    r"\b(?:formerly|previously|historically|originally|used to|former|mistakenly|erroneously|wrongly|fossils?|"
    r"Pleistocene|Pliocene|Miocene|prehistoric)\b"
    r"|\bbefore (?:that|then|this)\b|\bprior to (?:that|this)\b|\buntil \d{4}\b"
    r"|\bhad been (?:considered|listed|classified|assessed|thought)\b"
    r"|\bonce (?:thought|believed|considered|occurred|found|ranged|lived|widespread)\b"
    r"|\b(?:was|were) (?:thought|believed|considered|assumed|reported)\b",
    re.IGNORECASE,
)
_HEDGE = re.compile(
    r"\b(?:may|might|could|possibly|possible|probably|perhaps|likely|unlikely|unconfirmed|"
    r"uncertain|unclear|doubtful|reportedly|presumably|suspected|speculated|thought to|"
    r"believed to|said to)\b",
    re.IGNORECASE,
)
_COMPARE = re.compile(
    r"\b(?:unlike|like|as with|as in|as do|as does|similar to|in contrast to|compared (?:with|to)|"
    r"rather than|than (?:the|its)|by contrast|in contrast)\b",
    re.IGNORECASE,
)
_RELATIVE = re.compile(r"^\s*,?\s*(?:which|who|whose|that)\b", re.IGNORECASE)
_PRONOUN_START = re.compile(r"^\s*(?:it|they|its|their|this species|the species|these)\b", re.IGNORECASE)
_GENERIC = (r"(?:cats?|bears?|deer|goats?|sheep|antelopes?|dogs?|canids?|bovids?|caprines?|birds?|mammals?|"
            r"reptiles?|lizards?|monkeys?|apes?|primates?|marsupials?|carnivores?|herbivores?|felids?|"
            r"crocodilians?|parrots?|eagles?|raptors?|ungulates?|rodents?)")
_STOP_MODIFIERS = (
    "(?:The|This|These|Those|A|An|Its|Their|Both|Such|Each|All|Most|Many|Some|Adult|Male|Female|"
    "Young|Wild|Captive|Other|Several|Two|Like|Unlike|Few|No|Our|Farmed|Free|Juvenile|Large|Small|"
    "Big|Local|Many|Lone|Solitary|Pregnant|Mature|Older|Old|Healthy|Sick|Dead|Every|Any|Of|In|On|"
    "For|And|Or|With|To|By|From|As|At|That|Which|Where|When|Adults?|Hunt|Kill|Eat|Prey|Take|Than)"
)
JUVENILE = r"(?:juveniles?|young(?:sters)?|fawns?|calves|calf|kids?|cubs?|lambs?|kits?|infants?|offspring|newborns?|chicks?|pups?|kittens?|piglets?)"


@dataclass
class Scope:
    """Blocked spans of one sentence (sentence-relative offsets) by kind."""

    other: list[tuple[int, int]] = field(default_factory=list)
    other_clause: list[tuple[int, int]] = field(default_factory=list)
    negated: list[tuple[int, int]] = field(default_factory=list)
    superseded: list[tuple[int, int]] = field(default_factory=list)
    hedged: list[tuple[int, int]] = field(default_factory=list)
    subject_spans: list[tuple[int, int]] = field(default_factory=list)
    taxon_spans: list[tuple[int, int, Entity]] = field(default_factory=list)

    def blocked(self, start: int, end: int, *, hedge: bool = True, superseded: bool = True,
                clause_subject: bool = True) -> bool:
        """Whether ``[start, end)`` overlaps a span blocked for the asking rule."""
        spans = self.other + self.negated
        if clause_subject:
            spans = spans + self.other_clause
        if hedge:
            spans = spans + self.hedged
        if superseded:
            spans = spans + self.superseded
        return any(s < end and start < e for s, e in spans)


class SubjectMatcher:
    """Finds references to the subject and to other taxa in sentences."""

    def __init__(self, subject: Subject, gaz: Gazetteer) -> None:
        self.subject = subject
        names = [n for n in subject.names if n]
        if subject.scientific_name:
            genus, _, epithet = subject.scientific_name.partition(" ")
            names += [subject.scientific_name, f"{genus[0]}. {epithet}"]
        entity = gaz.taxa.get(subject.id) or Entity("taxon", subject.id, subject.id, False)
        pairs = [(form, entity) for n in names for form in plurals(n)]
        heads = {n.split()[-1].lower() for n in subject.names if n}
        self.head = sorted(heads)
        self.subject_index = NameIndex(pairs, ignore_case=True)
        self.taxa = gaz.index("taxa")
        self.subject_keys = {key(n) for n, _ in pairs}
        heads_alt = "|".join(re.escape(h) for h in self.head) or "(?!x)x"
        sub = (r"|\b(?:the|this|these|both|each|a)\s+(?:[\w-]+\s+)?subspecies\b"
               if subject.rank == "species" else "")
        self.generic = re.compile(
            rf"\b(?:the|these|this|such|a|both)\s+(?:species|animals?|{_GENERIC}|{heads_alt}s?)\b"
            rf"|\b(?:it|they|its|their|them)\b|\b(?:{heads_alt})s?\b"
            rf"|\b(?:the|its|their|this|these|both|two|other|one|wild|remaining|largest|main)\s+(?:\w+\s+)?"
            rf"populations?\b|\b(?:\d+|two|three|four|five|six|several|many|all)\s+(?:[\w-]+\s+)?populations\b"
            rf"|^\s*(?:One|The other)\s+(?:is|are)\b{sub}",
            re.IGNORECASE,
        )
        tails = "|".join(
            re.escape(" ".join(n.split()[-2:] if len(n.split()) > 2 else n.split()[-1:]))
            for n in subject.names if len(n.split()) >= 2
        ) or "(?!x)x"
        self.other_head = re.compile(
            rf"\b((?!{_STOP_MODIFIERS}\b)(?:[A-Z][a-z]+|[a-z]+-[a-z]+)"
            rf"(?:\s+(?!{_STOP_MODIFIERS.lower()}\b)[a-z]+)?\s+(?:{tails}))\b"
        )

    def mentions(self, work: str) -> tuple[list[tuple[int, int]], list[tuple[int, int, Entity]]]:
        """(subject spans, other-taxon spans) in ``work``."""
        subj = [(s, e) for s, e, _ in self.subject_index.find(work)]
        others: list[tuple[int, int, Entity]] = []
        for s, e, ents in self.taxa.find(work):
            if any(ss <= s < se for ss, se in subj):
                continue
            if any(ent.id == self.subject.id for ent in ents):
                subj.append((s, e))
                continue
            others.append((s, e, ents[0]))
        for m in [*self.other_head.finditer(work), *self._related(work)]:
            s, e = m.span(1)
            if key(m.group(1)) in self.subject_keys:
                continue
            subj = [(a, b) for a, b in subj if not (s <= a and b <= e)]
            if not any(a < e and s < b for a, b, _ in others):
                others.append((s, e, Entity("taxon", slug(m.group(1)), m.group(1), False)))
        for m in re.finditer(r"\(\s*([A-Z][a-z]+ [a-z]{3,})\b", work):
            name, (s, e) = m.group(1), m.span(1)
            if name == self.subject.scientific_name or any(a < e and s < b for a, b, _ in others):
                continue
            if not any(a < e and s < b for a, b in subj):
                others.append((s, e, Entity("taxon", slug(name), name, False)))
        return sorted(subj), sorted(others, key=lambda o: o[0])

    def _related(self, work: str) -> list[re.Match[str]]:
        """'the closely related red goral, which …': a lower-case modifier before the head noun
        names another taxon when a relative word precedes it or a 'which' clause follows."""
        heads = "|".join(re.escape(h) for h in self.head) or "(?!x)x"
        pattern = re.compile(rf"\b((?!{_STOP_MODIFIERS.lower()}\b)[a-z]+\s+(?:{heads})s?)\b")
        out = []
        for m in pattern.finditer(work):
            before = work[max(0, m.start() - 25):m.start()].lower()
            if re.search(r"\b(?:related|relative|sister|cousin|congener|unlike|like)\b", before) or \
                    re.match(r"\s*,\s*which\b", work[m.end():]):
                out.append(m)
        return out

    def refers(self, text: str) -> bool:
        """Whether ``text`` names the subject or uses a pronoun / generic noun for it."""
        return bool(self.mentions(text)[0] or self.generic.search(text))


def clauses(work: str) -> list[tuple[int, int]]:
    """Clause spans of a sentence, split at semicolons, dashes and contrastive conjunctions."""
    spans, start = [], 0
    for m in _CLAUSE_BREAK.finditer(work):
        if m.start() > start:
            spans.append((start, m.start()))
        start = m.end()
    spans.append((start, len(work)))
    return [(s, e) for s, e in spans if work[s:e].strip()]


def _next_comma(work: str, pos: int) -> int:
    m = re.compile(r"[,;]").search(work, pos)
    return m.start() if m else len(work)


def analyse(sentence: Sentence, matcher: SubjectMatcher, focus_other: bool) -> tuple[Scope, bool]:
    """Blocked spans of ``sentence``; returns the scope and whether focus is now another taxon."""
    work = fold(sentence.work)
    subj, others = matcher.mentions(work)
    scope = Scope(subject_spans=subj, taxon_spans=others)
    for m in _COMPARE.finditer(work):
        nxt = [o for o in others if o[0] >= m.end() and o[0] - m.end() < 25]
        if not nxt:
            continue
        end = _next_comma(work, nxt[0][1])
        while _RELATIVE.match(work[end:]):
            end = _next_comma(work, end + 1)
        scope.other.append((m.start(), end))
    for s, e, _ in others:
        rel = _RELATIVE.match(work[e:])
        if rel and not any(a <= s < b for a, b in scope.other):
            scope.other.append((s, _next_comma(work, e + rel.end())))
    sentence_has_subject = bool(subj) or bool(re.search(r"\b(?:it|its|them)\b", work, re.IGNORECASE))
    new_focus = focus_other
    for index, (cs, ce) in enumerate(clauses(work)):
        text = work[cs:ce]
        lead = re.match(r"\s*(?:(?:but|whereas|while|although|though|and|yet|however|so),?\s+)?"
                        r"(?:(?:in|on|at|during|across|throughout)\s[^,]{1,40},\s*)?(?:the\s+)?", text,
                        re.IGNORECASE)
        start = cs + (lead.end() if lead else 0)
        first_other = next((o for o in others if o[0] == start), None)
        appositive = re.match(r"([a-z][\w\-]+(?:\s[a-z][\w\-]+)?),\s+(?:which|who|a|an)\b", work[start:ce])
        if appositive and first_other is None and not matcher.refers(appositive.group(1)):
            first_other = (start, start + appositive.end(1), Entity("taxon", "unknown", "", False))
        relative = re.match(r"(?:the\s+)?([a-z][\w\-]+(?:\s[a-z][\w\-]+)?)\s*$", text[lead.end() if lead else 0:])
        if index == 0 and relative and re.match(r"\s*,\s*which\b", work[ce:]) and \
                not matcher.refers(relative.group(1)) and not subj:
            scope.other_clause.append((cs, len(work)))  # "The urial, which …, lives in Iran"
            break
        first_subj = any(a == start for a, _ in subj) or bool(matcher.generic.match(work[start:ce]))
        if first_other and not first_subj:
            scope.other_clause.append((cs, ce))
            if index == 0 and not sentence_has_subject:
                new_focus = True
        elif index == 0 and focus_other and _PRONOUN_START.match(text) and not subj:
            scope.other_clause.append((cs, len(work)))
        elif index == 0 and (first_subj or sentence_has_subject):
            new_focus = False
        if _NEGATION.search(text):
            scope.negated.append((cs, ce))
        if _SUPERSEDED.search(text):
            scope.superseded.append((cs, ce))
        if _HEDGE.search(text):
            scope.hedged.append((cs, ce))
    return scope, new_focus


def juvenile_only(text: str) -> bool:
    """Whether the prey named in ``text`` is a young animal ('juveniles are taken by …')."""
    return bool(re.search(rf"\b{JUVENILE}\b", text, re.IGNORECASE))
