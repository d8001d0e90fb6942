"""Links and feeds through Telegram: admins `/add` links and manage `/feeds`; a feed's
new items become answerable articles within a poll interval, and only once. Pages and
feeds come from a real HTTP server on 127.0.0.1 (`tests/news_site.py`)."""

from __future__ import annotations

import asyncio
import shutil
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from bot.components.services import SERVICES_KEY, Services
from bot.engine import Engine
from tests.conftest import CORPUS_DIR
from tests.news_site import NewsSite, Route, article_page, rss_feed, running_site, town_story
from tests.telegram.conftest import StartBot, both_backends
from tests.telegram.fake_bot_api import JSON, FakeBotApi
from tests.telegram.harness import BotUnderTest

FEED_INTERVAL = 3.0
SEED_ARTICLES = 5


@pytest.fixture
def site() -> Iterator[NewsSite]:
    with running_site() as running:
        for index in range(20):
            title, paragraphs, _question, _figure = town_story(index)
            running.routes[f"/news/{index}"] = Route(article_page(title, paragraphs))
        yield running


def copy_corpus(tmp_path: Path) -> Path:
    corpus = tmp_path / "corpus"
    shutil.copytree(CORPUS_DIR, corpus)
    return corpus


async def start_over_copy(start_bot: StartBot, tmp_path: Path, **settings: object) -> BotUnderTest:
    corpus = copy_corpus(tmp_path)
    return await start_bot(Engine.from_dir(corpus, root=tmp_path), corpus_dir=corpus, **settings)


async def ask(api: FakeBotApi, bot: BotUnderTest, chat: JSON, user: JSON, text: str) -> str:
    question = api.send_text(chat, user, text)
    await bot.settle(api)
    [reply] = api.replies_to(question)
    return str(reply["text"])


def services_of(bot: BotUnderTest) -> Services:
    found = bot.application.bot_data[SERVICES_KEY]
    assert isinstance(found, Services)
    return found


async def test_admins_add_links_and_readers_get_quotes_from_them(
    api: FakeBotApi, start_bot: StartBot, site: NewsSite, tmp_path: Path, alice: JSON, bob: JSON
) -> None:
    bot = await start_over_copy(
        start_bot, tmp_path, admin_ids=[alice["id"]], fetch_allow_private=True
    )
    chat = api.private_chat(alice)
    _title, _paragraphs, question, figure = town_story(0)
    link = site.url("/news/0?utm_source=telegram&fbclid=abc")
    assert await ask(api, bot, api.private_chat(bob), bob, f"/add {link}") == (
        "Only the bot's admins can use /add."
    )
    assert site.requests == []

    reply = await ask(api, bot, chat, alice, f"/add {link} {site.url('/missing')}")
    lines = reply.split("\n")
    assert lines[0].startswith("✅ Added “Altbury approves new library after long debate” (")
    assert lines[1] == f"❌ Not added: {site.url('/missing')}: the server answered 404 Not Found"
    assert lines[2] == "They are answered from now on."
    assert len(bot.library.engine.articles) == SEED_ARTICLES + 1
    assert figure in await ask(api, bot, chat, alice, question)

    again = await ask(api, bot, chat, alice, f"/add {site.url('/news/0?utm_medium=email')}")
    assert again.startswith("↩️ Already in the corpus: ")
    assert "(same link as " in again and "corpus/127.0.0.1-" in again
    assert "Articles added today: 1 (by link or feed)" in await ask(api, bot, chat, alice, "/stats")
    assert "Send /add followed by links" in await ask(api, bot, chat, alice, "/add")


async def test_a_link_to_a_private_address_is_refused_with_the_reason(
    api: FakeBotApi, start_bot: StartBot, site: NewsSite, tmp_path: Path, alice: JSON
) -> None:
    bot = await start_over_copy(start_bot, tmp_path, admin_ids=[alice["id"]])
    link = site.url("/news/1")
    reply = await ask(api, bot, api.private_chat(alice), alice, f"/add {link}")
    assert reply == (
        f"❌ Not added: {link}: refused: 127.0.0.1 resolves to 127.0.0.1 is a loopback address"
    )
    assert site.requests == []
    assert len(list((tmp_path / "corpus").iterdir())) == SEED_ARTICLES


def feed_items(site: NewsSite, indexes: range) -> list[tuple[str, str, str]]:
    return [(f"story-{i}", site.url(f"/news/{i}"), town_story(i)[0]) for i in indexes]


