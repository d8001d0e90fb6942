"""Checks that run before any answering handler (an earlier handler group).

Each raises `ApplicationHandlerStop` to end an update's processing: chats that are
not allowed, floods (any kind of update beyond its user's or group's budget), non-text
messages, empty, unreadable (a lone surrogate), over-long and too-frequent questions.
In groups the bot stays quiet about them; in private it says briefly what went wrong,
and about a flood at most once a minute, so that the notices do not become a flood of
their own.
"""

from __future__ import annotations

import html
import logging
import math

from telegram import Update
from telegram.constants import ChatType
from telegram.error import TelegramError
from telegram.ext import ApplicationHandlerStop, ContextTypes

from bot.components.budgets import FloodGuard
from bot.components.questions import UNREADABLE, is_readable, question_in
from bot.components.services import services

logger = logging.getLogger(__name__)

GROUP_TYPES = (ChatType.GROUP, ChatType.SUPERGROUP, ChatType.CHANNEL)
SLOW_DOWN = "You're sending me more than I can keep up with. Please wait a minute and try again."


async def drop_unlisted_chats(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Leave groups outside the allow-list, when there is one, and ignore other chats
    outside it; admins pass in private and inline."""
    settings = services(context).settings
    if not settings.allowed_chats:
        return
    chat = update.effective_chat
    if chat is not None and chat.type in GROUP_TYPES:
        if chat.id in settings.allowed_chats:
            return
        try:
            await context.bot.leave_chat(chat.id)
            logger.info("Left chat %s: it is not in BOT_ALLOWED_CHATS", chat.id)
        except TelegramError as error:
            logger.warning("Could not leave chat %s: %r", chat.id, error)
        raise ApplicationHandlerStop
    user = update.effective_user
    if user is not None and user.id in settings.admin_ids:
        return
    # Inline queries come from no chat: the user's private chat (same id) must be allowed.
    chat_id = chat.id if chat is not None else user.id if user is not None else None
    if chat_id not in settings.allowed_chats:
        raise ApplicationHandlerStop


async def limit_floods(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Drop any update beyond its user's or its group's budget; admins are not counted."""
    found = services(context)
    user = update.effective_user
    chat = update.effective_chat
    if user is not None and user.id in found.settings.admin_ids:
        return
    guard = found.flood_guard
    if user is not None and not guard.users.take(user.id):
        found.metrics.rate_limited.labels("user_budget").inc()
    elif chat is not None and chat.type in GROUP_TYPES and not guard.groups.take(chat.id):
        found.metrics.rate_limited.labels("group_budget").inc()
    else:
        return
    # A button's notice shows to the one who tapped it, even in a group.
    private = chat is not None and chat.type == ChatType.PRIVATE
    if user is not None and (private or update.callback_query is not None):
        await _ask_to_slow_down(update, found.flood_guard, user.id)
    raise ApplicationHandlerStop


async def _ask_to_slow_down(update: Update, guard: FloodGuard, user_id: int) -> None:
    """Say "slow down" on a button or in private, once a minute at most; never in groups."""
    if not guard.may_notify(user_id):
        return
    try:
        if update.callback_query is not None:
            await update.callback_query.answer(SLOW_DOWN)
        elif update.message is not None and update.message.chat.type == ChatType.PRIVATE:
            await update.message.reply_text(SLOW_DOWN)
    except TelegramError as error:
        logger.warning("Could not ask user %s to slow down: %r", user_id, error)


async def refuse_non_text(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Tell a private chatter that only text questions can be answered."""
    if update.effective_message is not None:
        await update.effective_message.reply_text(
            "I can only read text. Please type your question as a message."
        )
    raise ApplicationHandlerStop


async def screen_question(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Turn away empty, unreadable, over-long and too-frequent questions before they reach
    the engine."""
    message = update.effective_message
    if message is None:
        return
    question = question_in(message, context.bot.username, context.bot.id)
    if question is None:
        return
    found = services(context)
    private = message.chat.type == ChatType.PRIVATE
    limit = found.settings.max_question_chars
    if not question:
        if private:
            await message.reply_html(
                "Please ask a question, for example: "
                f"<i>{html.escape(found.example_question())}</i>"
            )
        raise ApplicationHandlerStop
    if not is_readable(question):
        if private:
            await message.reply_text(UNREADABLE)
        raise ApplicationHandlerStop
    if len(question) > limit:
        if private:
            await message.reply_text(
                f"That question is {len(question)} characters long; I can take up to {limit}. "
                "Please ask it more briefly."
            )
        raise ApplicationHandlerStop

    user = message.from_user
    if user is None or user.id in found.settings.admin_ids:
        return
    wait = await found.question_wait(user.id)
    if wait > 0:
        if private and found.flood_guard.may_notify(user.id):
            await message.reply_text(
                f"You're asking faster than I can keep up with: up to "
                f"{found.settings.questions_per_minute} questions a minute. "
                f"Please try again in {math.ceil(wait)} seconds."
            )
        raise ApplicationHandlerStop
