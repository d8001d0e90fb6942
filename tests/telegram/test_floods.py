"""Floods, on SQLite and PostgreSQL: one user or one group sending far more than its
share must not stall anyone else. Each test prints what the flooder got back and how
long a bystander in another chat waited (p95); the bounds asserted are generous, so
that a slow machine does not fail them (scripts/benchmark.py measures speed)."""

from __future__ import annotations

import math
import threading
import time
from pathlib import Path
from typing import Any

from bot.components.questions import TOO_SLOW
from bot.engine import Answer, Engine
from tests.telegram.conftest import StartBot, both_backends
from tests.telegram.fake_bot_api import JSON, FakeBotApi
from tests.telegram.harness import BotUnderTest

pytestmark = both_backends  # the per-user question limit and the updates live there

QUESTIONS = [
    "How many troops has North Korea sent to Russia?",
    "What did Putin and Kim sign?",
    "Where are North Korean soldiers fighting?",
    "What does North Korea get in return?",
    "What did Kim Jong Un promise Putin?",
]
BYSTANDER_BOUND_SECONDS = 5.0
"""The issue asks for 1 s at p95; asserted with room for a loaded 2-core machine."""


def is_answer(reply: JSON) -> bool:
    return str(reply.get("text", "")).startswith("🔎 ")


async def bystander_latencies(api: FakeBotApi, user: JSON, count: int) -> list[float]:
    """`user` asks `count` questions in private, one after the other; seconds each waited."""
    chat = api.private_chat(user)
    waited = []
    for number in range(count):
        asked = time.perf_counter()
        question = api.send_text(chat, user, QUESTIONS[number % len(QUESTIONS)])

        def answered(sent: JSON = question) -> bool:
            return bool(api.replies_to(sent))

        await api.wait_until(answered, timeout=60)
        waited.append(time.perf_counter() - asked)
        assert is_answer(api.replies_to(question)[0])
    return waited


def p95(values: list[float]) -> float:
    """The 95th percentile, by nearest rank."""
    ordered = sorted(values)
    return ordered[math.ceil(0.95 * len(ordered)) - 1]


async def test_one_user_asking_40_times_in_a_group_does_not_hold_up_a_private_bystander(
    api: FakeBotApi, start_bot: StartBot, alice: JSON, bob: JSON, group: JSON
) -> None:
    # Two slots only, and a group limit the flood's answers overrun: without giving up
    # their slots while they wait on it, the waiting answers would hold both.
    bot = await start_bot(
        concurrent_updates=2,
        flood_group_messages_per_minute=10,
        questions_per_minute=12,
        typing_after_seconds=10,
    )
    api.round_trip = 0.05
    flood = [
        api.send_text(group, alice, f"/ask {QUESTIONS[number % len(QUESTIONS)]}")
        for number in range(40)
    ]
    await api.wait_until(lambda: len(api.sent_in(group)) >= 10)
    waited = await bystander_latencies(api, bob, 10)
    await bot.settle(api)

    group_replies = api.sent_in(group)
    answered = sum(1 for question in flood if any(map(is_answer, api.replies_to(question))))
    print(
        f"40 /ask in a group: {answered} answered, "
        f"{len(group_replies) - answered} other replies in the group; private bystander "
        f"p95 {p95(waited):.3f} s, max {max(waited):.3f} s"
    )
    assert answered == 12  # the question limit
    assert all(is_answer(reply) for reply in group_replies)  # no notices in groups
    assert p95(waited) < BYSTANDER_BOUND_SECONDS


async def test_200_private_messages_in_a_second_get_one_notice_and_a_bystander_is_answered(
    api: FakeBotApi, bot: BotUnderTest, alice: JSON, alice_chat: JSON, bob: JSON
) -> None:
    flood = [
        api.send_text(alice_chat, alice, QUESTIONS[number % len(QUESTIONS)])
        for number in range(200)
    ]
    waited = await bystander_latencies(api, bob, 10)
    await bot.settle(api)

    replies = api.sent_in(alice_chat)
    answers = sum(1 for reply in replies if is_answer(reply))
    notices = len(replies) - answers
    print(
        f"200 private messages: {answers} answered, {notices} slow-down notices; "
        f"bystander p95 {p95(waited):.3f} s, max {max(waited):.3f} s"
    )
    assert answers == bot.settings.questions_per_minute
    assert notices == 1
    assert "keep up" in next(reply["text"] for reply in replies if not is_answer(reply))
    assert len(flood) == 200
    assert p95(waited) < BYSTANDER_BOUND_SECONDS


async def test_100_taps_on_a_context_button_are_budgeted_and_a_bystander_is_answered(
    api: FakeBotApi, start_bot: StartBot, alice: JSON, bob: JSON, group: JSON
) -> None:
    bot = await start_bot(group_updates_per_minute=10)
    question = api.send_text(group, alice, f"/ask {QUESTIONS[0]}")
    await bot.settle(api)
    [answer] = api.replies_to(question)
    context_button = answer["reply_markup"]["inline_keyboard"][0][0]["callback_data"]
    calls_before = len(api.calls)

    taps = [api.press_button(alice, answer, context_button) for _ in range(100)]
    waited = await bystander_latencies(api, bob, 10)
    await bot.settle(api)

    shown = [reply for reply in api.sent_in(group) if reply["text"].startswith("Context from")]
    answered_taps = [
        call for call in api.calls[calls_before:] if call.method == "answerCallbackQuery"
    ]
    notices = [call for call in answered_taps if call.params.get("text")]
    print(
        f"100 taps on one Context button: {len(shown)} contexts shown, "
        f"{len(notices)} slow-down notices; bystander p95 {p95(waited):.3f} s"
    )
    assert len(taps) == 100
    assert 1 <= len(shown) <= 10  # the group's budget (the question used one)
    assert len(notices) == 1
    assert p95(waited) < BYSTANDER_BOUND_SECONDS


