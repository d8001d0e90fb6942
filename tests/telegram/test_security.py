"""Abuse: the allow-list (the bot leaves other groups), admin commands for admins only,
and no secret (token, webhook secret, database password) in any log line or message.

Webhook requests without the right secret are refused in `test_webhook.py`."""

from __future__ import annotations

import json
from pathlib import Path
from urllib.parse import urlsplit

import httpx
import psycopg
import pytest
from pydantic import SecretStr

from bot.components.errors import SORRY
from bot.components.questions import UNREADABLE
from bot.settings import Settings
from tests.conftest import CORPUS_DIR
from tests.telegram.conftest import (
    PASSWORD_FORMS,
    StartBot,
    both_backends,
    in_password_form,
    unreachable_twin,
)
from tests.telegram.fake_bot_api import JSON, FakeBotApi
from tests.telegram.harness import BotProcess, BotUnderTest, free_port
from tests.telegram.test_inline_and_buttons import answer_from_a_stopped_bot, buttons

TROOPS = "How many troops has North Korea sent to Russia?"


async def test_groups_off_the_allow_list_are_left(
    api: FakeBotApi, start_bot: StartBot, alice: JSON, bob: JSON, group: JSON
) -> None:
    bot = await start_bot(allowed_chats=[group["id"], bob["id"]], admin_ids=[alice["id"]])
    other = api.group("Somewhere else")
    joined = api.group("Just joined")
    in_other = api.send_text(other, alice, f"/ask {TROOPS}")  # even an admin's question
    api.add_bot_to(joined, bob)
    in_group = api.send_text(group, bob, f"/ask {TROOPS}")
    from_bob = api.send_text(api.private_chat(bob), bob, TROOPS)
    from_stranger = api.send_text(api.private_chat(api.user("Eve")), api.user("Eve"), TROOPS)
    await bot.settle(api)

    assert sorted(api.left_chats) == sorted([other["id"], joined["id"]])
    assert api.replies_to(in_other) == []
    assert api.sent_in(other) == [] and api.sent_in(joined) == []
    assert len(api.replies_to(in_group)) == 1
    assert len(api.replies_to(from_bob)) == 1
    assert api.replies_to(from_stranger) == []
    assert len(api.ok_calls("sendMessage")) == 2


async def test_without_an_allow_list_groups_are_not_left(
    api: FakeBotApi, bot: object, alice: JSON, group: JSON
) -> None:
    api.add_bot_to(group, alice)
    question = api.send_text(group, alice, f"/ask {TROOPS}")
    await api.wait_until(lambda: bool(api.replies_to(question)))
    assert api.left_chats == []
    assert api.ok_calls("leaveChat") == []


async def test_admin_commands_refuse_everyone_else(
    api: FakeBotApi, start_bot: StartBot, alice: JSON, bob: JSON
) -> None:
    bot = await start_bot(admin_ids=[alice["id"]])
    commands = [api.send_text(api.private_chat(bob), bob, text) for text in ("/stats", "/reload")]
    await bot.settle(api)
    assert [api.replies_to(command)[0]["text"] for command in commands] == [
        "Only the bot's admins can use /stats.",
        "Only the bot's admins can use /reload.",
    ]


def test_settings_never_show_the_database_password() -> None:
    settings = Settings(  # type: ignore[call-arg]  # pydantic-settings init arg
        _env_file=None,
        token=SecretStr("123:ABCDEF"),
        database_url=SecretStr("postgresql://bot:hunter2-very-secret@db/state"),
    )
    assert "hunter2" not in repr(settings)
    assert "hunter2" not in str(settings.model_dump())


@both_backends
async def test_no_log_line_or_message_ever_contains_a_secret(
    api: FakeBotApi, database_url: str, tmp_path: Path
) -> None:
    secrets = [api.token, api.token.split(":")[1]]
    password = urlsplit(database_url).password
    if password:
        secrets.append(password)
    bot = await BotProcess(
        tmp_path,
        BOT_TOKEN=api.token,
        BOT_API_URL=api.url,
        BOT_DATABASE_URL=database_url,
        BOT_CORPUS_DIR=str(CORPUS_DIR),
        BOT_LOG_LEVEL="DEBUG",
        BOT_LOG_JSON="true",
        BOT_HEALTH_PORT="0",
        BOT_FLOOD_MAX_RETRIES="1",
    ).start()
    try:
        alice = api.user("Alice")
        chat = api.private_chat(alice)
        api.fail("getUpdates", 500)
        api.fail("sendMessage", 400)  # the first answer fails: the error path, with traceback
        api.fail("sendChatAction", 502, times=3)
        questions = [api.send_text(chat, alice, TROOPS) for _ in range(3)]
        questions.append(api.send_text(chat, alice, "/source 99"))
        await api.wait_until(lambda: all(api.replies_to(q) for q in questions), timeout=60)
    finally:
        assert await bot.stop() == 0

    log = bot.log()
    lines = [json.loads(line) for line in log.splitlines()]  # every line is JSON
    assert len(lines) > 50
    failed = [line for line in lines if line["message"].startswith("Update ")]
    assert failed
    assert failed[0]["update_id"] == int(failed[0]["message"].split()[1])  # tagged
    assert "exception" in failed[0]
    assert any(
        "update_id" in line and line["logger"] == "bot.components.questions" for line in lines
    )
    sent = json.dumps([call.params for call in api.calls])
    for secret in secrets:
        assert secret not in log
        assert secret not in sent


