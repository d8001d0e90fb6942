"""Staying up: flood limits, server errors, slow responses, handler errors, the token."""

from __future__ import annotations

import logging

import pytest

from bot.app import configure_logging
from bot.components.errors import REDACTED, SORRY, SecretRedactor
from tests.telegram.fake_bot_api import JSON, FakeBotApi
from tests.telegram.harness import BotUnderTest

TROOPS = "How many troops has North Korea sent to Russia?"
QUESTIONS = [
    TROOPS,
    "What did Putin and Kim sign?",
    "Where are North Korean soldiers fighting?",
    "What does North Korea get in return?",
]


def ask_in_several_chats(api: FakeBotApi, count: int) -> list[JSON]:
    questions = []
    for number in range(count):
        user = api.user(f"User {number}")
        chat = api.private_chat(user)
        questions.append(api.send_text(chat, user, QUESTIONS[number % len(QUESTIONS)]))
    return questions


def assert_each_answered_once(api: FakeBotApi, questions: list[JSON]) -> None:
    for question in questions:
        replies = api.replies_to(question)
        assert len(replies) == 1, (question["text"], replies)
        assert replies[0]["text"].startswith("🔎 " + question["text"])
    assert len(api.ok_calls("sendMessage")) == len(questions)


async def test_flood_limit_429_is_waited_out_and_retried(
    api: FakeBotApi, bot: BotUnderTest
) -> None:
    api.fail("sendMessage", 429, retry_after=1)
    questions = ask_in_several_chats(api, 3)
    await bot.settle(api)

    assert_each_answered_once(api, questions)
    assert [call.status for call in api.calls if call.method == "sendMessage"].count(429) == 1


async def test_server_errors_are_retried(api: FakeBotApi, bot: BotUnderTest) -> None:
    api.fail("sendMessage", 500, times=2)
    api.fail("sendChatAction", 502)
    questions = ask_in_several_chats(api, 4)
    await bot.settle(api)

    assert_each_answered_once(api, questions)
    statuses = [call.status for call in api.calls]
    assert (statuses.count(500), statuses.count(502)) == (2, 1)


async def test_getupdates_errors_do_not_lose_updates(api: FakeBotApi, bot: BotUnderTest) -> None:
    api.fail("getUpdates", 500, times=2)
    questions = ask_in_several_chats(api, 3)
    await bot.settle(api)

    assert_each_answered_once(api, questions)


async def test_slow_responses_still_get_exactly_one_answer(
    api: FakeBotApi, bot: BotUnderTest
) -> None:
    api.slow_down("sendMessage", 1.0, times=3)
    api.slow_down("sendChatAction", 0.5, times=3)
    api.slow_down("getUpdates", 0.5, times=1)
    questions = ask_in_several_chats(api, 6)
    await bot.settle(api)

    assert_each_answered_once(api, questions)


async def test_failed_update_is_logged_and_the_user_told_once(
    api: FakeBotApi,
    bot: BotUnderTest,
    alice: JSON,
    alice_chat: JSON,
    caplog: pytest.LogCaptureFixture,
) -> None:
    api.fail("sendMessage", 400)  # A Bad Request is not retried: the handler fails.
    question = api.send_text(alice_chat, alice, TROOPS)
    after = api.send_text(alice_chat, alice, TROOPS)
    await bot.settle(api)

    assert [reply["text"] for reply in api.replies_to(question)] == [SORRY]
    assert len(api.replies_to(after)) == 1  # the bot carries on
    failures = [r for r in caplog.records if r.getMessage().startswith("Update ")]
    assert [r.getMessage().split(" failed")[0] for r in failures] == ["Update 1"]
    assert failures[0].exc_info is not None


async def test_token_never_reaches_the_logs(
    api: FakeBotApi,
    bot: BotUnderTest,
    alice: JSON,
    alice_chat: JSON,
    caplog: pytest.LogCaptureFixture,
) -> None:
    configure_logging(bot.settings)
    caplog.set_level(logging.DEBUG)
    api.fail("sendMessage", 500)
    api.fail("sendMessage", 400)
    api.fail("getUpdates", 500)
    for _ in range(3):
        api.send_text(alice_chat, alice, TROOPS)
    await bot.settle(api)

    assert len(caplog.records) > 20
    assert api.token not in caplog.text
    assert not [
        r for r in caplog.records if r.name.startswith("httpx") and r.levelno < logging.WARNING
    ]


def test_redactor_removes_the_secret_from_message_arguments_and_tracebacks() -> None:
    redactor = SecretRedactor("123:SECRET")
    try:
        raise RuntimeError("failed https://api.example/bot123:SECRET/getMe")
    except RuntimeError as error:
        record = logging.LogRecord(
            "x",
            logging.ERROR,
            __file__,
            1,
            "url %s",
            ("/bot123:SECRET/x",),
            (type(error), error, error.__traceback__),
        )
    assert redactor.filter(record)
    assert record.getMessage() == f"url /bot{REDACTED}/x"
    assert record.exc_text is not None
    assert "SECRET" not in record.exc_text
    assert REDACTED in record.exc_text
