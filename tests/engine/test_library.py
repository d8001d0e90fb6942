"""Live corpus updates: answers follow added, changed and removed files, with no gap."""

from __future__ import annotations

import asyncio
import shutil
import threading
import time
from collections.abc import Callable
from pathlib import Path

from bot.engine.library import Library
from bot.engine.vectors import E5Embedder, VectorStore
from tests.conftest import CORPUS_DIR

PORT = "---\ntitle: Port reopens\noutlet: Example Times\n---\n\n{}\n"


def test_reload_follows_added_changed_and_removed_files(tmp_path: Path) -> None:
    shutil.copytree(CORPUS_DIR, tmp_path / "corpus")
    library = Library(tmp_path / "corpus", tmp_path)
    question = "How many ships were waiting at the port of Odesa?"
    assert not library.engine.ask(question).answered

    new = tmp_path / "corpus" / "port.txt"
    new.write_text(PORT.format("The port of Odesa reopened with 40 ships waiting."), "utf-8")
    assert library.reload().articles == 6
    assert "40 ships" in library.engine.ask(question).quotes[0].text

    new.write_text(PORT.format("The port of Odesa reopened with 55 ships waiting."), "utf-8")
    library.reload()
    assert "55 ships" in library.engine.ask(question).quotes[0].text

    new.unlink()
    assert library.reload().articles == 5
    assert not library.engine.ask(question).answered


def test_a_bad_file_is_reported_and_the_rest_keeps_serving(tmp_path: Path) -> None:
    shutil.copytree(CORPUS_DIR, tmp_path / "corpus")
    library = Library(tmp_path / "corpus", tmp_path)
    (tmp_path / "corpus" / "bad.txt").write_bytes(b"\x00\x00binary")
    report = library.reload()
    assert report.articles == 5
    assert [p.file for p in report.problems] == ["corpus/bad.txt"]
    assert library.engine.ask("How many troops?").answered


def test_questions_are_answered_throughout_a_reload(tmp_path: Path) -> None:
    shutil.copytree(CORPUS_DIR, tmp_path / "corpus")
    library = Library(tmp_path / "corpus", tmp_path)
    failures: list[str] = []
    answered = 0
    done = threading.Event()

    def ask_repeatedly() -> None:
        nonlocal answered
        while not done.is_set():
            answer = library.engine.ask("how many troops has north korea sent?")
            if not answer.answered or "10,000" not in answer.quotes[0].text:
                failures.append(str(answer))
            answered += 1

    asker = threading.Thread(target=ask_repeatedly)
    asker.start()
    for number in range(5):
        extra = tmp_path / "corpus" / f"extra{number}.txt"
        extra.write_text(PORT.format(f"Report {number}: {number} cranes were repaired."), "utf-8")
        before = answered
        library.reload()
        while answered <= before + 1 and asker.is_alive():  # questions on each engine
            time.sleep(0.01)
    done.set()
    asker.join()
    assert failures == []
    assert answered > 10
    assert len(library.engine.articles) == 10


async def test_the_watcher_reloads_on_its_own(tmp_path: Path) -> None:
    shutil.copytree(CORPUS_DIR, tmp_path / "corpus")
    library = Library(tmp_path / "corpus", tmp_path)
    reloaded = asyncio.Event()
    loop = asyncio.get_running_loop()
    library.listeners.append(lambda report: loop.call_soon_threadsafe(reloaded.set))
    stop = asyncio.Event()
    watcher = asyncio.create_task(library.watch(stop, debounce_ms=50))
    await asyncio.sleep(0.3)  # let the watcher start
    (tmp_path / "corpus" / "port.txt").write_text(
        PORT.format("The port of Odesa reopened with 40 ships waiting."), "utf-8"
    )
    await asyncio.wait_for(reloaded.wait(), timeout=20)
    stop.set()
    await asyncio.wait_for(watcher, timeout=10)
    assert len(library.engine.articles) == 6


async def test_a_file_added_before_the_watch_began_is_taken_in(tmp_path: Path) -> None:
    # A restart: the corpus is loaded, an article arrives while the bot is still
    # starting (before the folder is watched), and nothing changes after that.
    shutil.copytree(CORPUS_DIR, tmp_path / "corpus")
    library = Library(tmp_path / "corpus", tmp_path, settle_seconds=0.25)
    (tmp_path / "corpus" / "port.txt").write_text(
        PORT.format("The port of Odesa reopened with 40 ships waiting."), "utf-8"
    )
    assert len(library.engine.articles) == 5
    stop = asyncio.Event()
    watcher = asyncio.create_task(library.watch(stop, debounce_ms=50))
    await wait_for(lambda: len(library.engine.articles) == 6, seconds=30)
    stop.set()
    await asyncio.wait_for(watcher, timeout=10)
    question = "How many ships were waiting at the port of Odesa?"
    assert library.engine.ask(question).quotes[0].text.endswith("40 ships waiting.")


def test_a_vanished_corpus_folder_keeps_the_previous_corpus(tmp_path: Path) -> None:
    shutil.copytree(CORPUS_DIR, tmp_path / "corpus")
    library = Library(tmp_path / "corpus", tmp_path)
    shutil.rmtree(tmp_path / "corpus")
    report = library.reload()
    assert [p.reason for p in report.problems] == ["corpus folder does not exist"]
    assert report.articles == 5
    assert library.engine.ask("How many troops?").answered


