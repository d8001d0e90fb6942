"""Asking: any text in private, and in groups `/ask`, a mention of the bot or a reply to it."""

from __future__ import annotations

import logging
import re
import time
from dataclasses import replace
from datetime import date

from telegram import Message, MessageEntity, Update
from telegram.constants import ChatAction, ChatType
from telegram.ext import ContextTypes

from bot.components import render
from bot.components.buttons import answer_keyboard
from bot.components.services import AnswerTooSlow, Services, services
from bot.engine.followup import refers_back
from bot.engine.models import Answer
from bot.state import Outcome

logger = logging.getLogger(__name__)

LONE_SURROGATE_RE = re.compile("[\ud800-\udfff]")
"""Half of a UTF-16 pair on its own: Telegram's JSON can carry one (`"\\ud800"`), but it
is not text, and neither UTF-8 (the model, the database) nor HTML can hold it."""
UNREADABLE = (
    "I can only read text, and part of that message is not text (a broken character?). "
    "Please type your question again."
)


def is_readable(text: str) -> bool:
    """Whether `text` is text: no lone surrogate in it."""
    return LONE_SURROGATE_RE.search(text) is None


TOO_SLOW = (
    "That question is taking me too long to answer. "
    "Please try asking it more briefly, or in other words."
)


def question_in(message: Message, bot_username: str, bot_id: int) -> str | None:
    """The question `message` puts to the bot, or None when it is not addressed to it.

    The bot's own @mentions are removed, so "@Bot how many?" asks "how many?".
    An empty string means the message is addressed to the bot but asks nothing.
    """
    text = message.text
    # A quote someone shared through inline mode is the bot's own words, not a question.
    if text is None or (message.via_bot is not None and message.via_bot.id == bot_id):
        return None
    command = _leading_command(message)
    if command is not None:
        name, addressee, rest = command
        if name != "ask" or (addressee is not None and addressee != bot_username.lower()):
            return None
        return _without_mentions(rest, bot_username)
    if (
        message.chat.type == ChatType.PRIVATE
        or _mentions(message, bot_username, bot_id)
        or _replies_to(message, bot_id)
    ):
        return _without_mentions(text, bot_username)
    return None


def _entity_texts(message: Message, types: list[str]) -> dict[MessageEntity, str]:
    """The message's entities of `types` with their text, as `Message.parse_entities`
    gives them, except that a lone surrogate counts as the one UTF-16 unit it is
    instead of raising, so that such a message can still be told apart and refused."""
    units = (message.text or "").encode("utf-16-le", "surrogatepass")
    return {
        entity: units[2 * entity.offset : 2 * (entity.offset + entity.length)].decode(
            "utf-16-le", "surrogatepass"
        )
        for entity in message.entities
        if entity.type in types
    }


def _leading_command(message: Message) -> tuple[str, str | None, str] | None:
    """(command, addressee or None, text after it) when the message starts with a command."""
    for entity, command_text in _entity_texts(message, [MessageEntity.BOT_COMMAND]).items():
        if entity.offset == 0:
            name, _, addressee = command_text[1:].lower().partition("@")
            assert message.text is not None
            return name, addressee or None, message.text[len(command_text) :]
    return None


def _mentions(message: Message, bot_username: str, bot_id: int) -> bool:
    for entity, mention in _entity_texts(
        message, [MessageEntity.MENTION, MessageEntity.TEXT_MENTION]
    ).items():
        if entity.type == MessageEntity.TEXT_MENTION:
            if entity.user is not None and entity.user.id == bot_id:
                return True
        elif mention.lower() == f"@{bot_username.lower()}":
            return True
    return False


def _replies_to(message: Message, bot_id: int) -> bool:
    replied = message.reply_to_message
    return replied is not None and replied.from_user is not None and replied.from_user.id == bot_id


def _without_mentions(text: str, bot_username: str) -> str:
    mention = re.compile(rf"@{re.escape(bot_username)}\b", re.IGNORECASE)
    return " ".join(mention.sub(" ", text).split())


