"""Questions typed without case (all lower case, or all capitals) read as if typed with care."""

from __future__ import annotations

import pytest

from bot.engine import Engine
from bot.engine.casing import capitalised_forms, restore_case
from tests.conftest import quoted_first, written_article

FERRY = written_article(
    "ferry",
    "Harbour chief praises new ferry",
    "Harbour chief Ina Berg said on Monday that the new ferry would sail from Bergen in May.",
    "The ferry cost 40 million kroner, the harbour agency said.",
    "Berg told reporters the Fjord Cup regatta would be moved to the outer harbour.",
    "Speaking for the Coastal Shipping Agency, Ola Dahl said the agency was pleased.",
    "Crew members drank a cup of coffee on the quay before the launch.",
    "Ina Berg thanked the crew.",
)
VOTE = written_article(
    "vote",
    "Council vote",
    "The town council of Voss voted on Tuesday to build a second quay.",
    "Mayor Lars Vik said the quay would open next year.",
)


@pytest.fixture(scope="module")
def engine() -> Engine:
    return Engine.from_articles([FERRY, VOTE])


def test_a_word_the_corpus_always_capitalises_is_a_name_and_others_stay_words(
    engine: Engine,
) -> None:
    def forms(term: str) -> tuple[str, ...]:
        return capitalised_forms(engine.index, term)

    restored = restore_case("what did ina berg say about the agency and the fjord cup?", forms)
    # "agency" is written both ways ("the harbour agency", "Coastal Shipping Agency");
    # "cup" too, but "Fjord Cup" is written as one name.
    assert restored == "what did Ina Berg say about the agency and the Fjord Cup?"
    assert restore_case("how much did the ferry cost the us", forms).endswith("the US")


def test_a_word_the_corpus_lacks_inside_one_of_its_names_is_a_name(engine: Engine) -> None:
    """ "ina sol berg" is not Ina Berg: a word the corpus lacks, typed between two words
    of a name it writes, is read as a name. Between two names ("voss pay bergen") it
    stays a word, and so does a typo of a name's word."""

    def forms(term: str) -> tuple[str, ...]:
        return capitalised_forms(engine.index, term)

    def lacks(term: str, typed: str) -> bool:
        return typed not in {"ina", "berg", "voss", "bergen", "bergg"}

    def restored(typed: str) -> str:
        return restore_case(typed, forms, lacks=lacks)

    assert restored("what did ina sol berg say") == "what did Ina Sol Berg say"
    assert restored("did voss pay bergen") == "did Voss pay Bergen"
    assert restored("what did ina berg say") == "what did Ina Berg say"


def test_a_word_the_corpus_lacks_after_the_opening_of_one_of_its_names_is_a_name(
    engine: Engine,
) -> None:
    """ "coastal shipping board" is not the Coastal Shipping Agency: a word the corpus
    lacks, typed in place of the next word of a longer name it writes, is read as a
    name; the name's own next word, or a typo of it, is the name the corpus writes."""

    def forms(term: str) -> tuple[str, ...]:
        return capitalised_forms(engine.index, term)

    def lacks(term: str, typed: str) -> bool:
        return typed not in {"coastal", "shipping", "agency", "agenccy"}

    def restored(typed: str) -> str:
        return restore_case(typed, forms, lacks=lacks)

    assert restored("what did the coastal shipping board say") == (
        "what did the Coastal Shipping Board say"
    )
    assert restored("what did the coastal shipping agency say") == (
        "what did the Coastal Shipping Agency say"
    )
    assert restored("what did the coastal shipping agenccy say") == (
        "what did the Coastal Shipping agenccy say"
    )


@pytest.mark.parametrize(
    "typed",
    [
        "what did ina berg say about the fjord cup regata?",
        "WHAT DID INA BERG SAY ABOUT THE FJORD CUP REGATA?",
        "What Did Ina Berg Say About The Fjord Cup Regata?",
    ],
)
def test_a_question_typed_without_case_gets_the_answer_typed_with_it(
    engine: Engine, typed: str
) -> None:
    """Capitals say nothing in a question shouted or in title case: its typo is corrected
    as in one typed in lower case, not taken for a name the articles lack."""
    careful = engine.ask("What did Ina Berg say about the Fjord Cup regata?")
    answer = engine.ask(typed)
    assert careful.answered and answer.answered
    assert [q.text for q in answer.quotes] == [q.text for q in careful.quotes]
    assert answer.quotes[0].text.startswith("Berg told reporters the Fjord Cup")


@pytest.mark.parametrize(
    "typed",
    [
        "HOW MUCH DID THE NEW FERRY COST THE TOWN?",
        "how much did the new ferry cost the town?",
        "How Much Did The New Ferry Cost The Town?",
    ],
)
def test_a_shouted_word_is_no_name_the_answer_must_hold(engine: Engine, typed: str) -> None:
    """A shouted "TOWN", or "Town" in title case, is the word "town" (which the ferry's
    article lacks), not a name whose absence there declines the question."""
    answer = engine.ask(typed)
    assert quoted_first(answer, "The ferry cost 40 million")


@pytest.mark.parametrize(
    "typed",
    [
        "what did ina berg tell sven holm?",
        "WHAT DID INA BERG TELL SVEN HOLM?",
        "What Did Ina Berg Tell Sven Holm?",
    ],
)
def test_a_name_the_corpus_lacks_is_a_name_though_typed_without_case(
    engine: Engine, typed: str
) -> None:
    """A near miss: someone the articles never name, typed in lower case, in capitals or
    in title case, is declined as "Sven Holm" is, not answered with what Ina Berg told anyone."""
    assert engine.ask("What did Ina Berg tell Sven Holm?").decline_reason == "name_absent"
    answer = engine.ask(typed)
    assert not answer.answered and answer.decline_reason == "name_absent"


def test_a_name_written_only_among_other_names_is_still_a_name() -> None:
    """A sentence mostly of capitals is read as a headline in title case, no evidence of
    a word's case; a name the corpus writes only in such lists of names had no case
    at all, so "Who is Ola Dhal?" could not be mended into Dahl, and was declined."""
    built = Engine.from_articles(
        [
            written_article(
                "gala",
                "Harbour gala",
                "Guests included Ina Berg, Ola Dahl, Lars Vik, Kari Moe and Sven Holm.",
                "The harbour gala raised money for the lifeboat crew.",
            ),
            written_article("port", "Port", "Three cranes arrived at the port on Friday."),
        ]
    )
    assert capitalised_forms(built.index, "dahl") == ("Dahl",)
    answer = built.ask("Who is Ola Dhal?")
    assert answer.answered and "Ola Dahl" in answer.quotes[0].text
