"""Words near in meaning (`near_words`): which words are embedded, and what they find."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.engine import Engine
from bot.engine.index import SentenceIndex
from bot.engine.models import Article
from bot.engine.near_words import NearWords, common_words
from bot.engine.vectors import E5Embedder, VectorStore
from tests.conftest import written_article

SKIPPER = written_article(
    "a",
    "Skipper fined",
    "Skipper Ina Berg was fined 20,000 kroner by the court in Voss on Monday for sailing"
    " without a licence.",
    "Ina Berg told reporters outside the court that she had done nothing wrong.",
    "Her attorney, Ola Dahl, said she would appeal.",
    "The court said the fine was fair.",
)
HARBOUR = written_article(
    "b",
    "Harbour board",
    "Attorneys for the ferry company met the harbour board on Friday.",
    "An attorney for the board said the talks went well.",
    "The board approved a new pier.",
)


STRIKE = written_article(
    "strike",
    "Steelworkers strike",
    "About 1,300 workers at the Lund steelworks went on strike on Monday.",
    "The workers want a pay rise of 6 percent, the union said.",
    "Managers said the plant would keep two furnaces running without the workers.",
    "The last strike at the plant, in 2016, lasted nine days.",
)
STORM = written_article(
    "storm",
    "Storm cuts power in Brekka",
    "About 4,200 homes in Brekka lost power on Tuesday night as the storm passed.",
    "Engineers worked through the night to reconnect the homes, the grid operator said.",
    "Most homes had power again by Wednesday evening, it said.",
    "The storm also brought down 35 trees on the coast road.",
)


def test_the_embedded_words_are_common_english_words_of_several_sentences() -> None:
    """ "attorney" (three sentences, in its most used spelling) is embedded; a name
    ("Berg"), a word of one sentence ("skipper") and a stop word are not."""
    words = common_words(Engine.from_articles([SKIPPER, HARBOUR]).index)
    assert words["attorney"] == "attorney"
    assert words["court"] == "court"
    assert {"berg", "skipper", "the"}.isdisjoint(words)
    assert "vik" not in words and "dahl" not in words


def test_the_words_and_their_spellings_do_not_depend_on_how_the_index_is_split() -> None:
    """One segment or one per article: the same words, spelt the same, so the same
    vectors are looked up. "attorney" is written twice and "attorneys" once either way."""
    whole = SentenceIndex.build([SKIPPER, HARBOUR])
    split = SentenceIndex.build([HARBOUR]).changed(
        added=SentenceIndex.build([SKIPPER]).segments[0].segment
    )
    assert len(split.segments) == 2
    assert common_words(split) == common_words(whole)
    assert common_words(split)["attorney"] == "attorney"


def test_the_words_are_embedded_with_the_sentences(tmp_path: Path) -> None:
    """`embed_missing` embeds the common words too, and then none is missing; with the
    semantic stage off there are none to embed and no near words."""
    store = VectorStore(tmp_path, E5Embedder.dim)
    built = Engine.from_articles([SKIPPER, HARBOUR], E5Embedder.shared(), store)
    assert built.words_missing == len(common_words(built.index)) > 0
    ready = built.embed_missing()
    assert ready.words_missing == 0 and ready.vectors_missing == 0
    lexical = Engine.from_articles([SKIPPER, HARBOUR])
    assert lexical.vectors_missing == 0 and lexical.near_words("lawyer") == frozenset()


def test_a_question_word_the_corpus_never_uses_finds_the_word_it_uses(
    vector_store: VectorStore,
) -> None:
    """The corpus writes "attorney", never "lawyer": the question's word is embedded and
    its nearest corpus word answers. Without it the question was declined, its thing
    asked about absent."""
    built = Engine.from_articles([SKIPPER, HARBOUR], E5Embedder.shared(), vector_store)
    built = built.embed_missing()
    assert built.near_words("lawyer") == frozenset({"attorney"})
    assert built.near_words("Voss") == frozenset()  # not a common English word
    # Looked up together, the words find what they find one by one.
    near = NearWords.from_store(vector_store, built.word_spellings, E5Embedder.shared())
    assert [found.same for found in near.of_all(["Voss", "lawyer", "the", "lawyer"])] == [
        frozenset(),
        frozenset({"attorney"}),
        frozenset(),
        frozenset({"attorney"}),
    ]
    answer = built.ask("Who is Ina Berg's lawyer?")
    assert answer.answered
    assert answer.quotes[0].text == "Her attorney, Ola Dahl, said she would appeal."


@pytest.mark.parametrize(
    ("story", "question", "figure", "opening", "apart"),
    [
        # the model places "employees" and "workers" nearest each other: each stands
        # for the other anywhere
        (
            STRIKE,
            "How many employees stopped work at the Lund steelworks?",
            "About 1,300 workers",
            "About 1,300 workers at the Lund steelworks",
            None,
        ),
        # "households" and "homes" lie a little less near (`NEAR_COUNTED`): near
        # enough for the word right after a figure, not to stand for each other in the
        # rest of the question's reading
        (
            STORM,
            "How many households in Brekka lost power?",
            "About 4,200 homes",
            "About 4,200 homes in Brekka",
            ("households", "home"),
        ),
    ],
    ids=["nearest", "a-little-less-near"],
)
def test_a_figure_of_a_word_near_in_meaning_counts_the_thing_asked_for(
    tmp_path: Path,
    story: Article,
    question: str,
    figure: str,
    opening: str,
    apart: tuple[str, str] | None,
) -> None:
    """A story that never writes the word the question counts: a figure of a word near
    it in meaning counts it. Both questions had been declined ("figures only in
    sentences about something else", "no figure of households")."""
    store = VectorStore(tmp_path, E5Embedder.dim)
    engine = Engine.from_articles([story], E5Embedder.shared(), store).embed_missing()
    answer = engine.ask(question)
    assert answer.answered, answer.decline_reason
    assert answer.figures and answer.figures[0].figure == figure
    assert answer.quotes[0].text.startswith(opening)
    if apart is not None:
        written, other = apart
        assert other not in engine.near_words(written)  # not a word that stands for it
