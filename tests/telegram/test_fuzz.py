"""Fuzzing: arbitrary text, entities and Unicode as questions and as corpus text.

Nothing may crash (no "Sorry, something went wrong"), and every reply must be HTML
that Telegram accepts, within its limits: the fake server checks each one as Telegram
does and answers `400 Bad Request` otherwise, so a single 400 fails the test.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.components.errors import SORRY
from tests.conftest import CORPUS_DIR
from tests.telegram.conftest import StartBot
from tests.telegram.fake_bot_api import JSON, FakeBotApi
from tests.telegram.harness import BotUnderTest

FUZZ = settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
ENTITY_TYPES = ["bold", "italic", "underline", "strikethrough", "spoiler", "code", "url"]

# Any Unicode (lone surrogates have their own test in test_security.py), weighted toward
# the characters that matter: markup, entities, quotes, digits, emoji, RTL, combining.
text = st.lists(
    st.one_of(
        st.text(st.characters(codec="utf-8"), max_size=40),
        st.sampled_from([*"<>&\"'/@#*_`~|\n\t ", "&amp;", "</b>", "<a href=x>"]),
        st.sampled_from(
            ["😀", "👍🏽", "\u200f", "\u202e", "e\u0301", "\ufeff", "\u0000", "１２３"]
        ),
        st.sampled_from(["North Korea", "troops", "10,000", "Kursk", "How many", "?"]),
    ),
    max_size=40,
).map("".join)


def utf16_offset(value: str, index: int) -> int:
    return len(value[:index].encode("utf-16-le")) // 2


@st.composite
def message_with_entities(draw: st.DrawFn) -> tuple[str, list[JSON]]:
    """A text and formatting entities over whole characters (as Telegram clients send)."""
    value = draw(text.filter(lambda t: t.strip() != ""))
    entities = []
    for _ in range(draw(st.integers(0, 3))):
        start = draw(st.integers(0, len(value) - 1))
        end = draw(st.integers(start + 1, len(value)))
        entity: JSON = {
            "type": draw(st.sampled_from(ENTITY_TYPES)),
            "offset": utf16_offset(value, start),
            "length": utf16_offset(value, end) - utf16_offset(value, start),
        }
        entities.append(entity)
    return value, entities


def assert_all_replies_valid(api: FakeBotApi, messages: list[JSON], must_reply: list[bool]) -> None:
    refused = [(call.method, call.status, call.params) for call in api.calls if call.status == 400]
    assert refused == []
    for message, required in zip(messages, must_reply, strict=True):
        replies = api.replies_to(message)
        assert [reply["text"] for reply in replies if reply["text"] == SORRY] == []
        if required:
            assert replies, message["text"]


@FUZZ
@given(private=message_with_entities(), in_group=message_with_entities())
async def test_arbitrary_questions_get_valid_replies(
    api: FakeBotApi,
    start_bot: StartBot,
    private: tuple[str, list[JSON]],
    in_group: tuple[str, list[JSON]],
) -> None:
    bot = await _bot(start_bot)
    user = api.user("Fuzzer")
    group = api.group("Fuzz group")
    messages = [
        api.send_text(api.private_chat(user), user, private[0], entities=private[1]),
        api.send_text(group, user, "/ask " + in_group[0], entities=_shifted(in_group[1], 5)),
        api.send_text(group, user, "@NewsQuoteBot " + in_group[0]),
    ]
    api.inline_query(user, in_group[0][:256])
    await bot.settle(api)
    assert_all_replies_valid(api, messages, [True, False, False])
    assert api.ok_calls("answerInlineQuery")  # the inline query was answered validly


_bots: dict[int, BotUnderTest] = {}


async def _bot(start_bot: StartBot, **overrides: object) -> BotUnderTest:
    """One bot per test (hypothesis calls the test once per example with the same fixtures)."""
    key = id(start_bot)
    if key not in _bots or not _bots[key].running:
        _bots.clear()
        _bots[key] = await start_bot(
            questions_per_minute=100_000, flood_messages_per_second=0, **overrides
        )
    return _bots[key]


def _shifted(entities: list[JSON], by: int) -> list[JSON]:
    return [{**entity, "offset": entity["offset"] + by} for entity in entities]


def _front_matter_value(value: str) -> str:
    return " ".join(value.split()) or "x"


@FUZZ
@given(
    title=text,
    outlet=text,
    url=st.one_of(text, st.just('https://example.com/a?b=<c>&d="e"')),
    paragraphs=st.lists(text.filter(lambda t: t.strip() != ""), min_size=1, max_size=6),
)
async def test_arbitrary_corpus_text_gives_valid_replies(
    api: FakeBotApi,
    start_bot: StartBot,
    tmp_path: Path,
    title: str,
    outlet: str,
    url: str,
    paragraphs: list[str],
) -> None:
    corpus = tmp_path / "corpus"
    if not corpus.exists():
        shutil.copytree(CORPUS_DIR, corpus)
    bot = await _bot(start_bot, corpus_dir=corpus)
    body = "\n".join(paragraphs)
    (corpus / "fuzz.txt").write_text(
        f"---\ntitle: {_front_matter_value(title)}\noutlet: {_front_matter_value(outlet)}\n"
        f"url: {_front_matter_value(url)}\npublished: 2024-11-30\n---\n\n{body}\n",
        encoding="utf-8",
    )
    await bot.library.reload_async()
    user = api.user("Reader")
    chat = api.private_chat(user)
    words = body.split()[:8]
    messages = [
        api.send_text(chat, user, " ".join(words) or "?"),
        api.send_text(chat, user, "How many " + " ".join(words[:3]) + "?"),
        api.send_text(chat, user, "/sources"),
        api.send_text(chat, user, f"/source {len(bot.library.engine.articles)}"),
    ]
    await bot.settle(api)
    for reply in api.replies_to(messages[0]) + api.replies_to(messages[1]):
        for row in reply.get("reply_markup", {}).get("inline_keyboard", []):
            for button in row:
                api.press_button(user, reply, button["callback_data"])
    await bot.settle(api)
    assert_all_replies_valid(api, messages, [True] * len(messages))
