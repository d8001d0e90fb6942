"""What the bot has read: `/sources`, `/sources` as a reply to an answer, and `/source N`."""

from __future__ import annotations

from telegram import Message, Update
from telegram.ext import ContextTypes

from bot.components import render
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
    header = f"<b>I have read {len(articles)} articles.</b> Send /source N for one of them.\n"
    lines = [render.article_line(number, article) for number, article in articles]
    await _send_all(message, render.split_messages(header, lines))


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
