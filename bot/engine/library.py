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

log = logging.getLogger(__name__)


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
    ) -> None:
        self.corpus_dir = corpus_dir
        self.root = root
        self.index_dir = index_dir
        self.mode = mode
        self._lock = threading.Lock()
        self._engine = engine or self._build()
        self.loaded_at = time.time()
        self.listeners: list[Callable[[ReloadReport], object]] = []

    @property
    def engine(self) -> Engine:
        """The engine to answer with now; take it once per question."""
        return self._engine

    def _build(self) -> Engine:
        return Engine.from_dir(self.corpus_dir, self.root, self.index_dir, self.mode)

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
