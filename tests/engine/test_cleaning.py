"""Cleaning raw page dumps: furniture goes, every article sentence stays word for word."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from bot.engine.cleaning import clean_page
from bot.engine.corpus import read_article
from bot.engine.timeframe import parse_date
from tests.conftest import CORPUS_DIR, RAW_SEEDS


@pytest.mark.parametrize("raw_file", RAW_SEEDS, ids=lambda p: p.name)
def test_cleaning_a_raw_seed_gives_the_shipped_body(raw_file: Path) -> None:
    shipped = read_article(CORPUS_DIR / raw_file.name)
    assert clean_page(raw_file.read_text(encoding="utf-8")).body == shipped.body


@pytest.mark.parametrize("raw_file", RAW_SEEDS, ids=lambda p: p.name)
def test_every_kept_paragraph_is_a_line_of_the_raw_page(raw_file: Path) -> None:
    raw_lines = {line.strip() for line in raw_file.read_text(encoding="utf-8").splitlines()}
    for paragraph in clean_page(raw_file.read_text(encoding="utf-8")).paragraphs:
        assert paragraph in raw_lines


PAGE = """World
Troops head north as talks stall
Share this article
By Jane Roe, Example Press
Tuesday, 4 March 2025, 09:15

Advertisement

Troops head north as talks stall
Officials said on Tuesday that 4,000 troops had moved north. Mr. Lee said "talks stalled."
Photo: Example Agency
Want us to email you our top stories every morning?
Subscribe
Leave a Reply
Your email address will not be published. Required fields are marked *
0
See alsoAnother story entirely
© Example Times 2025, all rights reserved
"""


def test_furniture_kinds_are_dropped_and_metadata_kept() -> None:
    page = clean_page(PAGE)
    assert page.title == "Troops head north as talks stall"
    assert page.paragraphs == [
        'Officials said on Tuesday that 4,000 troops had moved north. Mr. Lee said "talks stalled."'
    ]
    assert page.byline == "Jane Roe, Example Press"
    assert page.published == date(2025, 3, 4)
    assert page.outlet == "Example Times"


def test_a_repeated_headline_with_a_glued_section_label_is_dropped() -> None:
    page = clean_page(
        "NewsCity council approves the new budget plan\n"
        "City council approves the new budget plan\n"
        "The council voted 7 to 2 on Monday to approve the plan for the coming year.\n"
    )
    assert page.title == "City council approves the new budget plan"
    assert page.paragraphs == [
        "The council voted 7 to 2 on Monday to approve the plan for the coming year."
    ]


def test_original_source_line_becomes_metadata() -> None:
    page = clean_page(
        "A headline about things\nBody text that is long enough to count.\n"
        "Original Source: example.com\n"
    )
    assert page.original_source == "example.com"
    assert page.paragraphs == ["Body text that is long enough to count."]


def test_an_article_sentence_that_mentions_email_is_not_a_prompt() -> None:
    sentence = (
        "Investigators said the officials had exchanged more than 300 email messages "
        "about the shipments over two years."
    )
    assert clean_page(f"Emails reveal shipments plan\n{sentence}\n").paragraphs == [sentence]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("6:56 AM EDT, July 19, 2024", date(2024, 7, 19)),
        ("Wednesday, 19 June 2024, 13:03", date(2024, 6, 19)),
        ("published 2025-06-05", date(2025, 6, 5)),
        ("no date here", None),
        ("February 30, 2024", None),
    ],
)
def test_dates_are_read_in_the_usual_news_forms(text: str, expected: date | None) -> None:
    assert parse_date(text) == expected


def test_a_story_that_starts_with_its_text_has_no_headline_and_loses_no_paragraph() -> None:
    # A paragraph that ends in a quote ('… on Friday."') or a bracket is story text,
    # however short: it was taken for the headline and dropped from the body.
    paragraphs = [
        "LUND, Norway (Wire) -- The harbour authority said Monday that the ferry would not sail.",
        "It gave no reason.",
        '"We are checking the hull. We will know more on Friday."',
        "(The ferry was built in 1988.)",
    ]
    page = clean_page("\n".join(paragraphs) + "\n")
    assert page.title == ""
    assert page.paragraphs == paragraphs


def test_a_headline_still_comes_before_the_story_text() -> None:
    page = clean_page(
        "Ferry stays in port after hull check\n"
        '"We will know more on Friday," the harbour master said on Monday.\n'
        "It was built in 1988 and last inspected in March.\n"
    )
    assert page.title == "Ferry stays in port after hull check"
    assert len(page.paragraphs) == 2


def test_a_wire_dateline_names_the_outlet_in_up_to_four_words() -> None:
    """ "(Nordic Press Wire) -": an outlet of three words had not been read, and its
    name had been taken for someone the lead names."""
    for outlet in ("Wire", "Nordic Press Wire", "Baltic Coast News Agency"):
        page = clean_page(f"LUND, May 6 ({outlet}) - The ferry Brekka sank on Sunday.")
        assert page.outlet == outlet
        assert page.title == ""


def test_a_headline_right_above_a_caption_stays_the_headline() -> None:
    """A page's first line is its headline even when a photo's caption follows it: it
    had been dropped as the image's label, and the article cited as untitled. A label
    between the story's lines is still the image's."""
    page = clean_page(
        "Lund Ferry Sinks Off Voss Coast\n"
        "Symbolic representation of a ferry in a storm.\n"
        "The Brekka ferry sank off Voss on Monday, and all 40 passengers were rescued.\n"
        "Harbour View\n"
        "Photo: Fjordposten\n"
        "Lars Vik said the crew had acted fast when the storm came in."
    )
    assert page.title == "Lund Ferry Sinks Off Voss Coast"
    assert "Harbour View" in page.dropped


def test_a_caption_that_tells_what_happened_is_kept_and_its_label_dropped() -> None:
    """A photo's caption in a sentence before its credit is the article's text, often
    its only word of where something happened; its image label, and a caption of
    names or a credit alone, are not."""
    caption = (
        "Mayor Ina Berg shakes hands with the ferry's captain on his arrival at the Voss"
        " pier (Nordic Press/Fjordposten via AP)"
    )
    page = clean_page(
        "Lund Ferry Returns\n"
        "The Brekka ferry returned to service on Monday after a month of repairs at Voss.\n"
        "Harbour View\n"
        f"{caption}\n"
        "Ina Berg, Lars Vik (Nordic Press via AP)\n"
        "Lars Vik said the crew had trained for weeks before the first crossing."
    )
    assert caption in page.paragraphs
    assert "Harbour View" in page.dropped
    assert "Ina Berg, Lars Vik (Nordic Press via AP)" in page.dropped
