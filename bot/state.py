"""The bot's database: per-chat answers, feedback, the question log, per-user limits,
and the feeds the bot polls with the items it has taken from them.

One interface (`StateStore`), two backends behind one URL setting (`BOT_DATABASE_URL`):
SQLite (a file, the default; WAL, so several processes can share it) and PostgreSQL
(for several instances behind a webhook load balancer). Both run the same versioned
schema: `schema_version` holds the version, and `MIGRATIONS` bring any older database
up to `SCHEMA_VERSION` in order, keeping its data; a newer database is refused.

An answer is stored as its question and the passage ids it quoted, best first. The
"more quotes" and "context" buttons and `/sources` sent as a reply look the answer up
here; the corpus fingerprint tells an answer from an older corpus apart.

The `updates` table keeps every update from Telegram from its arrival until it is
answered (`bot.delivery`): a crashed instance's unfinished updates are handled again,
and a claim per update lets only one of several instances handle it.

Database calls run in one worker thread per store, so a slow or locked database never
blocks the event loop. Every database failure is raised as `StateError`, whose message
names the database (a URL's password is never shown) and the problem.
"""

from __future__ import annotations

import asyncio
import json
import logging
import re
import select
import sqlite3
import time
from abc import ABC, abstractmethod
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any, Literal, TypeVar
from urllib.parse import unquote, urlsplit, urlunsplit

import psycopg
from psycopg import pq

logger = logging.getLogger(__name__)

MIGRATIONS: list[tuple[int, str]] = [
    (
        1,
        """
        CREATE TABLE IF NOT EXISTS answers (
            answer_id {serial},
            chat_id BIGINT NOT NULL,
            question TEXT NOT NULL,
            corpus_key TEXT NOT NULL,
            passage_ids TEXT NOT NULL,  -- JSON list, best first
            article_ids TEXT NOT NULL,  -- JSON list, in order of first quote
            created_at {float} NOT NULL
        );
        CREATE TABLE IF NOT EXISTS answer_messages (
            chat_id BIGINT NOT NULL,
            message_id BIGINT NOT NULL,
            answer_id BIGINT NOT NULL REFERENCES answers (answer_id),
            PRIMARY KEY (chat_id, message_id)
        )
        """,
    ),
    (
        2,
        """
        CREATE TABLE questions (
            question_id {serial},
            asked_at {float} NOT NULL,
            chat_id BIGINT NOT NULL,
            user_id BIGINT,
            question TEXT NOT NULL,
            question_key TEXT NOT NULL,  -- case-folded, spaces collapsed: for grouping
            outcome TEXT NOT NULL,  -- 'answered' or 'declined'
            seconds {float} NOT NULL
        );
        CREATE INDEX questions_by_outcome ON questions (outcome, question_key);
        CREATE TABLE feedback (
            answer_id BIGINT NOT NULL REFERENCES answers (answer_id),
            user_id BIGINT NOT NULL,
            chat_id BIGINT NOT NULL,
            question TEXT NOT NULL,
            shown_passage_ids TEXT NOT NULL,  -- JSON list: the quotes on screen
            vote SMALLINT NOT NULL,  -- +1 or -1
            created_at {float} NOT NULL,
            PRIMARY KEY (answer_id, user_id)
        );
        CREATE TABLE question_times (
            user_id BIGINT NOT NULL,
            asked_at {float} NOT NULL
        );
        CREATE INDEX question_times_by_user ON question_times (user_id, asked_at)
        """,
    ),
    (
        3,
        """
        ALTER TABLE questions ADD COLUMN decline_reason TEXT
        """,
    ),
    (
        4,
        """
        CREATE TABLE feeds (
            feed_id {serial},
            url TEXT NOT NULL UNIQUE,
            origin TEXT NOT NULL,  -- 'setting' (BOT_FEEDS) or 'admin' (/feeds add)
            added_at {float} NOT NULL,
            etag TEXT,
            last_modified TEXT,
            last_poll {float},
            next_poll {float} NOT NULL DEFAULT 0,
            errors INTEGER NOT NULL DEFAULT 0,  -- failed polls in a row
            last_error TEXT,
            items_added INTEGER NOT NULL DEFAULT 0
        );
        CREATE TABLE feed_items (
            feed_id BIGINT NOT NULL REFERENCES feeds (feed_id) ON DELETE CASCADE,
            item_key TEXT NOT NULL,  -- the item's id, else its link
            seen_at {float} NOT NULL,
            PRIMARY KEY (feed_id, item_key)
        );
        CREATE TABLE added_articles (
            added_at {float} NOT NULL,
            url TEXT NOT NULL,
            source_file TEXT NOT NULL,
            via TEXT NOT NULL  -- 'link', or the feed's URL
        );
        CREATE INDEX added_articles_by_time ON added_articles (added_at)
        """,
    ),
    (
        5,
        """
        CREATE TABLE watches (
            watch_id {serial},
            chat_id BIGINT NOT NULL,
            thing TEXT NOT NULL,
            created_by BIGINT,
            created_at {float} NOT NULL
        );
        CREATE INDEX watches_by_chat ON watches (chat_id, watch_id);
        CREATE TABLE watch_alerts (
            watch_id BIGINT NOT NULL,
            article_id TEXT NOT NULL,  -- an article quoted (or passed over) by an alert
            claimed_at {float} NOT NULL,
            PRIMARY KEY (watch_id, article_id)
        )
        """,
    ),
    (
        6,
        """
        CREATE TABLE updates (
            bot_id BIGINT NOT NULL,
            update_id BIGINT NOT NULL,
            payload TEXT NOT NULL,  -- the update's JSON, as Telegram sent it
            received_at {float} NOT NULL,
            status TEXT NOT NULL,  -- 'new', 'claimed', 'replied' or 'done' (see UpdateStatus)
            owner TEXT,  -- the bot instance that claimed it
            claimed_at {float},  -- renewed while the owner is alive
            PRIMARY KEY (bot_id, update_id)
        );
        CREATE INDEX updates_by_status ON updates (status, bot_id, claimed_at)
        """,
    ),
    (
        7,
        """
        CREATE INDEX questions_by_asker ON questions (chat_id, user_id, asked_at)
        """,
    ),
]
"""Ordered schema changes: (version reached, statements separated by `;`)."""
SCHEMA_VERSION = MIGRATIONS[-1][0]

