"""``wildkg extract``: draft a species account from an article, with evidence for every fact.

Plain Python rules over gazetteers (no model downloads). The stages are modules:
:mod:`~wildkg.extract.text` (sections, sentences, offsets) → :mod:`~wildkg.extract.gazetteer`
(names of places, taxa, protected areas) → :mod:`~wildkg.extract.scope` (what each sentence
is about; negation, hedges, other species) → :mod:`~wildkg.extract.rules` and
:mod:`~wildkg.extract.biology` (relations) → :mod:`~wildkg.extract.draft` (the YAML draft)
and :mod:`~wildkg.extract.evaluate` (precision and recall against gold facts).
"""

from __future__ import annotations

from wildkg.extract.pipeline import extract_text

__all__ = ["extract_text"]
