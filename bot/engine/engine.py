"""The engine facade: load a corpus folder, answer questions, look up articles."""

from __future__ import annotations

import gc
import re
from dataclasses import replace
from pathlib import Path

from bot.engine.analysis import analyze
from bot.engine.answer import Answerer
from bot.engine.build import Progress, open_index
from bot.engine.index import SentenceIndex
from bot.engine.models import Answer, Article, CorpusProblem, Passage
from bot.engine.query import Speller, parse_question
from bot.settings import REPO_ROOT

MAX_QUESTION_CHARS = 2_000
WARM_UP_PASSAGES = 20_000  # the analysis cache holds about this many sentences
TOO_LONG = (
    f"That question is too long ({{}} characters); please ask in at most {MAX_QUESTION_CHARS:,}."
)
TAG_RE = re.compile(r"</?[A-Za-z][^<>]{0,200}>")
CONTROL_CHARS_RE = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")


class Engine:
    """Answers questions from one corpus snapshot; build a new one to change the corpus."""

    def __init__(self, index: SentenceIndex, problems: list[CorpusProblem] | None = None) -> None:
        self.index = index
        self.articles = index.articles
        self.problems = problems or []
        self._answerer = Answerer(self.index)
        self._speller = Speller(self.index.surface_words)
        # The index is hundreds of thousands of long-lived objects; left to the cyclic
        # garbage collector, each full collection walks them all (a 100 ms pause in
        # the middle of a question). Freezing moves them out of its way.
        gc.collect()
        gc.freeze()

    @classmethod
    def from_articles(cls, articles: list[Article]) -> Engine:
        return cls(SentenceIndex.build(articles))

    @classmethod
    def from_dir(
        cls,
        corpus_dir: Path,
        root: Path | None = REPO_ROOT,
        index_dir: Path | None = None,
        mode: str = "auto",
        progress: Progress | None = None,
    ) -> Engine:
        """The engine over every article file in `corpus_dir`.

        With `index_dir`, a saved index that matches the corpus is loaded instead of
        rebuilt, and a large corpus's new index is saved there for the next start.
        """
        built = open_index(corpus_dir, root, index_dir, mode, progress)
        return cls(built.index, built.problems)

    def ask(self, question: str, max_quotes: int = 10) -> Answer:
        """Answer `question` with up to `max_quotes` quotes, best first, or decline."""
        asked = len(question)
        question = " ".join(CONTROL_CHARS_RE.sub(" ", question).split())
        if asked > MAX_QUESTION_CHARS:
            return Answer(question[:MAX_QUESTION_CHARS], False, message=TOO_LONG.format(asked))
        # Markup pasted into a question ("<b>troops</b>") is not what is asked about.
        query = parse_question(TAG_RE.sub(" ", question), self._speller, self.index.knows)
        # The answer reports the question as asked, not as cleaned or spell-corrected.
        return replace(self._answerer.answer(query, max_quotes), question=question)

    def warm_up(self, questions: list[str]) -> None:
        """Answer a few questions and read a small corpus's sentences once, before the
        first user does: the first answers otherwise pay for cold caches and code paths,
        and a burst of new questions at start-up queues behind them."""
        if self.index.size <= WARM_UP_PASSAGES:
            for passage_id in range(self.index.size):
                analyze(self.index.passage(passage_id).text)
        for question in questions:
            self.ask(question)

    def passage(self, passage_id: int) -> Passage | None:
        if 0 <= passage_id < self.index.size:
            return self.index.passage(passage_id)
        return None

    def context(self, passage_id: int, window: int = 2) -> list[Passage]:
        """The passage with up to `window` sentences either side, same article."""
        if self.passage(passage_id) is None:
            return []
        return self.index.neighbours(passage_id, window)

    def opening(self, article: Article, sentences: int = 3) -> str:
        """The first sentences of an article's body (headings skipped)."""
        number = self.articles.index(article)
        lead = [
            passage.text
            for i in self.index.article_passages(number)
            if not (passage := self.index.passage(i)).is_heading
        ]
        return " ".join(lead[:sentences])
