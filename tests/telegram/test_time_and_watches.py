"""Time in Telegram: dated quotes, 'latest', filters, /timeline, the age of sources, and
/watch alerts when a new article gives a new figure (SQLite and PostgreSQL)."""

from __future__ import annotations

import asyncio
import shutil
from pathlib import Path

from bot.app import ALERTS_KEY
from bot.components.watches import Alerts
from bot.engine import Engine
from tests.conftest import CORPUS_DIR
from tests.telegram.conftest import StartBot, both_backends
from tests.telegram.fake_bot_api import JSON, FakeBotApi, parse_html
from tests.telegram.harness import BotUnderTest, settings_for

NEW_FIGURE = (
    "---\ntitle: More troops arrive\noutlet: Example Times\npublished: {published}\n---\n\n{body}\n"
)


def copy_corpus(tmp_path: Path) -> Path:
    corpus = tmp_path / "corpus"
    shutil.copytree(CORPUS_DIR, corpus)
    return corpus


def add_article(corpus: Path, name: str, body: str, published: str = "2025-08-01") -> None:
    (corpus / name).write_text(NEW_FIGURE.format(published=published, body=body), "utf-8")


async def say(api: FakeBotApi, bot: BotUnderTest, chat: JSON, user: JSON, text: str) -> str:
    message = api.send_text(chat, user, text)
    await bot.settle(api)
    [reply] = api.replies_to(message)
    return str(reply["text"])


async def reload_and_alert(bot: BotUnderTest) -> int:
    """Reload the corpus folder and look for new figures, as the watcher would."""
    await bot.library.reload_async()
    alerts = bot.application.bot_data[ALERTS_KEY]
    assert isinstance(alerts, Alerts)
    return await alerts.check(bot.application.bot)


async def test_latest_filters_and_dated_quotes(
    api: FakeBotApi, bot: BotUnderTest, alice: JSON, alice_chat: JSON
) -> None:
    latest = await say(
        api, bot, alice_chat, alice, "What is the latest figure for North Korean troops in Russia?"
    )
    assert "Newest:" in latest and "2025-06-05" in latest.split("\n\n")[1]
    outlet = await say(
        api, bot, alice_chat, alice, "/ask from:2024-11 to:2025-01 outlet:newslooks how many troops"
    )
    assert "Only articles from Newslooks published from 2024-11-01 to 2025-01-31." in outlet
    assert "BreakingNews" not in outlet and "Newslooks, 2024-11-30" in outlet
    # The reply says how old its newest source is when asked about now.
    now = await say(api, bot, alice_chat, alice, "How many troops are in Russia now?")
    assert "My newest source here is" in now and "2025-06-05" in now
    empty = await say(api, bot, alice_chat, alice, "How many troops were sent in March 2023?")
    assert "I have no articles published from 2023-03-01 to 2023-03-31" in empty
    nowhere = await say(
        api, bot, alice_chat, alice, "according to the Daily Planet, how many troops?"
    )
    assert "None of my articles is from “Daily Planet”" in nowhere


async def test_timeline_command_and_question(
    api: FakeBotApi, bot: BotUnderTest, alice: JSON, alice_chat: JSON, group: JSON
) -> None:
    text = await say(api, bot, group, alice, "/timeline@NewsQuoteBot troops")
    assert text.startswith("📈")
    first, later = text.index("2024-11-30"), text.index("2025-06-05")
    assert first < later
    assert "thousands of troops" in text and "10,000 to 12,000" in text
    assert "sources differ on this date" in text and "revises" in text
    asked = await say(api, bot, alice_chat, alice, "How has the number of troops changed?")
    assert asked.startswith("📈") and "3,000 additional" in asked
    assert "Tell me what" in await say(api, bot, alice_chat, alice, "/timeline")
    help_text = await say(api, bot, alice_chat, alice, "/help")
    assert "/timeline THING" in help_text and "/watch THING" in help_text


@both_backends
async def test_watch_alerts_once_for_a_new_figure_and_survives_a_restart(
    api: FakeBotApi, start_bot: StartBot, tmp_path: Path, alice: JSON, group: JSON
) -> None:
    corpus = copy_corpus(tmp_path)
    bot = await start_bot(Engine.from_dir(corpus, root=None), corpus_dir=corpus)
    assert "Watching “troops” (#1)" in await say(api, bot, group, alice, "/watch troops")
    listed = await say(api, bot, group, alice, "/watches")
    assert "1. troops" in listed

    # A figure the corpus already gives: no alert.
    add_article(corpus, "repeat.txt", "North Korea has sent more than 10,000 troops to Russia.")
    assert await reload_and_alert(bot) == 0
    before = len(api.sent_in(group))

    # After a restart the watch is still there, and a new figure alerts once.
    await bot.stop()
    bot = await start_bot(Engine.from_dir(corpus, root=None), corpus_dir=corpus)
    add_article(corpus, "new.txt", "North Korea has now sent about 15,000 troops to Russia.")
    assert await reload_and_alert(bot) == 1
    alert = api.sent_in(group)[-1]["text"]
    assert len(api.sent_in(group)) == before + 1
    assert alert.startswith("🔔 New figure for “troops”")
    assert "about 15,000 troops" in alert and "Known before:" in alert
    assert "2025-08-01" in alert and "10,000" in alert.split("Known before:")[1]
    # The same articles again (another reload): nothing more.
    assert await reload_and_alert(bot) == 0

    assert "Stopped watching “troops”" in await say(api, bot, group, alice, "/unwatch 1")
    add_article(corpus, "newer.txt", "North Korea has sent about 20,000 troops to Russia.")
    assert await reload_and_alert(bot) == 0
    assert "watches nothing" in await say(api, bot, group, alice, "/watches")


