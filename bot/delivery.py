"""Updates on their way from Telegram to the handlers: stored before they are
acknowledged, handled once, and shared fairly.

- `DurableUpdateQueue` is the application's update queue. Polling puts each fetched
  update into it before the next `getUpdates` moves the offset past it (which is how
  Telegram is told the update arrived), and the webhook answers 200 only after the
  put; so an update is in the state database before Telegram forgets it.
- `FairUpdateProcessor` runs the handlers: it claims each update in the database
  (whoever claims it first, of several instances, handles it), marks it done when the
  handlers finish, and hands out the concurrent-update slots round robin between
  users, so one user's flood waits behind everyone else's next update instead of in
  front of it. An update waiting for Telegram's per-chat send limit gives its slot up.
- `UpdateJournal` ties them together and replays what a crashed instance left
  unfinished: updates never claimed, or claimed by an instance that stopped renewing
  its claims. When the first message for an update is on its way (its headers written,
  its body about to be), the update is marked 'replied' and is never handled again.

What a crash (`kill -9`) can do to an update in the middle of its reply:
- before the mark is committed: Telegram has at most the request's headers, which it
  drops with the connection, so nothing was sent; the update is still 'claimed', and is
  answered once after the restart;
- after the body is written: the reply went out, and is not sent again;
- between the two: the reply is lost. Telegram offers no idempotent send, nor a way to
  ask what was sent, so one of a lost and a doubled reply must be risked; this window is
  the smaller one: the mark and the body's write happen in the same turn of the event
  loop (SQLite commits inline; PostgreSQL is sent the mark on a connection of its own
  and commits it even if this process dies, its answer read later), a median 0.1-0.2 ms
  apart under the kill test's load (up to ~10 ms when the answer thread holds the GIL).
  A mark after the write would leave a turn of the loop instead (seen: a reply doubled
  in every kill test run), one waiting for PostgreSQL's answer a round trip (seen: a
  reply lost in several PostgreSQL runs). tests/telegram/test_faults.py: 200 of 200
  answered once after a kill -9 in 37 of 38 runs on the two databases, with kill points
  from 3 to 150 answers; the other lost one reply (SQLite, a kill after 83 answers).
"""

from __future__ import annotations

import asyncio
import contextlib
import inspect
import json
import logging
import os
import socket
import time
import uuid
from collections import OrderedDict, deque
from collections.abc import Awaitable, Hashable
from contextvars import ContextVar
from typing import Any

import httpx
from telegram import Bot, Update
from telegram.ext import BaseUpdateProcessor

from bot.metrics import Metrics, TelemetryRequest
from bot.state import StateError, StateStore, UpdateStatus

logger = logging.getLogger(__name__)

REPLY_METHODS = frozenset({"sendMessage"})
"""Bot API methods that put a message in a chat: once called for an update, handling
it again could show the user a second reply."""

FORGET_AFTER_SECONDS = 24 * 3600.0
"""Finished updates are kept this long (Telegram itself keeps unconfirmed ones a day)."""

STRICT_FOR_SECONDS = 60.0
"""How long a webhook refuses updates it cannot store before it takes them unstored."""

WAITING_CEILING = 65_536
"""python-telegram-bot's own limit on updates in processing; the fair slots do the work."""

_current_update: ContextVar[Update | None] = ContextVar("current_update", default=None)
_held_slot: ContextVar[_Slot | None] = ContextVar("held_slot", default=None)


class FairSlots:
    """A fixed number of slots, handed out round robin between the parties waiting."""

    def __init__(self, slots: int) -> None:
        self._free = slots
        self._waiting: OrderedDict[Hashable, deque[asyncio.Future[None]]] = OrderedDict()

    @property
    def waiting(self) -> int:
        return sum(len(queue) for queue in self._waiting.values())

    async def acquire(self, party: Hashable) -> None:
        """Wait for a slot; a party with many waiting gets one in turn with the others."""
        if self._free > 0 and not self._waiting:
            self._free -= 1
            return
        granted: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        self._waiting.setdefault(party, deque()).append(granted)
        try:
            await granted
        except asyncio.CancelledError:
            if granted.done() and not granted.cancelled():
                self.release()  # granted just as it was cancelled: pass it on
            else:
                queue = self._waiting.get(party)
                if queue is not None and granted in queue:
                    queue.remove(granted)
                    if not queue:
                        del self._waiting[party]
            raise

    def release(self) -> None:
        """Give a slot to the next party in turn, or back to the free ones."""
        while self._waiting:
            party, queue = next(iter(self._waiting.items()))
            granted = queue.popleft()
            if queue:
                self._waiting.move_to_end(party)
            else:
                del self._waiting[party]
            if not granted.done():
                granted.set_result(None)
                return
        self._free += 1


