"""Faults, each with every reply counted, on SQLite and PostgreSQL: SIGTERM mid-load and a
restart, the Bot API server down and back, 429 floods, a corrupt, unreachable or
locked database, and a missing, binary or enormous corpus."""

from __future__ import annotations

import asyncio
import contextlib
import gc
import json
import os
import random
import shutil
import signal
import sqlite3
import subprocess
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from urllib.parse import urlsplit

import httpx
import psycopg
import pytest

from bot.engine import Engine
from bot.engine.sentences import MAX_SENTENCE_CHARS
from bot.state import open_state, sqlite_url
from tests.conftest import CORPUS_DIR, HOSTILE_ENTRIES, add_hostile_entries
from tests.telegram.conftest import StartBot, both_backends
from tests.telegram.fake_bot_api import JSON, FakeBotApi
from tests.telegram.harness import BotProcess, free_port, run_environment

PORT_ARTICLE = (
    "---\ntitle: Port reopens\n---\n\nThe port of Odesa reopened with {} ships waiting.\n"
)
PORT_QUESTION = "How many ships were waiting at the port of Odesa?"
QUESTIONS = [
    "How many troops has North Korea sent to Russia?",
    "What did Putin and Kim sign?",
    "Where are North Korean soldiers fighting?",
    "What does North Korea get in return?",
]
Report = Callable[[int, int], None]


def ask_many(api: FakeBotApi, users: list[JSON], count: int, start: int = 0) -> list[JSON]:
    """`count` questions, spread over the users' private chats."""
    asked = []
    for number in range(start, start + count):
        user = users[number % len(users)]
        asked.append(
            api.send_text(api.private_chat(user), user, QUESTIONS[number % len(QUESTIONS)])
        )
    return asked


def answered_once(api: FakeBotApi, questions: list[JSON]) -> int:
    """How many of `questions` have exactly one reply, and that reply an answer."""
    return sum(
        1
        for question in questions
        if [
            reply["text"].startswith("🔎 " + question["text"]) for reply in api.replies_to(question)
        ]
        == [True]
    )


async def ready_status(url: str) -> tuple[int, JSON]:
    async with httpx.AsyncClient() as client:
        response = await client.get(f"{url}/readyz")
    report: JSON = response.json()
    return response.status_code, report


async def until_ready_is(url: str, status: int) -> JSON:
    """Poll `/readyz` until it answers `status`; its report."""
    async with asyncio.timeout(30):
        while True:
            code, report = await ready_status(url)
            if code == status:
                return report
            await asyncio.sleep(0.05)


async def eventually(condition: Callable[[], bool]) -> None:
    """Wait until `condition()` holds (checked every 50 ms), for at most 30 s."""
    async with asyncio.timeout(30):
        while not condition():
            await asyncio.sleep(0.05)


async def metric(url: str, name: str) -> float:
    """The value of one sample in `/metrics`, e.g. `newsbot_corpus_articles`."""
    async with httpx.AsyncClient() as client:
        text = (await client.get(f"{url}/metrics")).text
    for line in text.splitlines():
        if line.startswith(name + " "):
            return float(line.rsplit(" ", 1)[1])
    raise AssertionError(f"{name} not in /metrics")


def unlimited_bot_environment(api: FakeBotApi, database_url: str) -> dict[str, str]:
    """`python -m bot run` on `api` and the shipped corpus, with every flood limit off."""
    return {
        "BOT_TOKEN": api.token,
        "BOT_API_URL": api.url,
        "BOT_DATABASE_URL": database_url,
        "BOT_CORPUS_DIR": str(CORPUS_DIR),
        "BOT_QUESTIONS_PER_MINUTE": "1000",
        "BOT_USER_UPDATES_PER_MINUTE": "1000",
        "BOT_GROUP_UPDATES_PER_MINUTE": "1000",
        "BOT_FLOOD_MESSAGES_PER_SECOND": "0",
        "BOT_FLOOD_GROUP_MESSAGES_PER_MINUTE": "0",
        "BOT_HEALTH_PORT": "0",
        "BOT_WATCH_CORPUS": "false",
    }