async def test_a_burst_of_articles_sends_one_message_per_watch(
    api: FakeBotApi, start_bot: StartBot, tmp_path: Path, alice: JSON, alice_chat: JSON
) -> None:
    corpus = copy_corpus(tmp_path)
    bot = await start_bot(Engine.from_dir(corpus, root=None), corpus_dir=corpus)
    await say(api, bot, alice_chat, alice, "/watch troops")
    await say(api, bot, alice_chat, alice, "/watch drones")
    before = len(api.sent_in(alice_chat))
    for number in range(1000):
        add_article(
            corpus,
            f"burst{number:04}.txt",
            f"Report {number}: North Korea has sent {20_000 + number} troops to Russia.",
            published=f"2025-{7 + number % 5:02}-{1 + number % 28:02}",
        )
    assert await reload_and_alert(bot) == 1
    sent = api.sent_in(alice_chat)[before:]
    assert len(sent) == 1 and "more new article(s)" in sent[0]["text"]


@both_backends
async def test_two_instances_on_one_database_send_each_alert_once(
    api: FakeBotApi,
    start_bot: StartBot,
    tmp_path: Path,
    alice: JSON,
    alice_chat: JSON,
    database_url: str,
) -> None:
    corpus = copy_corpus(tmp_path)
    first = await start_bot(Engine.from_dir(corpus, root=None), corpus_dir=corpus)
    await say(api, first, alice_chat, alice, "/watch troops")
    # A second instance on the same database and corpus (webhook instances share no poll).
    settings = settings_for(
        api.token,
        api.url,
        tmp_path / "unused.sqlite3",
        database_url=database_url,
        corpus_dir=corpus,
    )
    second = BotUnderTest(settings, Engine.from_dir(corpus, root=None))
    await second.application.initialize()
    try:
        before = len(api.sent_in(alice_chat))
        add_article(corpus, "new.txt", "North Korea has now sent about 15,000 troops to Russia.")
        await asyncio.gather(first.library.reload_async(), second.library.reload_async())
        counts = await asyncio.gather(
            *(b.application.bot_data[ALERTS_KEY].check(b.application.bot) for b in (first, second))
        )
        assert sorted(counts) == [0, 1]
        assert len(api.sent_in(alice_chat)) == before + 1
    finally:
        await second.application.shutdown()


async def test_admins_only_watches_in_groups_and_the_cap(
    api: FakeBotApi, start_bot: StartBot, alice: JSON, bob: JSON, group: JSON
) -> None:
    bot = await start_bot(watch_admins_only=True, max_watches_per_chat=2)
    api.make_admin(group, alice)
    assert "Only this group's admins" in await say(api, bot, group, bob, "/watch troops")
    assert "Watching" in await say(api, bot, group, alice, "/watch troops")
    assert "(#1)" in await say(api, bot, group, alice, "/watch Troops")  # the same watch
    assert "(#2)" in await say(api, bot, group, alice, "/watch drones")
    assert "the most it can have" in await say(api, bot, group, alice, "/watch tanks")
    assert "Only this group's admins" in await say(api, bot, group, bob, "/unwatch 1")
    assert "no watch 5" in await say(api, bot, group, alice, "/unwatch 5")


async def test_an_article_dropped_into_the_watched_folder_alerts_the_chat(
    api: FakeBotApi, start_bot: StartBot, tmp_path: Path, alice: JSON, alice_chat: JSON
) -> None:
    corpus = copy_corpus(tmp_path)
    bot = await start_bot(Engine.from_dir(corpus, root=None), corpus_dir=corpus, watch_corpus=True)
    await say(api, bot, alice_chat, alice, "/watch troops")
    before = len(api.sent_in(alice_chat))
    await asyncio.sleep(0.5)  # the folder watcher is running
    add_article(corpus, "new.txt", "North Korea has now sent about 15,000 troops to Russia.")
    await api.wait_until(lambda: len(api.sent_in(alice_chat)) > before, timeout=60)
    [alert] = api.sent_in(alice_chat)[before:]
    assert "about 15,000 troops" in alert["text"]


async def test_inline_mode_takes_filters_too(api: FakeBotApi, bot: BotUnderTest, bob: JSON) -> None:
    api.inline_query(bob, "outlet:newslooks how many troops has North Korea sent")
    await bot.settle(api)
    [call] = api.ok_calls("answerInlineQuery")
    results = call.params["results"]
    assert results
    assert all("Newslooks" in result["title"] for result in results)
    # Each offered quote goes out with its outlet and publication date.
    assert all(
        "Newslooks, 2024-11-30" in parse_html(result["input_message_content"]["message_text"])[0]
        for result in results
    )
