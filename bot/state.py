"""Per-chat memory of what the bot answered, in SQLite, so buttons outlive a restart.

An answer is stored as its question and the passage ids it quoted, best first.
The "more quotes" and "context" buttons and `/sources` sent as a reply look the
answer up here; the corpus fingerprint tells an answer from an older corpus apart.
"""

from __future__ import annotations

import json
import sqlite3
import time
from dataclasses import dataclass
from pathlib import Path

SCHEMA_VERSION = 1

_SCHEMA = """
CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS answers (
    answer_id INTEGER PRIMARY KEY,
    chat_id INTEGER NOT NULL,
    question TEXT NOT NULL,
    corpus_key TEXT NOT NULL,
    passage_ids TEXT NOT NULL,  -- JSON list, best first
    article_ids TEXT NOT NULL,  -- JSON list, in order of first quote
    created_at REAL NOT NULL
);
CREATE TABLE IF NOT EXISTS answer_messages (
    chat_id INTEGER NOT NULL,
    message_id INTEGER NOT NULL,
    answer_id INTEGER NOT NULL REFERENCES answers (answer_id),
    PRIMARY KEY (chat_id, message_id)
);
"""


@dataclass(frozen=True)
class StoredAnswer:
    """What an answer message showed, as far as the buttons need to know."""

    answer_id: int
    chat_id: int
    question: str
    corpus_key: str
    passage_ids: tuple[int, ...]
    article_ids: tuple[str, ...]


class StateStore:
    """The bot's SQLite database: answers and the messages that show them."""

    def __init__(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        # One connection, used only from the event loop's thread.
        self._db = sqlite3.connect(path, isolation_level=None)
        self._db.execute("PRAGMA journal_mode=WAL")
        # WAL with NORMAL sync survives an application crash; losing the last few
        # answers to a power cut only makes their buttons stale.
        self._db.execute("PRAGMA synchronous=NORMAL")
        self._migrate()

    def _migrate(self) -> None:
        self._db.executescript(_SCHEMA)
        row = self._db.execute("SELECT version FROM schema_version").fetchone()
        if row is None:
            self._db.execute("INSERT INTO schema_version (version) VALUES (?)", (SCHEMA_VERSION,))
        elif row[0] != SCHEMA_VERSION:
            raise RuntimeError(
                f"state database has schema version {row[0]}, this bot needs {SCHEMA_VERSION}"
            )

    def save_answer(
        self,
        chat_id: int,
        question: str,
        corpus_key: str,
        passage_ids: list[int],
        article_ids: list[str],
    ) -> int:
        """Store an answer and return its id, which the buttons carry."""
        cursor = self._db.execute(
            "INSERT INTO answers (chat_id, question, corpus_key, passage_ids, article_ids,"
            " created_at) VALUES (?, ?, ?, ?, ?, ?)",
            (
                chat_id,
                question,
                corpus_key,
                json.dumps(passage_ids),
                json.dumps(article_ids),
                time.time(),
            ),
        )
        assert cursor.lastrowid is not None
        return cursor.lastrowid

    def link_message(self, chat_id: int, message_id: int, answer_id: int) -> None:
        """Remember that message `message_id` in `chat_id` shows answer `answer_id`."""
        self._db.execute(
            "INSERT OR REPLACE INTO answer_messages (chat_id, message_id, answer_id)"
            " VALUES (?, ?, ?)",
            (chat_id, message_id, answer_id),
        )

    def answer(self, answer_id: int) -> StoredAnswer | None:
        row = self._db.execute(
            "SELECT answer_id, chat_id, question, corpus_key, passage_ids, article_ids"
            " FROM answers WHERE answer_id = ?",
            (answer_id,),
        ).fetchone()
        if row is None:
            return None
        return StoredAnswer(
            answer_id=row[0],
            chat_id=row[1],
            question=row[2],
            corpus_key=row[3],
            passage_ids=tuple(json.loads(row[4])),
            article_ids=tuple(json.loads(row[5])),
        )

    def answer_shown_in(self, chat_id: int, message_id: int) -> StoredAnswer | None:
        """The answer a bot message in `chat_id` shows, if it shows one."""
        row = self._db.execute(
            "SELECT answer_id FROM answer_messages WHERE chat_id = ? AND message_id = ?",
            (chat_id, message_id),
        ).fetchone()
        return None if row is None else self.answer(row[0])

    def close(self) -> None:
        self._db.close()