@both_backends
async def test_sigterm_mid_load_then_restart_answers_every_question_exactly_once(
    api: FakeBotApi, database_url: str, tmp_path: Path, fault_report: Report
) -> None:
    environment = unlimited_bot_environment(api, database_url) | {"BOT_LOG_LEVEL": "DEBUG"}
    users = [api.user(f"Reader {number}") for number in range(8)]
    first = await BotProcess(tmp_path, "first", **environment).start()

    # Answers are held at the server, so SIGTERM finds them in flight.
    api.hold("sendMessage")
    in_flight = ask_many(api, users, 24)
    await api.wait_until(lambda: api.waiting("sendMessage") >= 8, timeout=60)
    polls = len(api.calls)
    first.send_signal(signal.SIGTERM)
    # The updater's last, non-waiting getUpdates confirms what it took: shutdown has begun.
    await api.wait_until(
        lambda: any(
            call.method == "getUpdates" and call.params.get("timeout") == 0
            for call in api.calls[polls:]
        )
    )
    after_sigterm = ask_many(api, users, 16, start=24)  # for the next run
    api.release("sendMessage")
    assert await first.stop() == 0
    answered_by_first = len(api.ok_calls("sendMessage"))
    # What it acknowledged to Telegram it finished; updates it was still storing when
    # polling stopped are not acknowledged, and the next run takes them (once).
    assert answered_by_first >= 8  # the answers in flight at SIGTERM went out
    taken = in_flight[: api.confirmed_updates()]
    assert answered_once(api, taken) == len(taken)
    assert answered_once(api, after_sigterm) == 0

    second = await BotProcess(tmp_path, "second", **environment).start()
    questions = in_flight + after_sigterm
    await api.wait_until(lambda: answered_once(api, questions) == len(questions), timeout=60)
    assert await second.stop() == 0

    assert answered_once(api, questions) == len(questions)
    assert len(api.ok_calls("sendMessage")) == len(questions)  # nothing answered twice
    for log in (first.log(), second.log()):
        assert api.token not in log
        assert "Stopped; state database" in log  # state flushed and closed
    fault_report(len(questions), answered_once(api, questions))


def reply_counts(api: FakeBotApi, questions: list[JSON]) -> tuple[int, int, int]:
    """(answered exactly once, never answered, answered more than once) of `questions`."""
    replies = [len(api.replies_to(question)) for question in questions]
    return (
        answered_once(api, questions),
        sum(1 for count in replies if count == 0),
        sum(1 for count in replies if count > 1),
    )


@both_backends
async def test_kill_9_mid_load_then_restart_answers_every_question_exactly_once(
    api: FakeBotApi, database_url: str, tmp_path: Path, fault_report: Report
) -> None:
    environment = unlimited_bot_environment(api, database_url) | {"BOT_UPDATE_LEASE_SECONDS": "3"}
    api.round_trip = 0.05  # as far from Telegram as a server in another country
    users = [api.user(f"Reader {number}") for number in range(20)]
    first = await BotProcess(tmp_path, "first", **environment).start()
    questions = ask_many(api, users, 200)
    # Killed once answers are going out and a first batch is acknowledged to Telegram.
    await api.wait_until(
        lambda: len(api.ok_calls("sendMessage")) >= 30 and api.confirmed_updates() >= 100,
        timeout=120,
    )
    first.send_signal(signal.SIGKILL)
    assert await first.stop() == -signal.SIGKILL
    answered_before_kill, _, _ = reply_counts(api, questions)
    acknowledged_unanswered = sum(
        1 for question in questions[: api.confirmed_updates()] if not api.replies_to(question)
    )

    second = await BotProcess(tmp_path, "second", **environment).start()
    # On a loaded machine the second process takes a while to replay 200 updates; what
    # is still missing after this bound is reported below.
    with contextlib.suppress(TimeoutError):
        await api.wait_until(lambda: reply_counts(api, questions)[1] == 0, timeout=120)
    # Time for a second answer to anything, had one been coming: leases run out.
    await asyncio.sleep(4)
    assert await second.stop() == 0

    once, lost, duplicated = reply_counts(api, questions)
    print(
        f"kill -9 after {answered_before_kill} answers "
        f"({acknowledged_unanswered} acknowledged to Telegram but not yet answered): "
        f"sent {len(questions)}, answered once {once}, lost {lost}, duplicated {duplicated}"
    )
    assert acknowledged_unanswered > 0  # the crash came between acknowledging and answering
    # Every one answered, none twice. A reply's update is marked in the same turn of the
    # event loop as its body is written (bot.delivery): a kill before that finds it
    # unmarked and unsent (answered after the restart), a kill after it marked and sent.
    # A kill inside the fraction of a millisecond between the two would lose that reply:
    # seen once in 38 runs of this test, with kill points from 3 to 150 answers. That
    # one reply is allowed for (CI must not fail on it); a second lost reply or any
    # duplicate is a bug.
    assert duplicated == 0
    assert lost <= 1 and once == len(questions) - lost
    assert "left unfinished by an earlier run" in second.log()
    fault_report(len(questions), once)