async def test_a_feed_with_20_new_items_becomes_20_answerable_articles_once(
    api: FakeBotApi, start_bot: StartBot, site: NewsSite, tmp_path: Path, alice: JSON
) -> None:
    site.routes["/rss"] = Route(rss_feed("Coastal Herald", []), etag='"empty"')
    bot = await start_over_copy(
        start_bot,
        tmp_path,
        feeds=[site.url("/rss")],
        feed_interval=FEED_INTERVAL,
        fetch_allow_private=True,
        questions_per_minute=1000,
    )

    async def polls(count: int) -> None:
        await api.wait_until(lambda: len(site.requests_for("/rss")) >= count, timeout=60)

    await polls(1)
    site.routes["/rss"] = Route(
        rss_feed("Coastal Herald", feed_items(site, range(20))), etag='"20"'
    )
    published = time.monotonic()
    async with asyncio.timeout(FEED_INTERVAL + 30):
        while len(bot.library.engine.articles) < SEED_ARTICLES + 20:
            await asyncio.sleep(0.05)
    seconds = time.monotonic() - published
    chat = api.private_chat(alice)
    for index in range(20):
        _title, _paragraphs, question, figure = town_story(index)
        assert figure in await ask(api, bot, chat, alice, question), question
    print(
        f"\n20 feed items answerable {seconds:.1f} s after publication "
        f"(poll interval {FEED_INTERVAL:g} s)"
    )
    assert seconds <= FEED_INTERVAL + 10

    # Polled again: 304 for the same document; then the items once more, with a tracked
    # link to a known story and a wire copy of one under another address: nothing new.
    seen = len(site.requests_for("/rss"))
    await polls(seen + 1)
    assert site.requests_for("/rss")[seen].headers["If-None-Match"] == '"20"'
    site.routes["/wire/altbury"] = Route(article_page(*town_story(0)[:2], site_name="Wire Service"))
    repeats = [
        *feed_items(site, range(20)),
        ("tracked-3", site.url("/news/3?utm_source=rss&utm_medium=feed"), "tracked"),
        ("wire-0", site.url("/wire/altbury"), "wire copy"),
    ]
    site.routes["/rss"] = Route(rss_feed("Coastal Herald", repeats), etag='"22"')
    seen = len(site.requests_for("/rss"))
    await polls(seen + 2)
    assert len(list((tmp_path / "corpus").glob("*.txt"))) == SEED_ARTICLES + 20
    assert len(bot.library.engine.articles) == SEED_ARTICLES + 20
    assert [len(site.requests_for(f"/news/{i}")) for i in range(20)] == [1] * 20
    [feed] = await services_of(bot).state.feeds()
    assert (feed.items_added, feed.errors) == (20, 0)


@both_backends
async def test_admins_list_add_and_remove_feeds(
    api: FakeBotApi, start_bot: StartBot, site: NewsSite, tmp_path: Path, alice: JSON, bob: JSON
) -> None:
    site.routes["/rss"] = Route(rss_feed("Coastal Herald", feed_items(site, range(2))))
    site.routes["/down"] = Route(b"down", status=500)
    site.routes["/setting"] = Route(rss_feed("Setting", []))
    bot = await start_over_copy(
        start_bot,
        tmp_path,
        admin_ids=[alice["id"]],
        feeds=[site.url("/setting")],
        feed_interval=FEED_INTERVAL,
        fetch_allow_private=True,
    )
    chat = api.private_chat(alice)
    assert await ask(api, bot, api.private_chat(bob), bob, "/feeds") == (
        "Only the bot's admins can use /feeds."
    )
    assert await ask(api, bot, chat, alice, f"/feeds add {site.url('/rss')}") == (
        f"Feed added: {site.url('/rss')}. Polling it now; /feeds shows how it went."
    )
    await ask(api, bot, chat, alice, f"/feeds add {site.url('/down')}")
    assert "is polled already" in await ask(api, bot, chat, alice, f"/feeds add {site.url('/rss')}")
    assert "Not a feed link" in await ask(api, bot, chat, alice, "/feeds add ftp://x/feed")

    async def polled() -> bool:
        feeds = await services_of(bot).state.feeds()
        return all(feed.last_poll is not None for feed in feeds)

    async with asyncio.timeout(30):
        while not await polled():
            await asyncio.sleep(0.1)
    listing = (await ask(api, bot, chat, alice, "/feeds")).split("\n")
    assert listing[0] == "Feeds (polled every 0.05 min):"
    assert listing[1] == f"1. {site.url('/setting')} (from BOT_FEEDS)"
    assert listing[2].endswith(", 0 articles added, 0 errors in a row")
    assert listing[3] == f"2. {site.url('/rss')}"
    assert listing[4].endswith(" s ago), 2 articles added, 0 errors in a row")
    assert listing[5] == f"3. {site.url('/down')}"
    assert listing[6].endswith(", 0 articles added, 1 errors in a row")
    assert listing[7] == "   ⚠️ the server answered 500 Internal Server Error"

    assert "listed in BOT_FEEDS" in await ask(api, bot, chat, alice, "/feeds remove 1")
    assert await ask(api, bot, chat, alice, "/feeds remove 3") == (
        f"Removed feed 3: {site.url('/down')}. Its articles stay in the corpus."
    )
    assert "There is no feed 3" in await ask(api, bot, chat, alice, "/feeds remove 3")
    assert "Use /feeds to list" in await ask(api, bot, chat, alice, "/feeds drop 1")
    assert len(bot.library.engine.articles) == SEED_ARTICLES + 2
