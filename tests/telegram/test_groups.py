"""Groups: /ask, a mention or a reply to the bot is a question; other chatter is ignored."""

from __future__ import annotations

import pytest

from tests.telegram.fake_bot_api import JSON, FakeBotApi
from tests.telegram.harness import BotUnderTest

TROOPS = "How many troops has North Korea sent to Russia?"


@pytest.mark.parametrize(
    "text",
    [
        f"/ask {TROOPS}",
        f"/ask@NewsQuoteBot {TROOPS}",
        f"/ask@newsquotebot {TROOPS}",
        f"@NewsQuoteBot {TROOPS}",
        f"{TROOPS} @NewsQuoteBot",
    ],
)
async def test_question_addressed_to_the_bot_is_answered(
    api: FakeBotApi, bot: BotUnderTest, alice: JSON, group: JSON, text: str
) -> None:
    question = api.send_text(group, alice, text)
    await bot.settle(api)

    [reply] = api.replies_to(question)
    # The question is shown without the command or the mention.
    assert reply["text"].startswith(f"🔎 {TROOPS}\n")
    assert "10,000" in reply["text"]
    assert len(api.sent_in(group)) == 1


@pytest.mark.parametrize(
    "text",
    [
        f"/ask@OtherBot {TROOPS}",
        TROOPS,
        "lol, did anyone see the match yesterday?",
        f"@OtherBot {TROOPS}",
        "/ask",
        "/ask@NewsQuoteBot",
        "/ask " + "troops " * 100,
        "/help@OtherBot",
        "/weather",
    ],
)
async def test_chatter_and_messages_for_others_are_ignored(
    api: FakeBotApi, bot: BotUnderTest, alice: JSON, group: JSON, text: str
) -> None:
    api.send_text(group, alice, text)
    await bot.settle(api)

    assert api.sent_in(group) == []
    assert api.ok_calls("sendChatAction") == []


async def test_stickers_and_photos_are_ignored_in_groups(
    api: FakeBotApi, bot: BotUnderTest, alice: JSON, group: JSON
) -> None:
    api.send_sticker(group, alice)
    api.send_photo(group, alice, caption="@NewsQuoteBot how many troops?")
    await bot.settle(api)

    assert api.sent_in(group) == []


async def test_reply_to_the_bot_is_a_question(
    api: FakeBotApi, bot: BotUnderTest, alice: JSON, bob: JSON, group: JSON
) -> None:
    first = api.send_text(group, alice, f"/ask {TROOPS}")
    await bot.settle(api)
    [answer] = api.replies_to(first)

    follow_up = api.send_text(group, bob, "What did Putin and Kim sign?", reply_to=answer)
    reply_to_alice = api.send_text(group, bob, "I agree with you", reply_to=first)
    await bot.settle(api)

    [reply] = api.replies_to(follow_up)
    assert reply["text"].startswith("🔎 What did Putin and Kim sign?\n")
    assert "agreement" in reply["text"] or "treaty" in reply["text"]
    assert api.replies_to(reply_to_alice) == []


async def test_help_in_a_group(
    api: FakeBotApi, bot: BotUnderTest, alice: JSON, group: JSON
) -> None:
    command = api.send_text(group, alice, "/help@NewsQuoteBot")
    await bot.settle(api)

    [reply] = api.replies_to(command)
    assert "How to ask" in reply["text"]