@both_backends
async def test_bot_api_down_then_back_recovers_and_answers_what_was_queued(
    api: FakeBotApi, start_bot: StartBot, fault_report: Report
) -> None:
    bot = await start_bot(health_port=free_port())
    users = [api.user(f"Reader {number}") for number in range(4)]
    before = ask_many(api, users, 4)
    await bot.settle(api)
    await until_ready_is(bot.health_url, 200)

    await api.go_down()
    while_down = ask_many(api, users, 12, start=4)
    report = await until_ready_is(bot.health_url, 503)
    assert report["telegram_reachable"] is False
    assert report["index_loaded"] is True
    await asyncio.sleep(3)  # down for several seconds
    api.come_back()
    await bot.settle(api)
    await until_ready_is(bot.health_url, 200)

    questions = before + while_down
    assert answered_once(api, questions) == len(questions)
    assert len(api.ok_calls("sendMessage")) == len(questions)
    errors = 'newsbot_telegram_errors_total{code="network",method="getUpdates"}'
    assert await metric(bot.health_url, errors) >= 1
    fault_report(len(questions), answered_once(api, questions))


@both_backends
async def test_429_flood_is_waited_out_and_nothing_is_dropped(
    api: FakeBotApi, start_bot: StartBot, fault_report: Report
) -> None:
    bot = await start_bot(health_port=free_port(), flood_max_retries=10, questions_per_minute=100)
    api.fail("sendMessage", 429, retry_after=1, times=8)
    api.fail("answerCallbackQuery", 429, retry_after=1, times=2)
    users = [api.user(f"Reader {number}") for number in range(12)]
    questions = ask_many(api, users, 30)
    await bot.settle(api)

    assert answered_once(api, questions) == len(questions)
    assert len(api.ok_calls("sendMessage")) == len(questions)
    sends = [call for call in api.calls if call.method == "sendMessage"]
    limited = [call for call in sends if call.status == 429]
    assert len(limited) == 8
    for refused in limited:
        # The same message is sent again, and not before `retry_after` has passed.
        key = (refused.params["chat_id"], json.dumps(refused.params["reply_parameters"]))
        retried = [
            call
            for call in sends
            if call.at > refused.at
            and (call.params["chat_id"], json.dumps(call.params["reply_parameters"])) == key
        ]
        assert retried, refused.params
        assert retried[0].at - refused.at >= 1.0
    assert await metric(bot.health_url, 'newsbot_rate_limited_total{by="telegram"}') == 8

    # Button presses under a flood too.
    answer = api.replies_to(questions[0])[0]
    thumbs_up = answer["reply_markup"]["inline_keyboard"][-1][0]["callback_data"]
    presses = [api.press_button(users[0], answer, thumbs_up) for _ in range(3)]
    await bot.settle(api)
    assert len(api.ok_calls("answerCallbackQuery")) == len(presses)
    fault_report(len(questions), answered_once(api, questions))


