"""Follow-ups in a chat: "Who did he meet?" after "Who is Andrei Belousov?"."""

from __future__ import annotations

from bot.components import render
from bot.engine import Engine
from tests.telegram.conftest import StartBot, both_backends
from tests.telegram.fake_bot_api import JSON, FakeBotApi
from tests.telegram.harness import BotUnderTest

WHO = "Who is Andrei Belousov?"
FOLLOW_UP = "Who did he meet in Pyongyang?"
READ_AS = "Who did Andrei Belousov meet in Pyongyang?"
UNCLEAR = "I can't tell who “he” is here. Please ask again with the name."


def expected_page(bot: BotUnderTest, engine: Engine, question: str, previous: str) -> str:
    answer = engine.ask(question, max_quotes=bot.settings.max_quotes_total, previous=previous)
    return render.answer_page(answer, 0, bot.settings.max_quotes).text


@both_backends
async def test_a_follow_up_leans_on_the_askers_last_question(
    api: FakeBotApi, bot: BotUnderTest, engine: Engine, alice: JSON, alice_chat: JSON
) -> None:
    api.send_text(alice_chat, alice, WHO)
    await bot.settle(api)
    follow_up = api.send_text(alice_chat, alice, FOLLOW_UP)
    await bot.settle(api)

    [reply] = api.replies_to(follow_up)
    html = api.html_of(reply)
    assert html == expected_page(bot, engine, FOLLOW_UP, WHO)
    assert html.startswith(f"🔎 <i>{READ_AS}</i>\n↪️ <i>read with your last question</i>\n")
    assert "Belousov" in html.split("\n\n")[1]  # the first quote is about him

    # The next follow-up leans on the whole question the last one was read as.
    when = api.send_text(alice_chat, alice, "and when?")
    await bot.settle(api)
    [reply] = api.replies_to(when)
    assert api.html_of(reply).startswith("🔎 <i>When did Andrei Belousov meet in Pyongyang?</i>\n↪️")


async def test_a_pronoun_with_no_one_before_it_is_asked_about(
    api: FakeBotApi, bot: BotUnderTest, alice: JSON, alice_chat: JSON
) -> None:
    question = api.send_text(alice_chat, alice, FOLLOW_UP)
    await bot.settle(api)

    [reply] = api.replies_to(question)
    assert reply["text"] == UNCLEAR
    assert "reply_markup" not in reply


async def test_a_bare_question_word_with_nothing_before_it_is_asked_about(
    api: FakeBotApi, bot: BotUnderTest, alice: JSON, alice_chat: JSON
) -> None:
    question = api.send_text(alice_chat, alice, "and when?")
    await bot.settle(api)

    [reply] = api.replies_to(question)
    assert reply["text"] == (
        "I can't tell what “when” asks about here. Please ask the whole question."
    )


async def test_in_a_group_each_person_follows_on_from_their_own_question(
    api: FakeBotApi, bot: BotUnderTest, alice: JSON, bob: JSON, group: JSON
) -> None:
    api.send_text(group, alice, f"/ask {WHO}")
    await bot.settle(api)
    bobs = api.send_text(group, bob, f"/ask {FOLLOW_UP}")
    alices = api.send_text(group, alice, f"/ask {FOLLOW_UP}")
    await bot.settle(api)

    [to_bob] = api.replies_to(bobs)
    assert to_bob["text"] == UNCLEAR
    [to_alice] = api.replies_to(alices)
    assert to_alice["text"].startswith(f"🔎 {READ_AS}\n")


async def test_a_reply_to_an_answer_follows_on_from_that_answer(
    api: FakeBotApi, bot: BotUnderTest, engine: Engine, alice: JSON, bob: JSON, group: JSON
) -> None:
    asked = api.send_text(group, alice, f"/ask {WHO}")
    await bot.settle(api)
    api.send_text(group, alice, "/ask How many troops has North Korea sent to Russia?")
    await bot.settle(api)
    [answer] = api.replies_to(asked)
    # Bob never asked, and Alice asked about troops since: the answer replied to counts.
    follow_up = api.send_text(group, bob, FOLLOW_UP, reply_to=answer)
    await bot.settle(api)

    [reply] = api.replies_to(follow_up)
    assert api.html_of(reply) == expected_page(bot, engine, FOLLOW_UP, WHO)


async def test_more_quotes_of_a_follow_up_ask_its_whole_question_again(
    api: FakeBotApi, bot: BotUnderTest, engine: Engine, alice: JSON, alice_chat: JSON
) -> None:
    """The answer is kept as the whole question, its period in it: the next page is
    the same answer's, not a stale notice nor another answer's."""
    api.send_text(alice_chat, alice, "Who is Kim Jong Un?")
    await bot.settle(api)
    follow_up = api.send_text(alice_chat, alice, "How many troops did he send in 2024?")
    await bot.settle(api)
    [answer_message] = api.replies_to(follow_up)
    whole = engine.ask(
        "How many troops did Kim Jong Un send in 2024?",
        max_quotes=bot.settings.max_quotes_total,
    )
    assert len(whole.quotes) > bot.settings.max_quotes
    more = {
        button["text"]: button["callback_data"]
        for row in answer_message["reply_markup"]["inline_keyboard"]
        for button in row
    }["More quotes »"]

    api.press_button(alice, answer_message, more)
    await bot.settle(api)

    edited = api.latest(answer_message)
    assert api.html_of(edited) == render.answer_page(whole, 5, bot.settings.max_quotes).text
    assert "Only articles published from 2024-01-01 to 2024-12-31." in edited["text"]
    [answered] = api.ok_calls("answerCallbackQuery")
    assert "text" not in answered.params  # no stale notice


async def test_follow_ups_can_be_turned_off(
    api: FakeBotApi, start_bot: StartBot, alice: JSON, alice_chat: JSON
) -> None:
    bot = await start_bot(follow_up_minutes=0)
    api.send_text(alice_chat, alice, WHO)
    await bot.settle(api)
    follow_up = api.send_text(alice_chat, alice, FOLLOW_UP)
    await bot.settle(api)

    [reply] = api.replies_to(follow_up)
    assert reply["text"] == UNCLEAR