def reset_database(database_url: str) -> None:
    """The state database as new: every table dropped (the next start recreates them)."""
    if database_url.startswith("sqlite"):
        path = Path(database_url.removeprefix("sqlite:///"))
        for leftover in (path, Path(f"{path}-wal"), Path(f"{path}-shm")):
            leftover.unlink(missing_ok=True)
        return
    with psycopg.connect(database_url, autocommit=True) as db:
        tables = db.execute(
            "SELECT tablename FROM pg_tables WHERE schemaname = current_schema()"
        ).fetchall()
        for (table,) in tables:
            db.execute(f'DROP TABLE IF EXISTS "{table}" CASCADE')


@both_backends
async def test_old_button_after_a_state_reset_is_out_of_date(
    api: FakeBotApi, start_bot: StartBot, database_url: str, alice: JSON, alice_chat: JSON
) -> None:
    old_answer = await answer_from_a_stopped_bot(api, start_bot, alice_chat, alice, TROOPS)
    reset_database(database_url)

    second = await start_bot()
    new_question = api.send_text(alice_chat, alice, "What did Putin and Kim sign?")
    await second.settle(api)
    [new_answer] = api.replies_to(new_question)
    old_buttons = buttons(old_answer)
    new_ids = {data.split(":")[1] for data in buttons(new_answer).values()}
    assert {data.split(":")[1] for data in old_buttons.values()} == new_ids  # ids reused
    for label in ("More quotes »", "Context 1", "👍"):
        api.press_button(alice, old_answer, old_buttons[label])
    await second.settle(api)

    notices = [call.params.get("text") for call in api.ok_calls("answerCallbackQuery")]
    print(f"\nold buttons after a reset (answer id {new_ids}): {notices}")
    assert notices == ["This answer is out of date. Please ask again."] * 3
    assert api.latest(old_answer)["text"] == old_answer["text"]  # not edited
    assert len(api.sent_in(alice_chat)) == 2  # no context message either
    stats = await second.application.bot_data["services"].state.stats()
    assert stats.thumbs_up == 0


@pytest.mark.parametrize("database_url", ["postgresql"], indirect=True)
@pytest.mark.parametrize("reachable", [True, False], ids=["reachable", "unreachable"])
@pytest.mark.parametrize("form", PASSWORD_FORMS)
async def test_the_database_password_is_hidden_in_every_form_in_logs_readyz_and_stats(
    api: FakeBotApi, database_url: str, form: str, reachable: bool, tmp_path: Path
) -> None:
    password = urlsplit(database_url).password
    assert password
    url = in_password_form(database_url if reachable else unreachable_twin(database_url), form)
    alice = api.user("Alice")
    port = free_port()
    bot = await BotProcess(
        tmp_path,
        BOT_TOKEN=api.token,
        BOT_API_URL=api.url,
        BOT_DATABASE_URL=url,
        BOT_DATABASE_TIMEOUT="1",
        BOT_CORPUS_DIR=str(CORPUS_DIR),
        BOT_ADMIN_IDS=f"[{alice['id']}]",
        BOT_HEALTH_PORT=str(port),
        BOT_LOG_LEVEL="DEBUG",
        BOT_SEMANTIC="false",
    ).start()
    try:
        chat = api.private_chat(alice)
        question = api.send_text(chat, alice, TROOPS)
        stats = api.send_text(chat, alice, "/stats")
        await api.wait_until(lambda: bool(api.replies_to(question) and api.replies_to(stats)))
        async with httpx.AsyncClient() as client:
            ready = (await client.get(f"http://127.0.0.1:{port}/readyz")).text
    finally:
        assert await bot.stop() == 0
    stats_reply = api.replies_to(stats)[0]["text"]
    log = bot.log()
    shown = {"log": log, "/readyz": ready, "/stats": stats_reply}
    print(
        f"password as {form}, database {'reachable' if reachable else 'unreachable'}: "
        f"{len(log.splitlines())} log lines, /readyz and /stats checked; password shown in "
        f"{[place for place, text in shown.items() if password in text]}"
    )
    assert "10,000" in api.replies_to(question)[0]["text"]
    for text in shown.values():
        assert password not in text
    assert "***" in log  # the database is named, its password hidden
    if not reachable:  # the problem is shown, the password hidden in it
        assert "***" in json.loads(ready)["state_problem"]
        assert "***" in stats_reply


async def test_lone_surrogates_get_a_polite_answer_never_sorry(
    api: FakeBotApi, bot: BotUnderTest, alice: JSON, alice_chat: JSON, group: JSON
) -> None:
    # As the Bot API's JSON can carry them: "\\ud800" decodes to half a UTF-16 pair.
    private = [
        api.send_text(alice_chat, alice, "How many troops \ud800 has North Korea sent?"),
        api.send_text(alice_chat, alice, "\udfff"),
        api.send_text(alice_chat, alice, "/ask troops \ud83d"),
    ]
    in_group = [
        api.send_text(group, alice, "/ask How many \udfff troops?"),
        api.send_text(group, alice, "@NewsQuoteBot how many \ud800 troops?"),
        api.send_text(group, alice, "just chatting \ud800"),  # not to the bot
    ]
    inline = api.inline_query(alice, "troops \ud800")
    after = api.send_text(alice_chat, alice, TROOPS)
    await bot.settle(api)

    replies = [[reply["text"] for reply in api.replies_to(message)] for message in private]
    print(f"lone surrogates: {len(private)} private questions, replies {replies}")
    assert replies == [[UNREADABLE]] * len(private)
    assert [api.replies_to(message) for message in in_group] == [[]] * len(in_group)
    [offer] = api.ok_calls("answerInlineQuery")
    assert offer.params["inline_query_id"] == inline
    assert offer.params["button"]["text"] == "I can only read text"
    assert "10,000" in api.replies_to(after)[0]["text"]
    assert SORRY not in json.dumps([call.params for call in api.calls])
