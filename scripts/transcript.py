"""Print a screen-like transcript of a private chat and a group session with the bot.

The bot is the real one (`bot.app.build_application`, the real engine over `corpus/`),
talking over HTTP to the tests' fake Bot API server; users are played by this script.

    .venv/bin/python scripts/transcript.py
"""

from __future__ import annotations

import asyncio
import shutil
import sys
import tempfile
from pathlib import Path

# Run as a script from anywhere: make the repository importable.
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bot import REPO_ROOT
from bot.app import ALERTS_KEY
from bot.engine import Engine
from tests.telegram.fake_bot_api import JSON, ApiCall, FakeBotApi
from tests.telegram.harness import BotUnderTest, settings_for

QUOTE_BAR = "  ┃ "


def on_screen(message: JSON) -> str:
    """A message as a client shows it: bold as **…**, block quotes behind a bar."""
    text: str = message["text"]
    # Entity offsets count UTF-16 code units; map them to string indexes.
    index_of_unit = {}
    units = 0
    for index, character in enumerate(text):
        index_of_unit[units] = index
        units += 2 if ord(character) > 0xFFFF else 1
    index_of_unit[units] = len(text)

    marks: dict[int, list[str]] = {}
    for entity in message.get("entities", []):
        start = index_of_unit[entity["offset"]]
        end = index_of_unit[entity["offset"] + entity["length"]]
        opening, closing = {"bold": ("**", "**"), "blockquote": ("\x01", "\x02")}.get(
            entity["type"], ("", "")
        )
        marks.setdefault(start, []).append(opening)
        marks.setdefault(end, []).insert(0, closing)
    marked = "".join(
        "".join(marks.get(index, [])) + character for index, character in enumerate(text)
    ) + "".join(marks.get(len(text), []))

    lines = []
    quoting = False
    for line in marked.split("\n"):
        quoting = quoting or "\x01" in line
        shown = line.replace("\x01", "").replace("\x02", "")
        lines.append(QUOTE_BAR + shown if quoting else "  " + shown)
        quoting = quoting and "\x02" not in line
    return "\n".join(lines)


def keyboard(message: JSON) -> str:
    rows = message.get("reply_markup", {}).get("inline_keyboard", [])
    return "\n".join("  " + " ".join(f"[{button['text']}]" for button in row) for row in rows)


class Session:
    """Plays users against the bot and prints what each of their actions brought."""

    def __init__(self, api: FakeBotApi, bot: BotUnderTest) -> None:
        self.api = api
        self.bot = bot
        self.seen = len(api.calls)

    async def say(self, chat: JSON, user: JSON, text: str, reply_to: JSON | None = None) -> JSON:
        replying = f" (replying to message {reply_to['message_id']})" if reply_to else ""
        print(f"\n{user['first_name']}{replying}: {text}")
        message = self.api.send_text(chat, user, text, reply_to)
        await self.show_replies()
        return message

    async def tap(self, user: JSON, message: JSON, button_text: str) -> None:
        data = next(
            button["callback_data"]
            for row in self.api.latest(message)["reply_markup"]["inline_keyboard"]
            for button in row
            if button["text"] == button_text
        )
        print(f"\n{user['first_name']} taps [{button_text}] under message {message['message_id']}")
        self.api.press_button(user, message, data)
        await self.show_replies()

    async def inline(self, user: JSON, query: str) -> None:
        print(f"\n{user['first_name']} types in another chat: @NewsQuoteBot {query}")
        self.api.inline_query(user, query)
        await self.show_replies()

    async def show_replies(self) -> None:
        await self.bot.settle(self.api)
        for call in self.api.calls[self.seen :]:
            if call.status == 200:
                self.show(call)
        self.seen = len(self.api.calls)

    def show(self, call: ApiCall) -> None:
        name = self.api.bot_user["username"]
        if call.method == "sendChatAction":
            print(f"  · {name} is typing…")
        elif call.method in ("sendMessage", "editMessageText"):
            message = call.result
            verb = "edits message" if call.method == "editMessageText" else "sends message"
            reply = message.get("reply_to_message")
            to = f", replying to {reply['message_id']}" if reply else ""
            print(f"{name} {verb} {message['message_id']}{to}:")
            print(on_screen(message))
            if message.get("reply_markup"):
                print(keyboard(message))
        elif call.method == "answerCallbackQuery" and call.params.get("text"):
            print(f"  · notice on the button: {call.params['text']}")
        elif call.method == "answerInlineQuery":
            print(f"  · {name} offers {len(call.params['results'])} results:")
            for result in call.params["results"]:
                print(f"    - {result['title']}: {result['description'][:70]}…")


