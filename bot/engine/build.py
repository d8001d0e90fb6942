"""The index of a corpus folder: built once, then kept up to date file by file.

A first build reads and analyses every article file, in parallel. After that a
`LiveCorpus` follows the folder: an added file's article goes into a new small
segment, a removed file's article is marked dead, a changed file is both; small
segments are merged now and then (see `index.py`). The answers after any run of
changes equal those of a fresh build over the same files.

The saved index (`BOT_INDEX_DIR`) is updated the same way: a new segment per batch
and a deletion mask per changed segment, named by a manifest that is replaced
atomically and lists the article files the index holds (path, size, modification
and change times) and the problems found in them. A restart loads it and applies
only the files that changed since.
"""

from __future__ import annotations

import logging
import os
import time
from collections.abc import Callable, Collection, Iterable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from bot.engine.corpus import (
    CorpusError,
    FolderScan,
    Stamp,
    body_fingerprint,
    corpus_order,
    display_path,
    load_files,
    missing_folder,
    read_article,
    scan_folder,
    scan_names,
)
from bot.engine.index import (
    FORMAT_VERSION,
    LiveSegment,
    Part,
    Segment,
    SentenceIndex,
    _Builder,
)
from bot.engine.models import Article, CorpusProblem

log = logging.getLogger(__name__)
DISK_THRESHOLD = 1_000  # articles; smaller corpora are rebuilt in memory at each start
CHUNK = 250  # articles analysed together by one worker
MAX_SEGMENTS = 8  # more than this and the small ones are merged
MERGE_FACTOR = 2  # a segment is merged with the ones after it once they are half its size
MAX_HOLD_SECONDS = 10.0  # a batch waits at most this long for files still being written
MAX_DEAD_SHARE = 0.3  # a segment with more dead passages than this is rewritten
DUMMY = "-"  # a file name for resolving a folder's part of `display_path`

Progress = Callable[[int, int], None]


@dataclass(frozen=True)
class Built:
    index: SentenceIndex
    problems: list[CorpusProblem]
    loaded_from_disk: bool = False


def stamp_of(path: Path) -> Stamp | None:
    try:
        stat = path.stat()
    except OSError:
        return None
    return [stat.st_size, stat.st_mtime_ns, stat.st_ctime_ns]


# The first build ------------------------------------------------------------------

Job = tuple[list[Path], Path | None]
Analysed = tuple[Part, list[CorpusProblem]]  # the part carries its fingerprints


def _analyse_chunk(job: Job) -> Analysed:
    """Read and analyse one chunk of article files (run in a worker process)."""
    paths, root = job
    loaded = load_files(paths, root)
    builder = _Builder()
    for article in loaded.articles:
        builder.add(article)
    fingerprints = [body_fingerprint(a.body) for a in loaded.articles]
    return builder.part(loaded.articles, fingerprints), loaded.problems


def _chunks(paths: Sequence[Path], root: Path | None) -> Iterator[Job]:
    for start in range(0, len(paths), CHUNK):
        yield list(paths[start : start + CHUNK]), root


def build_index(
    corpus_dir: Path,
    root: Path | None = None,
    workers: int | None = None,
    progress: Progress | None = None,
    outside_links: bool = False,
) -> Built:
    """Read, clean and index every article file below `corpus_dir` (see `scan_folder`
    for the files read)."""
    if not corpus_dir.is_dir():
        return Built(SentenceIndex.build([]), [missing_folder(corpus_dir)])
    scan = scan_folder(corpus_dir, outside_links)
    paths = [corpus_dir / name for name in scan.files]
    jobs = list(_chunks(paths, root))
    workers = workers or min(len(jobs), os.cpu_count() or 1)
    results = []
    if workers <= 1 or len(jobs) <= 1:
        for job in jobs:
            results.append(_analyse_chunk(job))
            if progress:
                progress(min(len(results) * CHUNK, len(paths)), len(paths))
    else:
        with ProcessPoolExecutor(workers) as pool:
            for result in pool.map(_analyse_chunk, jobs):
                results.append(result)
                if progress:
                    progress(min(len(results) * CHUNK, len(paths)), len(paths))
    parts, problems = _drop_duplicates(results)
    problems += scan.problems(corpus_dir, root).values()
    order = {display_path(corpus_dir / name, root): name for name in [*scan.files, *scan.refused]}
    problems.sort(key=lambda p: corpus_order(order.get(p.file, "")))
    return Built(SentenceIndex([LiveSegment(Segment.from_parts(parts))]), problems)


