"""Live corpus updates under a running bot: answers follow added, changed and removed
article files, and no question fails or goes unanswered while the index is swapped."""

from __future__ import annotations

import asyncio
import shutil
from pathlib import Path

from bot.engine import Engine
from tests.conftest import CORPUS_DIR
from tests.telegram.conftest import StartBot
from tests.telegram.fake_bot_api import JSON, FakeBotApi
from tests.telegram.harness import BotUnderTest

PORT_ARTICLE = "---\ntitle: Port reopens\noutlet: Example Times\n---\n\n{}\n"
PORT_QUESTION = "How many ships were waiting at the port of Odesa?"
TROOPS = "How many troops has North Korea sent to Russia?"


def copy_corpus(tmp_path: Path) -> Path:
    corpus = tmp_path / "corpus"
    shutil.copytree(CORPUS_DIR, corpus)
    return corpus


async def ask(api: FakeBotApi, bot: BotUnderTest, chat: JSON, user: JSON, text: str) -> str:
    question = api.send_text(chat, user, text)
    await bot.settle(api)
    [reply] = api.replies_to(question)
    return str(reply["text"])


async def test_answers_follow_files_added_changed_and_removed(
    api: FakeBotApi, start_bot: StartBot, tmp_path: Path, alice: JSON, alice_chat: JSON
) -> None:
    corpus = copy_corpus(tmp_path)
    bot = await start_bot(
        Engine.from_dir(corpus, root=tmp_path), corpus_dir=corpus, watch_corpus=True
    )
    reloads = 0

    def count(_report: object) -> None:
        nonlocal reloads
        reloads += 1

    bot.library.listeners.append(count)

    async def after_reload(seen: int) -> None:
        async with asyncio.timeout(30):
            while reloads == seen:
                await asyncio.sleep(0.05)

    assert "mentions “Odesa”" in await ask(api, bot, alice_chat, alice, PORT_QUESTION)

    article = corpus / "port.txt"
    await asyncio.sleep(0.5)  # the watcher is running
    seen = reloads
    article.write_text(PORT_ARTICLE.format("The port of Odesa reopened with 40 ships waiting."))
    await after_reload(seen)
    assert "40 ships" in await ask(api, bot, alice_chat, alice, PORT_QUESTION)

    seen = reloads
    article.write_text(PORT_ARTICLE.format("The port of Odesa reopened with 55 ships waiting."))
    await after_reload(seen)
    assert "55 ships" in await ask(api, bot, alice_chat, alice, PORT_QUESTION)

    seen = reloads
    article.unlink()
    await after_reload(seen)
    assert "mentions “Odesa”" in await ask(api, bot, alice_chat, alice, PORT_QUESTION)


async def test_no_question_fails_while_the_corpus_is_swapped(
    api: FakeBotApi, start_bot: StartBot, tmp_path: Path, alice: JSON, alice_chat: JSON
) -> None:
    corpus = copy_corpus(tmp_path)
    bot = await start_bot(
        Engine.from_dir(corpus, root=tmp_path), corpus_dir=corpus, questions_per_minute=1000
    )
    questions = []
    for round_number in range(8):
        (corpus / f"extra{round_number}.txt").write_text(
            PORT_ARTICLE.format(f"Report {round_number}: {round_number + 2} cranes were fixed.")
        )
        reload = asyncio.create_task(bot.library.reload_async())
        for _ in range(5):
            questions.append(api.send_text(alice_chat, alice, TROOPS))
            await asyncio.sleep(0.01)
        await reload
    await bot.settle(api)
    for question in questions:
        [reply] = api.replies_to(question)
        assert "10,000" in reply["text"]
    assert len(bot.library.engine.articles) == 13


async def test_reload_is_for_admins_only(
    api: FakeBotApi, start_bot: StartBot, tmp_path: Path, alice: JSON, bob: JSON
) -> None:
    corpus = copy_corpus(tmp_path)
    bot = await start_bot(
        Engine.from_dir(corpus, root=tmp_path), corpus_dir=corpus, admin_ids=[alice["id"]]
    )
    (corpus / "bad.txt").write_bytes(b"\x00\x01<b>binary</b>")
    (corpus / "port.txt").write_text(PORT_ARTICLE.format("Ships: 40 were waiting."))
    assert await ask(api, bot, api.private_chat(bob), bob, "/reload") == (
        "Only the bot's admins can use /reload."
    )
    assert len(bot.library.engine.articles) == 5
    reply = await ask(api, bot, api.private_chat(alice), alice, "/reload")
    assert reply.startswith("Reloaded: 6 articles")
    assert "corpus/bad.txt: binary data, not text" in reply
    assert len(bot.library.engine.articles) == 6