def unusable_database(database_url: str, state_db: Path) -> tuple[str, str]:
    """A database URL that cannot be used, and what the error must say."""
    if database_url.startswith("sqlite"):
        state_db.write_bytes(b"SQLite format 2\0" + b"\xff" * 4096)  # corrupt header
        return sqlite_url(state_db), f"{state_db}: file is not a database"
    parts = urlsplit(database_url)
    wrong = parts._replace(
        netloc=f"{parts.username}:not-the-password@{parts.hostname}:{parts.port}"
    ).geturl()
    return wrong, "password authentication failed"


@both_backends
async def test_unusable_database_is_named_and_questions_are_still_answered(
    api: FakeBotApi,
    start_bot: StartBot,
    database_url: str,
    state_db: Path,
    alice: JSON,
    alice_chat: JSON,
    caplog: pytest.LogCaptureFixture,
    fault_report: Report,
) -> None:
    url, problem = unusable_database(database_url, state_db)
    bot = await start_bot(database_url=url, health_port=free_port(), admin_ids=[alice["id"]])
    questions = ask_many(api, [alice], 3)
    await bot.settle(api)

    assert answered_once(api, questions) == len(questions)
    assert [r.getMessage() for r in caplog.records if problem in r.getMessage()]
    report = await until_ready_is(bot.health_url, 503)  # answering, but not ready
    assert problem in report["state_problem"]
    assert report["index_loaded"] and report["telegram_reachable"]
    # Buttons work from memory meanwhile.
    answer = api.replies_to(questions[0])[0]
    more = answer["reply_markup"]["inline_keyboard"][-2][-1]["callback_data"]
    api.press_button(alice, answer, more)
    stats = api.send_text(alice_chat, alice, "/stats")
    await bot.settle(api)
    assert api.latest(answer)["text"] != answer["text"]
    [stats_reply] = api.replies_to(stats)
    assert problem in stats_reply["text"]
    assert "not-the-password" not in caplog.text
    fault_report(len(questions), answered_once(api, questions))


def lock(database_url: str, state_db: Path) -> Callable[[], None]:
    """Lock the database as another process would; returns the unlock."""
    if database_url.startswith("sqlite"):
        locker = sqlite3.connect(state_db, isolation_level=None)
        locker.execute("BEGIN EXCLUSIVE")

        def unlock_sqlite() -> None:
            locker.execute("COMMIT")
            locker.close()

        return unlock_sqlite
    holder = psycopg.connect(database_url)
    holder.execute("LOCK TABLE answers, answer_messages, questions IN ACCESS EXCLUSIVE MODE")

    def unlock_postgres() -> None:
        holder.rollback()
        holder.close()

    return unlock_postgres


@both_backends
async def test_locked_database_costs_the_buttons_not_the_answers(
    api: FakeBotApi,
    start_bot: StartBot,
    database_url: str,
    state_db: Path,
    alice: JSON,
    caplog: pytest.LogCaptureFixture,
    fault_report: Report,
) -> None:
    bot = await start_bot(database_timeout=0.3, questions_per_minute=100)
    unlock = lock(database_url, state_db)
    while_locked = ask_many(api, [alice], 3)
    await bot.settle(api)
    unlock()
    after = ask_many(api, [alice], 2, start=3)
    await bot.settle(api)

    questions = while_locked + after
    assert answered_once(api, questions) == len(questions)
    for question in while_locked:
        assert "reply_markup" not in api.replies_to(question)[0]  # no buttons to break
    for question in after:
        assert "reply_markup" in api.replies_to(question)[0]
    failures = [r.getMessage() for r in caplog.records if r.name == "bot.components.services"]
    expected = "database is locked" if database_url.startswith("sqlite") else "lock timeout"
    assert failures
    assert all(expected in failure for failure in failures), failures
    fault_report(len(questions), answered_once(api, questions))


