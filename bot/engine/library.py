"""The engine in service, replaced whole when the corpus folder changes.

A reload builds a complete new engine beside the one answering questions and then
swaps one reference: a question is answered by the old corpus or the new one, never
by half an index. Reloads run one at a time; changes that arrive during a reload
start one more when it ends. A file that cannot be read is reported and skipped by
the build like any other, so the rest keeps serving.
"""

from __future__ import annotations

import asyncio
import logging
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

    async def watch(self, stop: asyncio.Event, debounce_ms: int = 500) -> None:
        """Reload whenever article files in the corpus folder are added, changed or removed."""
        from watchfiles import awatch

        async for changes in awatch(
            self.corpus_dir,
            stop_event=stop,
            debounce=debounce_ms,
            watch_filter=lambda _change, path: Path(path).suffix.lower() in ARTICLE_SUFFIXES,
        ):
            log.info("corpus changed (%d files); reloading", len(changes))
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
