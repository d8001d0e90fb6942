"""The heap the bot freezes after loading, and settles again after reloads (`bot.heap`)."""

from __future__ import annotations

import asyncio
import gc
import threading
import weakref
from collections.abc import Iterator
from pathlib import Path

import pytest

from bot import heap
from bot.engine import Engine
from bot.engine.library import Library
from tests.telegram.conftest import StartBot
from tests.telegram.fake_bot_api import JSON, FakeBotApi
from tests.telegram.test_live_corpus import (
    PORT_ARTICLE,
    PORT_QUESTION,
    TROOPS,
    ask,
    copy_corpus,
)


class Node:
    """An object that can be put in a reference cycle."""

    partner: Node | None = None


@pytest.fixture(autouse=True)
def nothing_frozen() -> Iterator[None]:
    """Each test starts with nothing frozen and leaves nothing frozen."""
    gc.unfreeze()
    yield
    gc.unfreeze()


def cycle() -> tuple[Node, list[bool]]:
    """A two-object reference cycle, one of its nodes, and a list that gets True when
    the cycle is freed."""
    first, second = Node(), Node()
    first.partner, second.partner = second, first
    freed: list[bool] = []
    weakref.finalize(first, freed.append, True)
    return first, freed


def garbage_cycle() -> list[bool]:
    """A cycle that nothing else refers to once this returns (see `cycle`)."""
    return cycle()[1]


def frozen_garbage_cycle() -> list[bool]:
    """A cycle alive when the heap is settled, let go afterwards."""
    first, freed = cycle()
    heap.settle()
    assert not any(found is first for found in gc.get_objects())  # out of full passes
    return freed


def test_settling_takes_what_is_alive_out_of_the_full_passes() -> None:
    kept = [Node() for _ in range(100)]
    heap.settle()
    assert gc.get_freeze_count() >= len(kept)
    tracked = {id(found) for found in gc.get_objects()}
    assert not any(id(node) in tracked for node in kept)


def test_settling_again_frees_a_cycle_the_last_settle_froze() -> None:
    freed = frozen_garbage_cycle()
    gc.collect()
    assert freed == []  # frozen: a full pass does not reach it
    heap.settle()
    assert freed == [True]


def test_settling_frees_garbage_made_since_the_last_settle() -> None:
    heap.settle()
    freed = garbage_cycle()
    heap.settle()
    assert freed == [True]


def test_the_heap_does_not_grow_with_reloads(tmp_path: Path) -> None:
    corpus = copy_corpus(tmp_path)
    library = Library(corpus, root=tmp_path)
    article = corpus / "port.txt"

    def add_ask_remove(ships: int) -> None:
        article.write_text(PORT_ARTICLE.format(f"The port of Odesa reopened with {ships} ships."))
        library.reload()
        assert f"{ships} ships" in library.engine.ask(PORT_QUESTION).quotes[0].text
        article.unlink()
        library.reload()
        heap.settle()

    def objects() -> int:
        return len(gc.get_objects()) + gc.get_freeze_count()

    for ships in range(3):  # caches filled
        add_ask_remove(ships)
    before = objects()
    for ships in range(10, 20):
        add_ask_remove(ships)
    assert objects() - before < 100


async def test_the_keeper_settles_once_after_a_burst_of_reloads() -> None:
    keeper = heap.HeapKeeper(delay=0.2)
    keeper.start()
    try:
        freed = frozen_garbage_cycle()
        # Reloads run in a worker thread and call their listeners there.
        reloads = [threading.Thread(target=keeper.on_reload, args=(None,)) for _ in range(5)]
        for reload in reloads:
            reload.start()
        for reload in reloads:
            reload.join()
        async with asyncio.timeout(10):
            while keeper.settled == 0:
                await asyncio.sleep(0.02)
        assert freed == [True]
        await asyncio.sleep(0.5)
        assert keeper.settled == 1
    finally:
        await keeper.stop()
    keeper.on_reload(None)  # after the bot stopped: ignored, no error


async def test_the_bot_freezes_its_heap_once_it_has_warmed_up(
    api: FakeBotApi, start_bot: StartBot, tmp_path: Path, alice: JSON, alice_chat: JSON
) -> None:
    corpus = copy_corpus(tmp_path)
    assert gc.get_freeze_count() == 0
    bot = await start_bot(
        Engine.from_dir(corpus, root=tmp_path), corpus_dir=corpus, freeze_heap=True
    )
    async with asyncio.timeout(30):
        while gc.get_freeze_count() == 0:
            await asyncio.sleep(0.05)
    engine = bot.library.engine
    assert not any(found is engine for found in gc.get_objects())
    # Reloads are followed by a settle.
    keepers = [getattr(listener, "__self__", None) for listener in bot.library.listeners]
    assert any(isinstance(keeper, heap.HeapKeeper) and keeper.enabled for keeper in keepers)
    # Frozen objects are still read and used: the bot answers as before.
    assert "10,000" in await ask(api, bot, alice_chat, alice, TROOPS)


async def test_a_disabled_keeper_freezes_nothing() -> None:
    keeper = heap.HeapKeeper(enabled=False, delay=0.01)
    keeper.freeze_loaded()
    keeper.start()
    keeper.on_reload(None)
    await asyncio.sleep(0.1)
    await keeper.stop()
    assert gc.get_freeze_count() == 0
    assert keeper.settled == 0
