"""Inline mode, and the buttons under an answer: more quotes, context, forged and stale data."""

from __future__ import annotations

import pytest

from bot.components import render
from bot.engine import Engine
from tests.telegram.conftest import StartBot, both_backends
from tests.telegram.fake_bot_api import JSON, FakeBotApi, parse_html
from tests.telegram.harness import BotUnderTest

pytestmark = both_backends  # answers behind buttons and replies live in the database

TROOPS = "How many troops has North Korea sent to Russia?"


def buttons(message: JSON) -> dict[str, str]:
    """Button text → callback data, for every button under `message`."""
    return {
        button["text"]: button["callback_data"]
        for row in message["reply_markup"]["inline_keyboard"]
        for button in row
    }


async def test_inline_query_offers_quotes_with_citations(
    api: FakeBotApi, bot: BotUnderTest, engine: Engine, alice: JSON
) -> None:
    query_id = api.inline_query(alice, TROOPS)
    await bot.settle(api)

    [call] = api.ok_calls("answerInlineQuery")
    assert call.params["inline_query_id"] == query_id
    results = call.params["results"]
    answer = engine.ask(TROOPS, max_quotes=bot.settings.max_quotes)
    assert [result["id"] for result in results] == [
        str(quote.passage.passage_id) for quote in answer.quotes
    ]
    first = results[0]
    assert first["type"] == "article"
    assert first["title"] == "over 10,000 troops (Newslooks)"
    sent_text, _ = parse_html(first["input_message_content"]["message_text"])
    assert sent_text == (
        "Newslooks, 2024-11-30: North Korea’s Kim Pledges Support for Russia’s Ukraine War\n"
        f"{answer.quotes[0].text}"
    )
    assert first["input_message_content"]["parse_mode"] == "HTML"


@pytest.mark.parametrize(
    ("query", "button_text"),
    [
        ("", "Type a question about the news…"),
        ("What is the recipe for apple pie?", "No quotes found. How to ask?"),
    ],
)
async def test_inline_query_without_quotes_offers_help(
    api: FakeBotApi, bot: BotUnderTest, alice: JSON, query: str, button_text: str
) -> None:
    api.inline_query(alice, query)
    await bot.settle(api)

    [call] = api.ok_calls("answerInlineQuery")
    assert call.params["results"] == []
    assert call.params["button"] == {"text": button_text, "start_parameter": "help"}


async def test_more_quotes_edits_the_answer_in_place(
    api: FakeBotApi, bot: BotUnderTest, engine: Engine, alice: JSON, alice_chat: JSON
) -> None:
    answer = engine.ask(TROOPS, max_quotes=bot.settings.max_quotes_total)
    total = len(answer.quotes)
    assert total > 5
    question = api.send_text(alice_chat, alice, TROOPS)
    await bot.settle(api)
    [answer_message] = api.replies_to(question)
    assert answer_message["text"].endswith(f"Quotes 1–5 of {total}")

    api.press_button(alice, answer_message, buttons(answer_message)["More quotes »"])
    await bot.settle(api)

    [edited] = api.sent_in(alice_chat)  # still one message: edited, not a new one
    assert api.html_of(edited) == render.answer_page(answer, 5, bot.settings.max_quotes).text
    last = min(total, 10)  # pages of five
    assert edited["text"].endswith(f"Quotes 6–{last} of {total}")
    assert answer.quotes[5].text in edited["text"]
    context_buttons = {f"Context {number}" for number in range(6, last + 1)}
    further = {"More quotes »"} if total > last else set()
    assert set(buttons(edited)) == {*context_buttons, *further, "« First quotes", "👍", "👎"}
    [answered] = api.ok_calls("answerCallbackQuery")
    assert "text" not in answered.params


async def test_context_button_shows_the_sentences_around_a_quote(
    api: FakeBotApi, bot: BotUnderTest, engine: Engine, alice: JSON, alice_chat: JSON
) -> None:
    question = api.send_text(alice_chat, alice, TROOPS)
    await bot.settle(api)
    [answer_message] = api.replies_to(question)

    api.press_button(alice, answer_message, buttons(answer_message)["Context 2"])
    await bot.settle(api)

    [context_message] = api.replies_to(answer_message)
    quote = engine.ask(TROOPS, max_quotes=bot.settings.max_quotes_total).quotes[1]
    around = engine.context(quote.passage.passage_id, window=2)
    assert len(around) > 1
    text = context_message["text"]
    assert text.startswith(f"Context from {quote.article.outlet_label}, 2024-11-30: ")
    for passage in around:
        assert passage.text in text
    focus = [
        text[e["offset"] : e["offset"] + e["length"]]
        for e in context_message["entities"]
        if e["type"] == "bold"
    ]
    assert quote.text in focus