def _drop_duplicates(results: list[Analysed]) -> tuple[list[Part], list[CorpusProblem]]:
    """The same article in two chunks is kept in the first only, as within a chunk."""
    seen: dict[str, str] = {}
    parts, problems = [], []
    for part, part_problems in results:
        problems.extend(part_problems)
        keep = []
        for article, fingerprint in zip(part.articles, part.fingerprints or [], strict=True):
            first = seen.setdefault(fingerprint, article.source_file)
            if first != article.source_file:
                reason = f"same article as {first}; loaded once"
                problems.append(CorpusProblem(article.source_file, reason, False))
            keep.append(first == article.source_file)
        parts.append(part if all(keep) else part.keep_articles(np.array(keep)))
    return parts, problems


# Saving ---------------------------------------------------------------------------


def _manifest(
    corpus_dir: Path, files: dict[str, Stamp], problems: list[CorpusProblem]
) -> dict[str, Any]:
    return {
        "corpus_dir": str(corpus_dir.resolve()),
        "files": files,
        "problems": [[p.file, p.reason, p.fatal] for p in problems],
        "saved_at": time.time(),
    }


def save_built(built: Built, folder: Path, corpus_dir: Path, outside_links: bool = False) -> None:
    """Write a freshly built index and its manifest; readers never see it half-written."""
    files = scan_folder(corpus_dir, outside_links).files
    built.index.save(folder, _manifest(corpus_dir, files, built.problems))


def _read_saved(folder: Path, corpus_dir: Path) -> tuple[SentenceIndex, dict[str, Any]] | None:
    try:
        index, manifest = SentenceIndex.load_with_manifest(folder)
        if manifest["corpus_dir"] != str(corpus_dir.resolve()):
            return None
    except (OSError, ValueError, KeyError):
        return None
    return index, manifest


def load_saved(folder: Path, corpus_dir: Path, outside_links: bool = False) -> Built | None:
    """The saved index when it was built from the corpus as it is now, else None."""
    found = _read_saved(folder, corpus_dir)
    if found is None or found[1]["files"] != scan_folder(corpus_dir, outside_links).files:
        return None
    index, manifest = found
    problems = [CorpusProblem(file, reason, fatal) for file, reason, fatal in manifest["problems"]]
    return Built(index, problems, loaded_from_disk=True)


def open_index(
    corpus_dir: Path,
    root: Path | None,
    index_dir: Path | None,
    mode: str = "auto",
    progress: Progress | None = None,
    outside_links: bool = False,
) -> Built:
    """The index for `corpus_dir` as it is now: the saved one brought up to date, or
    built (and saved when the corpus is large or `mode` is "disk")."""
    live = LiveCorpus(corpus_dir, root, index_dir, mode, progress, outside_links=outside_links)
    return Built(live.index, live.problems(), live.loaded_from_disk)


# Following the folder -------------------------------------------------------------


@dataclass
class Update:
    """What one pass over the folder changed."""

    added: int = 0
    removed: int = 0
    waiting: list[str] = field(default_factory=list)  # files still being written
    seconds: float = 0.0

    @property
    def changed(self) -> bool:
        return bool(self.added or self.removed)


