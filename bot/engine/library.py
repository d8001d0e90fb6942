"""The engine in service, replaced whole when the corpus folder changes.

A reload builds a complete new engine beside the one answering questions and then
swaps one reference: a question is answered by the old corpus or the new one, never
by half an index. Reloads run one at a time; changes that arrive during a reload
start one more when it ends. A file that cannot be read is reported and skipped by
the build like any other, so the rest keeps serving.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import stat
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from bot.engine.corpus import ARTICLE_SUFFIXES, missing_folder
from bot.engine.engine import Engine
from bot.engine.models import CorpusProblem
from bot.engine.vectors import Embedder, VectorStore

log = logging.getLogger(__name__)
EMBED_STEP = 20_000  # sentences embedded before the engine that reads them is swapped in


@dataclass(frozen=True)
class ReloadReport:
    articles: int
    sentences: int
    seconds: float
    problems: tuple[CorpusProblem, ...]

    def __str__(self) -> str:
        text = f"{self.articles} articles, {self.sentences} sentences, in {self.seconds:.1f} s"
        if self.problems:
            text += "; " + "; ".join(str(p) for p in self.problems)
        return text


class Library:
    """Holds the current engine for a corpus folder and reloads it on change."""

    def __init__(
        self,
        corpus_dir: Path,
        root: Path | None = None,
        index_dir: Path | None = None,
        mode: str = "auto",
        engine: Engine | None = None,
        embedder: Embedder | None = None,
        store: VectorStore | None = None,
        outside_links: bool = False,
    ) -> None:
        self.corpus_dir = corpus_dir
        self.root = root
        self.index_dir = index_dir
        self.mode = mode
        self.outside_links = outside_links
        self.embedder = embedder
        self.store = store
        self._lock = threading.Lock()
        self._embedding = threading.Lock()
        self._stop_embedding = threading.Event()
        self._embed_task: asyncio.Task[None] | None = None
        self._embed_again = False
        self._engine = engine or self._build()
        self.loaded_at = time.time()
        self.listeners: list[Callable[[ReloadReport], object]] = []

    @property
    def engine(self) -> Engine:
        """The engine to answer with now; take it once per question."""
        return self._engine

    def _build(self) -> Engine:
        return Engine.from_dir(
            self.corpus_dir,
            self.root,
            self.index_dir,
            self.mode,
            embedder=self.embedder,
            store=self.store,
            outside_links=self.outside_links,
        )

    def embed_missing(self, stop: threading.Event | None = None) -> int:
        """Embed the current corpus's sentences that lack a vector, then serve the engine
        that reads them. Returns how many sentences were embedded."""
        with self._embedding:
            done = 0
            started = time.perf_counter()
            # In steps, each put in service when done: a large new corpus gains its
            # semantic stage gradually instead of after hours.
            while not (stop is not None and stop.is_set()):
                engine = self._engine
                missing = engine.vectors_missing
                if not missing:
                    break
                log.info("embedding %d sentences for the semantic stage", missing)
                ready = engine.embed_missing(stop=stop, limit=EMBED_STEP)
                with self._lock:
                    # A reload during the embedding built its engine from the store as
                    # it was; the next step reads the new vectors. Swap the same corpus.
                    if self._engine is engine:
                        self._engine = ready
                if ready.vectors_missing >= missing:
                    break  # nothing was stored (stopped, or the store is not writable)
                done += min(missing, EMBED_STEP)
            if done:
                log.info("embedded %d sentences in %.1f s", done, time.perf_counter() - started)
            return done

    async def embed_missing_async(self, stop: threading.Event | None = None) -> int:
        return await asyncio.to_thread(self.embed_missing, stop)

    def reload(self) -> ReloadReport:
        """Build a new engine from the corpus folder as it is now and put it in service."""
        with self._lock:
            started = time.perf_counter()
            if not self.corpus_dir.is_dir():
                # A folder that vanished (an unmounted volume) is an outage of the
                # folder, not an empty corpus: keep answering from what was loaded.
                problem = missing_folder(self.corpus_dir)
                log.error("corpus reload skipped: %s; still serving the previous corpus", problem)
                engine = self._engine
                return ReloadReport(len(engine.articles), engine.index.size, 0.0, (problem,))
            engine = self._build()
            self._engine = engine
            self.loaded_at = time.time()
        report = ReloadReport(
            len(engine.articles),
            engine.index.size,
            time.perf_counter() - started,
            tuple(engine.problems),
        )
        log.info("corpus reloaded: %s", report)
        for listener in self.listeners:
            listener(report)
        return report

    async def reload_async(self) -> ReloadReport:
        """`reload` in a worker thread, so that questions keep being answered."""
        return await asyncio.to_thread(self.reload)

    async def watch(
        self, stop: asyncio.Event, debounce_ms: int = 500, check_seconds: float = 1.0
    ) -> None:
        """Reload whenever article files in the corpus folder are added, changed or removed.

        The folder itself may vanish (an unmounted volume, `rm -rf` and a fresh copy):
        every `check_seconds` the watcher checks that it still watches the folder at
        that path. When the folder is gone it says so and keeps serving the last corpus;
        when a folder is there again (or another was put in its place), it reloads and
        watches that one."""
        gone = stale = False
        while not stop.is_set():
            watched = _folder_identity(self.corpus_dir)
            if watched is None:
                if not gone:
                    log.error(
                        "corpus folder %s is gone; still serving the previous corpus "
                        "(%d articles) and waiting for the folder to come back",
                        self.corpus_dir,
                        len(self._engine.articles),
                    )
                gone = True
                await _wait(stop, check_seconds)
                continue
            if gone:
                log.warning("corpus folder %s is back; reloading", self.corpus_dir)
                gone, stale = False, True
            try:
                await self._watch_folder(stop, watched, stale, debounce_ms, check_seconds)
                stale = False
            except OSError as error:  # the folder vanished as the watch began
                log.warning("watching %s failed (%s); checking again", self.corpus_dir, error)
                await _wait(stop, check_seconds)
            if not stop.is_set() and _folder_identity(self.corpus_dir) not in (None, watched):
                log.warning("corpus folder %s was replaced; reloading", self.corpus_dir)
                stale = True

    async def _watch_folder(
        self,
        stop: asyncio.Event,
        watched: tuple[int, int],
        stale: bool,
        debounce_ms: int,
        check_seconds: float,
    ) -> None:
        """Reload on article file changes until `stop`, or until the folder at the path
        is no longer the one `watched` (gone or replaced), which inotify cannot see.
        A `stale` corpus (a folder new to the watcher) is reloaded once the watch is
        set up, so that no change made meanwhile is missed."""
        from watchfiles import awatch

        async for changes in awatch(
            self.corpus_dir,
            stop_event=stop,
            debounce=debounce_ms,
            rust_timeout=round(check_seconds * 1000),
            yield_on_timeout=True,
            watch_filter=lambda _change, path: Path(path).suffix.lower() in ARTICLE_SUFFIXES,
        ):
            if _folder_identity(self.corpus_dir) != watched:
                return  # checked on every timeout too: nothing is reported once it is gone
            if changes:
                log.info("corpus changed (%d files); reloading", len(changes))
            if changes or stale:
                stale = False
                await self._reload_for_watcher()

    async def _reload_for_watcher(self) -> None:
        try:
            await self.reload_async()
        except Exception:  # a failed reload must not stop the watcher
            log.exception("corpus reload failed; still serving the previous corpus")
        self.schedule_embedding()

    def schedule_embedding(self) -> None:
        """Embed new sentences in the background, one run at a time (a run started while
        another goes on finds what is still missing when it gets the lock)."""
        if self.embedder is None or self.store is None:
            return
        if self._embed_task is not None and not self._embed_task.done():
            self._embed_again = True
            return
        self._embed_again = False

        async def run() -> None:
            while True:
                try:
                    await self.embed_missing_async(self._stop_embedding)
                except Exception:  # the lexical stage keeps answering
                    log.exception("embedding new sentences failed; answering lexically")
                if not self._embed_again or self._stop_embedding.is_set():
                    return
                self._embed_again = False

        self._embed_task = asyncio.get_running_loop().create_task(run())

    async def stop_embedding(self) -> None:
        """Stop a background embedding run (what it finished is kept)."""
        self._stop_embedding.set()
        if self._embed_task is not None:
            await asyncio.gather(self._embed_task, return_exceptions=True)


def _folder_identity(folder: Path) -> tuple[int, int] | None:
    """The device and inode of the folder at `folder` now (None when there is none): a
    folder removed and created again at the same path is another folder."""
    try:
        status = os.stat(folder)
    except OSError:
        return None
    return (status.st_dev, status.st_ino) if stat.S_ISDIR(status.st_mode) else None


async def _wait(stop: asyncio.Event, seconds: float) -> None:
    """Sleep `seconds`, or less if `stop` is set meanwhile."""
    with contextlib.suppress(TimeoutError):
        await asyncio.wait_for(stop.wait(), seconds)