async def test_missing_corpus_folder_is_a_clear_error(api: FakeBotApi, tmp_path: Path) -> None:
    missing = tmp_path / "no-such-corpus"
    bot = BotProcess(
        tmp_path, BOT_TOKEN=api.token, BOT_API_URL=api.url, BOT_CORPUS_DIR=str(missing)
    )
    await bot.start()
    assert bot.process is not None
    status = await bot.process.wait()
    assert status == 2
    assert f"No usable articles in {missing} ({missing}: corpus folder does not exist)" in (
        bot.log()
    )
    assert api.ok_calls() == []


@both_backends
async def test_binary_and_enormous_corpus_files_are_named_and_the_rest_served(
    api: FakeBotApi, database_url: str, tmp_path: Path, fault_report: Report
) -> None:
    corpus = tmp_path / "corpus"
    shutil.copytree(CORPUS_DIR, corpus)
    (corpus / "scan.txt").write_bytes(b"%PDF-1.7\n\x00\x01\x02 binary \x00" * 100)
    (corpus / "dump.txt").write_text("All the news. " * 500_000)  # 7 MB
    port = free_port()
    bot = await BotProcess(
        tmp_path,
        BOT_TOKEN=api.token,
        BOT_API_URL=api.url,
        BOT_CORPUS_DIR=str(corpus),
        BOT_DATABASE_URL=database_url,
        BOT_HEALTH_PORT=str(port),
    ).start()
    try:
        users = [api.user("Reader")]
        questions = ask_many(api, users, 4)
        await api.wait_until(lambda: answered_once(api, questions) == len(questions))
        health = f"http://127.0.0.1:{port}"
        await until_ready_is(health, 200)
        assert await metric(health, "newsbot_corpus_articles") == 5
        assert await metric(health, 'newsbot_questions_total{outcome="answered"}') == 4
    finally:
        assert await bot.stop() == 0
    log = bot.log()
    assert "scan.txt: binary data, not text" in log
    assert "dump.txt: too large (7,000,000 bytes" in log
    fault_report(len(questions), answered_once(api, questions))


@pytest.mark.parametrize("status", [401, 404])
async def test_refused_token_while_polling_exits_non_zero_within_10_s(
    api: FakeBotApi, tmp_path: Path, status: int, fault_report: Report
) -> None:
    bot = await BotProcess(tmp_path, **run_environment(api, tmp_path)).start()
    assert bot.process is not None
    question = ask_many(api, [api.user("Reader")], 1)
    await api.wait_until(lambda: answered_once(api, question) == 1, timeout=120)

    api.refuse_token(status)  # token revoked (401) or bot deleted (404)
    refused_at = time.monotonic()
    async with asyncio.timeout(60):
        code = await bot.process.wait()
    seconds = time.monotonic() - refused_at
    print(f"\n{status} on getUpdates: exit status {code} after {seconds:.2f} s")

    log = bot.log()
    assert code == 1
    assert seconds < 10
    assert f"Telegram answered {status} to getUpdates" in log
    assert "Telegram rejected BOT_TOKEN" in log
    assert "Stopped; state database" in log  # a graceful stop, state closed
    assert api.token not in log and api.token.split(":")[1] not in log
    fault_report(1, answered_once(api, question))


async def test_refused_token_turns_healthz_503(
    api: FakeBotApi, start_bot: StartBot, alice: JSON
) -> None:
    bot = await start_bot(health_port=free_port())
    async with httpx.AsyncClient() as client:
        assert (await client.get(f"{bot.health_url}/healthz")).status_code == 200
        api.refuse_token(401)
        async with asyncio.timeout(30):
            while (live := await client.get(f"{bot.health_url}/healthz")).status_code == 200:
                await asyncio.sleep(0.05)
    print(f"\n/healthz after a 401: {live.status_code} {live.text}")
    assert live.status_code == 503
    assert "Telegram answered 401 to getUpdates" in live.json()["reason"]
    assert not bot.application.updater.running  # type: ignore[union-attr]


