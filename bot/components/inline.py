"""Inline mode: `@Bot question` in any chat offers the best quotes, each with its citation."""

from __future__ import annotations

from telegram import (
    InlineQueryResultArticle,
    InlineQueryResultsButton,
    InputTextMessageContent,
    Update,
)
from telegram.ext import ContextTypes

from bot.components import render
from bot.components.questions import is_readable
from bot.components.services import AnswerTooSlow, services

DESCRIPTION_CHARS = 120
HELP_START_PARAMETER = "help"
"""Tapping the results button opens a private chat with `/start help`."""


async def offer_quotes(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Answer an inline query with the best quotes, or a button explaining how to ask."""
    query = update.inline_query
    if query is None:
        return
    found = services(context)
    question = query.query.strip()
    if not question:
        await query.answer([], button=_help_button("Type a question about the news…"))
        return
    if not is_readable(question):
        await query.answer([], button=_help_button("I can only read text"))
        return
    if len(question) > found.settings.max_question_chars:
        await query.answer([], button=_help_button("That question is too long"))
        return

    try:
        answer = await found.corpus().answers.ask(question)
    except AnswerTooSlow:
        await query.answer([], button=_help_button("That took too long. How to ask?"))
        return
    if not answer.answered or not answer.quotes:
        await query.answer([], button=_help_button("No quotes found. How to ask?"))
        return
    results = [
        InlineQueryResultArticle(
            # A credit is quoted with its article's best sentence: its id differs.
            id=f"{'c' if quote.credit else ''}{quote.passage.passage_id}",
            title=(
                f"{quote.figure} ({quote.article.outlet_label})"
                if quote.figure
                else quote.article.outlet_label
            ),
            description=quote.text[:DESCRIPTION_CHARS],
            input_message_content=InputTextMessageContent(render.quote_block(quote)),
        )
        for quote in answer.quotes[: found.settings.max_quotes]
    ]
    await query.answer(results)


def _help_button(text: str) -> InlineQueryResultsButton:
    return InlineQueryResultsButton(text=text, start_parameter=HELP_START_PARAMETER)
