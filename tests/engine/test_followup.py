"""Follow-up questions: a question that leans on the one before it in a conversation."""

from __future__ import annotations

from datetime import date

import pytest

from bot.engine import Engine
from bot.engine.followup import refers_back
from tests.conftest import written_article

RACE = written_article(
    "race",
    "Berg wins the Fjord Cup",
    "Ina Berg won the Fjord Cup regatta in Bergen on Sunday, beating Lars Vik by two minutes.",
    "Ina Berg, 41, retired from racing in March 2024.",
    "Her coach, Ola Dahl, said she had trained on the harbour for ten years.",
    "Lars Vik won the Harbour Race in Voss in June.",
)
FERRY = written_article(
    "ferry",
    "Ferry line orders boats",
    "The Nordlys ferry line ordered four new ferries in Lund on Monday.",
    "The ferries will enter service in 2026, the line said.",
    "Sven Holm, a mechanic in Lund, died in 2019.",
)


@pytest.fixture(scope="module")
def engine() -> Engine:
    return Engine.from_articles([RACE, FERRY])


@pytest.mark.parametrize(
    ("previous", "question", "read_as", "quoted"),
    [
        (
            "Who is Ina Berg?",
            "When did she retire?",
            "When did Ina Berg retire?",
            "Ina Berg, 41, retired from racing in March 2024.",
        ),
        (
            "Who is Ina Berg?",
            "Who is her coach?",
            "Who is Ina Berg's coach?",
            "Her coach, Ola Dahl, said she had trained on the harbour for ten years.",
        ),
        (
            "Who is Ina Berg?",
            "who did she beat",
            "Who did Ina Berg beat?",
            "Ina Berg won the Fjord Cup regatta in Bergen on Sunday, beating Lars Vik by two"
            " minutes.",
        ),
        (
            "How many ferries did the Nordlys line order?",
            "and when?",
            "When did the Nordlys line order ferries?",
            "The Nordlys ferry line ordered four new ferries in Lund on Monday.",
        ),
        (
            "How many boats did the Nordlys line order?",
            "and how many ferries?",
            "How many ferries did the Nordlys line order?",
            "The Nordlys ferry line ordered four new ferries in Lund on Monday.",
        ),
        (
            "What did Ina Berg retire from?",
            "and when?",
            "When did Ina Berg retire?",
            "Ina Berg, 41, retired from racing in March 2024.",
        ),
        (  # the question word is the subject: the verb stands as written
            "Who won the Harbour Race?",
            "and where?",
            "Who won the Harbour Race, and where?",
            "Lars Vik won the Harbour Race in Voss in June.",
        ),
        (  # asked again after that: the question word it ends with is replaced
            "Who won the Harbour Race, and where?",
            "when?",
            "Who won the Harbour Race, and when?",
            "Lars Vik won the Harbour Race in Voss in June.",
        ),
        (
            "How many ferries did the Nordlys line order?",
            "why?",
            "Why did the Nordlys line order ferries?",
            "The Nordlys ferry line ordered four new ferries in Lund on Monday.",
        ),
        (
            "Where did Ina Berg win?",
            "What about Lars Vik?",
            "Where did Lars Vik win?",
            "Lars Vik won the Harbour Race in Voss in June.",
        ),
    ],
)
def test_a_follow_up_is_answered_as_the_whole_question_it_stands_for(
    engine: Engine, previous: str, question: str, read_as: str, quoted: str
) -> None:
    answer = engine.ask(question, previous=previous)
    assert answer.read_as == read_as
    assert answer.question == question  # the question as asked, for the transcript
    assert answer.answered
    assert answer.quotes[0].text == quoted
    assert engine.ask(read_as).quotes[0].text == quoted  # the same as asking it whole


def test_a_pronoun_nothing_names_is_asked_about_not_guessed(engine: Engine) -> None:
    alone = engine.ask("When did he die?")
    assert not alone.answered
    assert alone.decline_reason == "unclear_pronoun"
    assert alone.message == "I can't tell who “he” is here. Please ask again with the name."
    # A last question naming two people does not say which one "he" is.
    both = engine.ask("When did he die?", previous="Did Lars Vik beat Sven Holm?")
    assert both.decline_reason == "unclear_pronoun"
    assert "(Lars Vik or Sven Holm?)" in both.message
    # Asked again, it stands for no one still.
    again = engine.ask("and where?", previous="When did he die?")
    assert again.decline_reason == "unclear_pronoun"
    # Named, it is answered.
    named = engine.ask("When did he die?", previous="Who is Sven Holm?")
    assert named.read_as == "When did Sven Holm die?"
    assert named.quotes[0].text == "Sven Holm, a mechanic in Lund, died in 2019."


