"""Building the index for a corpus folder: in memory for a small corpus, on disk for a
large one, in parallel, and reused across restarts while the corpus is unchanged.

The saved index sits in a folder (`BOT_INDEX_DIR`) with a manifest of the article
files it was built from (path, size, modification time) and the problems found in
them; a restart whose corpus folder still matches the manifest memory-maps the index
instead of reading and analysing every article again.
"""

from __future__ import annotations

import json
import os
import shutil
import time
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from bot.engine.corpus import (
    article_files,
    body_fingerprint,
    load_files,
    missing_folder,
    scan_folder,
)
from bot.engine.index import Part, SentenceIndex, _Builder, merge
from bot.engine.models import CorpusProblem

MANIFEST = "manifest.json"
DISK_THRESHOLD = 1_000  # articles; smaller corpora are rebuilt in memory at each start
CHUNK = 250  # articles analysed together by one worker

Progress = Callable[[int, int], None]


@dataclass(frozen=True)
class Built:
    index: SentenceIndex
    problems: list[CorpusProblem]
    loaded_from_disk: bool = False


def snapshot(corpus_dir: Path, outside_links: bool = False) -> dict[str, list[int]]:
    """Each article file below `corpus_dir` with its size and modification time."""
    found = {}
    for path in article_files(corpus_dir, outside_links):
        try:
            stat = path.stat()
        except OSError:
            continue
        found[str(path.resolve())] = [stat.st_size, stat.st_mtime_ns]
    return found


Job = tuple[list[Path], Path | None]
Analysed = tuple[Part, list[CorpusProblem], list[str]]


def _analyse_chunk(job: Job) -> Analysed:
    """Read and analyse one chunk of article files (run in a worker process)."""
    paths, root = job
    loaded = load_files(paths, root)
    builder = _Builder()
    for article in loaded.articles:
        builder.add(article)
    fingerprints = [body_fingerprint(a.body) for a in loaded.articles]
    return builder.part(loaded.articles), loaded.problems, fingerprints


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
    """Read, clean and index every article file below `corpus_dir` (symlinks to files
    outside it only with `outside_links`)."""
    if not corpus_dir.is_dir():
        return Built(SentenceIndex.build([]), [missing_folder(corpus_dir)])
    files = scan_folder(corpus_dir, root, outside_links)
    paths = files.paths
    jobs = list(_chunks(paths, root))
    workers = workers or min(len(jobs), os.cpu_count() or 1)
    results = []
    if workers <= 1 or len(jobs) <= 1:
        for job in jobs:
            results.append(_analyse_chunk(job))
            if progress:
                progress(len(results) * CHUNK, len(paths))
    else:
        with ProcessPoolExecutor(workers) as pool:
            for result in pool.map(_analyse_chunk, jobs):
                results.append(result)
                if progress:
                    progress(min(len(results) * CHUNK, len(paths)), len(paths))
    parts, problems = _drop_duplicates(results)
    return Built(merge(parts), files.skipped + problems)


def _drop_duplicates(results: list[Analysed]) -> tuple[list[Part], list[CorpusProblem]]:
    """The same article in two chunks is kept in the first only, as within a chunk."""
    seen: dict[str, str] = {}
    parts, problems = [], []
    for part, part_problems, fingerprints in results:
        problems.extend(part_problems)
        keep = []
        for article, fingerprint in zip(part.articles, fingerprints, strict=True):
            first = seen.setdefault(fingerprint, article.source_file)
            if first != article.source_file:
                reason = f"same article as {first}; loaded once"
                problems.append(CorpusProblem(article.source_file, reason, False))
            keep.append(first == article.source_file)
        parts.append(part if all(keep) else part.keep_articles(np.array(keep)))
    return parts, problems


def save_built(built: Built, folder: Path, corpus_dir: Path, outside_links: bool = False) -> None:
    """Write the index and its manifest; readers never see a half-written folder."""
    staging = folder.with_name(folder.name + f".building-{os.getpid()}")
    shutil.rmtree(staging, ignore_errors=True)
    built.index.save(staging)
    manifest = {
        "corpus_dir": str(corpus_dir.resolve()),
        "files": snapshot(corpus_dir, outside_links),
        "problems": [[p.file, p.reason, p.fatal] for p in built.problems],
        "built_at": time.time(),
    }
    (staging / MANIFEST).write_text(json.dumps(manifest), encoding="utf-8")
    old = folder.with_name(folder.name + f".old-{os.getpid()}")
    if folder.exists():
        folder.rename(old)
    staging.rename(folder)
    shutil.rmtree(old, ignore_errors=True)


def load_saved(folder: Path, corpus_dir: Path, outside_links: bool = False) -> Built | None:
    """The saved index when it was built from the corpus as it is now, else None."""
    try:
        manifest = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
        if manifest["corpus_dir"] != str(corpus_dir.resolve()):
            return None
        if manifest["files"] != snapshot(corpus_dir, outside_links):
            return None
        index = SentenceIndex.load(folder)
    except (OSError, ValueError, KeyError):
        return None
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
    """The index for `corpus_dir`: the saved one if current, else built (and saved when
    the corpus is large or `mode` is "disk")."""
    if index_dir is not None and mode != "memory":
        saved = load_saved(index_dir, corpus_dir, outside_links)
        if saved is not None:
            return saved
    built = build_index(corpus_dir, root, progress=progress, outside_links=outside_links)
    large = len(built.index.articles) >= DISK_THRESHOLD
    if index_dir is not None and (mode == "disk" or (mode == "auto" and large)):
        save_built(built, index_dir, corpus_dir, outside_links)
    return built
