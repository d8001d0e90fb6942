"""Fixtures: a fake Bot API server, users and chats, and the bot (the real engine over
the real corpus comes from `tests/conftest.py`)."""

from __future__ import annotations

import os
from collections.abc import AsyncIterator, Awaitable, Callable
from pathlib import Path

import pytest

from bot.engine import Engine
from tests.telegram.fake_bot_api import JSON, FakeBotApi
from tests.telegram.harness import BotUnderTest, settings_for

StartBot = Callable[..., Awaitable[BotUnderTest]]


@pytest.fixture(autouse=True)
def no_bot_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    """Keep the developer's BOT_* variables out of the bots under test."""
    for name in list(os.environ):
        if name.startswith("BOT_"):
            monkeypatch.delenv(name)


@pytest.fixture
async def api() -> AsyncIterator[FakeBotApi]:
    server = FakeBotApi()
    await server.start()
    yield server
    await server.stop()


@pytest.fixture
def state_db(tmp_path: Path) -> Path:
    return tmp_path / "state.sqlite3"


@pytest.fixture
async def start_bot(api: FakeBotApi, engine: Engine, state_db: Path) -> AsyncIterator[StartBot]:
    """Start a bot on `api`: `await start_bot(engine=…, questions_per_minute=…)`."""
    running: list[BotUnderTest] = []

    async def start(bot_engine: Engine = engine, **overrides: object) -> BotUnderTest:
        settings = settings_for(api.token, api.url, state_db, **overrides)
        bot = BotUnderTest(settings, bot_engine)
        await bot.start()
        running.append(bot)
        return bot

    yield start
    for bot in running:
        if bot.running:
            await bot.stop()


@pytest.fixture
async def bot(start_bot: StartBot) -> BotUnderTest:
    return await start_bot()


@pytest.fixture
def alice(api: FakeBotApi) -> JSON:
    return api.user("Alice", "alice")


@pytest.fixture
def bob(api: FakeBotApi) -> JSON:
    return api.user("Bob", "bob")


@pytest.fixture
def alice_chat(api: FakeBotApi, alice: JSON) -> JSON:
    return api.private_chat(alice)


@pytest.fixture
def group(api: FakeBotApi) -> JSON:
    return api.group("News readers")
