"""Staying up: the error handler, and a log filter that keeps the token out of the logs."""

from __future__ import annotations

import logging

from telegram import Update
from telegram.error import TelegramError, TimedOut
from telegram.ext import ContextTypes

logger = logging.getLogger(__name__)

SORRY = "Sorry, something went wrong while answering that. Please try again in a moment."
REDACTED = "[REDACTED]"


async def report_error(update: object, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Log the failed update's id and the error, and tell the user once that it failed."""
    if not isinstance(update, Update):
        # Polling itself failed (python-telegram-bot retries it): no user to tell.
        logger.error("Bot API error outside any update: %r", context.error, exc_info=context.error)
        return
    update_id = update.update_id
    if isinstance(context.error, TimedOut):
        # Telegram may have received the request and sent the reply anyway: a "sorry"
        # after a delivered answer would be a second, wrong message.
        logger.warning(
            "Update %s: a Bot API request timed out (%r); it may have been delivered, "
            "so no apology is sent",
            update_id,
            context.error,
        )
        return
    logger.error("Update %s failed: %r", update_id, context.error, exc_info=context.error)
    try:
        if update.callback_query is not None:
            await update.callback_query.answer(SORRY)
        elif update.effective_message is not None:
            await update.effective_message.reply_text(SORRY)
    except TelegramError as error:
        # The notice is a courtesy; if Telegram refuses it too, the log above must do.
        logger.warning("Could not tell the user that update %s failed: %r", update_id, error)


class SecretRedactor(logging.Filter):
    """Replaces secrets (the bot token, the database password…) wherever they appear in
    a log record, message and traceback.

    httpx logs request URLs, which contain the token; its logger is turned down to
    WARNING, and this filter catches whatever else might carry a secret.
    """

    def __init__(self, *secrets: str) -> None:
        super().__init__()
        # Longest first, so that a secret containing another is replaced whole.
        self._secrets = sorted({secret for secret in secrets if secret}, key=len, reverse=True)

    def _redacted(self, text: str) -> str:
        for secret in self._secrets:
            text = text.replace(secret, REDACTED)
        return text

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        redacted = self._redacted(message)
        if redacted != message:
            record.msg = redacted
            record.args = None
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = self._redacted(record.exc_text)
        return True
