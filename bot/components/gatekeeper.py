"""Checks that run before any answering handler (an earlier handler group).

Each raises `ApplicationHandlerStop` to end an update's processing: chats that are
not allowed, non-text messages, empty, unreadable (a lone surrogate), over-long and
too-frequent questions. In groups the bot stays quiet about them; in private it says
briefly what went wrong.
"""

from __future__ import annotations

import html
import logging
import math

from telegram import Update
from telegram.constants import ChatType
from telegram.error import TelegramError
from telegram.ext import ApplicationHandlerStop, ContextTypes

from bot.components.questions import UNREADABLE, is_readable, question_in
from bot.components.services import services

logger = logging.getLogger(__name__)

GROUP_TYPES = (ChatType.GROUP, ChatType.SUPERGROUP, ChatType.CHANNEL)


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
        await message.reply_text(
            f"You're asking faster than I can keep up with: up to "
            f"{found.settings.questions_per_minute} questions a minute. "
            f"Please try again in {math.ceil(wait)} seconds."
        )
        raise ApplicationHandlerStop