async def main() -> None:
    api = FakeBotApi()
    await api.start()
    with tempfile.TemporaryDirectory() as state_dir:
        # A copy of the corpus, so that an article can be added for the alert.
        corpus = Path(state_dir) / "corpus"
        shutil.copytree(REPO_ROOT / "corpus", corpus)
        settings = settings_for(
            api.token,
            api.url,
            Path(state_dir) / "state.sqlite3",
            log_level="WARNING",
            corpus_dir=corpus,
        )
        bot = BotUnderTest(settings, Engine.from_dir(corpus, root=None))
        await bot.start()
        session = Session(api, bot)
        alice = api.user("Alice", "alice")
        bob = api.user("Bob", "bob")

        print("════ Private chat: Alice and @NewsQuoteBot ════")
        private = api.private_chat(alice)
        await session.say(private, alice, "/start")
        question = await session.say(
            private, alice, "How many troops has North Korea sent to Russia?"
        )
        [answer] = api.replies_to(question)
        await session.tap(alice, answer, "More quotes »")
        await session.tap(alice, answer, "Context 6")
        await session.say(
            private, alice, "What is the latest figure for North Korean troops in Russia?"
        )
        await session.say(private, alice, "According to Newslooks, how many troops were sent?")
        await session.say(private, alice, "How many troops had North Korea sent in March 2023?")
        await session.say(private, alice, "What is the recipe for apple pie?")
        await session.say(private, alice, "/source 5")
        print("\nAlice sends a sticker")
        api.send_sticker(private, alice)
        await session.show_replies()

        print("\n\n════ Group “News readers”: Alice, Bob and @NewsQuoteBot ════")
        group = api.group("News readers")
        await session.say(group, bob, "Anyone following the Korea story?")
        asked = await session.say(group, alice, "/ask@NewsQuoteBot What did Putin and Kim sign?")
        [group_answer] = api.replies_to(asked)
        await session.say(group, bob, "/ask@OtherBot What did Putin and Kim sign?")
        await session.say(
            group, bob, "Where are North Korean soldiers fighting?", reply_to=group_answer
        )
        await session.say(group, alice, "@NewsQuoteBot what does North Korea get in return?")
        await session.say(group, bob, "/sources", reply_to=group_answer)
        await session.say(group, alice, "/source 9")
        await session.inline(bob, "troops sent to Russia")
        await session.say(group, alice, "/timeline@NewsQuoteBot troops")
        await session.say(group, bob, "/watch@NewsQuoteBot troops")
        print("\n(An article with a new troop figure is added to the corpus folder.)")
        (corpus / "new-figure.txt").write_text(
            "---\ntitle: More North Korean troops reach Russia\noutlet: Example Times\n"
            "published: 2025-08-01\n---\n\n"
            "North Korea has now sent about 15,000 troops to Russia, officials said.\n",
            encoding="utf-8",
        )
        await bot.library.reload_async()
        await bot.application.bot_data[ALERTS_KEY].check(bot.application.bot)
        await session.show_replies()

        await bot.stop()
    await api.stop()


if __name__ == "__main__":
    asyncio.run(main())
