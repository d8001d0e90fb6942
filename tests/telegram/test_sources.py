"""/sources, /sources as a reply to an answer, /source N, and corpus text that looks like HTML."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from bot import REPO_ROOT
from bot.engine import Engine
from tests.telegram.conftest import StartBot, both_backends
from tests.telegram.fake_bot_api import JSON, FakeBotApi
from tests.telegram.harness import BotUnderTest

pytestmark = both_backends  # answers behind buttons and replies live in the database

TROOPS = "How many troops has North Korea sent to Russia?"

CORPUS_LIST = """\
I have read 5 articles. Send /source N for one of them.

1. unnamed outlet, 2024-07-19: North Korea pledges strong support for Russia amid Ukraine war
2. BreakingNews.ie, 2024-11-30: Kim Jong Un vows North Korean support for Russia in Ukraine
3. unnamed outlet, crediting abcnews.go.com, 2025-06-05: North Korea’s Kim Declares \
Unconditional Support for Russia’s War in Ukraine
4. Newslooks, 2024-11-30: North Korea’s Kim Pledges Support for Russia’s Ukraine War
5. Ukrainska Pravda, 2024-06-19: Putin and Kim Jong Un sign agreement foreseeing assistance \
in case of aggression"""


@pytest.mark.parametrize("where", ["private", "group"])
async def test_sources_lists_the_corpus(
    api: FakeBotApi, bot: BotUnderTest, alice: JSON, alice_chat: JSON, group: JSON, where: str
) -> None:
    chat = alice_chat if where == "private" else group
    command = api.send_text(chat, alice, "/sources")
    await bot.settle(api)

    [reply] = api.replies_to(command)
    assert reply["text"] == CORPUS_LIST


async def test_sources_as_reply_lists_that_answers_sources_in_full(
    api: FakeBotApi, bot: BotUnderTest, engine: Engine, alice: JSON, group: JSON
) -> None:
    question = api.send_text(group, alice, f"/ask {TROOPS}")
    await bot.settle(api)
    [answer] = api.replies_to(question)

    command = api.send_text(group, alice, "/sources", reply_to=answer)
    await bot.settle(api)

    [reply] = api.replies_to(command)
    text = reply["text"]
    quoted = {q.article for q in engine.ask(TROOPS, bot.settings.max_quotes_total).quotes}
    assert 1 < len(quoted) < len(engine.articles)
    assert text.startswith(f"Sources of this answer ({len(quoted)}):\n\n")
    for number, article in enumerate(engine.articles, start=1):
        assert (f"{number}. {article.title}\n" in text) == (article in quoted)
    # In full: bylines and origins, which the corpus list leaves out.
    assert "By: Hyung-Jin Kim, Associated Press" in text
    assert "Originally from: abcnews.go.com" in text


async def test_sources_as_reply_to_a_non_answer_lists_the_corpus(
    api: FakeBotApi, bot: BotUnderTest, alice: JSON, bob: JSON, group: JSON
) -> None:
    chatter = api.send_text(group, bob, "hello everyone")
    command = api.send_text(group, alice, "/sources", reply_to=chatter)
    await bot.settle(api)

    [reply] = api.replies_to(command)
    assert reply["text"] == CORPUS_LIST


async def test_source_n_shows_metadata_and_opening(
    api: FakeBotApi, bot: BotUnderTest, engine: Engine, alice: JSON, alice_chat: JSON
) -> None:
    command = api.send_text(alice_chat, alice, "/source 2")
    await bot.settle(api)

    [reply] = api.replies_to(command)
    opening = engine.opening(engine.articles[1], sentences=3)
    assert reply["text"] == (
        "2. Kim Jong Un vows North Korean support for Russia in Ukraine\n"
        "Outlet: BreakingNews.ie\n"
        "By: Hyung-Jin Kim, Associated Press\n"
        "Published: 2024-11-30\n\n"
        f"{opening}"
    )
    assert opening.startswith("North Korean leader Kim Jong Un vowed")


@pytest.mark.parametrize("argument", ["0", "6", "two", "", "1 2", "-1"])
async def test_source_with_a_bad_number_explains_usage(
    api: FakeBotApi, bot: BotUnderTest, alice: JSON, alice_chat: JSON, argument: str
) -> None:
    command = api.send_text(alice_chat, alice, f"/source {argument}".strip())
    await bot.settle(api)

    [reply] = api.replies_to(command)
    assert reply["text"] == (
        "Send /source followed by an article number from 1 to 5, for example /source 1. "
        "/sources lists them."
    )


TRICKY_ARTICLE = """\
---
title: <b>Bold</b> claims & "quotes" about <script>alert(1)</script>
outlet: Tags & Angles <Daily>
published: 2025-01-02
url: https://example.com/a?x=1&y=<2>
language: en
---

Analysts wrote that <b>not bold</b> & <i>not italic</i> matter less than the 4 < 5 > 3 rule.

Officials said the zebra battalion counted 7,777 soldiers & <span class="x">tags</span>.
"""


@pytest.fixture
def tricky_engine(tmp_path: Path) -> Engine:
    corpus = tmp_path / "corpus"
    shutil.copytree(REPO_ROOT / "corpus", corpus)
    (corpus / "900_tricky.txt").write_text(TRICKY_ARTICLE, encoding="utf-8")
    engine = Engine.from_dir(corpus)
    assert len(engine.articles) == 6, engine.problems
    return engine


async def test_article_text_that_looks_like_html_is_shown_literally(
    api: FakeBotApi,
    start_bot: StartBot,
    tricky_engine: Engine,
    alice: JSON,
    alice_chat: JSON,
) -> None:
    bot = await start_bot(tricky_engine)
    question = api.send_text(alice_chat, alice, "How many soldiers did the zebra battalion count?")
    source = api.send_text(alice_chat, alice, "/source 6")
    sources = api.send_text(alice_chat, alice, "/sources")
    await bot.settle(api)

    # The fake server refuses unescaped HTML as Telegram does, so these replies exist
    # only if every piece of corpus text was escaped.
    [answer] = api.replies_to(question)
    assert '7,777 soldiers & <span class="x">tags</span>.' in answer["text"]
    assert 'Tags & Angles <Daily>, 2025-01-02: <b>Bold</b> claims & "quotes"' in answer["text"]

    [details] = api.replies_to(source)
    assert details["text"].startswith(
        '6. <b>Bold</b> claims & "quotes" about <script>alert(1)</script>\n'
        "Outlet: Tags & Angles <Daily>\n"
    )
    assert "Link: https://example.com/a?x=1&y=<2>" in details["text"]
    assert (
        "<b>not bold</b> & <i>not italic</i> matter less than the 4 < 5 > 3 rule"
        in (details["text"])
    )
    [listing] = api.replies_to(sources)
    [link] = [entity for entity in listing["entities"] if entity["type"] == "text_link"]
    assert link["url"] == "https://example.com/a?x=1&y=<2>"