SET_UPDATE_STATUS = "UPDATE updates SET status = ? WHERE bot_id = ? AND update_id = ?"
MARK_REPLIED_PG = (
    b"UPDATE updates SET status = 'replied'"
    b" WHERE bot_id = $1 AND update_id = $2 AND status IN ('new', 'claimed')"
)
"""PostgreSQL's 'replied' mark: sent without waiting, so it may arrive after 'done', which
it must not undo."""
MARKS_RETRY_SECONDS = 30.0
"""After a 'replied' mark failed on PostgreSQL, how long marks go through the store's
thread and wait for the commit (see `PostgresStore.set_update_status`)."""

RATE_WINDOW_SECONDS = 60.0
CLEANUP_EVERY = 1000
"""Question-limit calls between sweeps of every user's expired entries."""

Outcome = Literal["answered", "declined"]
UpdateStatus = Literal["new", "claimed", "replied", "done"]
"""An update's way through the bot: stored on arrival ('new'), taken by one instance
('claimed'), a reply's bytes on their way to Telegram ('replied': never handled again,
so never answered twice), finished ('done')."""
FeedOrigin = Literal["setting", "admin"]
T = TypeVar("T")


class StateError(Exception):
    """The database could not be opened or used; the message names it and the problem."""


class _ProbeDone(Exception):
    """Rolls back the write that checked whether the database can be written."""


@dataclass(frozen=True)
class StoredAnswer:
    """What an answer message showed, as far as the buttons need to know."""

    answer_id: int
    chat_id: int
    question: str
    corpus_key: str
    passage_ids: tuple[int, ...]
    article_ids: tuple[str, ...]


@dataclass(frozen=True)
class Watch:
    """A chat's subscription to new figures of a thing (`/watch troops`)."""

    watch_id: int
    chat_id: int
    thing: str


@dataclass(frozen=True)
class Stats:
    """What `/stats` reports: questions, outcomes, feedback, and what the corpus lacks."""

    questions: int
    declined: int
    thumbs_up: int
    thumbs_down: int
    top_declined: list[tuple[str, int]]
    decline_reasons: list[tuple[str, int]] = field(default_factory=list)  # most frequent first
    added_today: int = 0
    """Articles added by link or feed since local midnight."""

    @property
    def declined_share(self) -> float:
        return self.declined / self.questions if self.questions else 0.0


@dataclass(frozen=True)
class Feed:
    """A feed the bot polls, and how its polls have gone."""

    feed_id: int
    url: str
    origin: FeedOrigin
    etag: str | None = None
    last_modified: str | None = None
    last_poll: float | None = None
    next_poll: float = 0.0
    errors: int = 0
    last_error: str | None = None
    items_added: int = 0


@dataclass(frozen=True)
class Poll:
    """The outcome of one poll of a feed, as stored."""

    polled_at: float
    next_poll: float
    errors: int
    error: str | None = None
    etag: str | None = None
    last_modified: str | None = None
    added: int = 0


FEED_COLUMNS = (
    "feed_id, url, origin, etag, last_modified, last_poll, next_poll, errors, last_error,"
    " items_added"
)


HIDDEN = "***"
MIN_SECRET_CHARS = 4
"""Shorter "secrets" are not replaced in free text: replacing every `ab` would garble it."""
URL_PASSWORD_PARAMETER_RE = re.compile(r"(?i)([?&]password=)([^&#]*)")
"""`?password=…` in a URL's query (libpq reads it there too), up to the next parameter."""
DSN_PASSWORD_RE = re.compile(r"(?i)(\bpassword\s*=\s*)('(?:[^'\\]|\\.)*'?|\S*)")
"""`password=…` in a libpq key=value string: a word, or a quoted value with `\\'` escapes."""


def _is_url(url: str) -> bool:
    return "://" in url


def database_passwords(url: str) -> list[str]:
    """The database password in `url` as written and as decoded, wherever it is: the
    URL's userinfo (`postgresql://user:pw@host/db`), its query (`?password=pw`) or a
    libpq key=value string (`host=h password=pw`). These are what must never be shown."""
    found: list[str] = []
    if _is_url(url):
        userinfo_password = urlsplit(url).password
        if userinfo_password is not None:
            found.append(userinfo_password)
        found += [match.group(2) for match in URL_PASSWORD_PARAMETER_RE.finditer(url)]
        found += [unquote(value) for value in list(found)]
    else:
        for match in DSN_PASSWORD_RE.finditer(url):
            value = match.group(2)
            found.append(value)
            if value.startswith("'"):
                found.append(re.sub(r"\\(.)", r"\1", value.strip("'")))
    return sorted({value for value in found if value}, key=len, reverse=True)


