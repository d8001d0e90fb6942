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
import contextlib
import logging
import os
import stat
import threading
import time
from collections.abc import Callable, Collection
from dataclasses import dataclass
from pathlib import Path

from watchfiles import Change

from bot.engine.build import LiveCorpus
from bot.engine.corpus import ARTICLE_SUFFIXES, is_article_name, missing_folder
from bot.engine.engine import Engine
from bot.engine.models import CorpusProblem
from bot.engine.vectors import Embedder, VectorStore

log = logging.getLogger(__name__)
BURST = 20  # changed files beyond which the watcher has the whole folder scanned
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
        outside_links: bool = False,
    ) -> None:
        self.corpus_dir = corpus_dir
        self.root = root
        self.index_dir = index_dir
        self.mode = mode
        self.outside_links = outside_links
        self.embedder = embedder
        self.store = store
        self.settle_seconds = settle_seconds
        self._lock = threading.Lock()
        self._embedding = threading.Lock()
        self._stop_embedding = threading.Event()
        self._embed_task: asyncio.Task[None] | None = None
        self._embed_again = False
        self._live: LiveCorpus | None = None
        # Files the watcher saw change, not yet looked at (None: look at the whole folder).
        self._changes_seen: set[str] | None = set()
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
            outside_links=self.outside_links,
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

    def reload(self, names: Collection[str] | None = None) -> ReloadReport:
        """Take in the files added, changed and removed since the last update, then
        merge segments if they are due (questions are answered throughout). `names`:
        the files a watcher saw change, looked at instead of the whole folder."""
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
                update = live.update(names)
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

    async def reload_async(self, names: Collection[str] | None = None) -> ReloadReport:
        """`reload` in a worker thread, so that questions keep being answered."""
        return await asyncio.to_thread(self.reload, names)

    async def watch(
        self, stop: asyncio.Event, debounce_ms: int = 500, check_seconds: float = 1.0
    ) -> None:
        """Reload whenever article files in the corpus folder are added, changed or removed.

        The folder itself may vanish (an unmounted volume, `rm -rf` and a fresh copy):
        every `check_seconds` the watcher checks that it still watches the folder at
        that path. When the folder is gone it says so and keeps serving the last corpus;
        when a folder is there again (or another was put in its place), it reloads and
        watches that one.

        The first watch begins with a look at the whole folder: files added or changed
        between loading the corpus and now (a restart of a large corpus, Telegram out of
        reach at start) are taken in, not left until something else changes."""
        gone, stale = False, True
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

        # Changes go on being collected while an update runs (or holds a burst of
        # files still being written), so that the update sees them all.
        updater: asyncio.Task[None] | None = None
        try:
            async for changes in awatch(
                self.corpus_dir,
                stop_event=stop,
                debounce=debounce_ms,
                rust_timeout=round(check_seconds * 1000),
                yield_on_timeout=True,
                watch_filter=lambda _change, path: _watched(path),
            ):
                if _folder_identity(self.corpus_dir) != watched:
                    return  # checked on every timeout too: nothing is reported once it is gone
                if changes:
                    log.info("corpus changed (%d files); updating", len(changes))
                if changes or stale:
                    names = None if stale else self._changed_names(changes)
                    stale = False
                    seen = self._changes_seen
                    self._changes_seen = None if names is None or seen is None else seen | names
                    if updater is None or updater.done():
                        updater = asyncio.create_task(self._update_for_watcher(stop))
        finally:
            if updater is not None:
                await updater

    def _changed_names(self, changes: set[tuple[Change, str]]) -> set[str] | None:
        """The changed files relative to the corpus folder; None (look at the whole
        folder) when one is not a plain name below it."""
        if len(changes) > BURST:
            # A burst (a folder copied in): more files may be arriving than the watcher
            # has reported yet, and a scan sees them all, to hold them as one batch.
            return None
        folder = os.path.realpath(self.corpus_dir)
        names = set()
        for _, path in changes:
            name = os.path.relpath(
                os.path.join(os.path.realpath(os.path.dirname(path)), os.path.basename(path)),
                folder,
            )
            if (
                name.startswith("..")
                or os.path.isabs(name)
                or not is_article_name(os.path.basename(path))
            ):
                return None  # a folder perhaps: what changed below it is not listed
            names.add(name.replace(os.sep, "/"))
        return names

    async def _update_for_watcher(self, stop: asyncio.Event) -> None:
        """Take in the changes the watcher saw (`_changes_seen`), those seen meanwhile
        too; files still being written are taken in once they settle."""
        while not stop.is_set():
            names, self._changes_seen = self._changes_seen, set()
            try:
                report = await self.reload_async(names)
            except Exception:  # a failed update must not stop the watcher
                log.exception("corpus update failed; still serving the previous corpus")
                return
            self.schedule_embedding()
            if not report.waiting and self._changes_seen == set():
                return
            if report.waiting:
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


def _watched(path: str) -> bool:
    """Whether a change at `path` may change the corpus: an article file, or a name
    without a suffix (a folder added, moved or removed)."""
    suffix = Path(path).suffix.lower()
    return suffix in ARTICLE_SUFFIXES or not suffix


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
