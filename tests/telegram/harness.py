"""The bot under test: built by `bot.app.build_application`, polling a `FakeBotApi`."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from bot.app import BotApplication, build_application, polling_options, webhook_options
from bot.engine import Engine
from bot.engine.library import Library
from bot.settings import Settings
from tests.telegram.fake_bot_api import FakeBotApi


def settings_for(token: str, api_url: str, state_db: Path, **overrides: object) -> Settings:
    """Settings for a bot on a test server, independent of the environment and `.env`."""
    values: dict[str, Any] = {
        "token": token,
        "api_url": api_url,
        "state_db": state_db,
        "log_level": "DEBUG",
        "watch_corpus": False,
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

    @property
    def running(self) -> bool:
        return self.application.running

    async def start(self) -> None:
        # The same sequence as `Application.run_polling`/`run_webhook`, which also
        # call the `post_init`/`post_shutdown` hooks themselves.
        await self.application.initialize()
        if self.application.post_init is not None:
            await self.application.post_init(self.application)
        assert self.application.updater is not None
        if self.settings.mode == "webhook":
            await self.application.updater.start_webhook(**webhook_options(self.settings))
        else:
            await self.application.updater.start_polling(**polling_options())
        await self.application.start()

    async def stop(self) -> None:
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
