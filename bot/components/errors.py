"""Staying up: the error handler, and a log filter that keeps the token out of the logs."""

from __future__ import annotations

import logging

from telegram import Update
from telegram.error import TelegramError
from telegram.ext import ContextTypes

logger = logging.getLogger(__name__)

SORRY = "Sorry, something went wrong while answering that. Please try again in a moment."
REDACTED = "[REDACTED]"


async def report_error(update: object, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Log the failed update's id and the error, and tell the user once that it failed."""
    update_id = update.update_id if isinstance(update, Update) else None
    logger.error("Update %s failed: %r", update_id, context.error, exc_info=context.error)
    if not isinstance(update, Update):
        return
    try:
        if update.callback_query is not None:
            await update.callback_query.answer(SORRY)
        elif update.effective_message is not None:
            await update.effective_message.reply_text(SORRY)
    except TelegramError as error:
        # The notice is a courtesy; if Telegram refuses it too, the log above must do.
        logger.warning("Could not tell the user that update %s failed: %r", update_id, error)


class SecretRedactor(logging.Filter):
    """Replaces a secret (the bot token) wherever it appears in a log record.

    httpx logs request URLs, which contain the token; its logger is turned down to
    WARNING, and this filter catches whatever else might carry the token.
    """

    def __init__(self, secret: str) -> None:
        super().__init__()
        self._secret = secret

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        if self._secret in message:
            record.msg = message.replace(self._secret, REDACTED)
            record.args = None
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text and self._secret in record.exc_text:
            record.exc_text = record.exc_text.replace(self._secret, REDACTED)
        return True
