"""Who wrote a piece, and where it first ran: answered by what its file credits."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from bot.components import render
from bot.console import render_answer
from bot.engine import Engine
from bot.engine.filters import read_filters

TOLLS = """---
title: Ferry tolls to rise in Skarvik
outlet: Fjordposten
byline: Ina Berg, Nordic Press
published: 2025-03-04
---

The Skarvik ferry toll will rise by a third from May, the harbour board said on Monday.

Commuters who cross to Voss twice a day will pay about 40 crowns more a week.

Commuters wrote the harbour board a letter about the ferry toll in January.

Ola Dahl, a reporter who covered the toll for years, called it a tax on the islands.
"""
CRANE = """---
title: New crane for Lund harbour
outlet: Lund Courier
byline: Lars Vik
published: 2025-03-05
---

A new container crane arrived at Lund harbour on Tuesday after a week at sea.

The crane can lift twice the weight of the old one, the port said.
"""
BRIDGE = """---
title: Voss bridge closed for repairs
published: 2025-03-06
original_source: lundnews.example.com
---

The old Voss bridge will stay closed for repairs until the autumn, engineers said.

Drivers are sent round by the coast road, which adds twenty minutes.
"""
VOTE = """---
title: Harbour board backs toll rise
outlet: Lund Courier
published: 2025-03-08
---

The Skarvik harbour board voted five to two for the toll rise on Friday evening.

Source: Nordic Press; Lund Radio

Opponents said they would take the vote to the county court.
"""
GALA = """---
title: Skarvik gala raises funds
outlet: Fjordposten
published: 2025-03-07
---

