"""Feeds polled from a real HTTP server on 127.0.0.1 with a real state database:
conditional requests, items added once, and back-off for feeds that time out, fail or
are not XML."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import pytest

from bot.engine.corpus import read_article
from bot.intake.feeds import FeedPoller, parse_feed
from bot.intake.fetch import FetchPolicy
from bot.intake.links import Intake
from bot.state import SqliteStore
from tests.news_site import (
    NewsSite,
    Route,
    article_page,
    atom_feed,
    rss_feed,
    running_site,
    town_story,
)

POLICY = FetchPolicy(timeout=1.0, allow_private=True)
INTERVAL = 60.0


@pytest.fixture
def site() -> Iterator[NewsSite]:
    with running_site() as running:
        for index in range(6):
            title, paragraphs, _question, _figure = town_story(index)
            running.routes[f"/news/{index}"] = Route(article_page(title, paragraphs))
        yield running


@pytest.fixture
async def state(tmp_path: Path) -> AsyncIterator[SqliteStore]:
    store = SqliteStore(tmp_path / "state.sqlite3")
    yield store
    store.close()


class Clock:
    def __init__(self) -> None:
        self.now = 1_000_000.0

    def __call__(self) -> float:
        return self.now


def poller_for(state: SqliteStore, corpus: Path, clock: Clock) -> FeedPoller:
    intake = Intake(corpus, POLICY, lambda: [])
    return FeedPoller(state, intake, INTERVAL, max_backoff=INTERVAL * 5, clock=clock)


def items(site: NewsSite, indexes: range) -> list[tuple[str, str, str]]:
    return [(f"story-{i}", site.url(f"/news/{i}"), town_story(i)[0]) for i in indexes]


async def test_new_items_are_added_once_and_unchanged_feeds_not_reread(
    site: NewsSite, state: SqliteStore, tmp_path: Path
) -> None:
    site.routes["/rss"] = Route(rss_feed("Coastal Herald", items(site, range(3))), etag='"v1"')
    clock = Clock()
    poller = poller_for(state, tmp_path, clock)
    feed = await poller.add(site.url("/rss"))
    assert feed is not None
    [first] = await poller.poll_due()
    assert len(first.added) == 3 and first.error is None
    assert {read_article(o.path).title for o in first.added if o.path} == {
        town_story(i)[0] for i in range(3)
    }
    assert await poller.poll_due() == []  # not due before the interval

    clock.now += INTERVAL
    [unchanged] = await poller.poll_due()
    assert unchanged.not_modified and unchanged.outcomes == []
    assert site.requests_for("/rss")[-1].headers["If-None-Match"] == '"v1"'

    # The feed changes: two items are new, the three old ones are not fetched again.
    site.routes["/rss"] = Route(rss_feed("Coastal Herald", items(site, range(5))), etag='"v2"')
    clock.now += INTERVAL
    [changed] = await poller.poll_due()
    assert len(changed.added) == 2 and len(changed.outcomes) == 2
    assert [len(site.requests_for(f"/news/{i}")) for i in range(5)] == [1, 1, 1, 1, 1]
    [stored] = await state.feeds()
    assert (stored.items_added, stored.errors, stored.etag) == (5, 0, '"v2"')
    assert len(list(tmp_path.glob("*.txt"))) == 5
    assert (await state.stats()).added_today == 5


async def test_atom_feeds_and_last_modified(
    site: NewsSite, state: SqliteStore, tmp_path: Path
) -> None:
    stamp = "Fri, 14 Mar 2025 08:00:00 GMT"
    site.routes["/atom"] = Route(
        atom_feed("Herald (Atom)", items(site, range(2))), headers={"Last-Modified": stamp}
    )
    poller = poller_for(state, tmp_path, Clock())
    await poller.add(site.url("/atom"))
    [report] = await poller.poll_due()
    assert len(report.added) == 2
    [feed] = await state.feeds()
    assert feed.last_modified == stamp
    await poller.poll(feed)
    assert site.requests_for("/atom")[-1].headers["If-Modified-Since"] == stamp


async def test_failing_feeds_count_errors_and_back_off(
    site: NewsSite, state: SqliteStore, tmp_path: Path
) -> None:
    site.routes["/slow"] = Route(rss_feed("Slow", items(site, range(1))), delay=3)
    site.routes["/error"] = Route(b"Internal error", status=500)
    site.routes["/broken"] = Route(
        b'<?xml version="1.0"?><rss version="2.0"><channel><title>Broken</title><item><ti',
        content_type="application/rss+xml",
    )
    site.routes["/not-a-feed"] = Route(b"<html><body><p>Hello</p></body></html>")
    clock = Clock()
    poller = poller_for(state, tmp_path, clock)
    for path in ("/slow", "/error", "/broken", "/not-a-feed"):
        await poller.add(site.url(path))
    reports = {report.feed.url: report.error for report in await poller.poll_due()}
    assert reports == {
        site.url("/slow"): "no complete answer within 1 s",
        site.url("/error"): "the server answered 500 Internal Server Error",
        site.url("/broken"): reports[site.url("/broken")],
        site.url("/not-a-feed"): "not an RSS or Atom feed",
    }
    assert (reports[site.url("/broken")] or "").startswith("not a readable RSS or Atom feed (")
    feeds = await state.feeds()
    assert [(feed.errors, feed.next_poll - clock.now) for feed in feeds] == [(1, 120.0)] * 4

    # Twice as long after each failure in a row, up to the limit.
    for errors, wait in ((2, 240.0), (3, 300.0)):
        clock.now += 1000
        await poller.poll_due()
        error_feed = next(f for f in await state.feeds() if f.url == site.url("/error"))
        assert (error_feed.errors, error_feed.next_poll - clock.now) == (errors, wait)

    # A good poll resets the count.
    site.routes["/error"] = Route(rss_feed("Fixed", items(site, range(1))))
    clock.now += 1000
    await poller.poll_due()
    fixed = next(f for f in await state.feeds() if f.url == site.url("/error"))
    assert (fixed.errors, fixed.last_error, fixed.items_added) == (0, None, 1)
    assert list(tmp_path.glob("*.txt"))  # the slow feed's item, no other file


async def test_an_item_page_that_fails_for_now_is_tried_again(
    site: NewsSite, state: SqliteStore, tmp_path: Path
) -> None:
    site.routes["/rss"] = Route(rss_feed("Herald", items(site, range(2))))
    page = site.routes["/news/1"]
    site.routes["/news/1"] = Route(b"busy", status=503)
    clock = Clock()
    poller = poller_for(state, tmp_path, clock)
    await poller.add(site.url("/rss"))
    [first] = await poller.poll_due()
    assert len(first.added) == 1
    [feed] = await state.feeds()
    assert feed.errors == 0
    assert feed.last_error == (
        f"1 item pages failed, e.g. {site.url('/news/1')}: skipped: "
        "the server answered 503 Service Unavailable"
    )
    site.routes["/news/1"] = page
    clock.now += INTERVAL
    [second] = await poller.poll_due()
    assert [o.url for o in second.added] == [site.url("/news/1")]


def test_broken_xml_keeps_the_items_before_the_break() -> None:
    document = (
        b'<?xml version="1.0"?><rss version="2.0"><channel><title>Herald</title>'
        b"<item><title>One</title><link>https://news.example/1</link><guid>a</guid></item>"
        b"<item><title>Two</title><link>https://news.example/2</link><guid>b</guid></item>"
        b"<item><title>Thr"
    )
    parsed = parse_feed(document, "https://news.example/rss")
    assert [item.link for item in parsed.items][:2] == [
        "https://news.example/1",
        "https://news.example/2",
    ]


async def test_feeds_from_the_setting_follow_it(state: SqliteStore, tmp_path: Path) -> None:
    poller = poller_for(state, tmp_path, Clock())
    await poller.use_setting(["https://a.example/rss", "https://b.example/rss"])
    await poller.add("https://c.example/rss")
    await poller.use_setting(["https://b.example/rss"])
    assert [(f.url, f.origin) for f in await state.feeds()] == [
        ("https://b.example/rss", "setting"),
        ("https://c.example/rss", "admin"),
    ]
