"""👍/👎 under an answer: stored with the question and the quotes on screen.

Callback data is `fb:<answer_id>:up` or `fb:<answer_id>:down`. A vote replaces the same
user's earlier vote on that answer. `/stats` (bot.components.admin) sums them up.
"""

from __future__ import annotations

import re

from telegram import Message, Update
from telegram.ext import ContextTypes

from bot.components.buttons import INVALID_NOTICE, answer_under, shown_positions
from bot.components.services import services

FEEDBACK_PATTERN = r"^fb:"
THANKS = "Thanks for the feedback!"
NOT_SAVED = "Sorry, your feedback could not be saved just now."

_FEEDBACK_DATA = re.compile(r"fb:(\d{1,12}):(up|down)")


def parse_feedback(data: str | None) -> tuple[int, int] | None:
    """(answer id, +1 or -1) from callback `data`, or None when it is not a vote."""
    match = _FEEDBACK_DATA.fullmatch(data or "")
    if match is None:
        return None
    return int(match[1]), 1 if match[2] == "up" else -1


async def take_feedback(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Store a 👍 or 👎 on an answer, with the quotes the message shows, and say thanks."""
    query = update.callback_query
    if query is None:
        return
    found = services(context)
    vote = parse_feedback(query.data)
    message = query.message if isinstance(query.message, Message) else None
    if vote is None or message is None:
        await query.answer(INVALID_NOTICE)
        return
    answer_id, value = vote
    stored = await answer_under(found, message, answer_id)
    if isinstance(stored, str):
        await query.answer(stored)
        return
    shown = [
        stored.passage_ids[position]
        for position in shown_positions(message)
        if position < len(stored.passage_ids)
    ]
    if not await found.saved(found.state.record_feedback(stored, query.from_user.id, shown, value)):
        await query.answer(NOT_SAVED)
        return
    found.metrics.feedback.labels("up" if value > 0 else "down").inc()
    await query.answer(THANKS)