async def test_a_byline_answer_is_shown_inline_and_its_context_is_its_article_s(
    api: FakeBotApi, bot: BotUnderTest, engine: Engine, alice: JSON, alice_chat: JSON
) -> None:
    """ "Who wrote …?" is answered by the article's byline, said to be one; inline, the
    byline and the sentence it comes with are two results; its context is the
    sentences around the article's best match."""
    asked = "Who is the author of the Associated Press article?"
    question = api.send_text(alice_chat, alice, asked)
    await bot.settle(api)
    [answer_message] = api.replies_to(question)
    assert "1. Byline of BreakingNews.ie, 2024-11-30:" in answer_message["text"]
    assert "Hyung-Jin Kim, Associated Press" in answer_message["text"]

    api.press_button(alice, answer_message, buttons(answer_message)["Context 1"])
    api.inline_query(alice, asked)
    await bot.settle(api)
    [context_message] = api.replies_to(answer_message)
    quote = engine.ask(asked, max_quotes=bot.settings.max_quotes_total).quotes[0]
    assert quote.credit == "byline" and quote.passage.text in context_message["text"]
    [call] = api.ok_calls("answerInlineQuery")
    ids = [result["id"] for result in call.params["results"]]
    assert ids[0] == f"c{quote.passage.passage_id}" and len(set(ids)) == len(ids)


@pytest.mark.parametrize(
    "data",
    ["more:abc:5", "ctx:1:99", "delete:1:0", "more:1:5:extra", "ctx:-1:0", "x" * 64],
)
async def test_forged_button_gets_a_short_notice(
    api: FakeBotApi, bot: BotUnderTest, alice: JSON, alice_chat: JSON, data: str
) -> None:
    question = api.send_text(alice_chat, alice, TROOPS)
    await bot.settle(api)
    [answer_message] = api.replies_to(question)

    query_id = api.press_button(alice, answer_message, data)
    await bot.settle(api)

    [notice] = api.ok_calls("answerCallbackQuery")
    assert notice.params == {"callback_query_id": query_id, "text": "This button is not valid."}
    assert len(api.sent_in(alice_chat)) == 1


async def test_button_from_another_chat_is_refused(
    api: FakeBotApi, bot: BotUnderTest, alice: JSON, alice_chat: JSON, bob: JSON
) -> None:
    question = api.send_text(alice_chat, alice, TROOPS)
    bob_chat = api.private_chat(bob)
    bobs_question = api.send_text(bob_chat, bob, "What did Putin and Kim sign?")
    await bot.settle(api)
    [alices_answer] = api.replies_to(question)
    [bobs_answer] = api.replies_to(bobs_question)

    # Bob's client replays the data of Alice's button under his own answer.
    api.press_button(bob, bobs_answer, buttons(alices_answer)["More quotes »"])
    await bot.settle(api)

    [notice] = api.ok_calls("answerCallbackQuery")
    assert notice.params["text"] == "This button is not valid."


async def answer_from_a_stopped_bot(
    api: FakeBotApi, start_bot: StartBot, chat: JSON, user: JSON, question: str
) -> JSON:
    """The answer to `question` from a bot started for it, and stopped since."""
    first = await start_bot()
    asked = api.send_text(chat, user, question)
    await first.settle(api)
    await first.stop()
    [answer_message] = api.replies_to(asked)
    return answer_message


async def test_buttons_keep_working_after_a_restart(
    api: FakeBotApi, start_bot: StartBot, engine: Engine, alice: JSON, alice_chat: JSON
) -> None:
    answer_message = await answer_from_a_stopped_bot(api, start_bot, alice_chat, alice, TROOPS)

    second = await start_bot()
    api.press_button(alice, answer_message, buttons(answer_message)["More quotes »"])
    await second.settle(api)

    [edited] = api.sent_in(alice_chat)
    total = len(engine.ask(TROOPS, max_quotes=second.settings.max_quotes_total).quotes)
    assert edited["text"].endswith(f"Quotes 6–{total} of {total}")


async def test_button_of_an_unknown_answer_is_stale(
    api: FakeBotApi, bot: BotUnderTest, alice: JSON, alice_chat: JSON
) -> None:
    question = api.send_text(alice_chat, alice, TROOPS)
    await bot.settle(api)
    [answer_message] = api.replies_to(question)

    api.press_button(alice, answer_message, "more:999:5")
    await bot.settle(api)

    [notice] = api.ok_calls("answerCallbackQuery")
    assert notice.params["text"] == "This answer is out of date. Please ask again."
