"""Logging: plain or JSON lines (`BOT_LOG_JSON`), with update ids, and secrets redacted.

`configure` is called once by `bot.app.run_bot`. Every handler gets two filters: one
adds the id of the update being handled (`update_id`), the other replaces the bot
token, the webhook secret and the database password wherever they appear, tracebacks
included.
"""

from __future__ import annotations

import json
import logging
from contextvars import ContextVar
from datetime import UTC, datetime

from bot.components.errors import SecretRedactor
from bot.settings import Settings
from bot.state import MIN_SECRET_CHARS, database_passwords

current_update_id: ContextVar[int | None] = ContextVar("current_update_id", default=None)

PLAIN_FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"


class UpdateIdFilter(logging.Filter):
    """Adds `update_id` (or None) to every record: the update being handled."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.update_id = current_update_id.get()
        return True


class JsonFormatter(logging.Formatter):
    """One JSON object a line: time, level, logger, message, update_id, exception."""

    def format(self, record: logging.LogRecord) -> str:
        entry: dict[str, object] = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        update_id = getattr(record, "update_id", None)
        if update_id is not None:
            entry["update_id"] = update_id
        if record.exc_info and not record.exc_text:
            record.exc_text = self.formatException(record.exc_info)
        if record.exc_text:
            entry["exception"] = record.exc_text
        return json.dumps(entry, ensure_ascii=False)


def secrets_of(settings: Settings) -> list[str]:
    """The values no log line may contain: token, webhook secret, database password."""
    found = [
        secret.get_secret_value()
        for secret in (settings.token, settings.webhook_secret)
        if secret is not None
    ]
    found += database_passwords(settings.state_url())
    return [secret for secret in found if len(secret) >= MIN_SECRET_CHARS]


def configure(settings: Settings) -> None:
    """Log to stderr at the configured level, as JSON by setting, secrets redacted."""
    logging.basicConfig(format=PLAIN_FORMAT)
    root = logging.getLogger()
    root.setLevel(settings.log_level.upper())
    logging.captureWarnings(True)  # warnings too become (JSON) log lines
    # httpx logs every request URL at INFO, and Bot API URLs contain the token.
    logging.getLogger("httpx").setLevel(logging.WARNING)
    redactor = SecretRedactor(*secrets_of(settings))
    for handler in root.handlers:
        handler.addFilter(UpdateIdFilter())
        handler.addFilter(redactor)
        # Only plain stderr handlers are ours to format (not, say, pytest's capture).
        if type(handler) is logging.StreamHandler:
            handler.setFormatter(JsonFormatter() if settings.log_json else _plain())


def _plain() -> logging.Formatter:
    return logging.Formatter(PLAIN_FORMAT)
