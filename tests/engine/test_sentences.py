"""Sentence splitting by offsets: abbreviations, initials, quotes, bullets, headings."""

from __future__ import annotations

from bot.engine.sentences import MAX_SENTENCE_CHARS, final_mark, split_sentences


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


def test_link_text_a_page_dump_left_in_a_paragraph_is_left_out() -> None:
    text = (
        'The plant closed in May. Watch what the owners have done" The owners, a family '
        "firm, sold it. Its staff left.\n\n"
        'Interactive map: See where the plants are" Prices rose. Read the full report."'
    )
    assert sentences(text) == [
        "The plant closed in May.",
        "The owners, a family firm, sold it.",
        "Its staff left.",
        "Prices rose.",
    ]


def test_credit_lines_are_left_out_but_not_the_story() -> None:
    text = (
        "The port reopened. E-mail to a friend Reporter Jo Lee in Oslo and Al Ray "
        "contributed to this report.\n\n"
        "The opinions expressed in this commentary are solely those of Ann Berg.\n\n"
        "Call the ministry at its site, www.example.com. Kim Sato contributed to this story."
    )
    assert sentences(text) == [
        "The port reopened.",
        "The opinions expressed in this commentary are solely those of Ann Berg.",
        "Call the ministry at its site, www.example.com. Kim Sato contributed to this story.",
    ]


def test_credit_lines_with_roles_or_without_a_full_stop_are_left_out() -> None:
    """A credit names the reporters' roles ("producer", "journalist"), the show in
    quotes, or ends without a full stop, as a heading does; a sentence of the story
    saying who contributed stays."""
    text = (
        "The ferry sank off Voss.\n\n"
        'News producer Jo Lee in Voss and "Morning Show" host Al Ray contributed to this '
        "report.\n\n"
        "Journalist Ina Berg contributed to this report for Radio en Norte.\n\n"
        "Ola Dahl and Kari Moe contributed to this story\n\n"
        "Ola Dahl wrote the letter, and his colleagues contributed to the story."
    )
    assert sentences(text) == [
        "The ferry sank off Voss.",
        "Ola Dahl wrote the letter, and his colleagues contributed to the story.",
    ]


def test_a_stray_closing_quote_mark_leaves_no_quotation_open() -> None:
    """A teaser's closing mark with no opening one ('Where will the ferry dock?"') had
    left a quotation open to the end of the story, and the link text after it was
    read as a sentence."""
    text = (
        'The ferry arrives on Monday. Where will the ferry dock?"\n\n'
        'Watch the ferry arrive" The harbour master said it would dock in Lund.'
    )
    assert sentences(text) == [
        "The ferry arrives on Monday.",
        'Where will the ferry dock?"',
        "The harbour master said it would dock in Lund.",
    ]


def test_the_end_of_a_quotation_over_several_sentences_is_kept() -> None:
    """ "See …" closing a quotation opened a sentence before is the speaker's, not a link."""
    text = '"I was there. See what happens now." He left. “We stay. Read it all.” They did.'
    assert sentences(text) == [
        '"I was there.',
        'See what happens now."',
        "He left.",
        "“We stay.",
        "Read it all.”",
        "They did.",
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


def test_an_overlong_sentence_is_cut_into_bounded_verbatim_pieces() -> None:
    clause = "the convoy of trucks carrying grain moved slowly towards the border crossing, "
    run_on = "Officials said " + clause * 40 + "and then it stopped."
    no_spaces = "x" * 2_500 + "."
    text = f"{run_on}\n\n{no_spaces}\n\nShort heading"
    spans = split_sentences(text)
    pieces = [text[span.start : span.end] for span in spans]
    assert max(len(piece) for piece in pieces) <= MAX_SENTENCE_CHARS
    # Clause breaks first: every piece of the run-on ends at a comma, except the last.
    run_on_pieces = [
        piece for span, piece in zip(spans, pieces, strict=True) if span.paragraph == 0
    ]
    assert len(run_on_pieces) == 4
    assert all(piece.endswith("crossing,") for piece in run_on_pieces[:-1])
    assert run_on_pieces[-1].endswith("and then it stopped.")
    # Nothing is lost or rewritten: the pieces put back together are the text.
    assert "".join(run_on_pieces).replace(" ", "") == run_on.replace(" ", "")
    assert [
        len(piece) for span, piece in zip(spans, pieces, strict=True) if span.paragraph == 1
    ] == [
        1_000,
        1_000,
        501,
    ]
    assert pieces[-1] == "Short heading" and spans[-1].is_heading


def test_the_final_mark_is_read_inside_closing_quotes_and_brackets() -> None:
    assert final_mark('He asked: "Who is she?"') == "?"
    assert final_mark("(It was built in 1988.)") == "."
    assert final_mark("Ferry stays in port") == "t"
    assert final_mark("") == ""
