"""The state database on both backends: answers survive reopening, old schemas are
upgraded with their data, newer ones refused, limits hold across instances, and every
failure is a `StateError` naming the database, never its password."""

from __future__ import annotations

import asyncio
import re
import sqlite3
import time
from contextlib import closing
from pathlib import Path
from urllib.parse import urlsplit

import psycopg
import pytest

from bot.state import (
    SCHEMA_VERSION,
    PostgresStore,
    SqliteStore,
    StateError,
    StateStore,
    database_passwords,
    open_state,
    redact_url,
    sqlite_url,
)
from tests.telegram.conftest import (
    PASSWORD_FORMS,
    both_backends,
    in_password_form,
    postgres_server_url,
    unreachable_twin,
    with_database,
)

V1_SQLITE_SCHEMA = """
CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS answers (
    answer_id INTEGER PRIMARY KEY,
    chat_id INTEGER NOT NULL,
    question TEXT NOT NULL,
    corpus_key TEXT NOT NULL,
    passage_ids TEXT NOT NULL,
    article_ids TEXT NOT NULL,
    created_at REAL NOT NULL
);
CREATE TABLE IF NOT EXISTS answer_messages (
    chat_id INTEGER NOT NULL,
    message_id INTEGER NOT NULL,
    answer_id INTEGER NOT NULL REFERENCES answers (answer_id),
    PRIMARY KEY (chat_id, message_id)
);
INSERT INTO schema_version (version) VALUES (1);
INSERT INTO answers VALUES (5, -1001234567890, 'How many troops?', 'old', '[9, 4]', '["a"]', 1.0);
INSERT INTO answer_messages VALUES (-1001234567890, 77, 5);
"""
"""The schema the first release shipped, with one answer in it."""


def set_version(url: str, version: int) -> None:
    if url.startswith("sqlite:///"):
        with sqlite3.connect(url.removeprefix("sqlite:///")) as db:
            db.execute("UPDATE schema_version SET version = ?", (version,))
    else:
        import psycopg

        with psycopg.connect(url, autocommit=True) as db:
            db.execute("UPDATE schema_version SET version = %s", (version,))


@both_backends
async def test_answers_and_their_messages_survive_reopening(database_url: str) -> None:
    store = open_state(database_url)
    chat = -1001234567890  # group ids need 64 bits
    answer_id = await store.save_answer(chat, "How many?", "corpus-1", [3, 1, 2], ["a", "b"])
    await store.link_message(chat, 42, answer_id)
    await store.link_message(chat, 42, answer_id)  # a redelivered update links again
    store.close()

    reopened = open_state(database_url)
    stored = await reopened.answer_shown_in(chat, 42)
    assert stored is not None
    assert (stored.answer_id, stored.question, stored.passage_ids, stored.article_ids) == (
        answer_id,
        "How many?",
        (3, 1, 2),
        ("a", "b"),
    )
    assert await reopened.answer_shown_in(8, 42) is None  # message ids are per chat
    assert await reopened.answer(answer_id + 1) is None
    reopened.close()


@both_backends
async def test_an_older_schema_is_upgraded_and_keeps_its_data(
    database_url: str, state_db: Path
) -> None:
    if database_url.startswith("sqlite"):
        with sqlite3.connect(state_db) as db:
            db.executescript(V1_SQLITE_SCHEMA)
        kept = (5, -1001234567890, 77)
    else:
        old = PostgresStore(database_url, target_version=1)
        answer_id = await old.save_answer(-1001234567890, "How many troops?", "old", [9, 4], ["a"])
        await old.link_message(-1001234567890, 77, answer_id)
        old.close()
        kept = (answer_id, -1001234567890, 77)

    store = open_state(database_url)
    stored = await store.answer_shown_in(kept[1], kept[2])
    assert stored is not None
    assert (stored.answer_id, stored.question, stored.passage_ids) == (
        kept[0],
        "How many troops?",
        (9, 4),
    )
    # The new tables work on the upgraded database.
    await store.record_feedback(stored, 1001, [9], +1)
    await store.record_question(kept[1], 1001, "Who won?", "declined", 0.01)
    stats = await store.stats()
    assert (stats.questions, stats.declined, stats.thumbs_up) == (1, 1, 1)
    store.close()
    store = open_state(database_url)  # and the upgrade is recorded: no second migration
    assert (await store.stats()).questions == 1
    store.close()


@both_backends
async def test_a_newer_schema_is_refused(database_url: str) -> None:
    open_state(database_url).close()
    set_version(database_url, SCHEMA_VERSION + 1)

    with pytest.raises(StateError, match=f"schema version {SCHEMA_VERSION + 1}, newer"):
        open_state(database_url)


