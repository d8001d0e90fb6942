"""`python -m bot run` (`bot.app.run_bot`) as a real process."""

from __future__ import annotations

import asyncio
import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest
from pydantic import SecretStr

from bot import REPO_ROOT
from bot.app import run_bot
from bot.settings import Settings
from tests.telegram.fake_bot_api import FakeBotApi

RUN_BOT = [sys.executable, "-m", "bot", "run"]


def bot_environment(**values: str) -> dict[str, str]:
    """The current environment without any BOT_ settings, plus `values`."""
    environment = {key: value for key, value in os.environ.items() if not key.startswith("BOT_")}
    return environment | values


def test_run_without_a_token_exits_with_a_clear_message(tmp_path: Path) -> None:
    finished = subprocess.run(
        RUN_BOT,
        cwd=tmp_path,  # no .env here
        env=bot_environment(PYTHONPATH=str(REPO_ROOT)),
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert finished.returncode == 2
    assert finished.stderr.startswith("BOT_TOKEN is not set.")


def test_webhook_mode_without_a_secret_exits_with_a_clear_message(
    capsys: pytest.CaptureFixture[str],
) -> None:
    settings = Settings(  # type: ignore[call-arg]  # pydantic-settings init arg
        _env_file=None,
        token=SecretStr("1:x"),
        mode="webhook",
        webhook_url="https://example.com/hook",
    )
    assert run_bot(settings) == 2
    assert capsys.readouterr().err.startswith(
        "Webhook mode needs BOT_WEBHOOK_URL and BOT_WEBHOOK_SECRET"
    )


def test_importing_the_app_has_no_side_effects(tmp_path: Path) -> None:
    check = (
        "import logging, bot.app; "
        "assert not logging.getLogger().handlers; "
        f"assert not __import__('pathlib').Path({str(tmp_path / 'state.db')!r}).exists()"
    )
    subprocess.run(
        [sys.executable, "-c", check],
        env=bot_environment(PYTHONPATH=str(REPO_ROOT), BOT_STATE_DB=str(tmp_path / "state.db")),
        check=True,
        timeout=60,
    )


async def test_run_bot_answers_and_never_logs_the_token(api: FakeBotApi, tmp_path: Path) -> None:
    process = await asyncio.create_subprocess_exec(
        *RUN_BOT,
        cwd=tmp_path,
        env=bot_environment(
            PYTHONPATH=str(REPO_ROOT),
            BOT_TOKEN=api.token,
            BOT_API_URL=api.url,
            BOT_STATE_DB=str(tmp_path / "state.sqlite3"),
            BOT_LOG_LEVEL="DEBUG",
        ),
        stderr=asyncio.subprocess.PIPE,
    )
    try:
        alice = api.user("Alice")
        chat = api.private_chat(alice)
        api.fail("sendMessage", 400)  # the first answer fails: the error path is logged
        failing = api.send_text(chat, alice, "How many troops has North Korea sent to Russia?")
        # Asked again once the first has its apology: sent together, the two answers
        # race for the failing send (the second is answered from the first's cache).
        await api.wait_until(lambda: bool(api.replies_to(failing)))
        question = api.send_text(chat, alice, "How many troops has North Korea sent to Russia?")
        await api.wait_until(lambda: bool(api.replies_to(question)))
    finally:
        process.send_signal(signal.SIGINT)
        assert process.stderr is not None
        log = (await process.stderr.read()).decode()
        status = await process.wait()

    assert status == 0
    assert "10,000" in api.replies_to(question)[0]["text"]
    assert "Update 1 failed" in log
    assert api.token not in log
    assert api.token.split(":")[1] not in log
