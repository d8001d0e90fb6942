"""Webhook mode: updates arrive by POST and must carry the secret token."""

from __future__ import annotations

import asyncio
import select
import socket
import sqlite3
from collections.abc import AsyncIterator
from pathlib import Path

import httpx
import pytest

from tests.telegram.conftest import StartBot
from tests.telegram.fake_bot_api import JSON, FakeBotApi
from tests.telegram.harness import BotProcess, BotUnderTest, free_port, run_environment

SECRET = "webhook-secret-for-tests"
TROOPS = "How many troops has North Korea sent to Russia?"


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


BODY_BYTES = 95_000_000
CHUNK = b"x" * 65_536


def rss_mb(pid: int) -> float:
    """Resident memory of process `pid`, in MB."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    raise AssertionError("no VmRSS")


def post_huge_body(port: int, headers: dict[str, str]) -> tuple[str, int]:
    """POST a 95 MB body, streamed (never held here), until the server answers or hangs
    up; the response's status line (empty if none came) and the bytes written.

    A plain socket, not asyncio's streams: when the server closes the connection on
    the unread body, a write fails, and an asyncio transport then drops the status line
    that had already arrived; the socket still gives it to `recv`."""
    head = "".join(f"{name}: {value}\r\n" for name, value in headers.items())
    written = 0
    with socket.create_connection(("127.0.0.1", port), timeout=10) as connection:
        connection.sendall(
            f"POST /telegram HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
            f"Content-Length: {BODY_BYTES}\r\n{head}\r\n".encode()
        )
        try:
            # Written until the refusal comes, as soon as the headers are in.
            while written < BODY_BYTES and not select.select([connection], [], [], 0)[0]:
                connection.sendall(CHUNK)
                written += len(CHUNK)
        except OSError:
            pass  # the server closed the connection: the rest is never read
        try:
            status = connection.makefile("rb").readline().decode().strip()
        except OSError:
            status = ""
    return status, written


@pytest.mark.parametrize("secret", [None, "wrong", SECRET])
async def test_95_mb_webhook_bodies_are_refused_before_they_are_read(
    api: FakeBotApi, tmp_path: Path, secret: str | None
) -> None:
    port = free_port()
    bot = await BotProcess(
        tmp_path,
        **run_environment(api, tmp_path),
        BOT_MODE="webhook",
        BOT_WEBHOOK_URL=f"http://127.0.0.1:{port}/telegram",
        BOT_WEBHOOK_SECRET=SECRET,
        BOT_WEBHOOK_PORT=str(port),
    ).start()
    assert bot.process is not None
    try:
        await api.wait_until(lambda: bool(api.ok_calls("setWebhook")), timeout=120)
        before = rss_mb(bot.process.pid)
        headers = {} if secret is None else {"X-Telegram-Bot-Api-Secret-Token": secret}
        # Four at once, as in the attack.
        results = await asyncio.gather(
            *(asyncio.to_thread(post_huge_body, port, headers) for _ in range(4))
        )
        after = rss_mb(bot.process.pid)
        # The bot still answers real updates.
        alice = api.user("Alice")
        question = api.send_text(api.private_chat(alice), alice, TROOPS)
        await api.wait_until(lambda: bool(api.replies_to(question)), timeout=60)
    finally:
        assert await bot.stop() == 0
    written = max(sent for _, sent in results)
    print(
        f"\n4 × 95 MB bodies, secret {secret!r}: {[status for status, _ in results]}, "
        f"at most {written / 1e6:.1f} MB written before the refusal; "
        f"RSS {before:.0f} → {after:.0f} MB"
    )
    expected = "413" if secret == SECRET else "403"
    # Each is refused: its status came, or the connection was closed on it.
    assert all(status == "" or f" {expected} " in status for status, _ in results)
    assert any(f" {expected} " in status for status, _ in results)
    assert written < BODY_BYTES
    assert after - before < 20
    assert api.token not in bot.log() and SECRET not in bot.log()


async def test_chunked_body_over_the_cap_is_cut_off(
    api: FakeBotApi, webhook_bot: BotUnderTest
) -> None:
    sent = 0

    async def three_megabytes() -> AsyncIterator[bytes]:
        nonlocal sent
        for _ in range(48):
            sent += len(CHUNK)
            yield CHUNK

    headers = {"X-Telegram-Bot-Api-Secret-Token": SECRET, "Content-Type": "application/json"}
    async with httpx.AsyncClient() as client:
        try:
            response = await client.post(
                str(webhook_bot.settings.webhook_url), content=three_megabytes(), headers=headers
            )
            outcome = str(response.status_code)
        except httpx.TransportError as error:
            outcome = type(error).__name__
    await webhook_bot.settle(api)
    print(f"\nchunked 3 MB body with the secret: {outcome} after {sent / 1e6:.1f} MB sent")
    assert outcome != "200"
    assert api.ok_calls("sendMessage") == []


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
