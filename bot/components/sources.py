"""What the bot has read: `/sources`, `/sources` as a reply to an answer, and `/source N`.

The corpus list is one message, paged in place with ‹ › buttons, however many articles
there are: dozens of messages would hold the chat (and Telegram's per-chat limit)."""

from __future__ import annotations

import re

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Message, Update
from telegram.error import BadRequest
from telegram.ext import ContextTypes

from bot.components import render
from bot.components.buttons import INVALID_NOTICE
from bot.components.services import Services, services
from bot.engine import Article


def numbered(found: Services) -> list[tuple[int, Article]]:
    """The corpus articles numbered from 1, in the engine's order; `/source N` uses these."""
    return list(enumerate(found.corpus().engine.articles, start=1))


async def list_sources(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """List the corpus, or, sent as a reply to an answer, that answer's sources in full."""
    message = update.effective_message
    if message is None:
        return
    found = services(context)
    replied = message.reply_to_message
    stored = (
        await found.stored(found.state.answer_shown_in(message.chat_id, replied.message_id))
        if replied is not None
        else None
    )
    if stored is not None:
        by_id = {article.article_id: (number, article) for number, article in numbered(found)}
        cards = [
            render.article_card(*by_id[article_id])
            for article_id in stored.article_ids
            if article_id in by_id
        ]
        header = f"<b>Sources of this answer</b> ({len(cards)}):"
        await _send_all(message, render.split_messages(header, cards, separator="\n\n"))
        return

    articles = numbered(found)
    if not articles:
        await message.reply_text("I have no articles loaded.")
        return
    pages = _corpus_pages(articles)
    await message.reply_html(pages[0], reply_markup=_page_keyboard(0, len(pages)))


async def turn_sources_page(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Show another page of the `/sources` list in the same message (its ‹ › buttons)."""
    query = update.callback_query
    if query is None:
        return
    match = _PAGE_DATA.fullmatch(query.data or "")
    message = query.message if isinstance(query.message, Message) else None
    if match is None or message is None:
        await query.answer(INVALID_NOTICE)
        return
    await query.answer()
    pages = _corpus_pages(numbered(services(context)))
    # The corpus may have shrunk since the button was drawn: the last page then.
    page = min(int(match[1]), len(pages) - 1)
    try:
        await message.edit_text(pages[page], reply_markup=_page_keyboard(page, len(pages)))
    except BadRequest as error:
        if "not modified" not in error.message:
            raise


_PAGE_DATA = re.compile(r"src:(\d{1,6})")
PAGE_PATTERN = r"^src:"
"""Callback data of the `/sources` page buttons: `src:<page>`, counted from 0."""
_FOOTER_ROOM = 40


def _corpus_pages(articles: list[tuple[int, Article]]) -> list[str]:
    """The numbered corpus list as message-sized pages, each with "page i of n"."""
    header = f"<b>I have read {len(articles)} articles.</b> Send /source N for one of them.\n"
    lines = [render.article_line(number, article) for number, article in articles]
    pages = render.split_messages(header, lines, limit=render.MESSAGE_LIMIT - _FOOTER_ROOM)
    if len(pages) == 1:
        return pages
    return [f"{text}\n\n<i>Page {i} of {len(pages)}</i>" for i, text in enumerate(pages, 1)]


def _page_keyboard(page: int, total: int) -> InlineKeyboardMarkup | None:
    """‹ Previous and Next › buttons around `page` (none when there is one page)."""
    if total <= 1:
        return None
    buttons = []
    if page > 0:
        buttons.append(InlineKeyboardButton("‹ Previous", callback_data=f"src:{page - 1}"))
    if page < total - 1:
        buttons.append(InlineKeyboardButton("Next ›", callback_data=f"src:{page + 1}"))
    return InlineKeyboardMarkup([buttons])


async def show_source(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Show one article's metadata and opening lines: `/source N`."""
    message = update.effective_message
    if message is None:
        return
    found = services(context)
    articles = numbered(found)
    args = context.args or []
    number = int(args[0]) if len(args) == 1 and args[0].isdecimal() else 0
    if not 1 <= number <= len(articles):
        await message.reply_text(
            f"Send /source followed by an article number from 1 to {len(articles)}, "
            "for example /source 1. /sources lists them."
        )
        return
    article = articles[number - 1][1]
    await message.reply_html(
        render.article_details(number, article, found.corpus().engine.opening(article, sentences=3))
    )


async def show_help(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Say what the bot knows, how to ask it, and give example questions (/start, /help)."""
    message = update.effective_message
    if message is None:
        return
    found = services(context)
    await message.reply_html(
        render.help_text(
            context.bot.username, found.corpus().engine.articles, found.example_questions()
        )
    )


async def _send_all(message: Message, texts: list[str]) -> None:
    """Send `texts` in order, the first as a reply to `message`."""
    first, *rest = texts
    await message.reply_html(first)
    for text in rest:
        await message.reply_html(text, do_quote=False)