async def answer_question(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Answer a question put to the bot with quotes, or decline politely; count it."""
    message = update.effective_message
    if message is None:
        return
    question = question_in(message, context.bot.username, context.bot.id)
    if not question:
        return
    started = time.perf_counter()
    found = services(context)
    corpus = found.corpus()
    previous = await previous_question(message, question, found)
    try:
        if corpus.answers.known(question, previous):
            answer = await corpus.answers.ask(question, previous)  # remembered: sent at once
        else:
            # "typing…" while the engine works, when its work takes a perceptible time:
            # for answers of a millisecond it would only cost a request.
            if found.answers_take_a_while():
                await message.reply_chat_action(ChatAction.TYPING)
            working = time.perf_counter()
            answer = await corpus.answers.ask(question, previous)
            found.note_answer_time(time.perf_counter() - working)
    except AnswerTooSlow:
        found.metrics.declines.labels("too_slow").inc()
        await message.reply_text(TOO_SLOW)
        return
    outcome: Outcome = "answered" if answer.answered and answer.quotes else "declined"
    # A follow-up is kept as the whole question it was read as: the next follow-up leans
    # on that, and the buttons ask it again.
    asked = answer.read_as or question
    if outcome == "declined":
        await message.reply_html(render.decline(answer, found.example_question()))
    elif answer.timeline:
        await send_timeline(message, answer)
    else:
        answer_id = await found.stored(
            found.state.save_answer(
                chat_id=message.chat_id,
                question=asked,
                corpus_key=corpus.key,
                passage_ids=[quote.passage.passage_id for quote in answer.quotes],
                article_ids=list(
                    dict.fromkeys(quote.article.article_id for quote in answer.quotes)
                ),
            )
        )
        note = render.age_note(answer, date.today(), found.settings.stale_after_days)
        page = render.answer_page(answer, 0, found.settings.max_quotes, note)
        # Without a stored answer the buttons could not work: the quotes go out alone.
        keyboard = (
            None if answer_id is None else answer_keyboard(answer_id, page, len(answer.quotes))
        )
        sent = await message.reply_html(page.text, reply_markup=keyboard)
        if answer_id is not None:
            await found.stored(found.state.link_message(sent.chat_id, sent.message_id, answer_id))
    seconds = time.perf_counter() - started
    found.metrics.questions.labels(outcome).inc()
    if outcome == "declined":
        found.metrics.declines.labels(answer.decline_reason or "no_quotes").inc()
    found.metrics.answer_seconds.observe(seconds)
    user_id = message.from_user.id if message.from_user is not None else None
    await found.stored(
        found.state.record_question(
            message.chat_id, user_id, asked, outcome, seconds, answer.decline_reason
        )
    )
    logger.info("Question %s in %.3f s", outcome, seconds)


async def previous_question(message: Message, question: str, found: Services) -> str | None:
    """The question `question` may lean on ("When did he die?"): the one answered in the
    bot's message it replies to, else the asker's last one in this chat within
    `follow_up_minutes`; None for a question that stands alone."""
    minutes = found.settings.follow_up_minutes
    if not minutes or not refers_back(question):
        return None
    replied = message.reply_to_message
    if replied is not None:
        shown = await found.stored(found.state.answer_shown_in(message.chat_id, replied.message_id))
        if shown is not None:
            return shown.question
    user_id = message.from_user.id if message.from_user is not None else None
    since = time.time() - 60 * minutes
    return await found.stored(found.state.last_question(message.chat_id, user_id, since))


async def send_timeline(message: Message, answer: Answer) -> None:
    """The figures of a thing in date order, in as few messages as fit."""
    for number, text in enumerate(render.timeline(answer)):
        if number == 0:
            await message.reply_html(text)
        else:
            await message.chat.send_message(text)


async def show_timeline(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """`/timeline THING`: the distinct figures of THING in date order, each with its quote."""
    message = update.effective_message
    if message is None:
        return
    thing = " ".join(context.args or [])
    found = services(context)
    if not thing:
        await message.reply_html("Tell me what to follow, e.g. <code>/timeline troops</code>.")
        return
    if len(thing) > found.settings.max_question_chars:
        await message.reply_text("That is too long; name the thing in a few words.")
        return
    answer = found.corpus().engine.timeline(thing)
    if not answer.answered or not answer.timeline:
        if answer.answered:
            answer = replace(
                answer, message=f"I found no figures of “{thing}” to put in date order."
            )
        await message.reply_html(render.decline(answer, found.example_question()))
        return
    await send_timeline(message, answer)


async def unknown_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Point a private chatter who typed an unknown command to /help."""
    if update.effective_message is not None:
        await update.effective_message.reply_text(
            "I don't know that command. Send /help to see what I can do, "
            "or just type your question."
        )
