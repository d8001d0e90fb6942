"""What every handler needs, kept in `application.bot_data` under one typed key."""

from __future__ import annotations

import asyncio
import hashlib
import logging
from collections import OrderedDict
from collections.abc import Awaitable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import date
from functools import partial
from typing import TypeVar

from telegram.ext import ContextTypes

from bot.components.budgets import FloodGuard
from bot.engine import Answer, Article, Engine
from bot.engine.library import Library
from bot.intake.feeds import FeedPoller
from bot.intake.links import Intake
from bot.metrics import Metrics
from bot.settings import Settings
from bot.state import SqliteStore, StateError, StateStore

logger = logging.getLogger(__name__)

SERVICES_KEY = "services"
T = TypeVar("T")


class AnswerTooSlow(Exception):
    """The engine did not answer within `BOT_ANSWER_SECONDS_LIMIT`."""


ENGINE_WORKER = ThreadPoolExecutor(max_workers=1, thread_name_prefix="engine")
"""The engine answers in this thread, one question at a time: while it works, the event
loop goes on serving every other chat (cached answers, buttons, sends)."""


class AnswerCache:
    """`engine.ask`, remembered for the most recent questions, worked out off the loop.

    The engine is deterministic over one corpus, popular questions come again and
    again, and the buttons under an answer ask its question again.
    """

    SIZE = 1024

    def __init__(self, engine: Engine, max_quotes: int, seconds_limit: float) -> None:
        self._engine = engine
        self._max_quotes = max_quotes
        self._seconds_limit = seconds_limit
        self._answers: OrderedDict[str, Answer] = OrderedDict()
        self._day = date.today()

    def known(self, question: str, previous: str | None = None) -> bool:
        self._forget_yesterday()
        return _cache_key(question, previous) in self._answers

    def _forget_yesterday(self) -> None:
        # "Last week" and "now" mean another period tomorrow: answers last one day.
        today = date.today()
        if today != self._day:
            self._answers.clear()
            self._day = today

    async def ask(self, question: str, previous: str | None = None) -> Answer:
        """The engine's answer with up to `max_quotes` quotes, from memory if asked lately;
        `AnswerTooSlow` when the engine takes longer than the limit (it finishes in the
        background, and its answer is remembered for the next time). `previous`: the
        asker's last question, for a question that leans on it (`Engine.ask`)."""
        self._forget_yesterday()
        key = _cache_key(question, previous)
        answer = self._answers.pop(key, None)
        if answer is None:
            ask = partial(
                self._engine.ask, question, max_quotes=self._max_quotes, previous=previous
            )
            work = asyncio.get_running_loop().run_in_executor(ENGINE_WORKER, ask)
            try:
                answer = await asyncio.wait_for(asyncio.shield(work), self._seconds_limit)
            except TimeoutError:
                work.add_done_callback(lambda done: self._remember_late(key, done))
                raise AnswerTooSlow(question) from None
        self._remember(key, answer)
        return answer

    def _remember(self, question: str, answer: Answer) -> None:
        self._answers[question] = answer
        if len(self._answers) > self.SIZE:
            self._answers.popitem(last=False)

    def _remember_late(self, question: str, done: asyncio.Future[Answer]) -> None:
        if not done.cancelled() and done.exception() is None:
            self._remember(question, done.result())


def _cache_key(question: str, previous: str | None) -> str:
    """A follow-up's answer depends on the question before it as well."""
    return question if previous is None else f"{question}\n{previous}"


def corpus_fingerprint(articles: list[Article]) -> str:
    """A short digest of the corpus; answers stored under another one are stale."""
    digest = hashlib.sha256()
    for article in articles:
        digest.update(f"{article.article_id}\0{article.body_digest}\0".encode())
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
    """The corpus library, the state store, the settings, the metrics, and the intake of
    links and feeds."""

    settings: Settings
    library: Library
    state: StateStore
    metrics: Metrics
    intake: Intake
    feeds: FeedPoller
    state_problem: str = ""
    """Why the configured database is not in use (the bot then keeps state in memory)."""
    flood_guard: FloodGuard = field(init=False)
    _corpus: Corpus = field(init=False)
    _state_failing: str = field(init=False, default="")
    _limits_in_memory: StateStore | None = field(init=False, default=None)

    _answer_seconds: float | None = field(init=False, default=None)

    def __post_init__(self) -> None:
        self._corpus = self._corpus_of(self.library.engine)
        self.flood_guard = FloodGuard(
            self.settings.user_updates_per_minute, self.settings.group_updates_per_minute
        )

    def _corpus_of(self, engine: Engine) -> Corpus:
        return Corpus(
            engine,
            corpus_fingerprint(engine.articles),
            AnswerCache(engine, self.settings.max_quotes_total, self.settings.answer_seconds_limit),
        )

    def corpus(self) -> Corpus:
        """The corpus in service now (after a reload, the new one with a fresh cache)."""
        current = self._corpus
        if current.engine is not self.library.engine:
            current = self._corpus = self._corpus_of(self.library.engine)
        return current

    def answers_take_a_while(self) -> bool:
        """Whether new questions have lately taken long enough to show "typing…"."""
        recent = self._answer_seconds
        return recent is None or recent >= self.settings.typing_after_seconds

    def note_answer_time(self, seconds: float) -> None:
        """Fold the engine's time for a new question into the recent average."""
        recent = self._answer_seconds
        self._answer_seconds = seconds if recent is None else 0.8 * recent + 0.2 * seconds

    def example_questions(self) -> list[str]:
        """The configured examples, or else ones made from the corpus's own topics."""
        return self.settings.example_questions or self.library.engine.example_questions()

    def example_question(self) -> str:
        examples = self.example_questions()
        return examples[0] if examples else "…"

    def current_state_problem(self) -> str:
        """What is wrong with the state database now (for `/readyz`), or empty: the
        configured one not in use, or its last operation failed."""
        return self.state_problem or self._state_failing

    async def stored(self, operation: Awaitable[T]) -> T | None:
        """`operation`'s result, or None (logged, counted) when the database fails: a
        locked or broken database costs the buttons and records, never the answer."""
        try:
            result = await operation
        except StateError as error:
            self.metrics.state_errors.inc()
            logger.error("%s", error)
            self._state_failing = f"{error}"
            return None
        self._state_failing = ""
        return result

    async def saved(self, operation: Awaitable[object]) -> bool:
        """Whether `operation` went through; a database failure is logged and counted."""

        async def done() -> bool:
            await operation
            return True

        return await self.stored(done()) or False

    async def question_wait(self, user_id: int) -> float:
        """Count a question from `user_id` against the per-user limit; 0 or seconds to wait.

        While the database fails the limit holds in memory: never switched off."""
        limit = self.settings.questions_per_minute
        wait = await self.stored(self.state.question_wait(user_id, limit))
        if wait is None:
            if self._limits_in_memory is None:
                self._limits_in_memory = SqliteStore(":memory:")
            wait = await self._limits_in_memory.question_wait(user_id, limit)
        if wait:
            self.metrics.rate_limited.labels("user_limit").inc()
        return wait


def services(context: ContextTypes.DEFAULT_TYPE) -> Services:
    """The application's `Services`, as stored by `bot.app.build_application`."""
    found = context.bot_data[SERVICES_KEY]
    assert isinstance(found, Services)
    return found
