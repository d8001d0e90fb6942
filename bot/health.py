"""The local HTTP endpoint for operators: `/healthz`, `/readyz` and `/metrics`.

`/healthz` answers 200 while the process runs and takes updates (503 with the reason
once polling has stopped or Telegram refused the token). `/readyz` answers 200 only
when the corpus is loaded, Telegram was reachable at the last Bot API request and the
state database can be read and written (503 otherwise, with the reasons as JSON).
`/metrics` is Prometheus' text format. It listens on
`BOT_HEALTH_LISTEN`:`BOT_HEALTH_PORT` (127.0.0.1 by default; port 0 switches it off).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import tornado.web
from prometheus_client import CONTENT_TYPE_LATEST

from bot.engine.library import Library
from bot.local_server import LocalServer
from bot.metrics import Metrics


class Readiness:
    """What `/readyz` checks: the corpus, Telegram, and the state database's condition."""

    def __init__(
        self,
        library: Library,
        metrics: Metrics,
        polling: bool,
        state_problem: Callable[[], str],
        stopped: Callable[[], str] = lambda: "",
    ) -> None:
        self.library = library
        self.metrics = metrics
        self.polling = polling
        self.state_problem = state_problem
        self.stopped = stopped
        """Why the bot takes no more updates (empty while it does)."""

    def report(self) -> dict[str, Any]:
        articles = len(self.library.engine.articles)
        telegram = self.metrics.telegram_reachable(self.polling)
        problem = self.state_problem()
        report: dict[str, Any] = {
            # A state database that cannot be used or written makes the bot unready:
            # it answers, but its buttons, records and limits live in memory.
            "ready": articles > 0 and telegram and not problem,
            "index_loaded": articles > 0,
            "articles": articles,
            "telegram_reachable": telegram,
        }
        if problem:
            report["state_problem"] = problem
        return report


class _Live(tornado.web.RequestHandler):
    def initialize(self, readiness: Readiness) -> None:
        self.readiness = readiness

    def get(self) -> None:
        stopped = self.readiness.stopped()
        if stopped:
            self.set_status(503)
            self.write({"live": False, "reason": stopped})
        else:
            self.write({"live": True})


class _Ready(tornado.web.RequestHandler):
    def initialize(self, readiness: Readiness) -> None:
        self.readiness = readiness

    def get(self) -> None:
        report = self.readiness.report()
        self.set_status(200 if report["ready"] else 503)
        self.set_header("Content-Type", "application/json")
        self.finish(json.dumps(report))


class _Metrics(tornado.web.RequestHandler):
    def initialize(self, metrics: Metrics) -> None:
        self.metrics = metrics

    def get(self) -> None:
        self.set_header("Content-Type", CONTENT_TYPE_LATEST)
        self.finish(self.metrics.exposition())


class HealthServer(LocalServer):
    """The endpoint, run on the bot's event loop."""

    def __init__(self, readiness: Readiness, listen: str, port: int) -> None:
        super().__init__(listen, port)
        self.readiness = readiness

    def routes(self) -> list[Any]:
        return [
            (r"/healthz", _Live, {"readiness": self.readiness}),
            (r"/readyz", _Ready, {"readiness": self.readiness}),
            (r"/metrics", _Metrics, {"metrics": self.readiness.metrics}),
        ]
