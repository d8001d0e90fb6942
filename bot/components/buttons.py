"""The buttons under an answer: more quotes (edited in place) and a quote's context.

Callback data is `more:<answer_id>:<first quote>` or `ctx:<answer_id>:<quote>`, well
under Telegram's 64 bytes; the 👍/👎 row (`fb:<answer_id>:up|down`) is handled by
`bot.components.feedback`. Anything else, or a button from another chat, is treated
as forged; a button whose answer is gone or came from an older corpus is stale.
Either gets a short notice on the button, never an error.

A button counts only under the message stored as showing its answer: answer ids
start again at 1 when the state database is reset, so an old button's id may name
another question's answer, and must not edit its message into that one.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

from telegram import CallbackQuery, InlineKeyboardButton, InlineKeyboardMarkup, Message, Update
from telegram.error import BadRequest
from telegram.ext import ContextTypes

from bot.components import render
from bot.components.services import AnswerTooSlow, Corpus, Services, services
from bot.state import StoredAnswer

INVALID_NOTICE = "This button is not valid."
STALE_NOTICE = "This answer is out of date. Please ask again."
TOO_SLOW_NOTICE = "That is taking too long. Please try again in a moment."
CONTEXT_WINDOW = 2
CONTEXT_BUTTONS_PER_ROW = 5

_CALLBACK_DATA = re.compile(r"(more|ctx):(\d{1,12}):(\d{1,3})")


@dataclass(frozen=True)
class ButtonPress:
    """A parsed button: which answer, and which quote to start from or explain."""

    action: Literal["more", "ctx"]
    answer_id: int
    position: int

    def data(self) -> str:
        return f"{self.action}:{self.answer_id}:{self.position}"


def parse_button(data: str | None) -> ButtonPress | None:
    """The press encoded in callback `data`, or None when it is not one of ours."""
    match = _CALLBACK_DATA.fullmatch(data or "")
    if match is None:
        return None
    action: Literal["more", "ctx"] = "more" if match[1] == "more" else "ctx"
    return ButtonPress(action, int(match[2]), int(match[3]))


def answer_keyboard(answer_id: int, page: render.AnswerPage, total: int) -> InlineKeyboardMarkup:
    """A context button per quote shown, then paging when the answer has more quotes."""
    context_buttons = [
        InlineKeyboardButton(
            f"Context {index + 1}", callback_data=ButtonPress("ctx", answer_id, index).data()
        )
        for index in page.shown
    ]
    rows = [
        context_buttons[i : i + CONTEXT_BUTTONS_PER_ROW]
        for i in range(0, len(context_buttons), CONTEXT_BUTTONS_PER_ROW)
    ]
    paging = []
    if page.start > 0:
        paging.append(
            InlineKeyboardButton(
                "« First quotes", callback_data=ButtonPress("more", answer_id, 0).data()
            )
        )
    if page.end < total:
        paging.append(
            InlineKeyboardButton(
                "More quotes »", callback_data=ButtonPress("more", answer_id, page.end).data()
            )
        )
    if paging:
        rows.append(paging)
    rows.append(
        [
            InlineKeyboardButton("👍", callback_data=f"fb:{answer_id}:up"),
            InlineKeyboardButton("👎", callback_data=f"fb:{answer_id}:down"),
        ]
    )
    return InlineKeyboardMarkup(rows)


def shown_positions(message: Message) -> list[int]:
    """The quotes (positions in the answer) `message` shows, read off its context buttons."""
    markup = message.reply_markup
    if markup is None:
        return []
    presses = [
        parse_button(button.callback_data if isinstance(button.callback_data, str) else None)
        for row in markup.inline_keyboard
        for button in row
    ]
    return [press.position for press in presses if press is not None and press.action == "ctx"]


async def answer_under(found: Services, message: Message, answer_id: int) -> StoredAnswer | str:
    """The answer `message` shows, if a button under it names that answer; otherwise
    the notice to give: stale (a reset database, an answer gone) or invalid (forged)."""
    shown = await found.stored(found.state.answer_shown_in(message.chat_id, message.message_id))
    if shown is not None and shown.answer_id == answer_id:
        return shown
    named = await found.stored(found.state.answer(answer_id))
    if named is not None and named.chat_id != message.chat_id:
        return INVALID_NOTICE
    return STALE_NOTICE


async def press_button(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Show more quotes or a quote's context, or say briefly why the button does not work."""
    query = update.callback_query
    if query is None:
        return
    found = services(context)
    corpus = found.corpus()
    press = parse_button(query.data)
    message = query.message if isinstance(query.message, Message) else None
    if press is None or message is None:
        await query.answer(INVALID_NOTICE)
        return
    stored = await answer_under(found, message, press.answer_id)
    if isinstance(stored, str):
        await query.answer(stored)
        return
    if stored.corpus_key != corpus.key:
        await query.answer(STALE_NOTICE)
        return
    if press.position >= len(stored.passage_ids):
        await query.answer(INVALID_NOTICE)
        return

    if press.action == "more":
        await _show_page(query, message, corpus, stored, press.position, found.settings.max_quotes)
    else:
        await _show_context(query, message, corpus, stored, press.position)


async def _show_page(
    query: CallbackQuery,
    message: Message,
    corpus: Corpus,
    stored: StoredAnswer,
    start: int,
    per_page: int,
) -> None:
    # The engine is deterministic over one corpus, so asking again yields the same
    # quotes with their highlights; a mismatch means the answer cannot be rebuilt.
    try:
        answer = await corpus.answers.ask(stored.question)
    except AnswerTooSlow:
        await query.answer(TOO_SLOW_NOTICE)
        return
    if tuple(quote.passage.passage_id for quote in answer.quotes) != stored.passage_ids:
        await query.answer(STALE_NOTICE)
        return
    await query.answer()
    page = render.answer_page(answer, start, per_page)
    try:
        await message.edit_text(
            page.text, reply_markup=answer_keyboard(stored.answer_id, page, len(answer.quotes))
        )
    except BadRequest as error:
        # A double tap asks for the page already shown; Telegram refuses the no-op edit.
        if "not modified" not in error.message:
            raise


async def _show_context(
    query: CallbackQuery, message: Message, corpus: Corpus, stored: StoredAnswer, index: int
) -> None:
    passage_id = stored.passage_ids[index]
    passages = corpus.engine.context(passage_id, window=CONTEXT_WINDOW)
    if not any(passage.passage_id == passage_id for passage in passages):
        await query.answer(STALE_NOTICE)
        return
    await query.answer()
    await message.reply_html(render.context_view(passages, passage_id))