async def test_bot_api_unreachable_at_start_is_one_line_and_retried(
    api: FakeBotApi, tmp_path: Path, fault_report: Report
) -> None:
    await api.go_down()
    bot = await BotProcess(tmp_path, **run_environment(api, tmp_path)).start()
    try:
        async with asyncio.timeout(60):
            while bot.log().count("Cannot reach the Bot API") < 2:
                await asyncio.sleep(0.1)
        api.come_back()
        question = ask_many(api, [api.user("Reader")], 1)
        await api.wait_until(lambda: answered_once(api, question) == 1, timeout=60)
    finally:
        assert await bot.stop() == 0
    log = bot.log()
    retries = [line for line in log.splitlines() if "Cannot reach the Bot API" in line]
    print(f"\nBot API down at start: {len(retries)} retry lines, e.g. {retries[0]!r}")
    assert "Traceback" not in log
    assert f"Cannot reach the Bot API at {api.url}" in retries[0]
    assert "retrying in 1 s" in retries[0] and "retrying in 2 s" in retries[1]
    fault_report(1, answered_once(api, question))


@contextlib.contextmanager
def read_only(database_url: str, state_db: Path) -> Iterator[None]:
    """The state database readable but not writable: the SQLite file read-only in a
    writable folder (immutable too when the tests run as root, whom modes do not stop),
    or PostgreSQL with every transaction read-only."""
    if database_url.startswith("sqlite"):
        state_db.chmod(0o444)
        immutable = os.access(state_db, os.W_OK)  # root
        if immutable:
            subprocess.run(["chattr", "+i", str(state_db)], check=True)
        try:
            yield
        finally:
            if immutable:
                subprocess.run(["chattr", "-i", str(state_db)], check=True)
            state_db.chmod(0o644)
        return
    name = urlsplit(database_url).path.lstrip("/")
    with psycopg.connect(database_url, autocommit=True) as db:
        db.execute(f"ALTER DATABASE {name} SET default_transaction_read_only = on")
    yield


@both_backends
async def test_read_only_database_shows_on_readyz_and_limits_hold_in_memory(
    api: FakeBotApi,
    start_bot: StartBot,
    database_url: str,
    state_db: Path,
    alice: JSON,
    bob: JSON,
    fault_report: Report,
) -> None:
    earlier = open_state(database_url)
    for _ in range(5):
        await earlier.record_question(1, 1, "An earlier question", "answered", 0.01)
    earlier.close()
    with read_only(database_url, state_db):
        bot = await start_bot(
            health_port=free_port(), questions_per_minute=3, admin_ids=[bob["id"]]
        )
        questions = ask_many(api, [alice], 10)
        await bot.settle(api)
        stats = api.send_text(api.private_chat(bob), bob, "/stats")
        await bot.settle(api)
        code, report = await ready_status(bot.health_url)

    answered = sum(
        1
        for question in questions
        if any(reply["text"].startswith("🔎 ") for reply in api.replies_to(question))
    )
    [stats_reply] = api.replies_to(stats)
    print(
        f"\nread-only state database: /readyz {code} {report.get('state_problem')!r}; "
        f"{answered} of {len(questions)} answered at a limit of 3; "
        f"/stats begins {stats_reply['text'][:120]!r}"
    )
    expected = "readonly database" if database_url.startswith("sqlite") else "read-only"
    assert code == 503
    assert expected in report["state_problem"]
    assert answered == 3
    assert stats_reply["text"].startswith("⚠️ ")
    assert expected in stats_reply["text"].split("\n")[0]
    assert "Counted in memory since the bot started" in stats_reply["text"]
    fault_report(len(questions), answered)


async def test_send_that_timed_out_but_was_delivered_gets_no_apology(
    api: FakeBotApi, bot: object, alice: JSON, alice_chat: JSON, fault_report: Report
) -> None:
    # Longer than python-telegram-bot's 5 s read timeout: the answer reaches the chat,
    # but the bot sees a TimedOut.
    api.slow_down("sendMessage", 7)
    question = api.send_text(alice_chat, alice, QUESTIONS[0])
    await api.wait_until(lambda: bool(api.replies_to(question)), timeout=60)
    await asyncio.sleep(3)  # time for a wrong "sorry" to arrive
    replies = [reply["text"] for reply in api.sent_in(alice_chat)]
    print(f"\nsendMessage delayed 7 s: {len(replies)} message(s) in the chat")
    assert len(replies) == 1
    assert replies[0].startswith("🔎 ")
    fault_report(1, answered_once(api, [question]))


