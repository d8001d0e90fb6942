"""Webhook mode's HTTP server: Telegram POSTs updates here.

python-telegram-bot's own webhook server reads a whole request body (up to tornado's
default of 100 MB) before it looks at the secret token, so a stranger can make the
bot hold hundreds of megabytes. Here the secret is checked as soon as the headers
are in, before any of the body is read; a body longer than `BOT_WEBHOOK_MAX_BODY_BYTES`
is refused from its Content-Length, or cut off while it streams in. A refused request
gets its status and the connection is closed, so the rest of its body is never read.
"""

from __future__ import annotations

import hmac
import json
import logging
from collections.abc import Awaitable, Callable
from typing import Any

import tornado.web
from telegram import Update
from telegram.ext import Application
from tornado.http1connection import HTTP1Connection

from bot.local_server import LocalServer

logger = logging.getLogger(__name__)

SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"

AcceptUpdate = Callable[[Update], Awaitable[None]]


@tornado.web.stream_request_body
class _UpdateHandler(tornado.web.RequestHandler):
    """One update per POST: checked before its body is read, then parsed and queued."""

    def initialize(self, secret: str, max_body_bytes: int, accept: AcceptUpdate, bot: Any) -> None:
        self.secret = secret.encode()
        self.max_body_bytes = max_body_bytes
        self.accept = accept
        self.bot = bot
        self.chunks: list[bytes] = []
        self.received = 0

    def prepare(self) -> None:
        if self.request.method != "POST":
            raise tornado.web.HTTPError(405)
        given = self.request.headers.get(SECRET_HEADER, "").encode()
        # Constant time: the comparison does not tell how much of a guess was right.
        if not hmac.compare_digest(given, self.secret):
            raise tornado.web.HTTPError(403)
        declared = self.request.headers.get("Content-Length")
        if declared is not None and (not declared.isdigit() or int(declared) > self.max_body_bytes):
            raise tornado.web.HTTPError(413)
        connection = self.request.connection
        if isinstance(connection, HTTP1Connection):
            # A chunked body without a length is cut off (the connection closed) here.
            connection.set_max_body_size(self.max_body_bytes)

    def data_received(self, chunk: bytes) -> None:
        self.received += len(chunk)
        if self.received > self.max_body_bytes:
            raise tornado.web.HTTPError(413)
        self.chunks.append(chunk)

    async def post(self) -> None:
        try:
            data = json.loads(b"".join(self.chunks))
            update = Update.de_json(data, self.bot)
        except (ValueError, TypeError, KeyError, AttributeError) as error:
            logger.warning("Webhook request with an unreadable update: %r", error)
            raise tornado.web.HTTPError(400) from None
        await self.accept(update)
        self.set_status(200)
        self.finish()

    def write_error(self, status_code: int, **kwargs: Any) -> None:
        # No body and no traceback: a refusal tells a stranger nothing.
        self.finish()


class WebhookServer(LocalServer):
    """Listens on `BOT_WEBHOOK_LISTEN`:`BOT_WEBHOOK_PORT` at `/BOT_WEBHOOK_PATH`."""

    def __init__(
        self,
        application: Application[Any, Any, Any, Any, Any, Any],
        *,
        listen: str,
        port: int,
        path: str,
        secret: str,
        max_body_bytes: int,
    ) -> None:
        super().__init__(listen, port)
        # Requests to other paths are read at most this far too.
        self.max_body_size = max_body_bytes
        self._path = path.strip("/")
        self._handler_arguments = {
            "secret": secret,
            "max_body_bytes": max_body_bytes,
            "accept": self._queue,
            "bot": application.bot,
        }
        self._application = application

    async def _queue(self, update: Update) -> None:
        await self._application.update_queue.put(update)

    def routes(self) -> list[Any]:
        return [(rf"/{self._path}", _UpdateHandler, self._handler_arguments)]
