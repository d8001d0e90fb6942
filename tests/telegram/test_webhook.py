"""Webhook mode: updates arrive by POST and must carry the secret token."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import httpx
import pytest

from tests.telegram.conftest import StartBot
from tests.telegram.fake_bot_api import JSON, FakeBotApi
from tests.telegram.harness import BotUnderTest, free_port

SECRET = "webhook-secret-for-tests"


@pytest.fixture
async def webhook_bot(start_bot: StartBot) -> BotUnderTest:
    port = free_port()
    return await start_bot(
        mode="webhook",
        webhook_listen="127.0.0.1",
        webhook_port=port,
        webhook_path="telegram",
        webhook_url=f"http://127.0.0.1:{port}/telegram",
        webhook_secret=SECRET,
    )


async def test_webhook_is_registered_with_the_secret(
    api: FakeBotApi, webhook_bot: BotUnderTest
) -> None:
    [registration] = api.ok_calls("setWebhook")
    assert registration.params["secret_token"] == SECRET
    assert registration.params["url"] == webhook_bot.settings.webhook_url
    assert registration.params["allowed_updates"] == [
        "message",
        "callback_query",
        "inline_query",
        "my_chat_member",
    ]


async def test_update_with_the_right_secret_is_answered(
    api: FakeBotApi, webhook_bot: BotUnderTest, alice: JSON, alice_chat: JSON
) -> None:
    question = api.send_text(alice_chat, alice, "How many troops has North Korea sent to Russia?")
    await webhook_bot.settle(api)

    [reply] = api.replies_to(question)
    assert "10,000" in reply["text"]
    assert api.webhook_refusals == []


@pytest.mark.parametrize("headers", [{"X-Telegram-Bot-Api-Secret-Token": "wrong"}, {}])
async def test_update_without_the_right_secret_is_refused(
    api: FakeBotApi,
    webhook_bot: BotUnderTest,
    alice: JSON,
    alice_chat: JSON,
    headers: dict[str, str],
) -> None:
    forged_update = {
        "update_id": 4242,
        "message": {
            "message_id": 77,
            "from": alice,
            "chat": alice_chat,
            "date": 0,
            "text": "How many troops has North Korea sent to Russia?",
        },
    }
    async with httpx.AsyncClient() as client:
        response = await client.post(
            str(webhook_bot.settings.webhook_url), json=forged_update, headers=headers
        )
    await webhook_bot.settle(api)

    assert response.status_code == 403
    assert api.ok_calls("sendMessage") == []
    assert api.ok_calls("sendChatAction") == []


async def test_an_update_is_acknowledged_only_once_it_is_stored(
    api: FakeBotApi, webhook_bot: BotUnderTest, alice: JSON, alice_chat: JSON, state_db: Path
) -> None:
    holder = sqlite3.connect(state_db)
    holder.execute("BEGIN IMMEDIATE")  # another process holds the database's write lock
    question = api.send_text(alice_chat, alice, "How many troops has North Korea sent to Russia?")
    await api.wait_until(lambda: api.webhook_refusals != [])
    holder.rollback()
    holder.close()
    assert api.replies_to(question) == []

    # Telegram sends a refused update again, as it does for any answer but 200.
    update = {"update_id": api.confirmed_updates(), "message": question}
    async with httpx.AsyncClient() as client:
        response = await client.post(
            str(webhook_bot.settings.webhook_url),
            json=update,
            headers={"X-Telegram-Bot-Api-Secret-Token": SECRET},
        )
    await webhook_bot.settle(api)
    print(f"webhook with the database locked: {api.webhook_refusals}, then {response.status_code}")
    assert api.webhook_refusals == [500]
    assert response.status_code == 200
    assert len(api.replies_to(question)) == 1
