"""Load test: C chats × M questions through the fake Bot API server, to the real bot.

The fake server and the simulated users run in a child process (one core), the bot
in this one (the other core), built by `bot.app.build_application` as in production
and polling the server over HTTP. Questions are offered at a steady rate; the script
checks that every question got exactly one reply, in its own chat, and prints the
throughput and the update-to-reply latency (p50/p99), both measured in the server.

    .venv/bin/python scripts/load_test.py --chats 100 --questions 20

Exit status 1 when any reply was lost, duplicated or sent to the wrong chat.
Telegram's flood limits are switched off: the fake server has none, and with them
the bot may send only 30 messages a second.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import multiprocessing
import statistics
import sys
import tempfile
import time
from dataclasses import dataclass
from multiprocessing.connection import Connection
from pathlib import Path

import uvloop

# Run as a script from anywhere: make the repository importable.
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bot import REPO_ROOT
from bot.engine import Engine
from bot.settings import Settings
from tests.telegram.fake_bot_api import JSON, FakeBotApi
from tests.telegram.harness import BotUnderTest, settings_for

# The development and extra question sets: 69 questions of every kind, answerable and
# not. Repeated questions are served from the bot's answer cache, as in real use.
QUESTIONS = [
    json.loads(line)["question"]
    for path in sorted((REPO_ROOT / "tests" / "data").glob("*questions.jsonl"))
    for line in path.read_text(encoding="utf-8").splitlines()
    if line.strip()
]


@dataclass
class Report:
    questions: int
    answered_once: int
    lost: int
    duplicated: int
    misdirected: int
    seconds: float
    latencies_ms: list[float]

    @property
    def ok(self) -> bool:
        return self.answered_once == self.questions and not (
            self.lost or self.duplicated or self.misdirected
        )

    def lines(self) -> list[str]:
        ordered = sorted(self.latencies_ms)

        def percentile(share: float) -> float:
            return ordered[min(len(ordered) - 1, int(share * len(ordered)))] if ordered else 0.0

        return [
            f"questions:        {self.questions}",
            f"answered once:    {self.answered_once}",
            f"lost:             {self.lost}",
            f"duplicated:       {self.duplicated}",
            f"misdirected:      {self.misdirected}",
            f"throughput:       {self.answered_once / self.seconds:.0f} answered updates/s "
            f"({self.seconds:.2f} s from first question to last reply)",
            f"latency p50:      {percentile(0.50):.1f} ms",
            f"latency p99:      {percentile(0.99):.1f} ms",
            f"latency max:      {max(ordered, default=0.0):.1f} ms",
            f"latency mean:     {statistics.fmean(ordered) if ordered else 0.0:.1f} ms",
        ]


# -- the server process: Telegram and its users ----------------------------------------


def serve(pipe: Connection, chats: int, questions: int, rate: float, timeout: float) -> None:
    asyncio.run(_serve(pipe, chats, questions, rate, timeout))


async def _serve(pipe: Connection, chats: int, questions: int, rate: float, timeout: float) -> None:
    api = FakeBotApi()
    await api.start()
    pipe.send((api.token, api.url))
    await asyncio.to_thread(pipe.recv)  # the bot is polling

    people = [api.user(f"User {number}") for number in range(chats)]
    rooms = [api.private_chat(person) for person in people]
    asked: list[tuple[JSON, float]] = []
    start = time.perf_counter()
    for number in range(chats * questions):
        due = start + number / rate
        delay = due - time.perf_counter()
        if delay > 0:
            await asyncio.sleep(delay)
        chat = number % chats
        text = QUESTIONS[(number // chats + chat) % len(QUESTIONS)]
        asked.append((api.send_text(rooms[chat], people[chat], text), time.perf_counter()))

    # Lost replies show in the tally; waiting for them ends at the timeout.
    with contextlib.suppress(TimeoutError):
        await api.wait_until(lambda: api.ok_counts["sendMessage"] >= len(asked), timeout)
    await api.all_delivered()
    pipe.send("asked")
    await asyncio.to_thread(pipe.recv)  # the bot has handled every update it received
    pipe.send(tally(api, asked))
    await api.stop()


def tally(api: FakeBotApi, asked: list[tuple[JSON, float]]) -> Report:
    """Match every sent message to the question it replies to, by chat and message id."""
    replies: dict[tuple[int, int], list[float]] = {}
    unmatched = 0
    for call in api.ok_calls("sendMessage"):
        replied = call.result.get("reply_to_message")
        if replied is None:
            unmatched += 1
            continue
        replies.setdefault((call.result["chat"]["id"], replied["message_id"]), []).append(call.at)
    latencies = []
    lost = duplicated = 0
    for question, sent_at in asked:
        arrivals = replies.get((question["chat"]["id"], question["message_id"]), [])
        lost += not arrivals
        duplicated += len(arrivals) > 1
        if arrivals:
            latencies.append((arrivals[0] - sent_at) * 1000)
    last_reply = max((call.at for call in api.ok_calls("sendMessage")), default=asked[-1][1])
    return Report(
        questions=len(asked),
        answered_once=sum(
            len(replies.get((q["chat"]["id"], q["message_id"]), [])) == 1 for q, _ in asked
        ),
        lost=lost,
        duplicated=duplicated,
        # A reply in the wrong chat points at no message there: Telegram (and the fake
        # server) then sends it as a plain message, which matches no question.
        misdirected=unmatched,
        seconds=last_reply - asked[0][1],
        latencies_ms=latencies,
    )


# -- this process: the bot ------------------------------------------------------------


async def run_bot_against(pipe: Connection, questions: int) -> None:
    token, api_url = pipe.recv()
    with tempfile.TemporaryDirectory() as state_dir:
        settings = settings_for(
            token,
            api_url,
            Path(state_dir) / "state.sqlite3",
            log_level="WARNING",
            flood_messages_per_second=0,
            flood_group_messages_per_minute=0,
            questions_per_minute=questions,
            # As deployed, not as the tests run (they show "typing…" for every question).
            typing_after_seconds=Settings.model_fields["typing_after_seconds"].default,
        )
        bot = BotUnderTest(settings, Engine.from_dir(REPO_ROOT / "corpus"))
        await bot.start()
        pipe.send("polling")
        await asyncio.to_thread(pipe.recv)  # every question was delivered
        await bot.application.update_queue.join()
        await bot.stop()
        pipe.send("handled")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--chats", type=int, default=100)
    parser.add_argument("--questions", type=int, default=20, help="questions per chat")
    parser.add_argument("--rate", type=float, default=300, help="questions offered per second")
    parser.add_argument("--timeout", type=float, default=60, help="seconds to wait for replies")
    args = parser.parse_args()

    context = multiprocessing.get_context("spawn")
    ours, theirs = context.Pipe()
    server = context.Process(
        target=serve, args=(theirs, args.chats, args.questions, args.rate, args.timeout)
    )
    server.start()
    uvloop.run(run_bot_against(ours, args.questions))
    report: Report = ours.recv()
    server.join()

    print(f"{args.chats} chats × {args.questions} questions, offered at {args.rate:.0f}/s")
    print("\n".join(report.lines()))
    return 0 if report.ok else 1


if __name__ == "__main__":
    sys.exit(main())