class LiveCorpus:
    """The index of a corpus folder, kept up to date file by file.

    Not thread-safe: one caller updates it at a time (the `Library` holds a lock).
    `index` is replaced, never changed, so readers can keep the one they took.
    """

    def __init__(
        self,
        corpus_dir: Path,
        root: Path | None = None,
        index_dir: Path | None = None,
        mode: str = "auto",
        progress: Progress | None = None,
        settle_seconds: float = 0.0,
        outside_links: bool = False,
    ) -> None:
        self.corpus_dir = corpus_dir
        self.outside_links = outside_links
        self.root = root
        self.index_dir = index_dir if mode != "memory" else None
        self.mode = mode
        self.settle_seconds = settle_seconds
        self.stamps: dict[str, Stamp] = {}  # files taken in, as they were then
        self.file_problems: dict[str, CorpusProblem] = {}
        self.refused: dict[str, CorpusProblem] = {}  # entries not safe to read (`snapshot`)
        self.fingerprints: dict[str, str] = {}  # readable files → their article's text
        self.owners: dict[str, set[str]] = {}  # fingerprint → files with that article
        self.serving: dict[str, str] = {}  # fingerprint → the file whose article is indexed
        self.stale: set[str] = set()  # unreadable now; their last good version serves
        self.missing_folder = False
        self.loaded_from_disk = False
        self._held_since: float | None = None
        self._pending: set[str] = set()  # files to look at again at the next update
        self.index = SentenceIndex()
        saved = _read_saved(self.index_dir, corpus_dir) if self.index_dir is not None else None
        if saved is not None:
            self._restore(*saved)
            self.update()
        else:
            self._first_build(progress)

    # State --------------------------------------------------------------------------

    def _source(self, relative: str) -> str:
        return display_path(self.corpus_dir / relative, self.root)

    def _by_source(self, names: Iterable[str]) -> dict[str, str]:
        """Files by the source name their articles carry (`_source`), each folder
        resolved once rather than once per file."""
        folders: dict[str, str] = {}
        found = {}
        for name in names:
            folder, _, file = name.rpartition("/")
            if folder not in folders:
                folders[folder] = self._source(f"{folder}/{DUMMY}" if folder else DUMMY)[
                    : -len(DUMMY)
                ]
            found[folders[folder] + file] = name
        return found

    def _scan(self) -> FolderScan:
        """The folder as it is now; what it refuses is reported until it goes."""
        scan = (
            scan_folder(self.corpus_dir, self.outside_links)
            if self.corpus_dir.is_dir()
            else FolderScan()
        )
        self.refused = scan.problems(self.corpus_dir, self.root)
        return scan

    def problems(self) -> list[CorpusProblem]:
        if self.missing_folder:
            return [missing_folder(self.corpus_dir)]
        found = {**self.refused, **self.file_problems}
        return [problem for _, problem in sorted(found.items(), key=_in_corpus_order)]

    @property
    def persistent(self) -> bool:
        large = len(self.index.live_articles) >= DISK_THRESHOLD
        return self.index_dir is not None and (self.mode == "disk" or large)

    def _first_build(self, progress: Progress | None) -> None:
        scan = self._scan()
        files = scan.files
        built = build_index(
            self.corpus_dir, self.root, progress=progress, outside_links=self.outside_links
        )
        if not self.corpus_dir.is_dir():
            self.missing_folder = True
        by_source = self._by_source(files)
        for article, fingerprint in built.index.live_fingerprints():
            name = by_source[article.source_file]
            self._own(name, fingerprint)
            self.serving[fingerprint] = name
        for problem in built.problems:
            found = by_source.get(problem.file)
            if found is not None:
                name = found
                self.file_problems[name] = problem
                if not problem.fatal:  # a duplicate: readable, not indexed
                    self._own(
                        name, body_fingerprint(read_article(self.corpus_dir / name, self.root).body)
                    )
        self.stamps = files
        self.index = built.index
        self._save()

    def _restore(self, index: SentenceIndex, manifest: dict[str, Any]) -> None:
        """Take over a saved index; its manifest says which file holds what."""
        self.index = index
        self.loaded_from_disk = True
        self.stamps = manifest["files"]
        by_source = self._by_source(self.stamps)
        for article, fingerprint in index.live_fingerprints():
            name = by_source[article.source_file]
            self._own(name, fingerprint)
            self.serving[fingerprint] = name
        for file, reason, fatal in manifest["problems"]:
            found = by_source.get(file)
            if found is None:
                continue
            name = found
            self.file_problems[name] = CorpusProblem(file, reason, fatal)
            if not fatal:
                # A duplicate's article is the one its twin holds; re-read it on change.
                self.stamps[name] = [-1, -1, -1]

    def _own(self, name: str, fingerprint: str) -> None:
        self.fingerprints[name] = fingerprint
        self.owners.setdefault(fingerprint, set()).add(name)

    def _disown(self, name: str) -> str | None:
        fingerprint = self.fingerprints.pop(name, None)
        if fingerprint is not None:
            owners = self.owners[fingerprint]
            owners.discard(name)
            if not owners:
                del self.owners[fingerprint]
        return fingerprint

    # Updating -----------------------------------------------------------------------

    def update(self, names: Collection[str] | None = None) -> Update:
        """Take in the files added, changed and removed since the last update. Files
        modified within the settle time are left for a later update (`waiting`).

        `names` (relative to the folder), when given, are the files a watcher saw
        change: only they are looked at (with those still waiting or unreadable from
        before), not the whole folder, whose listing costs most of an update in a
        large corpus."""
        started = time.perf_counter()
        if not self.corpus_dir.is_dir():
            # An unmounted volume is an outage of the folder, not an empty corpus.
            self.missing_folder = True
            return Update(seconds=time.perf_counter() - started)
        self.missing_folder = False
        if names is None:
            current = self._scan().files
            looked_at: Collection[str] = current.keys()
            gone = [name for name in self.stamps if name not in current]
        else:
            looked_at = {*names, *self._pending, *self.stale}
            current = self._look_at(looked_at)
            gone = [name for name in looked_at if name in self.stamps and name not in current]
        now = time.time_ns()
        settle = int(self.settle_seconds * 1e9)
        changed = [
            name for name in looked_at if name in current and current[name] != self.stamps.get(name)
        ]
        # Still being written: modified within the settle time, or open for writing.
        young = {n for n in changed if now - max(current[n][1], current[n][2]) < settle}
        if settle and changed:
            young |= open_for_writing(self.corpus_dir, changed)
        waiting = sorted(young)
        if waiting:
            # Hold the whole batch while a burst of files is still arriving, so that it
            # is taken in at once; but not for ever behind a file written without end.
            self._held_since = self._held_since or time.monotonic()
            if time.monotonic() - self._held_since < MAX_HOLD_SECONDS:
                self._pending = {*changed, *gone}
                return Update(waiting=waiting, seconds=time.perf_counter() - started)
        self._held_since = None
        self._pending = young
        changed = [name for name in changed if name not in young]
        update = self._apply(changed, gone, current)
        update.waiting = waiting
        update.seconds = time.perf_counter() - started
        return update

    def _look_at(self, names: Collection[str]) -> dict[str, Stamp]:
        """The files as they are now, from those taken in and a fresh look at `names`
        (what a scan of the folder would say, without listing it)."""
        found = scan_names(self.corpus_dir, names, self.outside_links)
        current = {name: stamp for name, stamp in self.stamps.items() if name not in names}
        current |= found.files
        for name in names:
            self.refused.pop(name, None)
        self.refused |= found.problems(self.corpus_dir, self.root)
        return current

    def _apply(self, changed: list[str], gone: list[str], current: dict[str, Stamp]) -> Update:
        affected: set[str] = set()
        fresh: dict[str, Article] = {}
        for name in gone:
            self.stamps.pop(name, None)
            self.file_problems.pop(name, None)
            self.stale.discard(name)
            fingerprint = self._disown(name)
            if fingerprint is not None:
                affected.add(fingerprint)
        for name in changed:
            source = self._source(name)
            try:
                article = read_article(self.corpus_dir / name, self.root)
            except (CorpusError, OSError) as error:
                reason = str(error) if isinstance(error, CorpusError) else _unreadable(error)
                fingerprint = self.fingerprints.get(name)
                if fingerprint is not None and self.serving.get(fingerprint) == name:
                    # Keep answering from the version that was read; try again later.
                    self.stale.add(name)
                    reason += "; still serving the last good version"
                    self.file_problems[name] = CorpusProblem(source, reason, False)
                    continue
                fingerprint = self._disown(name)
                if fingerprint is not None:
                    affected.add(fingerprint)
                self.file_problems[name] = CorpusProblem(source, reason)
                self.stamps[name] = current[name]
                continue
            self.stamps[name] = current[name]
            self.stale.discard(name)
            self.file_problems.pop(name, None)
            old = self._disown(name)
            if old is not None:
                affected.add(old)
            fingerprint = body_fingerprint(article.body)
            self._own(name, fingerprint)
            affected.add(fingerprint)
            fresh[name] = article
        removed: list[str] = []  # files whose indexed article goes
        added: list[tuple[str, Article]] = []
        for fingerprint in affected:
            serving = self.serving.get(fingerprint)
            owners = self.owners.get(fingerprint, set())
            winner = min(owners, key=corpus_order) if owners else None
            # The indexed article goes when another file now comes first, when its file
            # was read again (its metadata may differ), or when no file has it.
            if serving is not None and (serving != winner or winner in fresh):
                removed.append(serving)
                del self.serving[fingerprint]
            if winner is None:
                continue
            if winner not in self.stale:
                self.file_problems.pop(winner, None)  # no longer a duplicate
            if self.serving.get(fingerprint) != winner:
                article = fresh.get(winner) or read_article(self.corpus_dir / winner, self.root)
                added.append((winner, article))
                self.serving[fingerprint] = winner
            for other in owners - {winner}:
                reason = f"same article as {self._source(winner)}; loaded once"
                self.file_problems[other] = CorpusProblem(self._source(other), reason, False)
        removed_sources = {self._source(name) for name in removed}
        numbers = (
            [
                n
                for n, a in enumerate(self.index.articles)
                if a.source_file in removed_sources and not self.index.dead_articles[n]
            ]
            if removed_sources
            else []
        )
        segment = None
        if added:
            builder = _Builder()
            chosen = sorted(added, key=lambda i: corpus_order(i[0]))
            for _, article in chosen:
                builder.add(article)
            part = builder.part(
                [article for _, article in chosen], [self.fingerprints[name] for name, _ in chosen]
            )
            segment = Segment.from_parts([part])
        if numbers or segment is not None:
            self.index = self.index.changed(numbers, segment)
        if changed or gone:  # else nothing to write: the saved index is this one
            self._save()
        return Update(added=len(added), removed=len(numbers))

    def _save(self) -> None:
        if self.persistent and self.index_dir is not None:
            stamps = {n: s for n, s in self.stamps.items() if n not in self.stale}
            try:
                self.index.save(self.index_dir, _manifest(self.corpus_dir, stamps, self.problems()))
            except OSError as error:
                log.error("saving the index to %s failed: %s", self.index_dir, error)

    # Merging --------------------------------------------------------------------------

    def merge_step(self) -> bool:
        """Merge segments if the policy asks for it; True when the index changed.

        Segments are kept in sizes that fall geometrically (a Lucene-like tiered
        policy): the newest segments are merged once together they reach half the
        size of the one before them, and a segment mostly dead is rewritten.
        """
        chosen = merge_choice(self.index.segments)
        if chosen is None:
            return False
        self.index = self.index.merged(*chosen)
        self._save()
        return True


