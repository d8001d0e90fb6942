"""A tornado application served on the bot's own event loop: the health endpoint and
the webhook."""

from __future__ import annotations

from typing import Any

import tornado.httpserver
import tornado.netutil
import tornado.web


class LocalServer:
    """Serves `routes()` on `listen`:`port` (port 0: a free one, then known as `port`)."""

    max_body_size: int | None = None
    """Longest request body read (tornado's default, 100 MB, when None)."""

    def __init__(self, listen: str, port: int) -> None:
        self.listen = listen
        self.port = port
        self._server: tornado.httpserver.HTTPServer | None = None

    def routes(self) -> list[Any]:
        """tornado's URL specs: (pattern, handler class[, initialize arguments])."""
        raise NotImplementedError

    async def start(self) -> None:
        """Listen; an address in use raises `OSError`."""
        app = tornado.web.Application(self.routes(), log_function=lambda handler: None)
        sockets = tornado.netutil.bind_sockets(self.port, self.listen)
        self.port = sockets[0].getsockname()[1]
        self._server = tornado.httpserver.HTTPServer(app, max_body_size=self.max_body_size)
        self._server.add_sockets(sockets)

    async def stop(self) -> None:
        if self._server is not None:
            self._server.stop()
            await self._server.close_all_connections()
            self._server = None
