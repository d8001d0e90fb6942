"""The SQLite state store: answers survive reopening; a foreign schema is refused."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from bot.components.services import QuestionRateLimiter
from bot.state import SCHEMA_VERSION, StateStore


def test_answers_and_their_messages_survive_reopening(tmp_path: Path) -> None:
    path = tmp_path / "nested" / "state.sqlite3"
    store = StateStore(path)
    answer_id = store.save_answer(7, "How many?", "corpus-1", [3, 1, 2], ["a", "b"])
    store.link_message(7, 42, answer_id)
    store.close()

    reopened = StateStore(path)
    stored = reopened.answer_shown_in(7, 42)
    assert stored is not None
    assert (stored.answer_id, stored.question, stored.passage_ids, stored.article_ids) == (
        answer_id,
        "How many?",
        (3, 1, 2),
        ("a", "b"),
    )
    assert reopened.answer_shown_in(8, 42) is None  # message ids are per chat
    assert reopened.answer(answer_id + 1) is None
    journal = sqlite3.connect(path).execute("PRAGMA journal_mode").fetchone()[0]
    assert journal == "wal"
    reopened.close()


def test_a_database_with_another_schema_version_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "state.sqlite3"
    StateStore(path).close()
    with sqlite3.connect(path) as db:
        db.execute("UPDATE schema_version SET version = ?", (SCHEMA_VERSION + 1,))

    with pytest.raises(RuntimeError, match="schema version"):
        StateStore(path)


def test_question_limit_is_a_sliding_minute() -> None:
    limiter = QuestionRateLimiter(per_minute=2)
    assert limiter.wait_time(1, now=0.0) == 0
    assert limiter.wait_time(1, now=10.0) == 0
    assert limiter.wait_time(1, now=20.0) == pytest.approx(40.0)
    assert limiter.wait_time(2, now=20.0) == 0  # another user
    assert limiter.wait_time(1, now=60.5) == 0  # the first question left the window
