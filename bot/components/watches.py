"""Alerts: `/watch THING` subscribes a chat to new figures of THING; `/watches` lists,
`/unwatch N` removes. When the corpus gains articles, each watch whose thing gets a
figure no earlier article gives sends its chat one message: the new quote beside the
figure known before.

Subscriptions and sent alerts live in the state database, so they survive restarts;
several instances on one PostgreSQL database each see the new articles, and the
database's claim of (watch, article) lets exactly one of them send the alert.
"""

from __future__ import annotations

import asyncio
import html
import logging
from typing import Any

from telegram import Bot, Message, Update
from telegram.constants import ChatMemberStatus, ChatType
from telegram.error import TelegramError
from telegram.ext import ContextTypes

from bot.components import render
from bot.components.services import services
from bot.engine.engine import Engine
from bot.engine.library import Library
from bot.state import StateError, StateStore

logger = logging.getLogger(__name__)

MAX_THING_CHARS = 100
SETTLE_SECONDS = 1.0
"""After a reload, wait this long for more before looking for new figures: a burst of
added articles makes one alert per watch, not one per reload."""


async def _may_change_watches(message: Message, context: ContextTypes.DEFAULT_TYPE) -> bool:
    """In a group that keeps watches for its admins (a setting), only they may change them."""
    if message.chat.type == ChatType.PRIVATE or not services(context).settings.watch_admins_only:
        return True
    user = message.from_user
    if user is None:
        return False
    member = await context.bot.get_chat_member(message.chat_id, user.id)
    if member.status in (ChatMemberStatus.ADMINISTRATOR, ChatMemberStatus.OWNER):
        return True
    await message.reply_text("Only this group's admins can change its watches.")
    return False


async def add_watch(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """`/watch THING`: post here when a new article gives a new figure of THING."""
    message = update.effective_message
    if message is None:
        return
    thing = " ".join(context.args or [])
    if not thing or len(thing) > MAX_THING_CHARS:
        await message.reply_html(
            "Name what to watch in a few words, e.g. <code>/watch troops</code>."
        )
        return
    if not await _may_change_watches(message, context):
        return
    found = services(context)
    user_id = message.from_user.id if message.from_user is not None else None
    cap = found.settings.max_watches_per_chat
    number = await found.stored(found.state.add_watch(message.chat_id, thing, user_id, cap))
    if number is None:
        await message.reply_text("I couldn't save that watch just now; please try again later.")
    elif number == 0:
        await message.reply_text(
            f"This chat already has {cap} watches, the most it can have. "
            "Remove one with /unwatch N (see /watches)."
        )
    else:
        await message.reply_html(
            f"Watching “{html.escape(thing)}” (#{number}). When a new article gives a figure "
            "of it that differs from those I know, I'll post it here. "
            "/watches lists this chat's watches; /unwatch N stops one."
        )


async def list_watches(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """`/watches`: this chat's watches, numbered."""
    message = update.effective_message
    if message is None:
        return
    found = services(context)
    watches = await found.stored(found.state.watches(message.chat_id))
    if watches is None:
        await message.reply_text("I couldn't read this chat's watches just now.")
    elif not watches:
        await message.reply_html("This chat watches nothing yet. Try <code>/watch troops</code>.")
    else:
        lines = [f"<b>{n}.</b> {html.escape(w.thing)}" for n, w in enumerate(watches, 1)]
        await message.reply_html(
            "<b>Watching</b>\n" + "\n".join(lines) + "\n\n/unwatch N stops one."
        )


async def remove_watch(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """`/unwatch N`: stop watch number N of `/watches`."""
    message = update.effective_message
    if message is None:
        return
    args = context.args or []
    if len(args) != 1 or not args[0].isdigit():
        await message.reply_text("Which one? Send /unwatch N, with N from /watches.")
        return
    if not await _may_change_watches(message, context):
        return
    found = services(context)
    removed = await found.stored(found.state.remove_watch(message.chat_id, int(args[0])))
    if removed is None:
        await message.reply_text(f"There is no watch {args[0]} here; /watches lists them.")
    else:
        await message.reply_html(f"Stopped watching “{html.escape(removed.thing)}”.")


class Alerts:
    """Looks for new figures whenever the library puts a new corpus in service."""

    def __init__(self, library: Library, state: StateStore) -> None:
        self.library = library
        self.state = state
        self.known = self._article_ids(library.engine)
        self._changed = asyncio.Event()
        self._task: asyncio.Task[None] | None = None
        self._loop: asyncio.AbstractEventLoop | None = None
        library.listeners.append(self._on_reload)

    @staticmethod
    def _article_ids(engine: Engine) -> frozenset[str]:
        return frozenset(article.article_id for article in engine.articles)

    def _on_reload(self, _report: Any) -> None:
        # Called in the reload's worker thread.
        if self._loop is not None:
            self._loop.call_soon_threadsafe(self._changed.set)

    def start(self, bot: Bot) -> None:
        self._loop = asyncio.get_running_loop()
        self._task = self._loop.create_task(self._run(bot))

    async def stop(self) -> None:
        if self._task is not None:
            self._task.cancel()
            await asyncio.gather(self._task, return_exceptions=True)

    async def _run(self, bot: Bot) -> None:
        while True:
            await self._changed.wait()
            await asyncio.sleep(SETTLE_SECONDS)
            self._changed.clear()
            try:
                await self.check(bot)
            except Exception:  # alerts must never stop the bot
                logger.exception("looking for new figures failed")

    async def check(self, bot: Bot) -> int:
        """Send the alerts the articles added since the last check call for; how many."""
        engine = self.library.engine
        now = self._article_ids(engine)
        added, old = now - self.known, now & self.known
        self.known = now
        if not added:
            return 0
        sent = 0
        for watch in await self.state.watches():
            new, previous = await asyncio.to_thread(engine.new_figures, watch.thing, old)
            if not new:
                continue
            try:
                claimed = await self.state.claim_alerts(
                    watch.watch_id, [e.quote.article.article_id for e in new]
                )
            except StateError as error:
                logger.error("%s", error)
                continue
            fresh = [e for e in new if e.quote.article.article_id in claimed]
            if not fresh:
                continue  # another instance sent it
            text = render.watch_alert(watch.thing, fresh[0], previous, len(fresh) - 1)
            try:
                await bot.send_message(watch.chat_id, text)
                sent += 1
            except TelegramError as error:
                logger.warning("alert to chat %s failed: %s", watch.chat_id, error)
        return sent
