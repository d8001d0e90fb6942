"""Tags every log line written while an update is handled with that update's id."""

from __future__ import annotations

from telegram import Update
from telegram.ext import ContextTypes

from bot.logs import current_update_id


async def note_update(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Remember the update's id for the logs (each update runs in its own task)."""
    current_update_id.set(update.update_id)
