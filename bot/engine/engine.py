"""The engine facade: load a corpus folder, answer questions, look up articles."""

from __future__ import annotations

import html
import re
from collections import Counter
from collections.abc import Collection
from dataclasses import replace
from datetime import date
from functools import cached_property
from itertools import pairwise
from pathlib import Path
from threading import Event, Lock
from typing import Self

import numpy as np

from bot import REPO_ROOT
from bot.engine import features, timeframe
from bot.engine.analysis import analyze
from bot.engine.answer import Answerer, Embed, declined_answer, reads_meaning
from bot.engine.build import Progress, open_index
from bot.engine.casing import (
    CAPITALISED_RUN_RE,
    TYPO_CAPITALISED_SHARE,
    capitalised_forms,
    written_beside,
)
from bot.engine.deciding import Decline, declined
from bot.engine.filters import Filters, read_filters, unwritten_names
from bot.engine.followup import Asked, read_follow_up, refers_back
from bot.engine.index import SentenceIndex
from bot.engine.lexicon import STOP_WORDS
from bot.engine.models import (
    CREDIT_FIELDS,
    Answer,
    Article,
    CorpusProblem,
    Passage,
    TimelineEntry,
)
from bot.engine.near_words import NearWords, common_words, words_without_vectors
from bot.engine.query import (
    NO_NEAR_TERMS,
    NearTerms,
    Query,
    Speller,
    bare_question,
    parse_question,
)
from bot.engine.timeline import new_figures
from bot.engine.vectors import (
    Embedder,
    FloatMatrix,
    SentenceVectors,
    VectorStore,
    embed_missing,
)

MAX_QUESTION_CHARS = 2_000
EXAMPLE_ARTICLES = 200  # the newest articles whose names make the example questions
WARM_UP_PASSAGES = 20_000  # the analysis cache holds about this many sentences
# A month told without its year is read back this many years at most (one answer each).
YEARS_BACK = 10
TOO_LONG = (
    f"That question is too long ({{}} characters); please ask in at most {MAX_QUESTION_CHARS:,}."
)
# Markup pasted into a question is not what is asked about: script and style
# elements go whole, other tags leave their text ("<b>how many</b>"), entities are read.
HIDDEN_ELEMENT_RE = re.compile(r"<(script|style)\b[^>]{0,200}>.{0,2000}?</\1\s*>", re.I | re.S)
TAG_RE = re.compile(r"</?[A-Za-z][^<>]{0,200}>")
CONTROL_CHARS_RE = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")