@both_backends
async def test_question_limit_is_a_sliding_minute(database_url: str) -> None:
    store = open_state(database_url)
    assert await store.question_wait(1, per_minute=2, now=0.0) == 0
    assert await store.question_wait(1, per_minute=2, now=10.0) == 0
    assert await store.question_wait(1, per_minute=2, now=20.0) == pytest.approx(40.0)
    assert await store.question_wait(2, per_minute=2, now=20.0) == 0  # another user
    assert await store.question_wait(1, per_minute=2, now=60.5) == 0  # the first one left
    store.close()


@both_backends
async def test_the_limit_holds_across_instances_sharing_the_database(database_url: str) -> None:
    first, second = open_state(database_url), open_state(database_url)
    waits = await asyncio.gather(
        *(
            store.question_wait(7, per_minute=30, now=100.0)
            for _ in range(40)
            for store in (first, second)
        )
    )
    assert sum(1 for wait in waits if wait == 0) == 30
    first.close()
    second.close()


@both_backends
async def test_two_instances_claim_each_stored_update_once(database_url: str) -> None:
    first, second = open_state(database_url), open_state(database_url)
    for update_id in range(1, 21):
        await first.store_update(1, update_id, f'{{"update_id": {update_id}}}')
        await second.store_update(1, update_id, "stored twice: the first copy stays")
    claims = await asyncio.gather(
        *(
            store.claim_update(1, update_id, name, stale_before=0.0)
            for update_id in range(1, 21)
            for store, name in ((first, "a"), (second, "b"))
        )
    )
    assert sum(claims) == 20  # each update once, by one of them

    # Update 1 answered; 2 replied to (maybe sent) when its owner died; 3 claimed, owner died.
    await first.set_update_status(1, 1, "done")
    await first.set_update_status(1, 2, "replied")
    await first.store_update(1, 21, '{"update_id": 21}')
    first.close()  # PostgreSQL's 'replied' mark is sent without waiting; closing waits
    later = 10**10
    left = await second.unfinished_updates(1, new_before=later, stale_before=later)
    assert [update_id for update_id, _ in left] == [*range(3, 22)]
    assert left[0][1] == '{"update_id": 3}'
    # While their owners renew their claims, only the never-claimed one is unfinished.
    assert [update_id for update_id, _ in await second.unfinished_updates(1, later, 0.0)] == [21]
    assert not await second.claim_update(1, 2, "b", stale_before=later)  # never twice
    assert await second.forget_updates(before=later) == 2
    second.close()


def update_status(database_url: str, update_id: int) -> str:
    """The stored status of update `update_id` of bot 1, read on a connection of its own
    (a blocking call: the event loop gets no turn meanwhile)."""
    query = "SELECT status FROM updates WHERE bot_id = 1 AND update_id = "
    if database_url.startswith("sqlite:///"):
        with closing(sqlite3.connect(database_url.removeprefix("sqlite:///"))) as db:
            row = db.execute(query + "?", (update_id,)).fetchone()
    else:
        with psycopg.connect(database_url) as db:
            row = db.execute(query + "%s", (update_id,)).fetchone()
    assert row is not None
    return str(row[0])


async def statuses_seen_while_marking(
    store: StateStore, database_url: str, update_id: int
) -> list[str]:
    """Mark update `update_id` 'replied'; its status as seen in each turn the event loop
    had meanwhile."""
    loop = asyncio.get_running_loop()
    seen: list[str] = []
    marking = [True]

    def look() -> None:
        if marking[0]:
            seen.append(update_status(database_url, update_id))
            loop.call_soon(look)

    loop.call_soon(look)
    await store.set_update_status(1, update_id, "replied")
    marking[0] = False
    return seen


@both_backends
async def test_a_replied_mark_reaches_the_database_without_giving_the_event_loop_a_turn(
    database_url: str,
) -> None:
    # The reply's body is written right after the mark (bot.delivery): had the event loop
    # run anything in between, a crash there would lose a reply that is marked as sent.
    store, other = open_state(database_url), open_state(database_url)
    for update_id in (1, 2, 3):  # the first opens PostgreSQL's connection for marks
        await store.store_update(1, update_id, f'{{"update_id": {update_id}}}')
        assert await store.claim_update(1, update_id, "a", stale_before=0.0)
        seen_in_turns = await statuses_seen_while_marking(store, database_url, update_id)
        # Turns of the loop during the call (waiting for a connection) came before the mark.
        assert "replied" not in seen_in_turns
        # On its way when the call returned: it arrives with no further turn of the loop.
        deadline = time.monotonic() + 30
        while (status := update_status(database_url, update_id)) != "replied":
            assert time.monotonic() < deadline, status
            time.sleep(0.001)
    store.close()
    # Committed: another instance does not take the updates again.
    later = 10**10
    assert await other.unfinished_updates(1, new_before=later, stale_before=later) == []
    assert not await other.claim_update(1, 1, "b", stale_before=later)
    other.close()


