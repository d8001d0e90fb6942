"""Abuse: the allow-list (the bot leaves other groups), admin commands for admins only,
and no secret (token, webhook secret, database password) in any log line or message.

Webhook requests without the right secret are refused in `test_webhook.py`."""

from __future__ import annotations

import json
from pathlib import Path
from urllib.parse import urlsplit

import psycopg
from pydantic import SecretStr

from bot.settings import Settings
from tests.conftest import CORPUS_DIR
from tests.telegram.conftest import StartBot, both_backends
from tests.telegram.fake_bot_api import JSON, FakeBotApi
from tests.telegram.harness import BotProcess
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
        db.execute(
            "DROP TABLE feedback, answer_messages, answers, questions, question_times,"
            " schema_version CASCADE"
        )


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
