"""What every handler needs, kept in `application.bot_data` under one typed key."""

from __future__ import annotations

import hashlib
import time
from collections import OrderedDict, deque
from dataclasses import dataclass, field

from telegram.ext import ContextTypes

from bot.engine import Answer, Article, Engine
from bot.engine.library import Library
from bot.settings import Settings
from bot.state import StateStore

SERVICES_KEY = "services"


class QuestionRateLimiter:
    """A sliding one-minute window of questions per user."""

    WINDOW_SECONDS = 60.0

    def __init__(self, per_minute: int) -> None:
        self._per_minute = per_minute
        self._asked: dict[int, deque[float]] = {}

    def wait_time(self, user_id: int, now: float | None = None) -> float:
        """Record a question from `user_id` and return 0, or the seconds until one is allowed."""
        now = time.monotonic() if now is None else now
        asked = self._asked.setdefault(user_id, deque())
        while asked and asked[0] <= now - self.WINDOW_SECONDS:
            asked.popleft()
        if len(asked) >= self._per_minute:
            return asked[0] + self.WINDOW_SECONDS - now
        asked.append(now)
        return 0.0


class AnswerCache:
    """`engine.ask`, remembered for the most recent questions.

    The engine is deterministic over one corpus, popular questions come again and
    again, and the buttons under an answer ask its question again.
    """

    SIZE = 1024

    def __init__(self, engine: Engine, max_quotes: int) -> None:
        self._engine = engine
        self._max_quotes = max_quotes
        self._answers: OrderedDict[str, Answer] = OrderedDict()

    def known(self, question: str) -> bool:
        return question in self._answers

    def ask(self, question: str) -> Answer:
        """The engine's answer with up to `max_quotes` quotes, from memory if asked lately."""
        answer = self._answers.pop(question, None)
        if answer is None:
            answer = self._engine.ask(question, max_quotes=self._max_quotes)
        self._answers[question] = answer
        if len(self._answers) > self.SIZE:
            self._answers.popitem(last=False)
        return answer


def corpus_fingerprint(articles: list[Article]) -> str:
    """A short digest of the corpus; answers stored under another one are stale."""
    digest = hashlib.sha256()
    for article in articles:
        digest.update(article.article_id.encode())
        digest.update(b"\0")
        digest.update(article.body.encode())
        digest.update(b"\0")
    return digest.hexdigest()[:16]


@dataclass(frozen=True)
class Corpus:
    """One corpus as the bot answers from it: the engine, its fingerprint, its answers.

    Take it once per update: a reload swaps the whole of it, so that one update
    never mixes an answer from the old corpus with passages of the new one.
    """

    engine: Engine
    key: str
    answers: AnswerCache


@dataclass
class Services:
    """The corpus library, the state store, the settings and the per-user question limit."""

    settings: Settings
    library: Library
    state: StateStore
    question_limiter: QuestionRateLimiter = field(init=False)
    _corpus: Corpus = field(init=False)

    def __post_init__(self) -> None:
        self.question_limiter = QuestionRateLimiter(self.settings.questions_per_minute)
        self._corpus = self._corpus_of(self.library.engine)

    def _corpus_of(self, engine: Engine) -> Corpus:
        return Corpus(
            engine,
            corpus_fingerprint(engine.articles),
            AnswerCache(engine, self.settings.max_quotes_total),
        )

    def corpus(self) -> Corpus:
        """The corpus in service now (after a reload, the new one with a fresh cache)."""
        current = self._corpus
        if current.engine is not self.library.engine:
            current = self._corpus = self._corpus_of(self.library.engine)
        return current

    def example_question(self) -> str:
        return self.settings.example_questions[0] if self.settings.example_questions else "…"


def services(context: ContextTypes.DEFAULT_TYPE) -> Services:
    """The application's `Services`, as stored by `bot.app.build_application`."""
    found = context.bot_data[SERVICES_KEY]
    assert isinstance(found, Services)
    return found
