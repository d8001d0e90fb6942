"""Private chat: any text is a question; everything else gets a short, clear reply."""

from __future__ import annotations

from bot.components import render
from bot.engine import Engine
from tests.telegram.conftest import StartBot
from tests.telegram.fake_bot_api import JSON, FakeBotApi
from tests.telegram.harness import BotUnderTest

TROOPS = "How many troops has North Korea sent to Russia?"


async def test_question_is_answered_with_quotes_and_citations(
    api: FakeBotApi, bot: BotUnderTest, engine: Engine, alice: JSON, alice_chat: JSON
) -> None:
    question = api.send_text(alice_chat, alice, TROOPS)
    await bot.settle(api)

    [reply] = api.replies_to(question)
    answer = engine.ask(TROOPS, max_quotes=bot.settings.max_quotes_total)
    shown = answer.quotes[: bot.settings.max_quotes]
    assert api.html_of(reply) == render.answer_page(answer, 0, bot.settings.max_quotes).text
    # What a reader sees: the figure in bold inside a block quote, and every citation.
    assert "10,000" in reply["text"]
    assert "blockquote" in {entity["type"] for entity in reply["entities"]}
    bold = [reply["text"][e["offset"] : e["offset"] + e["length"]] for e in reply["entities"]]
    assert any("10,000" in piece for piece in bold)
    for quote in shown:
        assert quote.text in reply["text"]
        assert quote.article.title in reply["text"]
        assert quote.article.outlet_label in reply["text"]


async def test_answer_has_typing_action_first_and_no_link_preview(
    api: FakeBotApi, bot: BotUnderTest, alice: JSON, alice_chat: JSON
) -> None:
    api.send_text(alice_chat, alice, TROOPS)
    await bot.settle(api)

    methods = [
        call.method for call in api.ok_calls() if call.method in {"sendChatAction", "sendMessage"}
    ]
    assert methods == ["sendChatAction", "sendMessage"]
    [action] = api.ok_calls("sendChatAction")
    assert action.params == {"chat_id": alice_chat["id"], "action": "typing"}
    [sent] = api.ok_calls("sendMessage")
    assert sent.params["link_preview_options"] == {"is_disabled": True}
    assert sent.params["parse_mode"] == "HTML"


async def test_differing_figures_are_shown_side_by_side(
    api: FakeBotApi, bot: BotUnderTest, alice: JSON, alice_chat: JSON
) -> None:
    question = api.send_text(alice_chat, alice, TROOPS)
    await bot.settle(api)

    [reply] = api.replies_to(question)
    header = reply["text"].split("\n\n")[1]
    assert header.startswith("The sources give different figures:")
    assert "over 10,000 troops: Newslooks, 2024-11-30" in header
    assert "between 10,000 to 12,000 troops" in header


async def test_unanswerable_question_is_declined_with_a_hint(
    api: FakeBotApi, bot: BotUnderTest, alice: JSON, alice_chat: JSON
) -> None:
    question = api.send_text(alice_chat, alice, "What is the recipe for apple pie?")
    await bot.settle(api)

    [reply] = api.replies_to(question)
    assert "/sources" in reply["text"]
    # The hint is made from the corpus itself: what its newest articles name most.
    assert bot.engine.example_questions()[0] == "What about North Korea?"
    assert "For example: What about North Korea?" in reply["text"]
    assert "reply_markup" not in reply


async def test_over_long_question_gets_a_clear_reply(
    api: FakeBotApi, bot: BotUnderTest, alice: JSON, alice_chat: JSON
) -> None:
    question = api.send_text(alice_chat, alice, "troops " * 100)
    await bot.settle(api)

    [reply] = api.replies_to(question)
    assert reply["text"] == (
        "That question is 699 characters long; I can take up to 500. Please ask it more briefly."
    )
    assert api.ok_calls("sendChatAction") == []


async def test_question_that_only_mentions_the_bot_asks_for_a_question(
    api: FakeBotApi, bot: BotUnderTest, alice: JSON, alice_chat: JSON
) -> None:
    question = api.send_text(alice_chat, alice, "@NewsQuoteBot")
    await bot.settle(api)

    [reply] = api.replies_to(question)
    assert reply["text"] == "Please ask a question, for example: What about North Korea?"


async def test_a_quote_shared_through_inline_mode_is_not_a_question(
    api: FakeBotApi, bot: BotUnderTest, alice: JSON, alice_chat: JSON
) -> None:
    shared = api.send_text(alice_chat, alice, "North Korea has sent troops.", via_bot=True)
    await bot.settle(api)

    assert api.replies_to(shared) == []


