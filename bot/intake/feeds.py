"""RSS and Atom feeds: polled with the validators the server gave (ETag,
Last-Modified), read with feedparser, and each new item's page added once.

An item is claimed in the state database before its page is fetched, so that two
polls, or two instances sharing the database, never add it twice; a page that fails
for a reason that may pass (a timeout, a 503) is released and tried at the next poll.
A feed that cannot be fetched or read counts an error and waits twice as long after
each failure in a row (up to a limit); its first good poll resets the count.
"""

from __future__ import annotations

import asyncio
import calendar
import logging
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import Any
from urllib.parse import urljoin

import feedparser

from bot.intake.fetch import FetchError, fetch
from bot.intake.links import Hints, Intake, Outcome, story_key
from bot.state import Feed, FeedOrigin, Poll, StateStore

log = logging.getLogger(__name__)

MAX_ITEMS_PER_POLL = 100
"""Items taken from one feed in one poll; the rest wait for the next poll."""
MAX_PARALLEL_FEEDS = 4


class FeedError(ValueError):
    """A document that is not a readable feed; the message says why."""


@dataclass(frozen=True)
class FeedItem:
    """One item of a feed: its key (the item's id, else its link), its page and hints."""

    key: str
    link: str
    hints: Hints


@dataclass(frozen=True)
class ParsedFeed:
    title: str | None
    items: list[FeedItem]


def _item_date(entry: Any) -> date | None:
    parsed = entry.get("published_parsed") or entry.get("updated_parsed")
    if not parsed:
        return None
    return datetime.fromtimestamp(calendar.timegm(parsed), UTC).date()


BENIGN_PROBLEMS = (feedparser.CharacterEncodingOverride, feedparser.NonXMLContentType)
"""What feedparser flags in a document it read in full: a wrong declared encoding or
content type."""


def parse_feed(data: bytes, url: str, content_type: str = "application/xml") -> ParsedFeed:
    """The items of an RSS or Atom document (feedparser reads it; nothing is fetched).
    Raises FeedError for a document that is not a feed, or broken before any item."""
    document = feedparser.parse(
        data, response_headers={"content-location": url, "content-type": content_type}
    )
    if not document.get("version") and not document.entries:
        raise FeedError("not an RSS or Atom feed")
    outlet = " ".join(str(document.feed.get("title") or "").split()) or None
    items: list[FeedItem] = []
    seen: set[str] = set()
    for entry in document.entries:
        link = str(entry.get("link") or "").strip()
        if not link:
            continue
        link = urljoin(url, link)
        key = str(entry.get("id") or "").strip() or story_key(link)
        if key in seen:
            continue
        seen.add(key)
        title = " ".join(str(entry.get("title") or "").split()) or None
        items.append(FeedItem(key, link, Hints(title, _item_date(entry), outlet)))
    problem = document.get("bozo_exception")
    if problem is not None and not isinstance(problem, BENIGN_PROBLEMS) and not items:
        # Broken XML: feedparser's lenient reading keeps the items before the break.
        raise FeedError(f"not a readable RSS or Atom feed ({problem})")
    return ParsedFeed(outlet, items)


@dataclass(frozen=True)
class PollReport:
    """What one poll of a feed did."""

    feed: Feed
    outcomes: list[Outcome] = field(default_factory=list)
    error: str | None = None
    not_modified: bool = False

    @property
    def added(self) -> list[Outcome]:
        return [outcome for outcome in self.outcomes if outcome.status == "added"]


class FeedPoller:
    """Polls the feeds in the state database that are due, one round at a time."""

    def __init__(
        self,
        state: StateStore,
        intake: Intake,
        interval: float,
        max_backoff: float,
        clock: Callable[[], float] = time.time,
    ) -> None:
        self.state = state
        self.intake = intake
        self.interval = interval
        self.max_backoff = max(max_backoff, interval)
        self._clock = clock
        self._round = asyncio.Lock()
        self._parallel = asyncio.Semaphore(MAX_PARALLEL_FEEDS)

    def delay_after(self, errors: int) -> float:
        """Seconds until the next poll of a feed that failed `errors` times in a row."""
        return float(min(self.interval * 2**errors, self.max_backoff))

    async def use_setting(self, urls: Sequence[str]) -> None:
        """Poll the feeds the setting lists; stop polling those it no longer lists."""
        for url in urls:
            await self.state.add_feed(url, "setting")
        for feed in await self.state.feeds():
            if feed.origin == "setting" and feed.url not in urls:
                await self.state.remove_feed(feed.feed_id)

    async def add(self, url: str, origin: FeedOrigin = "admin") -> Feed | None:
        """Start polling `url` (at the next round); None if it is polled already."""
        return await self.state.add_feed(url, origin)

    async def poll_due(self, slack: float = 0.0) -> list[PollReport]:
        """Poll every feed due within `slack` seconds; nothing if a round is running."""
        if self._round.locked():
            return []
        async with self._round:
            now = self._clock()
            due = [feed for feed in await self.state.feeds() if feed.next_poll <= now + slack]
            return list(await asyncio.gather(*map(self.poll, due)))

    async def poll(self, feed: Feed) -> PollReport:
        """Fetch one feed, add its new items' pages, and store how it went."""
        async with self._parallel:
            started = self._clock()
            headers = {}
            if feed.etag:
                headers["If-None-Match"] = feed.etag
            if feed.last_modified:
                headers["If-Modified-Since"] = feed.last_modified
            try:
                fetched = await fetch(feed.url, self.intake.policy, headers=headers)
                parsed = (
                    None
                    if fetched.status == 304
                    else await asyncio.to_thread(
                        parse_feed, fetched.body, fetched.url, fetched.content_type
                    )
                )
            except (FetchError, FeedError) as error:
                reason = error.reason if isinstance(error, FetchError) else str(error)
                errors = feed.errors + 1
                wait = self.delay_after(errors)
                log.warning(
                    "feed %s: %s (%d in a row; next try in %.0f s)", feed.url, reason, errors, wait
                )
                await self.state.record_poll(
                    feed.feed_id, Poll(started, started + wait, errors, reason)
                )
                return PollReport(feed, error=reason)
            outcomes = [] if parsed is None else await self._take(feed, parsed.items)
            added = sum(outcome.status == "added" for outcome in outcomes)
            failed = [outcome for outcome in outcomes if outcome.status == "failed"]
            note = f"{len(failed)} item pages failed, e.g. {failed[0]}" if failed else None
            await self.state.record_poll(
                feed.feed_id,
                Poll(
                    started,
                    started + self.interval,
                    0,
                    note,
                    fetched.etag,
                    fetched.last_modified,
                    added,
                ),
            )
            if added or failed:
                log.info(
                    "feed %s: %d articles added, %d pages failed", feed.url, added, len(failed)
                )
            return PollReport(feed, outcomes, not_modified=parsed is None)

    async def _take(self, feed: Feed, items: list[FeedItem]) -> list[Outcome]:
        """Add the pages of the items not taken before; release those worth a retry."""
        fresh = [
            item
            for item in items[:MAX_ITEMS_PER_POLL]
            if await self.state.claim_item(feed.feed_id, item.key)
        ]
        outcomes = await self.intake.add_links(
            [item.link for item in fresh], [item.hints for item in fresh]
        )
        for item, outcome in zip(fresh, outcomes, strict=True):
            if outcome.status == "failed" and not outcome.lasting:
                await self.state.release_item(feed.feed_id, item.key)
            elif outcome.status == "added":
                await self.state.record_added(outcome.url, outcome.detail, feed.url)
        return outcomes
