"""Commands for the bot's admins (`BOT_ADMIN_IDS`)."""

from __future__ import annotations

import html

from telegram import Message, Update
from telegram.ext import ContextTypes

from bot.components.services import Services, services

MAX_PROBLEMS_SHOWN = 10


async def admin_only(
    update: Update, context: ContextTypes.DEFAULT_TYPE, command: str
) -> tuple[Message, Services] | None:
    """The message and services when an admin sent `command`; others are told it is not theirs."""
    message = update.effective_message
    user = update.effective_user
    if message is None:
        return None
    found = services(context)
    if user is None or user.id not in found.settings.admin_ids:
        await message.reply_text(f"Only the bot's admins can use /{command}.")
        return None
    return message, found


async def reload_corpus(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Reload the corpus folder now, for admins; others are told it is not theirs."""
    allowed = await admin_only(update, context, "reload")
    if allowed is None:
        return
    message, found = allowed
    report = await found.library.reload_async()
    lines = [
        f"Reloaded: {report.articles} articles, {report.sentences} sentences "
        f"in {report.seconds:.1f} s."
    ]
    lines += [f"• {html.escape(str(p))}" for p in report.problems[:MAX_PROBLEMS_SHOWN]]
    if len(report.problems) > MAX_PROBLEMS_SHOWN:
        lines.append(f"… and {len(report.problems) - MAX_PROBLEMS_SHOWN} more problems.")
    await message.reply_html("\n".join(lines))


MAX_DECLINED_CHARS = 200


async def show_stats(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Questions, the declined share, feedback and the questions most often declined."""
    allowed = await admin_only(update, context, "stats")
    if allowed is None:
        return
    message, found = allowed
    stats = await found.stored(found.state.stats())
    if stats is None:
        await message.reply_text("The statistics are not available: the database failed.")
        return
    problem = found.current_state_problem()
    lines = (
        # Counts from memory are since this start only: say so before any figure.
        [f"⚠️ {html.escape(problem)}", "Counted in memory since the bot started:", ""]
        if problem
        else []
    )
    lines += [
        f"<b>Questions:</b> {stats.questions} "
        f"({stats.questions - stats.declined} answered, {stats.declined} declined, "
        f"{stats.declined_share:.0%})",
        f"<b>Feedback:</b> 👍 {stats.thumbs_up} · 👎 {stats.thumbs_down}",
        f"<b>Articles added today:</b> {stats.added_today} (by link or feed)",
    ]
    engine = found.library.engine
    if engine.embedder is not None:
        lines.append(f"<b>Semantic stage:</b> {engine.vector_coverage:.0%} of sentences embedded")
    if stats.decline_reasons:
        lines.append(
            "<b>Why declined:</b> "
            + ", ".join(
                f"{html.escape(reason)} ×{times}" for reason, times in stats.decline_reasons
            )
        )
    if stats.top_declined:
        lines += ["", "<b>Most often declined</b> (what the corpus is missing):"]
        lines += [
            f"{number}. {_shortened(question)} ×{times}"
            for number, (question, times) in enumerate(stats.top_declined, start=1)
        ]
    await message.reply_html("\n".join(lines))


def _shortened(question: str) -> str:
    if len(question) > MAX_DECLINED_CHARS:
        question = question[:MAX_DECLINED_CHARS] + "…"
    return html.escape(question)
