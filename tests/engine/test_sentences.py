"""Sentence splitting by offsets: abbreviations, initials, quotes, bullets, headings."""

from __future__ import annotations

from bot.engine.sentences import split_sentences


def sentences(text: str) -> list[str]:
    return [text[s.start : s.end] for s in split_sentences(text) if not s.is_heading]


def test_titles_and_abbreviations_do_not_end_sentences() -> None:
    text = "Mr. Kim met Gen. Lee and Dr. Park. No. 3 was approx. 10,000 strong. They left."
    assert sentences(text) == [
        "Mr. Kim met Gen. Lee and Dr. Park.",
        "No. 3 was approx. 10,000 strong.",
        "They left.",
    ]


def test_acronyms_end_a_sentence_only_before_an_opener() -> None:
    text = "Troops came from the U.S. and the U.K. in May. They met the U.S. The talks ended."
    assert sentences(text) == [
        "Troops came from the U.S. and the U.K. in May.",
        "They met the U.S.",
        "The talks ended.",
    ]


def test_initials_and_quotations() -> None:
    text = 'J. Mansour wrote it. He said "it is done." "Is it?" she asked. Wow! Next one… Yes.'
    assert sentences(text) == [
        "J. Mansour wrote it.",
        'He said "it is done."',
        '"Is it?" she asked.',
        "Wow!",
        "Next one…",
        "Yes.",
    ]


def test_bullets_are_stripped_and_headings_marked() -> None:
    text = "Background\n\n• In March, a report came out. It said more.\n- Second point here."
    spans = split_sentences(text)
    assert [(text[s.start : s.end], s.is_heading) for s in spans] == [
        ("Background", True),
        ("In March, a report came out.", False),
        ("It said more.", False),
        ("Second point here.", False),
    ]


def test_spans_are_offsets_into_the_text() -> None:
    text = "  First one here.   Second one here.  \n\nThird paragraph now."
    for span in split_sentences(text):
        piece = text[span.start : span.end]
        assert piece == piece.strip() and piece
    assert [s.paragraph for s in split_sentences(text)] == [0, 0, 1]