def redact_url(url: str) -> str:
    """`url` with its password replaced by `***` in every form `database_passwords`
    finds (userinfo, `?password=`, key=value), for logs, errors and pages."""
    if not _is_url(url):
        return DSN_PASSWORD_RE.sub(lambda match: match.group(1) + HIDDEN, url)
    url = URL_PASSWORD_PARAMETER_RE.sub(lambda match: match.group(1) + HIDDEN, url)
    parts = urlsplit(url)
    if parts.password is None:
        return url
    host = parts.netloc.rpartition("@")[2]
    user = parts.username or ""
    return urlunsplit(parts._replace(netloc=f"{user}:{HIDDEN}@{host}"))


def redact_passwords(text: str, url: str) -> str:
    """`text` (an error message, say) with the password of the database `url` hidden."""
    for password in database_passwords(url):
        if len(password) >= MIN_SECRET_CHARS:
            text = text.replace(password, HIDDEN)
    return text


def sqlite_url(path: Path) -> str:
    """The database URL of an SQLite file: `sqlite:///relative` or `sqlite:////absolute`."""
    return f"sqlite:///{path}"


def open_state(url: str, timeout: float = 5.0) -> StateStore:
    """The store for a database URL (`sqlite:///path`, `postgresql://…`, or a libpq
    key=value string such as `host=db dbname=bot`); `StateError` if it cannot be opened,
    is not a database, or has a newer schema."""
    if url.startswith("sqlite:///"):
        return SqliteStore(url.removeprefix("sqlite:///"), timeout=timeout)
    if url.startswith(("postgresql://", "postgres://")) or (not _is_url(url) and "=" in url):
        return PostgresStore(url, timeout=timeout)
    raise StateError(
        f"database URL {redact_url(url)!r} is not supported: "
        "use sqlite:///path or postgresql://user:password@host/database"
    )


class StateStore(ABC):
    """Answers and the messages that show them, feedback, questions and per-user limits."""

    name: str
    """The database, for messages: a file path, or the URL without its password."""

    @abstractmethod
    async def save_answer(
        self,
        chat_id: int,
        question: str,
        corpus_key: str,
        passage_ids: list[int],
        article_ids: list[str],
    ) -> int:
        """Store an answer and return its id, which the buttons carry."""

    @abstractmethod
    async def link_message(self, chat_id: int, message_id: int, answer_id: int) -> None:
        """Remember that message `message_id` in `chat_id` shows answer `answer_id`."""

    @abstractmethod
    async def answer(self, answer_id: int) -> StoredAnswer | None:
        """The stored answer with this id, if any."""

    @abstractmethod
    async def answer_shown_in(self, chat_id: int, message_id: int) -> StoredAnswer | None:
        """The answer a bot message in `chat_id` shows, if it shows one."""

    @abstractmethod
    async def record_question(
        self,
        chat_id: int,
        user_id: int | None,
        question: str,
        outcome: Outcome,
        seconds: float,
        decline_reason: str | None = None,
    ) -> None:
        """Log a question put to the bot, whether it was answered, and if not, why not."""

    @abstractmethod
    async def last_question(self, chat_id: int, user_id: int | None, since: float) -> str | None:
        """The last question `user_id` put in `chat_id` since `since` (a Unix time), as
        it was answered ("When did Ina Berg die?" for "When did he die?"), if any."""

    @abstractmethod
    async def record_feedback(
        self, answer: StoredAnswer, user_id: int, shown: list[int], vote: int
    ) -> None:
        """A user's 👍 (+1) or 👎 (-1) on an answer; a second vote replaces the first."""

    @abstractmethod
    async def stats(self, top: int = 10) -> Stats:
        """Totals for `/stats`, with the `top` most often declined questions and the
        articles added today."""

    @abstractmethod
    async def question_wait(self, user_id: int, per_minute: int, now: float | None = None) -> float:
        """Count a question from `user_id` and return 0, or the seconds until one is allowed."""

    @abstractmethod
    async def add_feed(self, url: str, origin: FeedOrigin) -> Feed | None:
        """Start polling `url`; None if it is polled already."""

    @abstractmethod
    async def feeds(self) -> list[Feed]:
        """Every feed, in the order they were added (`/feeds` numbers them so)."""

    @abstractmethod
    async def remove_feed(self, feed_id: int) -> bool:
        """Stop polling a feed and forget its items; whether it was there."""

    @abstractmethod
    async def record_poll(self, feed_id: int, poll: Poll) -> None:
        """Store how a poll went (validators are kept when the poll brought none)."""

    @abstractmethod
    async def claim_item(self, feed_id: int, item_key: str) -> bool:
        """Mark a feed item taken; False if it was taken before (by any instance)."""

    @abstractmethod
    async def release_item(self, feed_id: int, item_key: str) -> None:
        """Undo a claim, so that the next poll tries the item again."""

    @abstractmethod
    async def record_added(self, url: str, source_file: str, via: str) -> None:
        """Log an article added by link (`via` "link") or by feed (`via` its URL)."""

    @abstractmethod
    async def add_watch(self, chat_id: int, thing: str, user_id: int | None, cap: int) -> int:
        """Subscribe `chat_id` to `thing`; its number in the chat's list (1, 2…), or 0
        when the chat already has `cap` watches. The same thing twice is one watch."""

    @abstractmethod
    async def watches(self, chat_id: int | None = None) -> list[Watch]:
        """A chat's watches in the order they were made (every chat's, with None)."""

    @abstractmethod
    async def remove_watch(self, chat_id: int, number: int) -> Watch | None:
        """Remove the chat's watch number `number` (1-based); the watch, or None."""

    @abstractmethod
    async def claim_alerts(self, watch_id: int, article_ids: list[str]) -> list[str]:
        """Claim the articles for one alert of `watch_id`: those no instance claimed
        before, in the order given. Whoever gets a non-empty list sends the alert."""

    @abstractmethod
    async def store_update(self, bot_id: int, update_id: int, payload: str) -> None:
        """Keep an update as received (its JSON), unless it is stored already."""

    @abstractmethod
    async def claim_update(
        self, bot_id: int, update_id: int, owner: str, stale_before: float
    ) -> bool:
        """Take a stored update for `owner`: whether it was 'new', or claimed by an owner
        that has not renewed its claim since `stale_before`. Only one claimant wins."""

    @abstractmethod
    async def set_update_status(self, bot_id: int, update_id: int, status: UpdateStatus) -> None:
        """Move a claimed update on to 'replied' or 'done'. Once 'replied' has gone to the
        database, the call returns without giving the event loop a turn: the reply's body
        is written right after, and the less time between the two, the less a crash can
        lose (see `bot.delivery`). PostgreSQL commits it a moment later, even if this
        process has died meanwhile."""

    @abstractmethod
    async def renew_claims(self, owner: str) -> None:
        """Tell other instances that `owner` is alive and still working on its claims."""

    @abstractmethod
    async def unfinished_updates(
        self, bot_id: int, new_before: float, stale_before: float, limit: int = 500
    ) -> list[tuple[int, str]]:
        """(update id, JSON) of updates stored before `new_before` and never claimed, or
        claimed by an owner silent since `stale_before`: to be handled again."""

    @abstractmethod
    async def forget_updates(self, before: float) -> int:
        """Delete finished updates received before `before`; how many."""

    @abstractmethod
    def close(self) -> None:
        """Finish pending writes and close the database."""


