"""The bot under test: built by `bot.app.build_application`, polling a `FakeBotApi`;
or `python -m bot run` as a real process (`BotProcess`)."""

from __future__ import annotations

import asyncio
import contextlib
import os
import signal
import socket
import sys
from pathlib import Path
from typing import Any

from bot import REPO_ROOT
from bot.app import (
    HEALTH_KEY,
    BotApplication,
    build_application,
    polling_options,
    start_webhook,
    updater_running,
)
from bot.engine import Engine
from bot.engine.library import Library
from bot.settings import Settings
from bot.webhook import WebhookServer
from tests.conftest import CORPUS_DIR
from tests.telegram.fake_bot_api import FakeBotApi


def settings_for(token: str, api_url: str, state_db: Path, **overrides: object) -> Settings:
    """Settings for a bot on a test server, independent of the environment and `.env`."""
    values: dict[str, Any] = {
        "token": token,
        "api_url": api_url,
        "state_db": state_db,
        "log_level": "DEBUG",
        "watch_corpus": False,
        # Every new question shows "typing…" first, however fast the answer.
        "typing_after_seconds": 0,
        "health_port": 0,
        "database_timeout": 2.0,
        # The heap of this process is pytest's: frozen, the cycles that earlier tests
        # leave behind would never be freed (`tests/telegram/test_heap.py` turns it on).
        "freeze_heap": False,
        **overrides,
    }
    return Settings(_env_file=None, **values)  # type: ignore[call-arg]  # pydantic-settings init arg


class BotUnderTest:
    """Starts and stops the application the way `run_bot` does, without blocking."""

    def __init__(self, settings: Settings, engine: Engine) -> None:
        self.settings = settings
        self.engine = engine
        self.library = Library(settings.corpus_dir, engine=engine)
        self.application: BotApplication = build_application(settings, self.library)
        self.webhook: WebhookServer | None = None

    @property
    def running(self) -> bool:
        return self.application.running

    async def start(self) -> None:
        # The same sequence as `Application.run_polling` and `bot.app.serve_webhook`,
        # which also call the `post_init`/`post_shutdown` hooks themselves.
        await self.application.initialize()
        if self.application.post_init is not None:
            await self.application.post_init(self.application)
        assert self.application.updater is not None
        if self.settings.mode == "webhook":
            self.webhook = await start_webhook(self.application, self.settings)
        else:
            await self.application.updater.start_polling(**polling_options())
        await self.application.start()

    async def stop(self) -> None:
        if self.webhook is not None:
            await self.webhook.stop()
        if updater_running(self.application.updater):  # a refused token stopped it already
            assert self.application.updater is not None
            await self.application.updater.stop()
        await self.application.stop()
        await self.application.shutdown()
        if self.application.post_shutdown is not None:
            await self.application.post_shutdown(self.application)

    async def settle(self, api: FakeBotApi) -> None:
        """Wait until every update `api` created so far has been received and fully handled.

        The server knows when the bot confirmed an update; `update_queue.join()`
        returns once the application has finished every update it was given.
        """
        await api.all_delivered()
        await self.application.update_queue.join()

    @property
    def health_url(self) -> str:
        """The health endpoint's root (the bot was started with a `health_port`)."""
        health = self.application.bot_data[HEALTH_KEY]
        return f"http://{health.listen}:{health.port}"


RUN_BOT = [sys.executable, "-m", "bot", "run"]


def bot_environment(**values: str) -> dict[str, str]:
    """The current environment without any BOT_ settings, plus `values`."""
    environment = {key: value for key, value in os.environ.items() if not key.startswith("BOT_")}
    return environment | {"PYTHONPATH": str(REPO_ROOT)} | values


def run_environment(api: FakeBotApi, tmp_path: Path, **more: str) -> dict[str, str]:
    """`python -m bot run` on `api`, lexical engine (quick to start), SQLite state."""
    return {
        "BOT_TOKEN": api.token,
        "BOT_API_URL": api.url,
        "BOT_CORPUS_DIR": str(CORPUS_DIR),
        "BOT_STATE_DB": str(tmp_path / "state.sqlite3"),
        "BOT_SEMANTIC": "false",
        "BOT_WATCH_CORPUS": "false",
        "BOT_HEALTH_PORT": "0",
        **more,
    }


class BotProcess:
    """`python -m bot run` as a real process; its log (stderr) goes to a file.

    Every one started is listed in `STARTED` until it is seen to exit, so that the
    fixtures can end it when a test fails before stopping it (`end_bot_processes`).
    """

    GRACE_SECONDS = 10.0
    """How long `end` waits after SIGTERM before it kills."""

    def __init__(self, workdir: Path, name: str = "bot", **environment: str) -> None:
        self.workdir = workdir
        self.log_path = workdir / f"{name}.log"
        # Its own state database unless the test gives one: never the repository's.
        environment.setdefault("BOT_STATE_DB", str(workdir / "state.sqlite3"))
        self.environment = bot_environment(**environment)
        self.process: asyncio.subprocess.Process | None = None
        self.signalled = False

    async def start(self) -> BotProcess:
        with self.log_path.open("ab") as log:
            self.process = await asyncio.create_subprocess_exec(
                *RUN_BOT,
                cwd=self.workdir,  # no .env here
                env=self.environment,
                stdout=log,
                stderr=log,
            )
        STARTED.add(self)
        return self

    def send_signal(self, number: int = signal.SIGTERM) -> None:
        assert self.process is not None
        self.process.send_signal(number)
        self.signalled = True

    async def stop(self, number: int = signal.SIGTERM) -> int:
        """Send `number` (unless a signal was sent already) and wait for the exit status."""
        assert self.process is not None
        if self.process.returncode is None and not self.signalled:
            self.send_signal(number)
        async with asyncio.timeout(60):
            status = await self.process.wait()
        STARTED.discard(self)
        return status

    async def end(self) -> None:
        """Make sure the process is gone: SIGTERM, then SIGKILL if it is still there
        after `GRACE_SECONDS` (a test that failed midway may have left it running)."""
        assert self.process is not None
        if self.process.returncode is None:
            with contextlib.suppress(ProcessLookupError):
                self.process.terminate()
            try:
                async with asyncio.timeout(self.GRACE_SECONDS):
                    await self.process.wait()
            except TimeoutError:
                with contextlib.suppress(ProcessLookupError):
                    self.process.kill()
                await self.process.wait()
        STARTED.discard(self)

    def kill_now(self) -> None:
        """SIGKILL without waiting: for when the event loop that started it is gone."""
        if self.process is not None and self.process.returncode is None:
            with contextlib.suppress(ProcessLookupError):
                os.kill(self.process.pid, signal.SIGKILL)
        STARTED.discard(self)

    def log(self) -> str:
        return self.log_path.read_text(encoding="utf-8", errors="replace")


STARTED: set[BotProcess] = set()
"""The `BotProcess`es started and not yet seen to exit."""


async def end_bot_processes() -> None:
    """End every `BotProcess` still running (see `BotProcess.end`)."""
    for bot in list(STARTED):
        await bot.end()


def kill_bot_processes() -> None:
    """SIGKILL every `BotProcess` still listed: the last resort, at the end of a session."""
    for bot in list(STARTED):
        bot.kill_now()


def free_port() -> int:
    """A TCP port free on 127.0.0.1 right now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port