@pytest.mark.parametrize(
    "previous",
    [
        None,  # nothing asked before
        "Who is Ina Berg?",  # "when?" after a description asks when nothing happened
        "How many ferries sank?",  # "and when?" does not make a figure question "when"
    ],
)
def test_a_bare_question_word_nothing_completes_is_asked_about(
    engine: Engine, previous: str | None
) -> None:
    answer = engine.ask("and when?", previous=previous)
    assert not answer.answered and answer.decline_reason == "unclear_follow_up"
    assert answer.message == (
        "I can't tell what “when” asks about here. Please ask the whole question."
    )


@pytest.mark.parametrize(
    "question",
    [
        "Where did Ina Berg say she trained?",  # "she" is Ina Berg, named in the question
        "What did the coach say about his training?",  # the coach's own
        "How many ferries did the line order?",  # no pronoun
        "Who is Lars Vik?",  # a name of its own
    ],
)
def test_a_question_that_stands_alone_is_read_alone(engine: Engine, question: str) -> None:
    answer = engine.ask(question, previous="Who is Sven Holm?")
    assert answer.read_as == ""
    assert answer.decline_reason != "unclear_pronoun"
    assert answer.to_json() == engine.ask(question).to_json()


def test_they_with_no_one_to_mean_is_read_as_written(engine: Engine) -> None:
    """ "They" is often no one in particular: without a last question it is not asked back."""
    answer = engine.ask("How many ferries did they order?")
    assert answer.answered
    assert (
        answer.quotes[0].text
        == "The Nordlys ferry line ordered four new ferries in Lund on Monday."
    )
    assert engine.ask("When did they order ferries?", previous="Who is Ina Berg?").read_as == (
        "When did Ina Berg order ferries?"
    )


def test_a_follow_up_keeps_the_period_it_was_asked_in() -> None:
    """A period the follow-up names holds for it; "and where?" keeps the last one's. The
    whole question is written with it, so asked again (as the buttons under an answer
    ask it) it gives the same quotes."""
    earlier = written_article(
        "2023",
        "Ferries 2023",
        "The Nordlys line sent two ferries to Lund.",
        published=date(2023, 5, 2),
    )
    later = written_article(
        "2025",
        "Ferries 2025",
        "The Nordlys line sent six ferries to Voss.",
        published=date(2025, 5, 2),
    )
    engine = Engine.from_articles([earlier, later])
    asked = "How many ferries did the Nordlys line send in 2023?"
    where = engine.ask("and where?", previous=asked)
    assert where.read_as == "Where did the Nordlys line send ferries in 2023?"
    assert where.limited_to == "published from 2023-01-01 to 2023-12-31"
    assert where.quotes[0].text == "The Nordlys line sent two ferries to Lund."
    # Named in the follow-up, a period holds for it alone.
    again = engine.ask("How many ferries did they send in 2025?", previous="Who is Nordlys?")
    assert again.read_as == "How many ferries did Nordlys send in 2025?"
    assert again.limited_to == "published from 2025-01-01 to 2025-12-31"
    for answer in (where, again):
        whole = engine.ask(answer.read_as)
        assert whole.quotes == answer.quotes
        assert whole.limited_to == answer.limited_to


def test_a_bare_question_word_puts_the_thing_counted_after_the_verb(engine: Engine) -> None:
    answer = engine.ask("where?", previous="How many races has Lars Vik won at home?")
    assert answer.read_as == "Where has Lars Vik won races at home?"


def test_refers_back_is_a_quick_test_of_the_words() -> None:
    assert refers_back("when did he die")
    assert refers_back("and where?")
    assert refers_back("What about Lars Vik?")
    assert not refers_back("When did Ina Berg retire?")
    assert not refers_back("Where is the Fjord Cup held?")