def _local_midnight() -> float:
    """The time the day began, in the machine's time zone."""
    now = datetime.now().astimezone()
    return now.replace(hour=0, minute=0, second=0, microsecond=0).timestamp()


def _question_key(question: str) -> str:
    return " ".join(question.casefold().split())


class _SqlStore(StateStore):
    """The SQL both backends share; subclasses connect, lock and translate."""

    SERIAL = ""
    FLOAT = ""

    def __init__(self, name: str, timeout: float, target_version: int = SCHEMA_VERSION) -> None:
        self.name = name
        self._timeout = timeout
        self._calls = 0
        # One thread owns the connection: calls are serialised, and the loop never waits.
        self._worker = ThreadPoolExecutor(max_workers=1, thread_name_prefix="state")
        self._db: Any = None
        try:
            self._worker.submit(self._open, target_version).result()
        except BaseException:
            self._worker.shutdown(wait=False)
            raise

    # -- backend hooks -------------------------------------------------------------

    @abstractmethod
    def _connect(self) -> Any:
        """A new DB-API connection in autocommit mode."""

    @abstractmethod
    def _transaction(self, lock: tuple[int, int]) -> Any:
        """A context manager: one transaction, holding the lock `lock` names."""

    def _sql(self, statement: str) -> str:
        """`statement` (written with `?` placeholders) in this backend's parameter style."""
        return statement

    def _fail(self, error: Exception) -> StateError:
        return StateError(f"state database {self.name}: {error}".strip())

    # -- plumbing ------------------------------------------------------------------

    def _open(self, target_version: int) -> None:
        try:
            self._db = self._connect()
            self._migrate(target_version)
            self._check_writable()
        except (sqlite3.Error, psycopg.Error, OSError) as error:
            raise self._fail(error) from None

    def _check_writable(self) -> None:
        """Fail at once when the database can be read but not written (a read-only
        file in a writable folder, a read-only role or transaction), rather than on
        every write later; the probe's write is rolled back."""
        try:
            with self._transaction((2, 0)):
                self._execute("UPDATE schema_version SET version = version")
                raise _ProbeDone
        except _ProbeDone:
            pass

    def _migrate(self, target_version: int) -> None:
        with self._transaction((2, 0)):
            self._execute("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)")
            row = self._execute("SELECT MAX(version) FROM schema_version").fetchone()
            found = 0 if row is None or row[0] is None else int(row[0])
            if found > SCHEMA_VERSION:
                raise StateError(
                    f"state database {self.name} has schema version {found}, newer than "
                    f"this bot's {SCHEMA_VERSION}; upgrade the bot"
                )
            for version, statements in MIGRATIONS:
                if found < version <= target_version:
                    for statement in statements.split(";"):
                        self._execute(statement.format(serial=self.SERIAL, float=self.FLOAT))
            if found < target_version:
                self._execute("DELETE FROM schema_version")
                self._execute("INSERT INTO schema_version (version) VALUES (?)", (target_version,))

    def _execute(self, statement: str, parameters: tuple[Any, ...] = ()) -> Any:
        return self._db.execute(self._sql(statement), parameters)

    async def _run(self, work: Callable[[], T]) -> T:
        def guarded() -> T:
            try:
                return work()
            except (sqlite3.Error, psycopg.Error) as error:
                raise self._fail(error) from None

        return await asyncio.get_running_loop().run_in_executor(self._worker, guarded)

    # -- the interface ------------------------------------------------------------

    async def save_answer(
        self,
        chat_id: int,
        question: str,
        corpus_key: str,
        passage_ids: list[int],
        article_ids: list[str],
    ) -> int:
        row = (
            chat_id,
            question,
            corpus_key,
            json.dumps(passage_ids),
            json.dumps(article_ids),
            time.time(),
        )
        return await self._run(
            lambda: int(
                self._execute(
                    "INSERT INTO answers (chat_id, question, corpus_key, passage_ids,"
                    " article_ids, created_at) VALUES (?, ?, ?, ?, ?, ?) RETURNING answer_id",
                    row,
                ).fetchone()[0]
            )
        )

    async def link_message(self, chat_id: int, message_id: int, answer_id: int) -> None:
        await self._run(
            lambda: self._execute(
                "INSERT INTO answer_messages (chat_id, message_id, answer_id) VALUES (?, ?, ?)"
                " ON CONFLICT (chat_id, message_id) DO UPDATE SET answer_id = excluded.answer_id",
                (chat_id, message_id, answer_id),
            )
        )

    async def answer(self, answer_id: int) -> StoredAnswer | None:
        return await self._run(lambda: self._answer(answer_id))

    def _answer(self, answer_id: int) -> StoredAnswer | None:
        row = self._execute(
            "SELECT answer_id, chat_id, question, corpus_key, passage_ids, article_ids"
            " FROM answers WHERE answer_id = ?",
            (answer_id,),
        ).fetchone()
        if row is None:
            return None
        return StoredAnswer(
            answer_id=int(row[0]),
            chat_id=int(row[1]),
            question=row[2],
            corpus_key=row[3],
            passage_ids=tuple(json.loads(row[4])),
            article_ids=tuple(json.loads(row[5])),
        )

    async def answer_shown_in(self, chat_id: int, message_id: int) -> StoredAnswer | None:
        def look_up() -> StoredAnswer | None:
            row = self._execute(
                "SELECT answer_id FROM answer_messages WHERE chat_id = ? AND message_id = ?",
                (chat_id, message_id),
            ).fetchone()
            return None if row is None else self._answer(int(row[0]))

        return await self._run(look_up)

    async def record_question(
        self,
        chat_id: int,
        user_id: int | None,
        question: str,
        outcome: Outcome,
        seconds: float,
        decline_reason: str | None = None,
    ) -> None:
        row = (
            time.time(),
            chat_id,
            user_id,
            question,
            _question_key(question),
            outcome,
            seconds,
            decline_reason,
        )
        await self._run(
            lambda: self._execute(
                "INSERT INTO questions (asked_at, chat_id, user_id, question, question_key,"
                " outcome, seconds, decline_reason) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                row,
            )
        )

    async def last_question(self, chat_id: int, user_id: int | None, since: float) -> str | None:
        asker = "user_id IS NULL" if user_id is None else "user_id = ?"
        parameters = (chat_id, since) if user_id is None else (chat_id, user_id, since)

        def look_up() -> str | None:
            row = self._execute(
                f"SELECT question FROM questions WHERE chat_id = ? AND {asker}"
                " AND asked_at >= ? ORDER BY asked_at DESC, question_id DESC LIMIT 1",
                parameters,
            ).fetchone()
            return None if row is None else str(row[0])

        return await self._run(look_up)

    async def record_feedback(
        self, answer: StoredAnswer, user_id: int, shown: list[int], vote: int
    ) -> None:
        row = (
            answer.answer_id,
            user_id,
            answer.chat_id,
            answer.question,
            json.dumps(shown),
            1 if vote > 0 else -1,
            time.time(),
        )
        await self._run(
            lambda: self._execute(
                "INSERT INTO feedback (answer_id, user_id, chat_id, question, shown_passage_ids,"
                " vote, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)"
                " ON CONFLICT (answer_id, user_id) DO UPDATE SET vote = excluded.vote,"
                " shown_passage_ids = excluded.shown_passage_ids,"
                " created_at = excluded.created_at",
                row,
            )
        )

    async def stats(self, top: int = 10) -> Stats:
        since = _local_midnight()

        def count() -> Stats:
            outcomes = dict(
                self._execute("SELECT outcome, COUNT(*) FROM questions GROUP BY outcome")
            )
            votes = dict(self._execute("SELECT vote, COUNT(*) FROM feedback GROUP BY vote"))
            # Each question as first worded, most often declined first.
            declined = self._execute(
                "SELECT (SELECT first.question FROM questions first"
                " WHERE first.question_key = top.question_key"
                " ORDER BY first.question_id LIMIT 1), top.times"
                " FROM (SELECT question_key, COUNT(*) AS times FROM questions"
                " WHERE outcome = 'declined' GROUP BY question_key"
                " ORDER BY times DESC, question_key LIMIT ?) top"
                " ORDER BY top.times DESC, top.question_key",
                (top,),
            ).fetchall()
            reasons = self._execute(
                "SELECT decline_reason, COUNT(*) AS times FROM questions"
                " WHERE outcome = 'declined' AND decline_reason IS NOT NULL"
                " GROUP BY decline_reason ORDER BY times DESC, decline_reason"
            ).fetchall()
            [added_today] = self._execute(
                "SELECT COUNT(*) FROM added_articles WHERE added_at >= ?", (since,)
            ).fetchone()
            return Stats(
                added_today=int(added_today),
                questions=int(sum(outcomes.values())),
                decline_reasons=[(str(reason), int(times)) for reason, times in reasons],
                declined=int(outcomes.get("declined", 0)),
                thumbs_up=int(votes.get(1, 0)),
                thumbs_down=int(votes.get(-1, 0)),
                top_declined=[(str(question), int(times)) for question, times in declined],
            )

        return await self._run(count)

    async def question_wait(self, user_id: int, per_minute: int, now: float | None = None) -> float:
        at = time.time() if now is None else now

        def count() -> float:
            self._calls += 1
            with self._transaction((1, user_id % 2_147_483_647)):
                if self._calls % CLEANUP_EVERY == 0:
                    self._execute(
                        "DELETE FROM question_times WHERE asked_at <= ?",
                        (at - RATE_WINDOW_SECONDS,),
                    )
                self._execute(
                    "DELETE FROM question_times WHERE user_id = ? AND asked_at <= ?",
                    (user_id, at - RATE_WINDOW_SECONDS),
                )
                asked, oldest = self._execute(
                    "SELECT COUNT(*), MIN(asked_at) FROM question_times WHERE user_id = ?",
                    (user_id,),
                ).fetchone()
                if asked >= per_minute:
                    return float(oldest) + RATE_WINDOW_SECONDS - at
                self._execute(
                    "INSERT INTO question_times (user_id, asked_at) VALUES (?, ?)", (user_id, at)
                )
                return 0.0

        return await self._run(count)

    async def add_feed(self, url: str, origin: FeedOrigin) -> Feed | None:
        def insert() -> Feed | None:
            row = self._execute(
                "INSERT INTO feeds (url, origin, added_at) VALUES (?, ?, ?)"
                f" ON CONFLICT (url) DO NOTHING RETURNING {FEED_COLUMNS}",
                (url, origin, time.time()),
            ).fetchone()
            return None if row is None else Feed(*row)

        return await self._run(insert)

    async def feeds(self) -> list[Feed]:
        return await self._run(
            lambda: [
                Feed(*row)
                for row in self._execute(f"SELECT {FEED_COLUMNS} FROM feeds ORDER BY feed_id")
            ]
        )

    async def remove_feed(self, feed_id: int) -> bool:
        def delete() -> bool:
            with self._transaction((3, feed_id % 2_147_483_647)):
                self._execute("DELETE FROM feed_items WHERE feed_id = ?", (feed_id,))
                removed = self._execute("DELETE FROM feeds WHERE feed_id = ?", (feed_id,))
                return bool(removed.rowcount)

        return await self._run(delete)

    async def record_poll(self, feed_id: int, poll: Poll) -> None:
        row = (
            poll.polled_at,
            poll.next_poll,
            poll.errors,
            poll.error,
            poll.etag,
            poll.last_modified,
            poll.added,
            feed_id,
        )
        await self._run(
            lambda: self._execute(
                "UPDATE feeds SET last_poll = ?, next_poll = ?, errors = ?, last_error = ?,"
                " etag = COALESCE(?, etag), last_modified = COALESCE(?, last_modified),"
                " items_added = items_added + ? WHERE feed_id = ?",
                row,
            )
        )

    async def claim_item(self, feed_id: int, item_key: str) -> bool:
        return await self._run(
            lambda: (
                self._execute(
                    "INSERT INTO feed_items (feed_id, item_key, seen_at) VALUES (?, ?, ?)"
                    " ON CONFLICT (feed_id, item_key) DO NOTHING RETURNING feed_id",
                    (feed_id, item_key, time.time()),
                ).fetchone()
                is not None
            )
        )

    async def release_item(self, feed_id: int, item_key: str) -> None:
        await self._run(
            lambda: self._execute(
                "DELETE FROM feed_items WHERE feed_id = ? AND item_key = ?", (feed_id, item_key)
            )
        )

    async def record_added(self, url: str, source_file: str, via: str) -> None:
        await self._run(
            lambda: self._execute(
                "INSERT INTO added_articles (added_at, url, source_file, via) VALUES (?, ?, ?, ?)",
                (time.time(), url, source_file, via),
            )
        )

    async def add_watch(self, chat_id: int, thing: str, user_id: int | None, cap: int) -> int:
        def add() -> int:
            with self._transaction((5, chat_id % 2_147_483_647)):
                things = [
                    row[0]
                    for row in self._execute(
                        "SELECT thing FROM watches WHERE chat_id = ? ORDER BY watch_id", (chat_id,)
                    )
                ]
                folded = [t.casefold() for t in things]
                if thing.casefold() in folded:
                    return folded.index(thing.casefold()) + 1
                if len(things) >= cap:
                    return 0
                self._execute(
                    "INSERT INTO watches (chat_id, thing, created_by, created_at)"
                    " VALUES (?, ?, ?, ?)",
                    (chat_id, thing, user_id, time.time()),
                )
                return len(things) + 1

        return await self._run(add)

    async def watches(self, chat_id: int | None = None) -> list[Watch]:
        def read() -> list[Watch]:
            rows = (
                self._execute("SELECT watch_id, chat_id, thing FROM watches ORDER BY watch_id")
                if chat_id is None
                else self._execute(
                    "SELECT watch_id, chat_id, thing FROM watches WHERE chat_id = ?"
                    " ORDER BY watch_id",
                    (chat_id,),
                )
            )
            return [Watch(int(w), int(c), str(t)) for w, c, t in rows.fetchall()]

        return await self._run(read)

    async def remove_watch(self, chat_id: int, number: int) -> Watch | None:
        listed = await self.watches(chat_id)
        if not 1 <= number <= len(listed):
            return None
        watch = listed[number - 1]

        def remove() -> None:
            with self._transaction((5, chat_id % 2_147_483_647)):
                self._execute("DELETE FROM watches WHERE watch_id = ?", (watch.watch_id,))
                self._execute("DELETE FROM watch_alerts WHERE watch_id = ?", (watch.watch_id,))

        await self._run(remove)
        return watch

    async def claim_alerts(self, watch_id: int, article_ids: list[str]) -> list[str]:
        def claim() -> list[str]:
            claimed = []
            # One instance at a time per watch: the first claims, the others find it done.
            with self._transaction((6, watch_id % 2_147_483_647)):
                for article_id in article_ids:
                    row = self._execute(
                        "INSERT INTO watch_alerts (watch_id, article_id, claimed_at)"
                        " VALUES (?, ?, ?) ON CONFLICT (watch_id, article_id) DO NOTHING"
                        " RETURNING article_id",
                        (watch_id, article_id, time.time()),
                    ).fetchall()
                    claimed += [str(found[0]) for found in row]
            return claimed

        return await self._run(claim)

    async def store_update(self, bot_id: int, update_id: int, payload: str) -> None:
        row = (bot_id, update_id, payload, time.time())
        await self._run(
            lambda: self._execute(
                "INSERT INTO updates (bot_id, update_id, payload, received_at, status)"
                " VALUES (?, ?, ?, ?, 'new') ON CONFLICT (bot_id, update_id) DO NOTHING",
                row,
            )
        )

    async def claim_update(
        self, bot_id: int, update_id: int, owner: str, stale_before: float
    ) -> bool:
        row = (owner, time.time(), bot_id, update_id, stale_before)
        return await self._run(
            lambda: (
                self._execute(
                    "UPDATE updates SET status = 'claimed', owner = ?, claimed_at = ?"
                    " WHERE bot_id = ? AND update_id = ?"
                    " AND (status = 'new' OR (status = 'claimed' AND claimed_at < ?))",
                    row,
                ).rowcount
                == 1
            )
        )

    async def set_update_status(self, bot_id: int, update_id: int, status: UpdateStatus) -> None:
        await self._run(lambda: self._execute(SET_UPDATE_STATUS, (status, bot_id, update_id)))

    async def renew_claims(self, owner: str) -> None:
        await self._run(
            lambda: self._execute(
                "UPDATE updates SET claimed_at = ? WHERE owner = ? AND status = 'claimed'",
                (time.time(), owner),
            )
        )

    async def unfinished_updates(
        self, bot_id: int, new_before: float, stale_before: float, limit: int = 500
    ) -> list[tuple[int, str]]:
        rows = await self._run(
            lambda: self._execute(
                "SELECT update_id, payload FROM updates WHERE bot_id = ?"
                " AND ((status = 'new' AND received_at < ?)"
                " OR (status = 'claimed' AND claimed_at < ?)) ORDER BY update_id LIMIT ?",
                (bot_id, new_before, stale_before, limit),
            ).fetchall()
        )
        return [(int(update_id), str(payload)) for update_id, payload in rows]

    async def forget_updates(self, before: float) -> int:
        return await self._run(
            lambda: int(
                self._execute(
                    "DELETE FROM updates WHERE status IN ('replied', 'done') AND received_at < ?",
                    (before,),
                ).rowcount
            )
        )

    def close(self) -> None:
        def close_connection() -> None:
            if self._db is not None:
                self._db.close()

        try:
            self._worker.submit(close_connection).result()
        finally:
            self._worker.shutdown(wait=True)