class _Slot:
    """The slot one update holds; given back once, early or at the end."""

    def __init__(self, slots: FairSlots) -> None:
        self._slots: FairSlots | None = slots

    def give_back(self) -> None:
        if self._slots is not None:
            self._slots.release()
            self._slots = None


def give_up_slot() -> None:
    """Let another update have this one's slot: it is about to wait on Telegram's limits,
    and the slots are for work, not for waiting. The rest of it runs without one."""
    slot = _held_slot.get()
    if slot is not None:
        slot.give_back()


def party_of(update: object) -> Hashable:
    """Who an update's slot share belongs to: its user, else its chat."""
    if isinstance(update, Update):
        if update.effective_user is not None:
            return ("user", update.effective_user.id)
        if update.effective_chat is not None:
            return ("chat", update.effective_chat.id)
    return ("other", 0)


def _owner_name() -> str:
    return f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:8]}"


class UpdateJournal:
    """The updates in the state database: stored, claimed, replied to, done, replayed."""

    def __init__(
        self, state: StateStore, bot_id: int, lease_seconds: float, metrics: Metrics
    ) -> None:
        self.state = state
        self.bot_id = bot_id
        self.lease_seconds = lease_seconds
        self.metrics = metrics
        self.owner = _owner_name()
        self.replayed = 0
        self._in_hand: set[int] = set()
        """Updates queued or in processing here: not to be replayed by this instance."""
        self._unstored: set[int] = set()
        """Updates the database refused: handled from memory, without a claim."""
        self._replied: set[int] = set()
        self._failing_since: float | None = None
        self._queue: asyncio.Queue[object] | None = None
        self._bot: Bot | None = None
        self._stop = asyncio.Event()
        self._task: asyncio.Task[None] | None = None

    # -- arrival ---------------------------------------------------------------------

    async def keep(self, update: Update, strict: bool) -> None:
        """Store `update` before it is acknowledged. When the database fails: `strict`
        (webhook) raises, so Telegram sends it again, unless the database has been
        failing for `STRICT_FOR_SECONDS` (it is broken, not busy: better answers without
        a safety net than none); otherwise the update is handled from memory."""
        self._in_hand.add(update.update_id)
        try:
            await self.state.store_update(self.bot_id, update.update_id, update.to_json())
            self._failing_since = None
        except StateError as error:
            self.metrics.state_errors.inc()
            now = time.monotonic()
            self._failing_since = self._failing_since or now
            if strict and now - self._failing_since < STRICT_FOR_SECONDS:
                self._in_hand.discard(update.update_id)
                raise
            logger.error("Update %s kept in memory only: %s", update.update_id, error)
            self._unstored.add(update.update_id)

    # -- handling ----------------------------------------------------------------------

    async def claim(self, update: Update) -> bool:
        """Whether this instance is to handle `update` (no other has it, or had and died)."""
        if update.update_id in self._unstored:
            return True
        stale_before = time.time() - self.lease_seconds
        try:
            return await self.state.claim_update(
                self.bot_id, update.update_id, self.owner, stale_before
            )
        except StateError as error:
            self.metrics.state_errors.inc()
            logger.error("Update %s handled without a claim: %s", update.update_id, error)
            return True

    async def replying(self, update: Update) -> None:
        """Mark `update` as replied to, once, as its first message leaves for Telegram;
        this does not give the event loop a turn (see `JournalledRequest`)."""
        if update.update_id in self._replied or update.update_id in self._unstored:
            return
        self._replied.add(update.update_id)
        await self._set_status(update, "replied")

    async def finish(self, update: Update, handled: bool) -> None:
        """Forget an update here; in the database it is done when it was handled."""
        self._in_hand.discard(update.update_id)
        self._replied.discard(update.update_id)
        if handled and update.update_id not in self._unstored:
            await self._set_status(update, "done")
        self._unstored.discard(update.update_id)

    async def _set_status(self, update: Update, status: UpdateStatus) -> None:
        try:
            await self.state.set_update_status(self.bot_id, update.update_id, status)
        except StateError as error:
            self.metrics.state_errors.inc()
            logger.error("Update %s could not be marked %s: %s", update.update_id, status, error)

    # -- replay ------------------------------------------------------------------------

    def start(self, bot: Bot, queue: asyncio.Queue[object]) -> None:
        """Replay what earlier runs left unfinished, then keep watching for it."""
        self._bot = bot
        self._queue = queue
        self._stop.clear()
        self._task = asyncio.create_task(self._watch(started=time.time()))

    async def stop(self) -> None:
        self._stop.set()
        if self._task is not None:
            await asyncio.gather(self._task, return_exceptions=True)
            self._task = None

    async def _watch(self, started: float) -> None:
        interval = self.lease_seconds / 3
        last_sweep = 0.0
        # At start every unclaimed update is an earlier run's; later, only ones that
        # have waited a whole lease (another live instance may be about to claim them).
        new_before = started
        while not self._stop.is_set():
            now = time.time()
            try:
                await self.state.renew_claims(self.owner)
                await self.replay(new_before, now - self.lease_seconds)
                if now - last_sweep > FORGET_AFTER_SECONDS / 24:
                    await self.state.forget_updates(now - FORGET_AFTER_SECONDS)
                    last_sweep = now
            except StateError as error:
                self.metrics.state_errors.inc()
                logger.error("Stored updates could not be checked: %s", error)
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._stop.wait(), interval)
            new_before = time.time() - self.lease_seconds

    async def replay(self, new_before: float, stale_before: float) -> int:
        """Queue the unfinished updates again; how many."""
        assert self._queue is not None and self._bot is not None
        found = await self.state.unfinished_updates(self.bot_id, new_before, stale_before)
        queued = 0
        for update_id, payload in found:
            if update_id in self._in_hand:
                continue
            update = Update.de_json(json.loads(payload), self._bot)
            self._in_hand.add(update_id)
            self._queue.put_nowait(update)
            queued += 1
        if queued:
            self.replayed += queued
            logger.warning("Handling %d updates left unfinished by an earlier run", queued)
        return queued


