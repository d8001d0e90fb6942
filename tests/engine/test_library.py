"""Live corpus updates: answers follow added, changed and removed files, with no gap."""

from __future__ import annotations

import asyncio
import shutil
import threading
import time
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