class SqliteStore(_SqlStore):
    """A database file (or `:memory:`), shared safely between processes through WAL.

    Its calls run on the event loop itself: a local SQLite write takes tens of
    microseconds, less than handing it to a thread and back, and a second thread
    competing for the GIL slowed every update (measured with scripts/load_test.py).
    So that a lock held by another process cannot stall the loop, waiting for it is
    capped at `INLINE_BUSY_SECONDS`; then the call fails like any database error (the
    answer goes out without buttons).
    """

    SERIAL = "INTEGER PRIMARY KEY"
    FLOAT = "REAL"
    INLINE_BUSY_SECONDS = 0.25

    def __init__(
        self, path: str | Path, timeout: float = 5.0, target_version: int = SCHEMA_VERSION
    ) -> None:
        self.path = str(path)
        super().__init__(self.path, timeout, target_version)

    def _connect(self) -> sqlite3.Connection:
        if self.path != ":memory:":
            Path(self.path).parent.mkdir(parents=True, exist_ok=True)
        db = sqlite3.connect(
            self.path,
            timeout=min(self._timeout, self.INLINE_BUSY_SECONDS),
            isolation_level=None,
            # Opened by the store's thread, then used from the event loop's.
            check_same_thread=False,
        )
        try:
            db.execute("PRAGMA journal_mode=WAL")
            # WAL with NORMAL sync survives an application crash; losing the last few
            # answers to a power cut only makes their buttons stale.
            db.execute("PRAGMA synchronous=NORMAL")
            db.execute("PRAGMA foreign_keys=ON")
        except sqlite3.Error:
            db.close()
            raise
        return db

    async def _run(self, work: Callable[[], T]) -> T:
        try:
            return work()
        except sqlite3.Error as error:
            raise self._fail(error) from None

    @contextmanager
    def _transaction(self, lock: tuple[int, int]) -> Iterator[None]:
        # IMMEDIATE takes the write lock up front: other processes wait (busy timeout).
        self._db.execute("BEGIN IMMEDIATE")
        try:
            yield
        except BaseException:
            self._db.execute("ROLLBACK")
            raise
        self._db.execute("COMMIT")


