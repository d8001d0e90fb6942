"""👍/👎 under answers, the admins' `/stats`, and the health and metrics endpoint."""

from __future__ import annotations

import httpx

from bot.state import open_state
from tests.telegram.conftest import StartBot, both_backends
from tests.telegram.fake_bot_api import JSON, FakeBotApi
from tests.telegram.harness import BotUnderTest, free_port

TROOPS = "How many troops has North Korea sent to Russia?"
MISSING = "Who won the football match yesterday?"

pytestmark = both_backends


def feedback_buttons(message: JSON) -> dict[str, str]:
    return {
        button["text"]: button["callback_data"]
        for button in message["reply_markup"]["inline_keyboard"][-1]
    }


async def ask(api: FakeBotApi, bot: BotUnderTest, chat: JSON, user: JSON, text: str) -> JSON:
    question = api.send_text(chat, user, text)
    await bot.settle(api)
    [reply] = api.replies_to(question)
    return reply


async def test_votes_are_stored_with_the_question_and_the_quotes_shown(
    api: FakeBotApi, start_bot: StartBot, database_url: str, alice: JSON, bob: JSON, group: JSON
) -> None:
    bot = await start_bot()
    answer = await ask(api, bot, group, alice, f"/ask {TROOPS}")
    assert list(feedback_buttons(answer)) == ["👍", "👎"]

    api.press_button(alice, answer, feedback_buttons(answer)["👎"])
    api.press_button(bob, answer, feedback_buttons(answer)["👍"])
    await bot.settle(api)
    api.press_button(alice, answer, feedback_buttons(answer)["👍"])  # changes her mind
    api.press_button(bob, answer, "fb:999999:up")  # an answer that does not exist
    await bot.settle(api)

    notices = sorted(str(call.params.get("text")) for call in api.ok_calls("answerCallbackQuery"))
    assert notices == [
        "Thanks for the feedback!",
        "Thanks for the feedback!",
        "Thanks for the feedback!",
        "This answer is out of date. Please ask again.",
    ]
    store = open_state(database_url)
    stats = await store.stats()
    assert (stats.thumbs_up, stats.thumbs_down) == (2, 0)
    stored = await store.answer_shown_in(group["id"], answer["message_id"])
    assert stored is not None
    assert stored.question == TROOPS
    store.close()


async def test_stats_are_for_admins_and_show_what_the_corpus_lacks(
    api: FakeBotApi, start_bot: StartBot, alice: JSON, bob: JSON
) -> None:
    bot = await start_bot(admin_ids=[alice["id"]])
    alice_chat, bob_chat = api.private_chat(alice), api.private_chat(bob)
    answer = await ask(api, bot, bob_chat, bob, TROOPS)
    for text in [MISSING, MISSING.upper(), "<b>Who</b> won & lost?"]:
        await ask(api, bot, bob_chat, bob, text)
    api.press_button(bob, answer, feedback_buttons(answer)["👎"])
    await bot.settle(api)

    assert (await ask(api, bot, bob_chat, bob, "/stats"))["text"] == (
        "Only the bot's admins can use /stats."
    )
    reply = await ask(api, bot, alice_chat, alice, "/stats")
    assert reply["text"] == (
        "Questions: 4 (1 answered, 3 declined, 75%)\n"
        "Feedback: 👍 0 · 👎 1\n"
        "Articles added today: 0 (by link or feed)\n"
        "Semantic stage: 100% of sentences embedded\n"
        "Why declined: nothing_relevant ×2, name_absent ×1\n\n"
        "Most often declined (what the corpus is missing):\n"
        f"1. {MISSING} ×2\n"
        "2. <b>Who</b> won & lost? ×1"
    )


async def test_health_readiness_and_metrics(
    api: FakeBotApi, start_bot: StartBot, alice: JSON, alice_chat: JSON
) -> None:
    bot = await start_bot(health_port=free_port(), questions_per_minute=2)
    for text in [TROOPS, MISSING, TROOPS]:  # the third is over the limit
        api.send_text(alice_chat, alice, text)
    await bot.settle(api)

    async with httpx.AsyncClient(base_url=bot.health_url) as client:
        live = await client.get("/healthz")
        ready = await client.get("/readyz")
        metrics = (await client.get("/metrics")).text
        missing = await client.get("/nothing")
    assert (live.status_code, live.json()) == (200, {"live": True})
    assert ready.status_code == 200
    assert ready.json() == {
        "ready": True,
        "index_loaded": True,
        "articles": 5,
        "telegram_reachable": True,
    }
    assert missing.status_code == 404
    samples = dict(
        line.rsplit(" ", 1) for line in metrics.splitlines() if line and not line.startswith("#")
    )
    assert samples['newsbot_questions_total{outcome="answered"}'] == "1.0"
    assert samples['newsbot_questions_total{outcome="declined"}'] == "1.0"
    declines = {k: v for k, v in samples.items() if k.startswith("newsbot_declines_total")}
    assert sum(float(v) for v in declines.values()) == 1.0  # each reason is a label
    assert 'newsbot_declines_total{reason="nothing_relevant"}' in declines
    assert samples["newsbot_answer_seconds_count"] == "2.0"
    assert samples['newsbot_rate_limited_total{by="user_limit"}'] == "1.0"
    assert samples["newsbot_corpus_articles"] == "5.0"
    assert 0 <= float(samples["newsbot_index_age_seconds"]) < 3600
    assert api.token not in metrics