def merge_choice(segments: Sequence[LiveSegment]) -> tuple[int, int] | None:
    """The run of segments (first, last) to merge next, if any."""
    for position, live in enumerate(segments):
        if live.segment.size and live.passages < (1 - MAX_DEAD_SHARE) * live.segment.size:
            return position, position
    sizes = [live.passages for live in segments]
    for first in range(len(sizes) - 1):
        if sizes[first] <= MERGE_FACTOR * sum(sizes[first + 1 :]):
            return first, len(sizes) - 1
    if len(sizes) > MAX_SEGMENTS:
        return 1, len(sizes) - 1
    return None


def _in_corpus_order(item: tuple[str, CorpusProblem]) -> tuple[tuple[int, str], ...]:
    return corpus_order(item[0])


def open_for_writing(corpus_dir: Path, names: Sequence[str]) -> set[str]:
    """Those of `names` (below `corpus_dir`) that a process has open for writing, as
    far as /proc tells (Linux; elsewhere, and for others' processes, nothing)."""
    wanted = {str((corpus_dir / name).resolve()): name for name in names}
    found: set[str] = set()
    proc = Path("/proc")
    if not proc.is_dir():
        return found
    for process in proc.iterdir():
        if not process.name.isdigit():
            continue
        try:
            descriptors = list((process / "fd").iterdir())
        except OSError:
            continue
        for descriptor in descriptors:
            try:
                target = os.readlink(descriptor)
                if target not in wanted:
                    continue
                info = (process / "fdinfo" / descriptor.name).read_text()
            except OSError:
                continue
            flags = next(
                (ln.split()[1] for ln in info.splitlines() if ln.startswith("flags:")), "0"
            )
            if int(flags, 8) & (os.O_WRONLY | os.O_RDWR):
                found.add(wanted[target])
    return found


def _unreadable(error: OSError) -> str:
    return f"cannot be read ({error.strerror or error})"


__all__ = ["FORMAT_VERSION", "Built", "LiveCorpus", "Update", "build_index", "open_index"]
