"""The engine in service, kept up to date as the corpus folder changes.

A change of files is applied to the live index (`build.LiveCorpus`): added and
changed files go into a new small segment, removed ones are marked dead, and a new
engine over the new snapshot is swapped in with one reference: a question is
answered by the old corpus or the new one, never by half an index. Updates run one
at a time; changes that arrive during one are taken in by the next. Segments are
merged after an update, in the same worker thread, while questions go on.

A file still being written (modified within the settle time, or open for writing
by some process) is left for a later update, and the whole batch with it, so that a
burst of copied files is taken in at once. A file that becomes unreadable keeps its
last good version in service and is reported.
"""

from __future__ import annotations

import asyncio
import logging
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from bot.engine.build import LiveCorpus
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
    added: int = 0
    removed: int = 0
    waiting: tuple[str, ...] = ()  # files still being written, taken in later

    def __str__(self) -> str:
        text = f"{self.articles} articles, {self.sentences} sentences, in {self.seconds:.1f} s"
        if self.added or self.removed:
            text += f" (+{self.added} −{self.removed})"
        if self.waiting:
            text += f"; {len(self.waiting)} files still being written"
        if self.problems:
            text += "; " + "; ".join(str(p) for p in self.problems)
        return text


class Library:
    """Holds the current engine for a corpus folder and updates it on change."""

    def __init__(
        self,
        corpus_dir: Path,
        root: Path | None = None,
        index_dir: Path | None = None,
        mode: str = "auto",
        engine: Engine | None = None,
        embedder: Embedder | None = None,
        store: VectorStore | None = None,
        settle_seconds: float = 0.0,
    ) -> None:
        self.corpus_dir = corpus_dir
        self.root = root
        self.index_dir = index_dir
        self.mode = mode
        self.embedder = embedder
        self.store = store
        self.settle_seconds = settle_seconds
        self._lock = threading.Lock()
        self._embedding = threading.Lock()
        self._stop_embedding = threading.Event()
        self._embed_task: asyncio.Task[None] | None = None
        self._embed_again = False
        self._live: LiveCorpus | None = None
        self._engine = engine or self._build()
        self.loaded_at = time.time()
        self.updates = 0  # index updates applied (a burst of files should make few)
        self.listeners: list[Callable[[ReloadReport], object]] = []

    @property
    def engine(self) -> Engine:
        """The engine to answer with now; take it once per question."""
        return self._engine

    def _build(self) -> Engine:
        self._live = LiveCorpus(
            self.corpus_dir,
            self.root,
            self.index_dir,
            self.mode,
            settle_seconds=self.settle_seconds,
        )
        return self._engine_for(self._live, None)

    def _engine_for(self, live: LiveCorpus, previous: Engine | None) -> Engine:
        return Engine(
            live.index,
            live.problems(),
            embedder=self.embedder,
            store=self.store,
            previous=previous,
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
        """Take in the files added, changed and removed since the last update, then
        merge segments if they are due (questions are answered throughout)."""
        with self._lock:
            started = time.perf_counter()
            if not self.corpus_dir.is_dir():
                # A folder that vanished (an unmounted volume) is an outage of the
                # folder, not an empty corpus: keep answering from what was loaded.
                problem = missing_folder(self.corpus_dir)
                log.error("corpus reload skipped: %s; still serving the previous corpus", problem)
                engine = self._engine
                return ReloadReport(len(engine.articles), engine.index.live_size, 0.0, (problem,))
            live = self._live
            waiting: tuple[str, ...] = ()
            if live is None:  # started with an engine built elsewhere
                engine = self._build()
                added, removed = len(engine.articles), 0
            else:
                update = live.update()
                added, removed, waiting = update.added, update.removed, tuple(update.waiting)
                engine = (
                    self._engine_for(live, self._engine)
                    if update.changed or live.problems() != self._engine.problems
                    else self._engine
                )
            if engine is not self._engine:
                self.updates += 1
                self._engine = engine
                self.loaded_at = time.time()
        report = ReloadReport(
            len(engine.articles),
            engine.index.live_size,
            time.perf_counter() - started,
            tuple(engine.problems),
            added,
            removed,
            waiting,
        )
        log.info("corpus reloaded: %s", report)
        for listener in self.listeners:
            listener(report)
        self.merge_segments()
        return report

    def merge_segments(self) -> None:
        """Merge the index's segments while the merge policy asks for it, swapping in
        each merged snapshot (the old engine answers meanwhile)."""
        while True:
            with self._lock:
                live = self._live
                if live is None or not live.merge_step():
                    return
                self._engine = self._engine_for(live, self._engine)

    async def reload_async(self) -> ReloadReport:
        """`reload` in a worker thread, so that questions keep being answered."""
        return await asyncio.to_thread(self.reload)

    async def watch(self, stop: asyncio.Event, debounce_ms: int = 500) -> None:
        """Update whenever article files in the corpus folder are added, changed or
        removed; files still being written are taken in once they settle."""
        from watchfiles import awatch

        async for changes in awatch(
            self.corpus_dir,
            stop_event=stop,
            debounce=debounce_ms,
            watch_filter=lambda _change, path: Path(path).suffix.lower() in ARTICLE_SUFFIXES,
        ):
            log.info("corpus changed (%d files); updating", len(changes))
            while not stop.is_set():
                try:
                    report = await self.reload_async()
                except Exception:  # a failed update must not stop the watcher
                    log.exception("corpus update failed; still serving the previous corpus")
                    break
                self.schedule_embedding()
                if not report.waiting:
                    break
                await asyncio.sleep(max(self.settle_seconds / 4, 0.02))

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