@both_backends
async def test_feedback_and_stats(database_url: str) -> None:
    store = open_state(database_url)
    answer_id = await store.save_answer(5, "How many troops?", "c", [1, 2, 3], ["a"])
    stored = await store.answer(answer_id)
    assert stored is not None
    await store.record_feedback(stored, 1001, [1, 2], -1)
    await store.record_feedback(stored, 1001, [1, 2], +1)  # changed their mind
    await store.record_feedback(stored, 1002, [2, 3], -1)
    for question, outcome, reason in [
        ("How many troops?", "answered", None),
        ("Who won the match?", "declined", "nothing_relevant"),
        ("who won  the MATCH?", "declined", "nothing_relevant"),
        ("What is the weather?", "declined", "name_absent"),
    ]:
        await store.record_question(5, 1001, question, outcome, 0.02, reason)  # type: ignore[arg-type]

    stats = await store.stats(top=1)
    assert (stats.questions, stats.declined, stats.thumbs_up, stats.thumbs_down) == (4, 3, 1, 1)
    assert stats.declined_share == pytest.approx(0.75)
    assert stats.top_declined == [("Who won the match?", 2)]
    assert stats.decline_reasons == [("nothing_relevant", 2), ("name_absent", 1)]
    store.close()


@both_backends
def test_unusable_databases_are_named_with_the_problem(database_url: str, tmp_path: Path) -> None:
    if database_url.startswith("sqlite"):
        corrupt = tmp_path / "corrupt.sqlite3"
        corrupt.write_bytes(b"this is not a database" * 100)
        with pytest.raises(StateError, match=re.escape(f"{corrupt}: file is not a database")):
            open_state(sqlite_url(corrupt))
        (tmp_path / "a-file").write_text("not a folder")
        with pytest.raises(StateError, match=r"a-file/state\.sqlite3: .*File exists"):
            SqliteStore(tmp_path / "a-file" / "state.sqlite3", timeout=0.1)
    else:
        server = urlsplit(postgres_server_url())
        password = server.password
        assert password
        wrong = server._replace(
            netloc=f"{server.username}:{password}-wrong@{server.hostname}:{server.port}"
        ).geturl()
        with pytest.raises(StateError) as refused:
            open_state(wrong)
        assert "password authentication failed" in str(refused.value)
        assert redact_url(wrong) in str(refused.value)
        assert password not in str(refused.value)
        with pytest.raises(StateError, match="does not exist"):
            open_state(with_database(postgres_server_url(), "newsbot_no_such_database"))
    with pytest.raises(StateError, match="not supported"):
        open_state("mysql://user:pw@host/db")


def test_redact_url_hides_only_the_password() -> None:
    assert (
        redact_url("postgresql://bot:s3cret@db:5432/state") == "postgresql://bot:***@db:5432/state"
    )
    assert redact_url("sqlite:////var/state.sqlite3") == "sqlite:////var/state.sqlite3"
    assert (
        redact_url("postgresql://bot@db/state?sslmode=require&password=s3cr%26t&x=1")
        == "postgresql://bot@db/state?sslmode=require&password=***&x=1"
    )
    assert (
        redact_url("host=db password='s3 cr\\'et' dbname=state")
        == "host=db password=*** dbname=state"
    )
    assert database_passwords("postgresql://bot:s3cr%40t@db/state?password=other") == [
        "s3cr%40t",
        "s3cr@t",
        "other",
    ]
    assert database_passwords("host=db password='s3 cr\\'et'") == ["'s3 cr\\'et'", "s3 cr'et"]


@pytest.mark.parametrize("database_url", ["postgresql"], indirect=True)
@pytest.mark.parametrize("form", PASSWORD_FORMS)
def test_every_password_form_opens_postgresql_and_is_never_named(
    database_url: str, form: str
) -> None:
    password = urlsplit(database_url).password
    assert password
    store = open_state(in_password_form(database_url, form))
    try:
        assert password not in store.name
        assert "***" in store.name
    finally:
        store.close()
    unreachable = in_password_form(unreachable_twin(database_url), form)
    with pytest.raises(StateError) as refused:
        open_state(unreachable, timeout=1)
    assert "***" in str(refused.value)
    assert password not in str(refused.value)


async def test_a_locked_sqlite_file_fails_with_a_clear_error(state_db: Path) -> None:
    store = SqliteStore(state_db, timeout=0.2)
    locker = sqlite3.connect(state_db, isolation_level=None)
    locker.execute("BEGIN EXCLUSIVE")
    with pytest.raises(StateError, match=f"{state_db}: database is locked"):
        await store.save_answer(1, "q", "c", [1], ["a"])
    locker.execute("COMMIT")
    locker.close()
    assert await store.save_answer(1, "q", "c", [1], ["a"]) >= 1
    journal = sqlite3.connect(state_db).execute("PRAGMA journal_mode").fetchone()[0]
    assert journal == "wal"
    store.close()