class DurableUpdateQueue(asyncio.Queue[object]):
    """The application's update queue: an update is stored before `put` returns."""

    def __init__(self, journal: UpdateJournal, strict: bool) -> None:
        super().__init__()
        self._journal = journal
        self._strict = strict

    async def put(self, item: object) -> None:
        if isinstance(item, Update):
            await self._journal.keep(item, self._strict)
        await super().put(item)


class FairUpdateProcessor(BaseUpdateProcessor):
    """Handles each update once (claimed in the journal), `slots` at a time, fairly."""

    def __init__(self, slots: int, journal: UpdateJournal) -> None:
        super().__init__(WAITING_CEILING)
        self.slots = FairSlots(slots)
        self._journal = journal

    async def initialize(self) -> None:
        """Nothing to set up: the slots exist from the start."""

    async def shutdown(self) -> None:
        """Nothing to free."""

    async def do_process_update(self, update: object, coroutine: Awaitable[Any]) -> None:
        await self.slots.acquire(party_of(update))
        slot = _Slot(self.slots)
        held = _held_slot.set(slot)
        handled = False
        try:
            if isinstance(update, Update):
                if not await self._journal.claim(update):
                    logger.debug("Update %s is handled elsewhere", update.update_id)
                    if inspect.iscoroutine(coroutine):
                        coroutine.close()
                    return
                _current_update.set(update)
            await coroutine
            handled = True
        finally:
            slot.give_back()
            _held_slot.reset(held)
            if isinstance(update, Update):
                await self._journal.finish(update, handled)


class JournalledRequest(TelemetryRequest):
    """The Bot API client: marks the update being handled as replied to between writing
    the headers and the body of a message for it (httpcore's `send_request_body` trace).

    Not before the headers: writing them gives the event loop a turn, and a crash then
    would leave a marked update unanswered. Not after the body: that write, too, ends
    with a turn of the loop, in which a crash would leave a sent reply unmarked.
    """

    def __init__(self, journal: UpdateJournal, metrics: Metrics, **kwargs: Any) -> None:
        hooks = {"event_hooks": {"request": [self._watch_sending]}}
        super().__init__(metrics, httpx_kwargs=hooks, **kwargs)
        self._journal = journal

    async def _watch_sending(self, request: httpx.Request) -> None:
        update = _current_update.get()
        if update is None or request.url.path.rsplit("/", 1)[-1] not in REPLY_METHODS:
            return
        journal = self._journal

        async def trace(event: str, info: dict[str, Any]) -> None:
            if event.endswith("send_request_body.started"):
                await journal.replying(update)

        request.extensions["trace"] = trace
