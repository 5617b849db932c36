"""Reading articles: sections, sentences and offsets that always point into the input."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from wildkg.extract.text import LEAD, parse_article, working_copy
from wildkg.ids import fold

PLAIN = """Test deer
The test deer (Moschus testus) lives in Nepal. It is shy.It hides by day.

Distribution and habitat
It lives above 2,500 m. Nepal and India, e.g. Sikkim, hold most of them.

See also
Some Wildlife Sanctuary
Other National Park
"""


def test_plain_text_sections_and_sentences() -> None:
    """A short first line is the title, lines after a blank line are headings, and the
    'See also' list lines are one sentence each (they are not headings)."""
    art = parse_article(PLAIN)
    assert art.title == "Test deer"
    assert art.sections == (LEAD, "Distribution and habitat", "See also")
    texts = [s.raw for s in art.sentences]
    assert texts == [
        "The test deer (Moschus testus) lives in Nepal.",
        "It is shy.",
        "It hides by day.",
        "It lives above 2,500 m.",
        "Nepal and India, e.g. Sikkim, hold most of them.",
        "Some Wildlife Sanctuary",
        "Other National Park",
    ]
    assert [s.section for s in art.sentences][-2:] == ["See also", "See also"]


def test_offsets_slice_the_original_text() -> None:
    """Evidence quotes the input: text[start:end] is exactly the sentence."""
    art = parse_article(PLAIN)
    for s in art.sentences:
        assert PLAIN[s.start:s.end] == s.raw


def test_markdown_markup_is_blanked_without_moving_offsets() -> None:
    """Bold, italics, links and citation marks become spaces, so offsets stay those of the input."""
    text = "# Cat\n\nThe **cat** (*Felis c*) lives in [Nepal](https://x.org/Nepal).[1] It sleeps.\n"
    work = working_copy(text)
    assert len(work) == len(text)
    assert "**" not in work and "https" not in work and "[1]" not in work
    art = parse_article(text)
    assert art.title == "Cat"
    assert [s.raw for s in art.sentences] == [
        "The **cat** (*Felis c*) lives in [Nepal](https://x.org/Nepal).", "It sleeps."
    ]


def test_reference_sections_are_not_read() -> None:
    """Titles of cited papers name places but state nothing about the species."""
    art = parse_article("Cat\nA cat.\n\nReferences\nCats found in Nepal. J. Zool.\n")
    assert all(s.section != "References" for s in art.sentences)


def test_fold_keeps_length() -> None:
    """Folding diacritics must not shift offsets."""
    assert fold("Uttarākhand") == "Uttarakhand"
    assert len(fold("Ōmi ñandú")) == len("Ōmi ñandú")


@settings(max_examples=150, deadline=None)
@given(st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=400))
def test_any_text_gives_sentences_inside_it(text: str) -> None:
    """Whatever the input, every sentence is a slice of it, in order, without overlap."""
    art = parse_article(text)
    last = 0
    for s in art.sentences:
        assert text[s.start:s.end] == s.raw
        assert s.start >= last and s.end > s.start
        last = s.end
