"""Prometheus metrics, and what readiness needs to know about Telegram.

Each application gets its own registry (tests run several bots in one process).
`TelemetryRequest` is python-telegram-bot's HTTP client with every Bot API response
counted: errors by method and status, 429s as rate limiting, and the time of the last
success and failure, from which `/readyz` judges whether Telegram is reachable.
"""

from __future__ import annotations

import asyncio
import time
from typing import Any

from prometheus_client import CollectorRegistry, Counter, Gauge, Histogram, generate_latest
from telegram.error import NetworkError, TimedOut
from telegram.request import HTTPXRequest, RequestData

from bot.engine.deciding import REASONS
from bot.engine.library import Library

ANSWER_BUCKETS = (0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0)

TOKEN_REFUSED_STATUSES = (401, 404)
"""Telegram's answers when the token was revoked (401) or the bot deleted (404)."""

TELEGRAM_FRESH_SECONDS = 90.0
"""In polling mode Telegram counts as reachable if a request succeeded this recently
(a long poll returns at least every 30 s)."""


class Metrics:
    """The bot's metrics and Telegram reachability, for `/metrics` and `/readyz`."""

    def __init__(self, library: Library) -> None:
        self.registry = CollectorRegistry()
        self.questions = Counter(
            "newsbot_questions",
            "Questions put to the bot, by outcome (answered or declined)",
            ["outcome"],
            registry=self.registry,
        )
        self.declines = Counter(
            "newsbot_declines",
            "Questions declined, by the engine's reason (engine.deciding.REASONS)",
            ["reason"],
            registry=self.registry,
        )
        self.answer_seconds = Histogram(
            "newsbot_answer_seconds",
            "Time from receiving a question to its reply being sent",
            buckets=ANSWER_BUCKETS,
            registry=self.registry,
        )
        self.telegram_errors = Counter(
            "newsbot_telegram_errors",
            "Failed Bot API requests, by method and HTTP status (or network/timeout)",
            ["method", "code"],
            registry=self.registry,
        )
        self.rate_limited = Counter(
            "newsbot_rate_limited",
            "Updates and requests held back: by the per-user question limit, the per-user "
            "or per-group update budget, or by Telegram (429)",
            ["by"],
            registry=self.registry,
        )
        self.feedback = Counter(
            "newsbot_feedback", "Feedback votes on answers", ["vote"], registry=self.registry
        )
        self.state_errors = Counter(
            "newsbot_state_errors", "Failed state database operations", registry=self.registry
        )
        Gauge(
            "newsbot_corpus_articles", "Articles in the corpus in service", registry=self.registry
        ).set_function(lambda: len(library.engine.articles))
        Gauge(
            "newsbot_index_age_seconds",
            "Seconds since the corpus in service was loaded",
            registry=self.registry,
        ).set_function(lambda: time.time() - library.loaded_at)
        for outcome in ("answered", "declined"):
            self.questions.labels(outcome)
        for reason in REASONS:
            self.declines.labels(reason)
        for by in ("user_limit", "user_budget", "group_budget", "telegram"):
            self.rate_limited.labels(by)
        self.telegram_ok_at: float | None = None
        self.telegram_failed_at: float | None = None
        self.token_refused = ""
        """Why Telegram no longer accepts the bot (empty while it does)."""
        self.token_refused_event = asyncio.Event()

    def exposition(self) -> bytes:
        """The metrics in Prometheus' text format."""
        return generate_latest(self.registry)

    def telegram_ok(self) -> None:
        self.telegram_ok_at = time.monotonic()

    def telegram_failed(self, method: str, code: str, *, unreachable: bool) -> None:
        self.telegram_errors.labels(method, code).inc()
        if code == "429":
            self.rate_limited.labels("telegram").inc()
        if unreachable:
            self.telegram_failed_at = time.monotonic()

    def telegram_refused_token(self, method: str, status: int) -> None:
        """Telegram answered 401 or 404: nothing the bot sends or polls will work again."""
        if not self.token_refused:
            cause = "the token was revoked" if status == 401 else "the bot was deleted"
            self.token_refused = (
                f"Telegram answered {status} to {method}: {cause} or BOT_TOKEN is wrong"
            )
        self.token_refused_event.set()

    def telegram_reachable(self, polling: bool) -> bool:
        """Whether the last Bot API request got through (and, polling, recently)."""
        ok = self.telegram_ok_at
        if ok is None or (self.telegram_failed_at is not None and self.telegram_failed_at > ok):
            return False
        return not polling or time.monotonic() - ok < TELEGRAM_FRESH_SECONDS


class TelemetryRequest(HTTPXRequest):
    """python-telegram-bot's HTTPX client, reporting every response to `Metrics`."""

    def __init__(self, metrics: Metrics, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self._metrics = metrics

    async def do_request(
        self,
        url: str,
        method: str,
        request_data: RequestData | None = None,
        read_timeout: Any = HTTPXRequest.DEFAULT_NONE,
        write_timeout: Any = HTTPXRequest.DEFAULT_NONE,
        connect_timeout: Any = HTTPXRequest.DEFAULT_NONE,
        pool_timeout: Any = HTTPXRequest.DEFAULT_NONE,
    ) -> tuple[int, bytes]:
        # The URL holds the token; only its last part, the method, is kept.
        endpoint = url.rsplit("/", 1)[-1]
        try:
            status, payload = await super().do_request(
                url,
                method,
                request_data,
                read_timeout=read_timeout,
                write_timeout=write_timeout,
                connect_timeout=connect_timeout,
                pool_timeout=pool_timeout,
            )
        except TimedOut:
            self._metrics.telegram_failed(endpoint, "timeout", unreachable=True)
            raise
        except NetworkError:
            self._metrics.telegram_failed(endpoint, "network", unreachable=True)
            raise
        if 200 <= status < 300:
            self._metrics.telegram_ok()
        else:
            self._metrics.telegram_failed(endpoint, str(status), unreachable=status >= 500)
            if status in TOKEN_REFUSED_STATUSES:
                self._metrics.telegram_refused_token(endpoint, status)
        return status, payload