def own_rss_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    raise AssertionError("no VmRSS")


def random_query(rng: random.Random) -> str:
    letters = "abcdefghijklmnopqrstuvwxyz"
    return " ".join(
        "".join(rng.choice(letters) for _ in range(rng.randint(3, 10)))
        for _ in range(rng.randint(1, 5))
    )


async def test_20000_random_inline_queries_keep_memory_bounded(
    api: FakeBotApi, start_bot: StartBot, lexical_engine: Engine, alice: JSON
) -> None:
    rng = random.Random(11)
    # Memory, not flooding, is measured here: one user's budget would drop most of them.
    bot = await start_bot(lexical_engine, user_updates_per_minute=100_000)
    # A few hundred through the real stack: Bot API → handler → answerInlineQuery.
    for _ in range(300):
        api.inline_query(alice, random_query(rng))
    await bot.settle(api)
    assert len(api.ok_calls("answerInlineQuery")) == 300
    # Then the inline handler's own lookup (`offer_quotes` asks the corpus's answer
    # cache), 20,000 times: the full round trip would take many minutes here.
    answers = bot.application.bot_data["services"].corpus().answers
    gc.collect()
    before = own_rss_mb()
    for _ in range(20_000):
        await answers.ask(random_query(rng))
    gc.collect()
    after = own_rss_mb()
    print(f"\n20,000 random inline queries: RSS {before:.0f} → {after:.0f} MB")
    assert after - before < 50


async def test_hostile_corpus_entries_are_skipped_by_name_and_start_up_completes(
    api: FakeBotApi, tmp_path: Path, fault_report: Report
) -> None:
    corpus = tmp_path / "corpus"
    shutil.copytree(CORPUS_DIR, corpus)
    outside = tmp_path / "passwd"
    outside.write_text(
        "---\ntitle: Private notes\n---\n\nThe vault code is 4512 and nobody may read it.\n"
    )
    add_hostile_entries(corpus, outside)
    port = free_port()
    started = time.perf_counter()
    environment = run_environment(api, tmp_path, BOT_CORPUS_DIR=str(corpus))
    environment |= {"BOT_HEALTH_PORT": str(port), "BOT_WATCH_CORPUS": "true"}
    bot = await BotProcess(tmp_path, **environment).start()
    try:
        reader = api.user("Reader")
        questions = ask_many(api, [reader], 4)
        vault = api.send_text(api.private_chat(reader), reader, "What is the vault code?")
        await api.wait_until(
            lambda: answered_once(api, questions) == len(questions) and bool(api.replies_to(vault)),
            timeout=120,  # a process start on a loaded machine
        )
        answering_after = time.perf_counter() - started
        health = f"http://127.0.0.1:{port}"
        await until_ready_is(health, 200)
        articles = await metric(health, "newsbot_corpus_articles")
    finally:
        assert await bot.stop() == 0
    log = bot.log()
    skipped = [name for name, reason in HOSTILE_ENTRIES.items() if f"{name}: {reason}" in log]
    print(
        f"hostile corpus: {len(skipped)} of {len(HOSTILE_ENTRIES)} special entries skipped "
        f"by name, {articles:.0f} articles served, answering after {answering_after:.1f} s"
    )
    assert skipped == list(HOSTILE_ENTRIES)
    assert articles == 5
    assert "4512" not in api.replies_to(vault)[0]["text"]
    fault_report(len(questions), answered_once(api, questions))


