"""Links and feeds for the bot's admins: `/add URL…`, `/feeds [add URL | remove N]`, and
the JobQueue job that polls the feeds."""

from __future__ import annotations

import html
import logging
import time
from datetime import UTC, datetime
from urllib.parse import urlsplit

from telegram import Update
from telegram.ext import Application, ContextTypes

from bot.components.admin import admin_only
from bot.components.services import Services, services
from bot.intake.links import Outcome
from bot.state import Feed

log = logging.getLogger(__name__)

MAX_LINKS = 20
"""Links one /add takes (each is a page to fetch)."""
MAX_TICK_SECONDS = 60.0
"""The feed job runs at least this often, so a feed's back-off ends within a minute."""
FEED_JOB = "poll feeds"
ADD_USAGE = (
    "Send /add followed by links (up to 20), e.g. /add https://example.com/news/story: "
    "each page's article text joins the corpus."
)
FEEDS_USAGE = "Use /feeds to list the feeds, /feeds add URL, or /feeds remove N."


def schedule_feed_polls(application: Application) -> None:  # type: ignore[type-arg]
    """Poll the feeds on PTB's JobQueue: every feed interval, at least once a minute."""
    found: Services = application.bot_data["services"]
    assert application.job_queue is not None, "python-telegram-bot[job-queue] is required"
    application.job_queue.run_repeating(poll_feeds, interval=_tick(found), first=1.0, name=FEED_JOB)


def _tick(found: Services) -> float:
    return min(found.settings.feed_interval, MAX_TICK_SECONDS)


async def poll_feeds(context: ContextTypes.DEFAULT_TYPE) -> None:
    """Poll the feeds that are due and put the articles they brought in service."""
    found = services(context)
    reports = await found.stored(found.feeds.poll_due(slack=_tick(found) / 2))
    if reports and any(report.added for report in reports):
        await serve_new_articles(found)


async def serve_new_articles(found: Services) -> None:
    """Put articles just written into the corpus folder in service: the folder watcher
    does when it runs; otherwise reload here."""
    if found.settings.watch_corpus:
        return
    await found.library.reload_async()
    found.library.schedule_embedding()


def _outcome_line(outcome: Outcome) -> str:
    url = html.escape(outcome.url)
    if outcome.status == "added":
        return f"✅ Added “{html.escape(outcome.title or '')}” ({html.escape(outcome.detail)})"
    if outcome.status == "duplicate":
        return f"↩️ Already in the corpus: {url} ({html.escape(outcome.detail)})"
    return f"❌ Not added: {url}: {html.escape(outcome.detail)}"


async def add_links(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Fetch the linked pages and add their articles to the corpus, for admins."""
    allowed = await admin_only(update, context, "add")
    if allowed is None:
        return
    message, found = allowed
    urls = list(context.args or [])
    if not urls or len(urls) > MAX_LINKS:
        await message.reply_text(ADD_USAGE)
        return
    outcomes = await found.intake.add_links(urls)
    added = [outcome for outcome in outcomes if outcome.status == "added"]
    for outcome in added:
        await found.saved(found.state.record_added(outcome.url, outcome.detail, "link"))
    lines = [_outcome_line(outcome) for outcome in outcomes]
    if added:
        await serve_new_articles(found)
        lines.append(
            "They are answered from within seconds (the corpus folder is watched)."
            if found.settings.watch_corpus
            else "They are answered from now on."
        )
    await message.reply_html("\n".join(lines))


def _ago(moment: float | None) -> str:
    if moment is None:
        return "not polled yet"
    seconds = max(0.0, time.time() - moment)
    when = datetime.fromtimestamp(moment, UTC).strftime("%Y-%m-%d %H:%M UTC")
    if seconds < 120:
        return f"last poll {when} ({seconds:.0f} s ago)"
    return f"last poll {when} ({seconds / 60:.0f} min ago)"


def _feed_lines(number: int, feed: Feed) -> list[str]:
    origin = " (from BOT_FEEDS)" if feed.origin == "setting" else ""
    lines = [
        f"{number}. {html.escape(feed.url)}{origin}",
        f"   {_ago(feed.last_poll)}, {feed.items_added} articles added, "
        f"{feed.errors} errors in a row",
    ]
    if feed.last_error:
        lines.append(f"   ⚠️ {html.escape(feed.last_error)}")
    return lines


async def manage_feeds(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """List the feeds, or add or remove one, for admins."""
    allowed = await admin_only(update, context, "feeds")
    if allowed is None:
        return
    message, found = allowed
    args = list(context.args or [])
    if args[:1] == ["add"] and len(args) == 2:
        reply = await _add_feed(found, args[1], context)
    elif args[:1] == ["remove"] and len(args) == 2 and args[1].isdigit():
        reply = await _remove_feed(found, int(args[1]))
    elif not args:
        reply = await _list_feeds(found)
    else:
        reply = FEEDS_USAGE
    await message.reply_html(reply)


async def _list_feeds(found: Services) -> str:
    feeds = await found.stored(found.state.feeds())
    if feeds is None:
        return "The feeds are not available: the database failed."
    if not feeds:
        return "No feeds yet. Add one with /feeds add URL, or list them in BOT_FEEDS."
    minutes = found.settings.feed_interval / 60
    lines = [f"<b>Feeds</b> (polled every {minutes:g} min):"]
    for number, feed in enumerate(feeds, start=1):
        lines += _feed_lines(number, feed)
    return "\n".join(lines)


async def _add_feed(found: Services, url: str, context: ContextTypes.DEFAULT_TYPE) -> str:
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        return f"Not a feed link: {html.escape(url)} (only http and https links)."
    feed = await found.stored(found.feeds.add(url))
    if feed is None:
        return f"Not added: {html.escape(url)} is polled already (or the database failed)."
    if context.job_queue is not None:
        # The new feed is due at once: poll now instead of at the next tick.
        context.job_queue.run_once(poll_feeds, 0)
    return f"Feed added: {html.escape(url)}. Polling it now; /feeds shows how it went."


async def _remove_feed(found: Services, number: int) -> str:
    feeds = await found.stored(found.state.feeds())
    if feeds is None:
        return "The feeds are not available: the database failed."
    if not 1 <= number <= len(feeds):
        return f"There is no feed {number}; /feeds lists them."
    feed = feeds[number - 1]
    if feed.origin == "setting":
        return (
            f"Feed {number} is listed in BOT_FEEDS; remove it there "
            "(it comes back at every start otherwise)."
        )
    if not await found.stored(found.state.remove_feed(feed.feed_id)):
        return f"Feed {number} could not be removed (it was gone, or the database failed)."
    return f"Removed feed {number}: {html.escape(feed.url)}. Its articles stay in the corpus."