A gala in Skarvik raised money for a new lifeboat on Saturday, its organisers said.
"""


@pytest.fixture(scope="module")
def credited(tmp_path_factory: pytest.TempPathFactory) -> Engine:
    folder = tmp_path_factory.mktemp("credited")
    articles = {"tolls": TOLLS, "crane": CRANE, "bridge": BRIDGE, "vote": VOTE, "gala": GALA}
    for name, text in articles.items():
        (folder / f"{name}.txt").write_text(text, encoding="utf-8")
    return Engine.from_dir(folder, root=folder)


def _first(engine: Engine, question: str) -> tuple[str, str]:
    answer = engine.ask(question)
    assert answer.answered, question
    return answer.quotes[0].credit, answer.quotes[0].text


BERG = ("byline", "Ina Berg, Nordic Press")


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        ("Who wrote the Fjordposten story about the ferry toll?", BERG),
        ("Who wrote the article on the new harbour crane?", ("byline", "Lars Vik")),
        ("who is the author of the piece about the crane", ("byline", "Lars Vik")),
        ("Which reporter covered the toll rise for Fjordposten?", BERG),
        ("fjordposten ferry article author", BERG),
        (
            "Which site first ran the article on the bridge repairs?",
            ("original source", "lundnews.example.com"),
        ),
        (
            "Where did the piece on the bridge repairs first appear?",
            ("original source", "lundnews.example.com"),
        ),
    ],
)
def test_who_wrote_a_piece_is_answered_by_its_byline(
    credited: Engine, question: str, expected: tuple[str, str]
) -> None:
    assert _first(credited, question) == expected


def test_a_credit_stands_in_its_file_and_its_sentences_follow(credited: Engine) -> None:
    answer = credited.ask("Who wrote the Fjordposten story about the ferry toll?")
    first, second = answer.quotes[:2]
    assert first.text in first.article.path.read_text(encoding="utf-8")
    assert second.credit == "" and second.article.source_file == first.article.source_file
    assert second.text in first.article.body
    assert first.to_json()["credit"] == "byline" and second.to_json()["credit"] is None
    assert "Byline of <i>Fjordposten</i>" in render.quote_block(first, 1)
    assert "1. “Ina Berg, Nordic Press” (byline)" in render_answer(answer)


@pytest.mark.parametrize(
    "question",
    [
        "Who wrote the letter about the ferry toll?",  # a letter is what a sentence tells of
        "What did the reporter say about the ferry toll?",
        "How much will the ferry toll rise in the Fjordposten story?",
        "What is the name of the Fjordposten reporter who covered the toll for years?",
    ],
)
def test_a_question_that_asks_no_credit_gets_sentences(credited: Engine, question: str) -> None:
    answer = credited.ask(question)
    assert answer.answered and all(quote.credit == "" for quote in answer.quotes)


def test_the_best_article_without_a_byline_gets_no_other_articles_byline(
    credited: Engine,
) -> None:
    answer = credited.ask("Who wrote the story about the bridge repairs?")
    assert answer.answered and answer.quotes[0].text.startswith("The old Voss bridge")
    assert all(quote.credit == "" for quote in answer.quotes)
    assert "The best-matching article gives no byline." in answer.notes


def test_a_credit_not_written_in_the_file_is_not_quoted(tmp_path: Path) -> None:
    # The file's byline spells the name otherwise than the article read from it.
    (tmp_path / "tolls.txt").write_text(TOLLS, encoding="utf-8")
    engine = Engine.from_dir(tmp_path, root=tmp_path)
    (tmp_path / "tolls.txt").write_text(TOLLS.replace("Ina Berg", "I. Berg"), encoding="utf-8")
    answer = engine.ask("Who wrote the Fjordposten story about the ferry toll?")
    assert answer.answered and all(quote.credit == "" for quote in answer.quotes)


def test_a_credit_is_asked_only_of_a_corpus_that_gives_one() -> None:
    today = date(2025, 3, 8)
    asked = "Who wrote the story about the bridge?"
    filters, rest = read_filters(asked, [], today, credited=frozenset({"byline"}))
    assert (filters.credit, rest) == ("byline", "the about the bridge?")
    filters, rest = read_filters(asked, [], today)
    assert (filters.credit, rest) == (None, asked)


@pytest.mark.parametrize(
    "question", ["harbour board vote report sources", "What sources did the story on the vote use?"]
)
def test_the_sources_a_piece_names_are_its_source_line(credited: Engine, question: str) -> None:
    answer = credited.ask(question)
    assert answer.answered and answer.quotes[0].text == "Source: Nordic Press; Lund Radio"
    assert answer.quotes[1].text.startswith("The Skarvik harbour board voted")


def test_no_source_line_is_offered_for_what_sources_said_or_from_another_article(
    credited: Engine,
) -> None:
    said = credited.ask("What did sources say about the board vote in the Lund Courier story?")
    other = credited.ask("ferry toll report sources")  # its article names no sources
    for answer in (said, other):
        assert all(not quote.text.startswith("Source:") for quote in answer.quotes)


def test_the_sources_are_asked_of_any_corpus() -> None:
    filters, rest = read_filters("ferry report sources", [], date(2025, 3, 8))
    assert (filters.credit, rest) == ("sources", "ferry sources")


@pytest.mark.parametrize(
    ("previous", "question", "expected"),
    [
        ("How much more a week will commuters to Voss pay?", "Who wrote that story?", BERG),
        ("How much more a week will commuters to Voss pay?", "who wrote it?", BERG),
        (
            "Why is the old Voss bridge closed?",
            "Which site first ran it?",
            ("original source", "lundnews.example.com"),
        ),
    ],
)
def test_who_wrote_what_was_just_quoted(
    credited: Engine, previous: str, question: str, expected: tuple[str, str]
) -> None:
    """A follow-up asks the credit of the piece that answered the question before."""
    answer = credited.ask(question, previous=previous)
    assert answer.answered and (answer.quotes[0].credit, answer.quotes[0].text) == expected
    assert answer.read_as.endswith(f": {previous}")
    assert not credited.ask(question).answered  # of nothing asked before