async def test_sticker_and_photo_get_a_short_reply(
    api: FakeBotApi, bot: BotUnderTest, alice: JSON, alice_chat: JSON
) -> None:
    sticker = api.send_sticker(alice_chat, alice)
    photo = api.send_photo(alice_chat, alice, caption="how many troops?")
    await bot.settle(api)

    expected = "I can only read text. Please type your question as a message."
    assert [reply["text"] for reply in api.replies_to(sticker)] == [expected]
    assert [reply["text"] for reply in api.replies_to(photo)] == [expected]


async def test_unknown_command_points_to_help(
    api: FakeBotApi, bot: BotUnderTest, alice: JSON, alice_chat: JSON
) -> None:
    command = api.send_text(alice_chat, alice, "/weather")
    await bot.settle(api)

    [reply] = api.replies_to(command)
    assert reply["text"].startswith("I don't know that command. Send /help")


async def test_start_and_help_explain_the_bot(
    api: FakeBotApi, bot: BotUnderTest, alice: JSON, alice_chat: JSON
) -> None:
    start = api.send_text(alice_chat, alice, "/start")
    help_ = api.send_text(alice_chat, alice, "/help")
    await bot.settle(api)

    [start_reply] = api.replies_to(start)
    [help_reply] = api.replies_to(help_)
    assert start_reply["text"] == help_reply["text"]
    text = help_reply["text"]
    assert text.startswith("I answer questions about 5 news articles from ")
    assert "published 2024-06-19 to 2025-06-05" in text
    assert "/ask your question" in text
    assert "@NewsQuoteBot your question" in text
    assert "• What about North Korea?" in text


async def test_too_many_questions_a_minute_get_a_friendly_message(
    api: FakeBotApi, start_bot: StartBot, alice: JSON, alice_chat: JSON
) -> None:
    bot = await start_bot(questions_per_minute=2)
    questions = [api.send_text(alice_chat, alice, TROOPS) for _ in range(3)]
    await bot.settle(api)

    replies = [api.replies_to(question) for question in questions]
    assert all(len(replied) == 1 for replied in replies)
    refused = [r[0]["text"] for r in replies if r[0]["text"].startswith("You're asking faster")]
    assert len(refused) == 1
    assert "up to 2 questions a minute" in refused[0]


async def test_command_menus_are_registered_per_scope(api: FakeBotApi, bot: BotUnderTest) -> None:
    private = [command["command"] for command in api.commands["all_private_chats"]]
    groups = [command["command"] for command in api.commands["all_group_chats"]]
    mine = ["timeline", "watch", "watches", "unwatch"]
    assert private == ["help", "sources", "source", *mine]
    assert groups == ["ask", "help", "sources", "source", *mine]


async def test_only_allowed_chats_and_admins_are_served(
    api: FakeBotApi, start_bot: StartBot, alice: JSON, alice_chat: JSON, bob: JSON, group: JSON
) -> None:
    bot = await start_bot(allowed_chats=[group["id"]], admin_ids=[bob["id"]])
    from_outsider = api.send_text(alice_chat, alice, TROOPS)
    from_admin = api.send_text(api.private_chat(bob), bob, TROOPS)
    in_allowed_group = api.send_text(group, alice, f"/ask {TROOPS}")
    api.inline_query(alice, TROOPS)
    await bot.settle(api)

    assert api.replies_to(from_outsider) == []
    assert len(api.replies_to(from_admin)) == 1
    assert len(api.replies_to(in_allowed_group)) == 1
    assert api.ok_calls("answerInlineQuery") == []


async def test_typing_is_skipped_once_new_questions_are_known_to_be_quick(
    api: FakeBotApi, start_bot: StartBot, alice: JSON, alice_chat: JSON
) -> None:
    bot = await start_bot(typing_after_seconds=0.1)
    for question in (TROOPS, "Who is North Korea's defence minister?", TROOPS):
        api.send_text(alice_chat, alice, question)
        await bot.settle(api)
    methods = [
        call.method for call in api.ok_calls() if call.method in {"sendChatAction", "sendMessage"}
    ]
    # The first new question shows "typing…"; it took milliseconds, so the second new
    # one does not; the repeated one is remembered and goes out at once.
    assert methods == ["sendChatAction", "sendMessage", "sendMessage", "sendMessage"]


async def test_a_mended_word_is_said_above_the_answer(
    api: FakeBotApi, bot: BotUnderTest, alice: JSON, alice_chat: JSON
) -> None:
    """The console says "“Nroth” read as “North”"; a chat shows it too."""
    question = api.send_text(alice_chat, alice, "How many troops has Nroth Korea sent to Rusia?")
    await bot.settle(api)

    [reply] = api.replies_to(question)
    lines = reply["text"].split("\n")
    assert "✏️ “Nroth” read as “North”" in lines
    assert "✏️ “Rusia” read as “Russia”" in lines
    assert "10,000" in reply["text"]