async def test_sources_over_hundreds_of_articles_is_one_message_paged_in_place(
    api: FakeBotApi, start_bot: StartBot, alice: JSON, group: JSON, tmp_path: Path
) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for number in range(600):
        (corpus / f"article{number:04}.txt").write_text(
            f"---\ntitle: Harbour report number {number}\npublished: 2024-05-01\n---\n\n"
            f"The harbour of town {number} counted {number + 7} ships this week.\n"
        )
    bot = await start_bot(Engine.from_dir(corpus, root=tmp_path), corpus_dir=corpus)
    command = api.send_text(group, alice, "/sources")
    await bot.settle(api)

    [listing] = api.replies_to(command)
    pages = int(listing["text"].rsplit("of ", 1)[1])
    print(f"/sources over 600 articles: 1 message of {pages} pages")
    assert pages > 3
    assert listing["text"].endswith(f"Page 1 of {pages}")
    [[next_page]] = listing["reply_markup"]["inline_keyboard"]
    assert next_page["callback_data"] == "src:1"

    api.press_button(alice, listing, "src:1")
    api.press_button(alice, listing, f"src:{pages + 50}")  # beyond the end: the last page
    await bot.settle(api)
    assert len(api.sent_in(group)) == 1
    turned = api.latest(listing)
    assert turned["text"].endswith(f"Page {pages} of {pages}")
    assert [button["text"] for button in turned["reply_markup"]["inline_keyboard"][0]] == [
        "‹ Previous"
    ]


class HeldEngine(Engine):
    """The engine, except that each answer waits until the test lets it go: an answer
    that is slow for certain, however fast the machine (the real engine answers the
    slowest question the tests can build in milliseconds, which races any limit)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.release = threading.Event()

    def ask(self, *args: Any, **kwargs: Any) -> Answer:
        self.release.wait(timeout=60)
        return super().ask(*args, **kwargs)


async def test_slow_answers_work_off_the_event_loop_and_are_cut_off_at_the_limit(
    api: FakeBotApi, start_bot: StartBot, alice: JSON, alice_chat: JSON, bob: JSON, tmp_path: Path
) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "harbour.txt").write_text(
        "---\ntitle: Harbour\npublished: 2024-05-01\n---\n\n"
        "The harbour counted 40 ships waiting for grain.\n"
    )
    engine = HeldEngine.from_dir(corpus, root=tmp_path)
    bot = await start_bot(engine, corpus_dir=corpus, answer_seconds_limit=0.5)
    question = "How many ships are waiting in the harbour?"
    started = time.perf_counter()
    slow = api.send_text(alice_chat, alice, question)
    helps = []
    waited = []
    bob_chat = api.private_chat(bob)
    try:
        for _ in range(5):
            asked = time.perf_counter()
            helps.append(api.send_text(bob_chat, bob, "/help"))

            def answered(sent: JSON = helps[-1]) -> bool:
                return bool(api.replies_to(sent))

            await api.wait_until(answered, timeout=60)
            waited.append(time.perf_counter() - asked)
        await api.wait_until(lambda: bool(api.replies_to(slow)), timeout=60)
        cut_off_after = time.perf_counter() - started
    finally:
        engine.release.set()
    [reply] = api.replies_to(slow)
    print(
        f"a question held in the engine: cut off after {cut_off_after:.2f} s; "
        f"/help meanwhile p95 {p95(waited):.3f} s"
    )
    assert reply["text"] == TOO_SLOW
    assert cut_off_after >= 0.5
    assert p95(waited) < BYSTANDER_BOUND_SECONDS
    # The engine finishes in the background, and its answer is there the next time.
    await bot.settle(api)
    again = api.send_text(alice_chat, alice, question)
    await bot.settle(api)
    [answer] = api.replies_to(again)
    assert answer["text"].startswith("🔎 How many ships")
    assert "The harbour counted 40 ships waiting for grain." in answer["text"]


async def test_a_flood_of_inline_queries_is_held_to_the_users_budget(
    api: FakeBotApi, bot: BotUnderTest, alice: JSON, bob: JSON
) -> None:
    flood = [api.inline_query(alice, QUESTIONS[number % len(QUESTIONS)]) for number in range(300)]
    bystander = api.inline_query(bob, QUESTIONS[0])
    await bot.settle(api)

    answered = {call.params["inline_query_id"] for call in api.ok_calls("answerInlineQuery")}
    flood_answered = len(answered & set(flood))
    print(f"300 inline queries from one user: {flood_answered} answered")
    budget = bot.settings.user_updates_per_minute
    assert budget <= flood_answered <= budget + 10  # refilled a little while they came
    assert bystander in answered