class PostgresStore(_SqlStore):
    """A PostgreSQL database, for several bot instances sharing one state."""

    SERIAL = "BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY"
    FLOAT = "DOUBLE PRECISION"

    def __init__(
        self, url: str, timeout: float = 5.0, target_version: int = SCHEMA_VERSION
    ) -> None:
        self._url = url
        # 'replied' marks have a connection of their own, used on the event loop (see
        # `_send_mark`); after a failure they go the ordinary way for a while.
        self._marks_db: psycopg.Connection[Any] | None = None
        self._mark_unread: int | None = None
        """The update whose mark was sent last, until PostgreSQL's answer is read."""
        self._marks_lock = asyncio.Lock()
        self._marks_failed_at = float("-inf")
        super().__init__(redact_url(url), timeout, target_version)

    def _fail(self, error: Exception) -> StateError:
        # The driver's own message should not contain the password; make sure of it.
        return StateError(redact_passwords(str(super()._fail(error)), self._url))

    def _connect(self) -> psycopg.Connection[Any]:
        # A lock held elsewhere, or a stuck query, fails after the timeout, like SQLite's
        # busy timeout, instead of holding the bot's state thread forever.
        milliseconds = round(self._timeout * 1000)
        return psycopg.connect(
            self._url,
            autocommit=True,
            connect_timeout=max(1, round(self._timeout)),
            options=f"-c lock_timeout={milliseconds} -c statement_timeout={2 * milliseconds}",
        )

    def _sql(self, statement: str) -> str:
        return statement.replace("%", "%%").replace("?", "%s")

    @contextmanager
    def _transaction(self, lock: tuple[int, int]) -> Iterator[None]:
        with self._db.transaction():
            # Serialises what `lock` names across every instance sharing the database.
            self._db.execute("SELECT pg_advisory_xact_lock(%s, %s)", lock)
            yield

    async def _run(self, work: Callable[[], T]) -> T:
        def reconnecting() -> T:
            if self._db is None or self._db.closed or self._db.broken:
                self._db = self._connect()
            return work()

        return await super()._run(reconnecting)

    async def set_update_status(self, bot_id: int, update_id: int, status: UpdateStatus) -> None:
        if status == "replied" and time.monotonic() - self._marks_failed_at >= MARKS_RETRY_SECONDS:
            try:
                async with self._marks_lock:
                    # Any waiting (a connection, the last mark's answer) comes before the
                    # mark is sent, where a crash costs nothing: the reply is not out yet.
                    if not self._marks_ready():
                        await self._run(self._ready_marks)
                    self._send_mark(bot_id, update_id)
                return
            except StateError as error:
                self._marks_failed_at = time.monotonic()
                self._close_marks()
                logger.warning(
                    "%s; 'replied' marks go through the state thread for %.0f s",
                    error,
                    MARKS_RETRY_SECONDS,
                )
        await super().set_update_status(bot_id, update_id, status)

    def _marks_ready(self) -> bool:
        """Whether a mark can be sent at once: connected, the last mark's answer read or
        arrived (read without waiting)."""
        if self._marks_db is None or self._marks_db.pgconn.status != pq.ConnStatus.OK:
            return False
        if self._mark_unread is None:
            return True
        try:
            self._marks_db.pgconn.consume_input()
        except psycopg.Error as error:
            raise self._fail(error) from None
        return not self._marks_db.pgconn.is_busy()

    def _ready_marks(self) -> None:
        """(In the state thread) read the last mark's answer, waiting for it, and connect
        if there is no working connection."""
        self._read_mark_answer()
        if self._marks_db is None or self._marks_db.pgconn.status != pq.ConnStatus.OK:
            self._close_marks()
            self._marks_db = self._connect()

    def _send_mark(self, bot_id: int, update_id: int) -> None:
        """Send the 'replied' mark and return at once, without giving the event loop a
        turn and without waiting for PostgreSQL's answer (`_marks_ready` is true).

        Waiting would leave a window: PostgreSQL commits, then its answer travels back
        and this process has to be scheduled again, and a crash meanwhile would leave
        the update marked and its reply unwritten. Sent without waiting, the mark is
        committed even if this process dies right after (PostgreSQL reads what reached
        it), and the reply's body follows within microseconds. The answer is read before
        the next mark is sent, or at close."""
        assert self._marks_db is not None
        try:
            self._read_mark_answer()
            values = [str(bot_id).encode(), str(update_id).encode()]
            self._marks_db.pgconn.send_query_params(MARK_REPLIED_PG, values)
        except psycopg.Error as error:
            raise self._fail(error) from None
        self._mark_unread = update_id

    def _read_mark_answer(self) -> None:
        """Read PostgreSQL's answer to the mark sent last, if not read yet (waiting for it
        at most as long as a statement may take); a failed mark is raised."""
        update_id, self._mark_unread = self._mark_unread, None
        if update_id is None or self._marks_db is None:
            return
        pgconn = self._marks_db.pgconn
        deadline = time.monotonic() + 2 * self._timeout
        while pgconn.is_busy():
            left = deadline - time.monotonic()
            if left <= 0 or not select.select([pgconn.socket], [], [], left)[0]:
                raise psycopg.OperationalError(f"no answer to the 'replied' mark of {update_id}")
            pgconn.consume_input()
        answer = pgconn.get_result()
        while pgconn.get_result() is not None:
            pass
        if answer is None or answer.status != pq.ExecStatus.COMMAND_OK:
            detail = answer.error_message.decode(errors="replace").strip() if answer else ""
            raise psycopg.OperationalError(
                f"the 'replied' mark of update {update_id} failed: {detail or 'no answer'}"
            )

    def _close_marks(self) -> None:
        if self._marks_db is not None:
            self._marks_db.close()
            self._marks_db = None
        self._mark_unread = None

    def close(self) -> None:
        try:
            with suppress(psycopg.Error):
                self._read_mark_answer()
            self._close_marks()
        finally:
            super().close()