async def test_new_articles_get_their_vectors_in_the_background(
    tmp_path: Path, vector_store: VectorStore
) -> None:
    """A new article answers at once (lexically), then with vectors once embedded."""
    shutil.copytree(CORPUS_DIR, tmp_path / "corpus")
    library = Library(
        tmp_path / "corpus", tmp_path, embedder=E5Embedder.shared(), store=vector_store
    )
    library.schedule_embedding()  # the seed sentences, if this session has not yet
    (tmp_path / "corpus" / "port.txt").write_text(
        PORT.format("The port of Odesa reopened with 40 ships waiting."), "utf-8"
    )
    await library.reload_async()
    question = "How many ships were waiting at the port of Odesa?"
    assert "40 ships" in library.engine.ask(question).quotes[0].text
    library.schedule_embedding()
    async with asyncio.timeout(120):
        while library.engine.sentences_without_vectors():
            await asyncio.sleep(0.05)
    engine = library.engine
    assert engine.vectors is not None and engine.vectors.complete
    assert "40 ships" in engine.ask(question).quotes[0].text
    await library.stop_embedding()


async def wait_for(condition: Callable[[], bool], seconds: float = 120) -> None:
    async with asyncio.timeout(seconds):
        while not condition():
            await asyncio.sleep(0.05)


async def test_a_burst_of_a_thousand_files_is_one_batch(tmp_path: Path) -> None:
    shutil.copytree(CORPUS_DIR, tmp_path / "corpus")
    library = Library(tmp_path / "corpus", tmp_path, settle_seconds=0.25)
    staging = tmp_path / "staging"
    staging.mkdir()
    for number in range(1000):
        (staging / f"wire{number:04d}.txt").write_text(
            PORT.format(f"Dock {number} reopened with {number + 7} cranes."), "utf-8"
        )
    stop = asyncio.Event()
    watcher = asyncio.create_task(library.watch(stop, debounce_ms=200))
    await asyncio.sleep(0.3)
    before = library.updates
    for path in sorted(staging.iterdir()):  # as `cp staging/* corpus/` does
        shutil.copy(path, tmp_path / "corpus" / path.name)
    await wait_for(lambda: len(library.engine.articles) == 1005)
    stop.set()
    await asyncio.wait_for(watcher, timeout=10)
    print(f"1,000 files copied in: {library.updates - before} index updates")
    assert library.updates - before == 1
    assert (
        "1006 cranes"
        in library.engine.ask("How many cranes did dock 999 reopen with?").quotes[0].text
    )


async def test_a_half_written_file_is_never_indexed(tmp_path: Path) -> None:
    shutil.copytree(CORPUS_DIR, tmp_path / "corpus")
    library = Library(tmp_path / "corpus", tmp_path, settle_seconds=0.25)
    stop = asyncio.Event()
    watcher = asyncio.create_task(library.watch(stop, debounce_ms=50))
    await asyncio.sleep(0.3)
    seen: list[int] = []
    library.listeners.append(lambda report: seen.append(report.articles))
    # A slow writer: half the file, a pause longer than the settle time, the rest.
    with (tmp_path / "corpus" / "slow.txt").open("w", encoding="utf-8") as out:
        out.write("---\ntitle: Port reopens\n---\n\nThe port of Odesa reopened ")
        out.flush()
        await asyncio.sleep(1.5)
        assert len(library.engine.articles) == 5
        assert not library.engine.problems
        out.write("with 40 ships waiting.\n")
    await wait_for(lambda: len(library.engine.articles) == 6)
    question = "How many ships were waiting at the port of Odesa?"
    assert library.engine.ask(question).quotes[0].text.endswith("40 ships waiting.")
    # Write then rename: the temporary file is hidden, the renamed one complete.
    hidden = tmp_path / "corpus" / ".incoming.txt"
    hidden.write_text(PORT.format("The port of Kherson reopened with 12 ships waiting."), "utf-8")
    hidden.rename(tmp_path / "corpus" / "kherson.txt")
    await wait_for(lambda: len(library.engine.articles) == 7)
    stop.set()
    await asyncio.wait_for(watcher, timeout=10)
    assert all(count in (5, 6, 7) for count in seen)
    assert not library.engine.problems


def test_a_file_that_becomes_unreadable_keeps_its_last_good_version(tmp_path: Path) -> None:
    shutil.copytree(CORPUS_DIR, tmp_path / "corpus")
    library = Library(tmp_path / "corpus", tmp_path)
    port = tmp_path / "corpus" / "port.txt"
    port.write_text(PORT.format("The port of Odesa reopened with 40 ships waiting."), "utf-8")
    library.reload()
    port.write_bytes(b"---\ntitle: Port\x00\x00 reopens")  # broken mid-copy
    report = library.reload()
    assert [(p.file, p.reason) for p in report.problems] == [
        (
            "corpus/port.txt",
            "binary data, not text (it contains NUL bytes); still serving the last good version",
        )
    ]
    question = "How many ships were waiting at the port of Odesa?"
    assert "40 ships" in library.engine.ask(question).quotes[0].text
    port.write_text(PORT.format("The port of Odesa reopened with 41 ships waiting."), "utf-8")
    assert not library.reload().problems
    assert "41 ships" in library.engine.ask(question).quotes[0].text
