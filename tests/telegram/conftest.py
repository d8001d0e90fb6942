"""Fixtures: a fake Bot API server, users and chats, the state database (SQLite or
PostgreSQL), and the bot (the real engine over the real corpus comes from
`tests/conftest.py`)."""

from __future__ import annotations

import os
import subprocess
import uuid
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

import psycopg
import pytest

from bot import REPO_ROOT
from bot.engine import Engine
from bot.state import sqlite_url
from tests.telegram.fake_bot_api import JSON, FakeBotApi
from tests.telegram.harness import (
    BotUnderTest,
    end_bot_processes,
    free_port,
    kill_bot_processes,
    settings_for,
)

StartBot = Callable[..., Awaitable[BotUnderTest]]

BACKENDS = ["sqlite", "postgresql"]
both_backends = pytest.mark.parametrize("database_url", BACKENDS, indirect=True)
"""Runs a test once with an SQLite file and once with a fresh PostgreSQL database."""

POSTGRES_URL_VARIABLE = "BOT_TEST_POSTGRES_URL"
START_POSTGRES = REPO_ROOT / "scripts" / "start_test_postgres.sh"
_postgres_server: list[str] = [os.environ.get(POSTGRES_URL_VARIABLE, "")]


def postgres_server_url() -> str:
    """The test PostgreSQL server (`BOT_TEST_POSTGRES_URL`, which `.ci/run` sets).

    Under CI a missing server fails the test; elsewhere one is started (or reused) with
    `scripts/start_test_postgres.sh`, and fails the test with its output if it cannot."""
    if _postgres_server[0]:
        return _postgres_server[0]
    if os.environ.get("CI", "").lower() in ("true", "1", "yes"):
        pytest.fail(
            f"{POSTGRES_URL_VARIABLE} is not set: the PostgreSQL tests need a server "
            "(.ci/run sources scripts/start_test_postgres.sh)"
        )
    started = subprocess.run(
        ["bash", str(START_POSTGRES)], capture_output=True, text=True, timeout=300
    )
    if started.returncode != 0:
        pytest.fail(
            f"{POSTGRES_URL_VARIABLE} is not set and scripts/start_test_postgres.sh failed:\n"
            + started.stderr[-3000:]
        )
    _postgres_server[0] = started.stdout.strip().splitlines()[-1]
    return _postgres_server[0]


def with_database(url: str, name: str) -> str:
    return urlunsplit(urlsplit(url)._replace(path=f"/{name}"))


PASSWORD_FORMS = ["userinfo", "query", "key=value"]


def unreachable_twin(url: str) -> str:
    """`url` pointing at a port on 127.0.0.1 where no server listens."""
    parts = urlsplit(url)
    netloc = f"{parts.username}:{parts.password}@127.0.0.1:{free_port()}"
    return urlunsplit(parts._replace(netloc=netloc))


def in_password_form(url: str, form: str) -> str:
    """The PostgreSQL URL `url` (`postgresql://user:password@host:port/db`) with its
    password given as `form`: in the userinfo, as `?password=`, or as a libpq
    key=value string."""
    parts = urlsplit(url)
    if form == "userinfo":
        return url
    if form == "query":
        netloc = f"{parts.username}@{parts.hostname}:{parts.port}"
        return urlunsplit(parts._replace(netloc=netloc, query=f"password={parts.password}"))
    return (
        f"host={parts.hostname} port={parts.port} user={parts.username} "
        f"password={parts.password} dbname={parts.path.lstrip('/')}"
    )


FAULT_COUNTS: list[str] = []
"""One line per fault test run: questions sent and answered (printed after the tests)."""


@pytest.fixture
def fault_report(request: pytest.FixtureRequest) -> Callable[[int, int], None]:
    """Record how many questions a fault test sent and how many were answered."""

    def report(sent: int, answered: int) -> None:
        FAULT_COUNTS.append(f"{request.node.name}: {sent} questions sent, {answered} answered")

    return report


@pytest.fixture(autouse=True)
async def no_stray_bot_process() -> AsyncIterator[None]:
    """End every `python -m bot run` a test started, however the test ended: a test that
    fails or times out before stopping its bot must not leave it running."""
    yield
    await end_bot_processes()


def pytest_sessionfinish() -> None:
    """The safety net: nothing a test started outlives the session (a bot whose test's
    event loop is gone, or a session interrupted midway, is killed)."""
    kill_bot_processes()


def pytest_terminal_summary(terminalreporter: Any) -> None:
    if FAULT_COUNTS:
        terminalreporter.section("fault tests: questions sent and answered")
        for line in FAULT_COUNTS:
            terminalreporter.write_line(line)


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
def database_url(request: pytest.FixtureRequest, state_db: Path) -> Iterator[str]:
    """The bot's `BOT_DATABASE_URL`: the SQLite file `state_db`, or, parametrized with
    "postgresql" (see `both_backends`), a new database on the test server, dropped after."""
    backend = getattr(request, "param", "sqlite")
    if backend == "sqlite":
        yield sqlite_url(state_db)
        return
    server = postgres_server_url()
    name = f"newsbot_test_{uuid.uuid4().hex[:16]}"
    with psycopg.connect(server, autocommit=True) as admin:
        admin.execute(f"CREATE DATABASE {name}")
    yield with_database(server, name)
    with psycopg.connect(server, autocommit=True) as admin:
        admin.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


@pytest.fixture
async def start_bot(
    api: FakeBotApi, engine: Engine, state_db: Path, database_url: str
) -> AsyncIterator[StartBot]:
    """Start a bot on `api`: `await start_bot(engine=…, questions_per_minute=…)`."""
    running: list[BotUnderTest] = []

    async def start(bot_engine: Engine = engine, **overrides: object) -> BotUnderTest:
        settings = settings_for(
            api.token, api.url, state_db, **{"database_url": database_url, **overrides}
        )
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