class Engine:
    """Answers questions from one corpus snapshot; build a new one to change the corpus."""

    def __init__(
        self,
        index: SentenceIndex,
        problems: list[CorpusProblem] | None = None,
        embedder: Embedder | None = None,
        store: VectorStore | None = None,
        previous: Engine | None = None,
    ) -> None:
        """`previous`, the engine this one replaces, lends what the two indexes share
        (sentence vectors of unchanged segments, the speller of the same spellings)."""
        self.index = index
        self.articles = index.live_articles
        self.problems = problems or []
        self.embedder = embedder
        self.store = store if embedder is not None else None
        # The second, semantic stage runs with an embedder and stored vectors;
        # sentences still without a vector are answered lexically.
        self.vectors = None
        if self.store is not None and index.live_size:
            earlier = previous.vectors if previous is not None else None
            self.vectors = SentenceVectors.for_index(self.store, index, earlier)
        if self.vectors is not None and not self.vectors.present.any():
            self.vectors = None
        self._answerer = Answerer(self.index, self.vectors)
        if previous is not None and previous.index.surface_words == index.surface_words:
            self._speller: Speller = previous._speller
        else:
            self._speller = Speller(self.index.surface_words)
        self._examples: list[str] | None = None
        self._outlets: list[str] | None = None
        self._unwritten_outlets: frozenset[str] | None = None
        self._near_words: NearWords | None = None
        self._near_words_lock = Lock()
        if previous is not None:
            # An engine that replaces a serving one (a reload, a step of embedding) reads
            # its words' vectors now, so that the first question it answers does not wait
            # for them (a few tenths of a second for a large corpus); at start the warm-up
            # reads them.
            self.read_near_words()
            self.index.warm_up()

    @classmethod
    def from_articles(
        cls,
        articles: list[Article],
        embedder: Embedder | None = None,
        store: VectorStore | None = None,
    ) -> Engine:
        return cls(SentenceIndex.build(articles), None, embedder, store)

    @property
    def vectors_missing(self) -> int:
        """How many sentences and common words (`near_words`) the semantic stage cannot
        read yet (0 when it is off)."""
        return self.sentences_missing + self.words_missing

    @property
    def sentences_missing(self) -> int:
        """How many live sentences have no vector yet (0 when the semantic stage is off)."""
        if self.store is None:
            return 0
        if self.vectors is None:
            return self.index.live_size
        return int((~self.vectors.present & ~self.index.dead_passages).sum())

    @property
    def words_missing(self) -> int:
        """How many of the corpus's common words (`near_words`) have no vector yet."""
        if self.store is None:
            return 0
        return len(words_without_vectors(self.word_spellings, self.store))

    @cached_property
    def word_spellings(self) -> dict[str, str]:
        """The corpus's common words (terms and their spellings), embedded for
        `near_words` (`common_words`)."""
        return common_words(self.index)

    def sentences_without_vectors(self) -> list[str]:
        """The texts of sentences the semantic stage cannot read yet (none when it is off)."""
        if self.store is None:
            return []
        lacking = ~self.index.dead_passages
        if self.vectors is not None:
            lacking &= ~self.vectors.present
        return [self.index.passage(int(i)).text for i in np.flatnonzero(lacking)]

    def embed_missing(
        self,
        progress: Progress | None = None,
        stop: Event | None = None,
        limit: int | None = None,
    ) -> Engine:
        """Embed the sentences that lack a vector (the first `limit` of them) and return
        the engine that reads them (this one when there were none); the index itself is
        reused as it is."""
        if self.embedder is None or self.store is None:
            return self
        # The words first: a few thousand, and every question reads them.
        texts = [
            *words_without_vectors(self.word_spellings, self.store),
            *self.sentences_without_vectors(),
        ]
        texts = texts[:limit]
        if not texts:
            return self
        embed_missing(texts, self.store, self.embedder, progress, stop)
        return Engine(self.index, self.problems, self.embedder, self.store, previous=self)

    @classmethod
    def from_dir(
        cls,
        corpus_dir: Path,
        root: Path | None = REPO_ROOT,
        index_dir: Path | None = None,
        mode: str = "auto",
        progress: Progress | None = None,
        embedder: Embedder | None = None,
        store: VectorStore | None = None,
        outside_links: bool = False,
    ) -> Self:
        """The engine over every article file in `corpus_dir` (symlinks to files outside
        it are read only with `outside_links`).

        With `index_dir`, a saved index that matches the corpus is loaded instead of
        rebuilt, and a large corpus's new index is saved there for the next start.
        """
        built = open_index(corpus_dir, root, index_dir, mode, progress, outside_links)
        return cls(built.index, built.problems, embedder, store)

    def near_words(self, word: str) -> frozenset[str]:
        """The corpus's terms nearest in meaning to the written `word` (none with the
        semantic stage off); the words and their vectors are read at the first question."""
        return self._near_all([word])[0].same

    def _capitalised_forms(self, term: str) -> tuple[str, ...]:
        """How this corpus writes `term` with a capital (`casing.capitalised_forms`)."""
        return capitalised_forms(self.index, term)

    def _capitalised_at_times(self, term: str) -> tuple[str, ...]:
        """How this corpus writes `term` with a capital, where it does at times
        (`casing.TYPO_CAPITALISED_SHARE`): what a typo typed with one may be mended into."""
        return capitalised_forms(self.index, term, TYPO_CAPITALISED_SHARE)

    def _written_beside(self, left: str, right: str, capitalised: bool) -> bool:
        """Whether this corpus writes `right` right after `left` (`casing.written_beside`)."""
        return written_beside(self.index, left, right, capitalised)

    def _cited(self, name: str) -> bool:
        """Whether the articles' text names the source `name` as written, with its
        capitals ("the Lund Herald reported …"): its capitalised words side by side, or
        its one word with a capital at times (`_capitalised_at_times`)."""
        words = CAPITALISED_RUN_RE.match(name)
        if words is None:
            return False
        written = words.group().split()
        if len(written) > 1:
            return all(self._written_beside(left, right, True) for left, right in pairwise(written))
        return any(self._capitalised_at_times(t.term) for t in analyze(written[0]))

    def _near_all(self, words: list[str]) -> list[NearTerms]:
        near = self.read_near_words()
        return [NO_NEAR_TERMS for _ in words] if near is None else near.of_all(words)

    def read_near_words(self) -> NearWords | None:
        """The common words' vectors, read once (none with the semantic stage off): at
        the first question, or before, by `warm_up_later` or a reload."""
        if self.vectors is None or self.store is None:
            return None
        if self._near_words is None:
            with self._near_words_lock:
                if self._near_words is None:
                    self._near_words = NearWords.from_store(
                        self.store, self.word_spellings, self.embedder
                    )
        return self._near_words

    @property
    def vector_coverage(self) -> float:
        """The share of sentences the semantic stage can read (0 when it is off)."""
        return self.vectors.coverage if self.vectors is not None else 0.0

    @property
    def outlets(self) -> list[str]:
        """The outlets of the corpus, as named in its articles, with the sites and
        agencies they credit (`Article.credits`)."""
        if self._outlets is None:
            self._outlets = sorted(set().union(*self.index.article_credits))
        return self._outlets

    @property
    def unwritten_outlets(self) -> frozenset[str]:
        """The outlets' names that no article's text has (`filters.unwritten_names`)."""
        if self._unwritten_outlets is None:
            self._unwritten_outlets = unwritten_names(self.outlets, self.index.knows)
        return self._unwritten_outlets

    @cached_property
    def credit_kinds(self) -> frozenset[str]:
        """The kinds of credit some article gives ("byline", "original source"), which
        a question may ask for (`filters.read_credit`)."""
        return frozenset(
            kind for kind in CREDIT_FIELDS if any(article.credit(kind) for article in self.articles)
        )

    def ask(
        self,
        question: str,
        max_quotes: int = 10,
        today: date | None = None,
        previous: str | None = None,
    ) -> Answer:
        """Answer `question` with up to `max_quotes` quotes, best first, or decline.

        A period or outlet the question names limits the answer ("by November 2024",
        "according to Newslooks", `from:2024-11`); relative times ("last week") are
        read from `today` (the clock's date by default). `previous`: the question the
        same person asked just before (as answered: its `read_as`, if any), which a
        follow-up leans on ("When did he die?", "and where?")."""
        asked = len(question)
        question = " ".join(CONTROL_CHARS_RE.sub(" ", question).split())
        if asked > MAX_QUESTION_CHARS:
            message = TOO_LONG.format(asked)
            return Answer(
                question[:MAX_QUESTION_CHARS], False, message=message, decline_reason="too_long"
            )
        today = today or date.today()
        filters, reading = self._read(question, today)
        query, read_as = reading.query, ""
        if filters.credit and query.asks_nothing and previous and not filters.limits:
            # "Who wrote that story?", "who wrote it?": the credit of what answered the
            # question before, read with it.
            before, reading = self._read(previous[:MAX_QUESTION_CHARS], today)
            filters = replace(before, credit=filters.credit)
            query, read_as = reading.query, f"{question.rstrip(' ?')}: {previous}"
        elif refers_back(question):
            earlier = None if previous is None else previous[:MAX_QUESTION_CHARS]
            follow_up = self._follow_up(reading, filters, earlier, today)
            if isinstance(follow_up, Decline):
                return replace(declined_answer(query, follow_up), question=question)
            filters, query, read_as = follow_up
        answer = self._answerer.answer(query, max_quotes, self._vector(query), filters, self._embed)
        if not answer.answered and query.restored and not read_as:
            answer = self._second_reading(question, query, answer, max_quotes, today)
        if answer.decline_reason == "period_empty" and not read_as:
            answer = self._as_of_newest(question, filters, answer, max_quotes, today)
        # The answer reports the question as asked, not as cleaned or spell-corrected.
        return replace(answer, question=question, read_as=read_as)

    def _follow_up(
        self, asked: Asked, filters: Filters, previous: str | None, today: date
    ) -> tuple[Filters, Query, str] | Decline:
        """The filters, query and whole question (`read_as`, empty when it stands
        alone) of a question that may lean on `previous`; a decline when it speaks of
        "he" or "she" and nothing says whom, or asks only "and when?" and nothing says
        when what (`followup.read_follow_up`)."""
        earlier = None if previous is None else self._read(previous, today)[1]
        follow_up = read_follow_up(asked, earlier)
        if follow_up.read_with_previous:
            # Written with the period and outlet it is asked in.
            whole_filters, whole = self._read(follow_up.question, today)
            # "and where?" after a "When did he die?" that nothing named: no one either.
            again = read_follow_up(whole, None)
            if not again.unclear_pronoun:
                if follow_up.asks_again and filters.limits:
                    whole_filters = filters  # "what about Lars Vik in 2025?": its own period
                return whole_filters, whole.query, follow_up.question
            follow_up = again
        if follow_up.unclear_pronoun:
            meant = " or ".join(follow_up.candidates)
            who = f"“{follow_up.unclear_pronoun}”" + (f" ({meant}?)" if meant else "")
            return declined("unclear_pronoun", who)
        if follow_up.unclear_asked:
            return declined("unclear_follow_up", f"“{follow_up.unclear_asked}”")
        return filters, asked.query, ""

    def _second_reading(
        self, question: str, query: Query, declined: Answer, max_quotes: int, today: date
    ) -> Answer:
        """A question typed without case and declined, where restoring its capitals read
        a misspelt word as a name ("when did lund hold its thrid ferry race": the
        councillor Thrid), read again with the words it was typed for; the first answer
        stands unless that reading is answered."""
        readings = self._speller.second_reading(query.restored)
        if not readings:
            return declined
        filters, asked = self._read(question, today, readings)
        again = self._answerer.answer(
            asked.query, max_quotes, self._vector(asked.query), filters, self._embed
        )
        return again if again.answered else declined

    def _as_of_newest(
        self, question: str, filters: Filters, declined: Answer, max_quotes: int, today: date
    ) -> Answer:
        """A question whose time is told by month, season or year relative to today
        ("last autumn", "last year", "in March") over articles that all end before it,
        declined for that period, read again from the day of the newest article, as an
        archive's own "last autumn" is (the articles' "last fall" is the autumn before
        they were written); the first answer stands unless that reading is answered, and
        the answer says how it was read (`Answer.limited_to`). Not a reader's recent days
        ("yesterday", "last week", "the past month"): those are the reader's, and an
        archive that ends before them has nothing of them.

        A month or season that says of no year which ("between August and January") is
        read a year earlier each time, back to the oldest article, until one reading is
        answered: the latest such period the articles answer for."""
        newest = self.index.newest_published
        window = filters.window
        if (
            newest is None
            or newest >= today
            or window is None
            or not timeframe.told_by_calendar(window.label)
        ):
            return declined
        bases = [newest]
        oldest = self.index.oldest_published
        if oldest is not None and timeframe.year_unsaid(window.label):
            years = range(newest.year - 1, max(oldest.year, newest.year - YEARS_BACK) - 1, -1)
            bases += [date(year, 12, 31) for year in years]
        for base in bases:
            again_filters, asked = self._read(question, base)
            again_window = again_filters.window
            if again_window is None or again_window == window:
                return declined  # not told relative to today
            again = self._answerer.answer(
                asked.query, max_quotes, self._vector(asked.query), again_filters, self._embed
            )
            if again.answered:
                read = (
                    f"(“{again_window.label}” read as of {base.isoformat()}, the newest"
                    " article's date)"
                    if base == newest
                    else f"(“{again_window.label}” read as the latest such period the"
                    " articles answer for)"
                )
                return replace(again, limited_to=f"{again.limited_to} {read}".strip())
        return declined

    def _vector(self, query: Query) -> FloatMatrix | None:
        """The question's vector, where the semantic stage is on and the answer reads it."""
        if self.embedder is None or not query.terms or not reads_meaning(query):
            return None
        return self.embedder.query(query.text)

    @property
    def _embed(self) -> Embed | None:
        """A question's text to its vector, for an answer that reads it only if its
        words fail (`Answerer.candidates`); None with the semantic stage off."""
        return None if self.embedder is None else self.embedder.query

    def _read(
        self, question: str, today: date, as_typed: dict[str, str] | None = None
    ) -> tuple[Filters, Asked]:
        """The filters `question` names, and the question as written (filters in,
        markup out) and as read (filters out, parsed, mended; `as_typed`: words read as
        the words they were typed for, `parse_question`)."""
        plain = " ".join(
            html.unescape(TAG_RE.sub(" ", HIDDEN_ELEMENT_RE.sub(" ", question))).split()
        )
        filters, unfiltered = read_filters(
            plain, self.outlets, today, self.unwritten_outlets, self.credit_kinds, self._cited
        )
        query = parse_question(
            unfiltered,
            self._speller,
            self.index.knows,
            self._near_all,
            self._capitalised_forms,
            as_typed,
            written_at_times=self._capitalised_at_times,
            beside=self._written_beside,
        )
        # As written: as read (spelling and capitals mended), unless a period or outlet
        # was taken out of it.
        written = query.text if unfiltered == plain else bare_question(plain)
        return filters, Asked(written, query)

    def timeline(self, thing: str, max_entries: int = 10, today: date | None = None) -> Answer:
        """The distinct figures of `thing` ("troops") in date order (`Answer.timeline`)."""
        answer = self.ask(f"How has the number of {thing} changed?", max_entries, today)
        return replace(answer, timeline=answer.timeline[:max_entries])

    def new_figures(
        self, thing: str, old_articles: Collection[str]
    ) -> tuple[list[TimelineEntry], TimelineEntry | None]:
        """Figures of `thing` that articles outside `old_articles` give and none of those
        does, and the newest figure the old articles give (see `timeline.new_figures`)."""
        asked = f"How many {thing}?"
        query = parse_question(asked, self._speller, self.index.knows, self._near_all)
        candidates = self._answerer.candidates(query, self._vector(query))
        if isinstance(candidates, Decline):
            return [], None
        return new_figures(candidates, old_articles)

    def warm_up(self, questions: list[str]) -> None:
        """Answer a few questions and read a small corpus's sentences once, before the
        first user does: the first answers otherwise pay for cold caches and code paths,
        and a burst of new questions at start-up queues behind them."""
        if self.index.live_size <= WARM_UP_PASSAGES:
            for passage_id in np.flatnonzero(~self.index.dead_passages):
                analyze(self.index.passage(int(passage_id)).text)
        for question in questions:
            self.ask(question)

    def warm_up_later(self) -> None:
        """The loads only some questions need, for a thread once the bot answers: the
        speller's word lists (a word the corpus lacks), dateparser's data (a date in
        a form `timeframe` does not read itself), Babel's currencies (a sum) and the
        articles' dates and outlets (a period, an outlet). Each takes from a hundredth
        of a second to most of one, which a restart's first answer need not wait for.
        Then the common words' vectors (`near_words`), which every question with the
        semantic stage reads."""
        self._speller.warm_up()
        timeframe.warm_up()
        features.warm_up()
        self.index.warm_up()
        self.read_near_words()

    def example_questions(self, count: int = 3) -> list[str]:
        """Questions to suggest, made from what the corpus itself talks about most: the
        names most often in its newest articles' headlines and openings."""
        if self._examples is None:
            newest = sorted(self.articles, key=lambda a: a.published or date.min, reverse=True)[
                :EXAMPLE_ARTICLES
            ]
            counts: Counter[str] = Counter()
            for article in newest:
                text = f"{article.title}\n{self.opening(article, sentences=2)}"
                counts.update(_names_in(text))
            names: list[str] = []
            for name, _ in counts.most_common():
                # "North Korea", "North Korean" and "North Korea’s Kim" are one topic.
                if not any(n in name or name in n for n in names):
                    names.append(name)
                if len(names) == count:
                    break
            self._examples = [f"What about {name}?" for name in names]
        return self._examples[:count]

    def passage(self, passage_id: int) -> Passage | None:
        if 0 <= passage_id < self.index.size and not self.index.dead_passages[passage_id]:
            return self.index.passage(passage_id)
        return None

    def context(self, passage_id: int, window: int = 2) -> list[Passage]:
        """The passage with up to `window` sentences either side, same article."""
        if self.passage(passage_id) is None:
            return []
        return self.index.neighbours(passage_id, window)

    def opening(self, article: Article, sentences: int = 3) -> str:
        """The first sentences of an article's body (headings skipped)."""
        return self._opening(self.index.article_number(article), sentences)

    def _opening(self, number: int, sentences: int) -> str:
        lead = [
            passage.text
            for i in self.index.article_passages(number)
            if not (passage := self.index.passage(i)).is_heading
        ]
        return " ".join(lead[:sentences])


def _names_in(text: str) -> set[str]:
    """Names of two words or more, without a sentence's capitalised first words ("The
    International Monetary Fund" is "International Monetary Fund"; "In May" is none)."""
    found = set()
    for match in features.NAME_RE.finditer(text):
        words = match.group().split()
        while words and words[0].lower() in STOP_WORDS:
            words.pop(0)
        if len(words) >= 2:
            found.add(" ".join(words))
    return found