async def test_watcher_survives_the_corpus_folder_vanishing_and_coming_back(
    api: FakeBotApi,
    start_bot: StartBot,
    tmp_path: Path,
    alice: JSON,
    alice_chat: JSON,
    caplog: pytest.LogCaptureFixture,
    fault_report: Report,
) -> None:
    corpus = tmp_path / "corpus"
    shutil.copytree(CORPUS_DIR, corpus)
    bot = await start_bot(
        Engine.from_dir(corpus, root=tmp_path), corpus_dir=corpus, watch_corpus=True
    )
    reloads: list[float] = []
    bot.library.listeners.append(lambda _report: reloads.append(time.perf_counter()))
    await asyncio.sleep(0.5)  # the watcher is running

    removed = time.perf_counter()
    shutil.rmtree(corpus)
    await eventually(lambda: "is gone; still serving the previous corpus" in caplog.text)
    noticed = time.perf_counter() - removed
    while_gone = ask_many(api, [alice], 2)
    await bot.settle(api)

    recreated = time.perf_counter()
    shutil.copytree(CORPUS_DIR, corpus)
    (corpus / "port.txt").write_text(PORT_ARTICLE.format(40))
    await eventually(lambda: len(bot.library.engine.articles) == 6)
    back_after = time.perf_counter() - recreated
    first = api.send_text(alice_chat, alice, PORT_QUESTION)
    await bot.settle(api)
    # Watching again: a later change is picked up by itself.
    seen = len(reloads)
    (corpus / "port.txt").write_text(PORT_ARTICLE.format(55))
    await eventually(lambda: len(reloads) > seen)
    second = api.send_text(alice_chat, alice, PORT_QUESTION)
    await bot.settle(api)

    print(
        f"corpus folder removed: noticed after {noticed:.1f} s, "
        f"{answered_once(api, while_gone)} of {len(while_gone)} questions answered meanwhile; "
        f"created again: reloaded after {back_after:.1f} s"
    )
    assert answered_once(api, while_gone) == len(while_gone)
    assert "40 ships" in api.replies_to(first)[0]["text"]
    assert "55 ships" in api.replies_to(second)[0]["text"]
    assert "is back; reloading" in caplog.text
    fault_report(len(while_gone) + 2, answered_once(api, while_gone) + 2)


def one_sentence_article(corpus: Path, size: int) -> str:
    """An article of `size` characters in one sentence: the corpus's own words, in
    random order, with no full stop (every question's terms are in it)."""
    words = [w.strip(".,;:!?\"'()") for p in corpus.glob("*.txt") for w in p.read_text().split()]
    vocabulary = [w for w in words if w.isascii() and w]
    chosen: list[str] = []
    length = 0
    generator = random.Random(11)
    while length < size:
        chosen.append(generator.choice(vocabulary))
        length += len(chosen[-1]) + 1
    return "---\ntitle: Endless\n---\n\n" + " ".join(chosen) + "\n"


def test_a_huge_one_sentence_article_is_cut_at_indexing_and_answers_stay_fast(
    tmp_path: Path, fault_report: Report
) -> None:
    corpus = tmp_path / "corpus"
    shutil.copytree(CORPUS_DIR, corpus)
    text = one_sentence_article(corpus, 3_900_000)
    (corpus / "endless.txt").write_text(text)
    started = time.perf_counter()
    engine = Engine.from_dir(corpus, root=tmp_path)
    build_seconds = time.perf_counter() - started
    index = engine.index
    longest = max(int((live.segment.ends - live.segment.starts).max()) for live in index.segments)
    seconds, quotes, answered = [], [], 0
    for question in QUESTIONS:
        started = time.perf_counter()
        answer = engine.ask(question)
        seconds.append(time.perf_counter() - started)
        answered += answer.answered
        quotes += [quote for quote in answer.quotes if quote.article.title == "Endless"]
    print(
        f"3.9 MB one-sentence article: {index.size:,} sentences, longest {longest:,} chars, "
        f"indexed in {build_seconds:.1f} s; answers take {max(seconds):.2f} s at most "
        f"({sum(seconds) / len(seconds):.2f} s mean), {len(quotes)} quotes from it"
    )
    assert longest <= MAX_SENTENCE_CHARS
    assert all(quote.text in text for quote in quotes)  # verbatim pieces of the file
    assert max(seconds) < 10  # generous: scripts/benchmark.py measures speed
    fault_report(len(QUESTIONS), answered)
