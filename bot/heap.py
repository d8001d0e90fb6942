"""Keeping the garbage collector's full passes short while the bot serves.

A full pass walks every container object alive. With a large corpus loaded, that is
the index's articles, the speller's word lists and the libraries' code, about 185,000
objects at 30,000 articles, and a pass took 85–150 ms. Each one fell on a question:
of 300 questions over that corpus, one took 185 ms, and the p99 of both paths went
over its bound in some runs.

These objects live as long as the corpus does, so once the bot has loaded and warmed
up they are moved out of the collector's reach (`gc.freeze`). Frozen objects are still
freed when nothing refers to them. What `gc.freeze` would keep for good is a reference
cycle that becomes garbage later, such as part of an engine replaced by a reload, so
some time after each reload everything is unfrozen, collected and frozen again.
"""

from __future__ import annotations

import asyncio
import contextlib
import gc
import logging
import time
from typing import Any

logger = logging.getLogger(__name__)

# After a reload, the old engine's objects are let go this long before the heap is
# settled again: one full pass for a burst of reloads, not one per file.
SETTLE_AFTER_RELOAD_SECONDS = 60.0


def freeze_alive() -> None:
    """Collect the garbage the collector can reach, then freeze what is alive (a pass
    over the objects not yet frozen only)."""
    started = time.perf_counter()
    gc.collect()
    gc.freeze()
    logger.debug(
        "heap frozen in %.3f s: %d objects", time.perf_counter() - started, gc.get_freeze_count()
    )


def settle() -> None:
    """Unfreeze everything, collect all garbage (cycles once frozen included), freeze
    what is alive."""
    gc.unfreeze()
    freeze_alive()


class HeapKeeper:
    """Freezes the heap once the bot has loaded, and settles it again some time after
    the corpus changes (`on_reload` is a `Library` listener). Disabled, it does nothing."""

    def __init__(self, enabled: bool = True, delay: float = SETTLE_AFTER_RELOAD_SECONDS) -> None:
        self.enabled = enabled
        self.delay = delay
        self.settled = 0  # settles done after reloads
        self._changed = asyncio.Event()
        self._task: asyncio.Task[None] | None = None
        self._loop: asyncio.AbstractEventLoop | None = None

    def freeze_loaded(self) -> None:
        """What is loaded now stays: out of the full passes with it."""
        if self.enabled:
            freeze_alive()

    def on_reload(self, _report: Any) -> None:
        """A library listener. It is called in the reload's worker thread."""
        loop = self._loop
        if loop is not None:
            with contextlib.suppress(RuntimeError):  # the bot stopped meanwhile
                loop.call_soon_threadsafe(self._changed.set)

    def start(self) -> None:
        if self.enabled:
            self._loop = asyncio.get_running_loop()
            self._task = self._loop.create_task(self._run())

    async def stop(self) -> None:
        self._loop = None
        if self._task is not None:
            self._task.cancel()
            await asyncio.gather(self._task, return_exceptions=True)

    async def _run(self) -> None:
        while True:
            await self._changed.wait()
            await asyncio.sleep(self.delay)
            # Reloads made during the wait are covered by this settle.
            self._changed.clear()
            settle()
            self.settled += 1
