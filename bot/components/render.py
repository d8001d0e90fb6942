"""Engine answers and articles → Telegram HTML, as pure functions.

Every string that comes from the corpus or from a user goes through `html.escape`
before it meets markup, and every message stays within Telegram's length limit.
Messages are built from self-contained blocks (one quote, one article line), so a
message is only ever cut between blocks, never inside a tag.
"""

from __future__ import annotations

import html
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from urllib.parse import urlparse

from bot.engine.models import Answer, Article, Passage, Quote, TimelineEntry

MESSAGE_LIMIT = 4096
"""Telegram's limit on a message, in UTF-16 code units.

Telegram counts the text after parsing entities; we count the HTML source, which is
never shorter, so a message that fits here fits there."""

ELLIPSIS = "…"

# Caps on metadata and headers, so that an answer page always has room for a quote.
MAX_URL_CHARS = 500
MAX_FIGURES_SHOWN = 5


def utf16_len(text: str) -> int:
    """Length as Telegram counts it: characters outside the BMP (emoji) count twice."""
    return len(text.encode("utf-16-le")) // 2


def fits(text: str, limit: int = MESSAGE_LIMIT) -> bool:
    return utf16_len(text) <= limit


def highlighted(text: str, spans: Iterable[tuple[int, int]]) -> str:
    """`text` escaped, with the characters inside `spans` in bold.

    Spans index into the raw text, so the pieces are cut first and escaped
    separately; overlapping or out-of-range spans are merged and clipped.
    """
    pieces: list[str] = []
    cursor = 0
    for start, end in _merged(spans, len(text)):
        pieces.append(html.escape(text[cursor:start]))
        pieces.append(f"<b>{html.escape(text[start:end])}</b>")
        cursor = end
    pieces.append(html.escape(text[cursor:]))
    return "".join(pieces)


def _merged(spans: Iterable[tuple[int, int]], length: int) -> list[tuple[int, int]]:
    clipped = sorted((max(0, start), min(length, end)) for start, end in spans)
    clipped = [(start, end) for start, end in clipped if end > start]
    merged: list[tuple[int, int]] = []
    for start, end in clipped:
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        else:
            merged.append((start, end))
    return merged


def _date(article: Article) -> str:
    return article.published.isoformat() if article.published else "undated"


def safe_url(url: str | None) -> str | None:
    """The URL if it is an http(s) link Telegram will accept in `<a href>`, else None."""
    if not url:
        return None
    parsed = urlparse(url.strip())
    escaped_length = len(html.escape(url, quote=True))
    if parsed.scheme in ("http", "https") and parsed.netloc and escaped_length <= MAX_URL_CHARS:
        return url.strip()
    return None


def citation(article: Article) -> str:
    """Outlet, date and title (linked when the URL is known) on one line."""
    # Metadata is short in any sane corpus; the caps keep a broken file from
    # pushing a message over the limit.
    outlet = _escaped_within(article.outlet_label, 100)
    title = _escaped_within(article.headline, 300)
    url = safe_url(article.url)
    if url:
        title = f'<a href="{html.escape(url, quote=True)}">{title}</a>'
    return f"<i>{outlet}</i>, {_date(article)}: {title}"


def quote_block(
    quote: Quote, number: int | None = None, limit: int = MESSAGE_LIMIT, heading: str = ""
) -> str:
    """One quote: its citation, then the quote as a block quote with its highlights in bold.

    A sentence too long for `limit` is shortened (marked with an ellipsis) rather
    than split, so the block stays one well-formed piece of HTML.
    """
    label = f"<b>{number}.</b> " if number is not None else ""
    if quote.credit:  # "Byline of Fjordposten, …": what the article credits, not a sentence
        label += f"{quote.credit.capitalize()} of "
    text = quote.text
    while True:
        shortened = len(text) < len(quote.text)
        body = highlighted(text, quote.highlights) + (ELLIPSIS if shortened else "")
        block = f"{heading}{label}{citation(quote.article)}\n<blockquote>{body}</blockquote>"
        if fits(block, limit) or not text:
            return block
        text = text[: len(text) * 4 // 5]


def figures_side_by_side(answer: Answer) -> str:
    """One line per differing figure, with the sources (outlet, date) that give it."""
    lines = []
    for report in answer.figures[:MAX_FIGURES_SHOWN]:
        articles = dict.fromkeys(answer.quotes[index].article for index in report.quotes)
        sources = "; ".join(f"{article.outlet_label}, {_date(article)}" for article in articles)
        lines.append(
            f"• <b>{_escaped_within(report.figure, 100)}</b>: {_escaped_within(sources, 300)}"
        )
    return "<b>The sources give different figures:</b>\n" + "\n".join(lines)


@dataclass(frozen=True)
class AnswerPage:
    """One message's worth of an answer: its HTML and which quotes it shows."""

    text: str
    start: int
    end: int

    @property
    def shown(self) -> range:
        return range(self.start, self.end)


def age_note(answer: Answer, today: date, stale_after_days: int) -> str:
    """For a question about now ("how many … now"), how old the newest source is when
    it is older than `stale_after_days`; else nothing."""
    newest = answer.newest_published
    if not answer.time_sensitive or newest is None:
        return ""
    days = (today - newest).days
    if days <= stale_after_days:
        return ""
    return (
        f"⚠️ <i>My newest source here is {days:,} days old ({newest.isoformat()}); "
        "things may have changed since.</i>"
    )


def answer_page(answer: Answer, start: int, page_size: int, note: str = "") -> AnswerPage:
    """Quotes `start`… of `answer` (at most `page_size`, as many as fit) as one message,
    with the words read otherwise than typed, what the answer was limited to, which
    quote is newest, and `note` (HTML)."""
    header = f"🔎 <i>{_escaped_within(answer.read_as or answer.question, 300)}</i>"
    if answer.read_as:
        header += "\n↪️ <i>read with your last question</i>"
    for mended in answer.notes:
        # A word mended ("“Nroth” read as “North”"): the reader sees what was answered.
        header += f"\n✏️ <i>{_escaped_within(mended, 300)}</i>"
    if answer.limited_to:
        header += f"\n<i>Only articles {_escaped_within(answer.limited_to, 300)}.</i>"
    if answer.newest:
        header += f"\n🕒 <b>{_escaped_within(answer.newest, 300)}</b>"
    if note:
        header += f"\n{note}"
    if answer.sources_differ:
        header += "\n\n" + figures_side_by_side(answer)
    if other := answer.other_stories_note(len(answer.quotes)):
        header += f"\nℹ️ <i>{html.escape(other)}</i>"
    total = len(answer.quotes)
    # The footer is written last but its longest form is reserved up front.
    footer_budget = utf16_len(_page_footer(total, total, total))
    budget = MESSAGE_LIMIT - utf16_len(header) - footer_budget - 2

    blocks: list[str] = []
    end = start
    for index in range(start, min(start + page_size, total)):
        block = quote_block(answer.quotes[index], index + 1, limit=max(budget, 0))
        if not fits("\n\n".join([*blocks, block]), budget):
            break
        blocks.append(block)
        end = index + 1
    text = "\n\n".join([header, *blocks, _page_footer(start + 1, end, total)])
    return AnswerPage(text=text, start=start, end=end)


def _page_footer(first: int, last: int, total: int) -> str:
    if first == last == total == 1:
        return "<i>1 quote</i>"
    return f"<i>Quotes {first}–{last} of {total}</i>"


def timeline_entry(entry: TimelineEntry) -> str:
    """One figure of a timeline: date, figure, marks, source, and the quote."""
    day = entry.day.isoformat() if entry.day else "undated"
    marks = []
    if entry.disagrees:
        marks.append("⚖️ sources differ on this date")
    if entry.revises:
        marks.append(f"↻ revises {_escaped_within(entry.revises, 100)}")
    head = f"<b>{day}</b> · <b>{_escaped_within(entry.figure, 150)}</b>"
    if marks:
        head += f" ({'; '.join(marks)})"
    return quote_block(entry.quote, limit=MESSAGE_LIMIT // 2 - 200, heading=f"{head}\n")


def timeline(answer: Answer) -> list[str]:
    """A figure's timeline as messages: each distinct figure in date order, with quote."""
    header = f"📈 <i>{_escaped_within(answer.question, 300)}</i>"
    if answer.limited_to:
        header += f"\n<i>Only articles {_escaped_within(answer.limited_to, 300)}.</i>"
    header += f"\n{len(answer.timeline)} distinct figures, oldest first:"
    return split_messages(header, [timeline_entry(e) for e in answer.timeline], "\n\n")


def watch_alert(thing: str, new: TimelineEntry, previous: TimelineEntry | None, more: int) -> str:
    """An alert: the new figure's quote, and the figure known before, side by side."""
    lines = [f"🔔 <b>New figure for “{_escaped_within(thing, 200)}”</b>", ""]
    lines.append(timeline_entry(new))
    if previous is not None:
        lines += ["", "<i>Known before:</i>", timeline_entry(previous)]
    if more:
        lines += ["", f"<i>…and {more} more new article(s) with new figures.</i>"]
    text = "\n".join(lines)
    return text if fits(text) else "\n".join(lines[:3])


def decline(answer: Answer, example_question: str) -> str:
    """A polite no with a hint of what does work: the engine's words when it gave some."""
    if answer.message:
        text = _escaped_within(answer.message, 1000)
        if answer.read_as:
            text = f"🔎 <i>{_escaped_within(answer.read_as, 300)}</i>\n{text}"
        if answer.decline_reason == "nothing_relevant":
            text += f" For example: <i>{_escaped_within(example_question, 300)}</i>"
        return text
    return (
        "Sorry, I found nothing in my articles that answers that. "
        "Send /sources to see what I have read, or try for example: "
        f"<i>{_escaped_within(example_question, 300)}</i>"
    )


def article_line(number: int, article: Article) -> str:
    """One numbered line of the corpus list."""
    return f"<b>{number}.</b> {citation(article)}"


def article_card(number: int, article: Article) -> str:
    """An article's metadata in full: number, title, outlet, byline, date, origin, link."""
    rows = [f"<b>{number}. {_escaped_within(article.headline, 300)}</b>"]
    rows.append(f"Outlet: {_escaped_within(article.outlet_label, 100)}")
    if article.byline:
        rows.append(f"By: {_escaped_within(article.byline, 200)}")
    rows.append(f"Published: {_date(article)}")
    if article.original_source:
        rows.append(f"Originally from: {_escaped_within(article.original_source, 200)}")
    url = safe_url(article.url)
    if url:
        rows.append(
            f'Link: <a href="{html.escape(url, quote=True)}">{_escaped_within(url, 300)}</a>'
        )
    return "\n".join(rows)


def article_details(number: int, article: Article, opening: str) -> str:
    """An article's card and its opening lines, for `/source N`."""
    card = article_card(number, article)
    room = MESSAGE_LIMIT - utf16_len(card) - len("\n\n<blockquote></blockquote>")
    return f"{card}\n\n<blockquote>{_escaped_within(opening, room)}</blockquote>"


def context_view(passages: Sequence[Passage], focus_id: int) -> str:
    """The sentences around a quote, the quoted one in bold, paragraphs kept apart."""
    if not passages:
        return "That passage is no longer in my articles."
    article = passages[0].article
    head = f"Context from {citation(article)}"
    room = MESSAGE_LIMIT - utf16_len(head) - len("\n\n<blockquote></blockquote>")
    share = room // len(passages)
    parts: list[str] = []
    previous: Passage | None = None
    for passage in passages:
        if previous is not None:
            parts.append("\n\n" if passage.paragraph != previous.paragraph else " ")
        sentence = _escaped_within(passage.text, share - 8)
        parts.append(f"<b>{sentence}</b>" if passage.passage_id == focus_id else sentence)
        previous = passage
    return f"{head}\n\n<blockquote>{''.join(parts)}</blockquote>"


def _escaped_within(text: str, room: int) -> str:
    """`text` escaped, shortened with an ellipsis until it takes at most `room` units."""
    escaped = html.escape(text)
    while not fits(escaped, room) and text:
        text = text[: len(text) * 4 // 5]
        escaped = html.escape(text) + ELLIPSIS
    return escaped


def split_messages(
    header: str, blocks: Sequence[str], separator: str = "\n", limit: int = MESSAGE_LIMIT
) -> list[str]:
    """`header` and `blocks` packed into as few messages as fit, cut only between blocks.

    Every block must fit on its own under `limit` (the renderers above ensure it).
    """
    messages: list[str] = []
    current = header
    for block in blocks:
        candidate = f"{current}{separator}{block}" if current else block
        if fits(candidate, limit):
            current = candidate
        else:
            messages.append(current)
            current = block
    if current:
        messages.append(current)
    return messages


def help_text(bot_username: str, articles: Sequence[Article], examples: Sequence[str]) -> str:
    """What the bot knows, how to ask it in each kind of chat, and example questions."""
    outlets = sorted({article.outlet for article in articles if article.outlet})
    dates = sorted(article.published for article in articles if article.published)
    knows = f"I answer questions about {len(articles)} news articles"
    if outlets:
        knows += f" from {_escaped_within(', '.join(outlets), 1000)}"
    if dates:
        knows += f", published {dates[0].isoformat()} to {dates[-1].isoformat()}"
    bot = f"@{html.escape(bot_username)}"
    lines = [
        f"{knows}, with verbatim quotes and where they come from. "
        "If my articles don't say it, I say so.",
        "",
        "<b>How to ask</b>",
        "• In a private chat: just type your question.",
        f"• In a group: <code>/ask your question</code>, mention {bot} with a question, "
        "or reply to one of my answers.",
        f"• In any chat: type <code>{bot} your question</code> and pick a quote.",
    ]
    if examples:
        lines += ["", "<b>For example</b>"]
        lines += [f"• {_escaped_within(example, 300)}" for example in examples[:5]]
    lines += [
        "",
        "Add a time or an outlet: <i>the latest figure for …</i>, <i>… by November 2024</i>, "
        "<i>according to OUTLET, …</i>, or <code>from:2024-11 to:2025-01 outlet:NAME</code>.",
        "Ask on from your last question: <i>when did he …?</i>, <i>and where?</i>, "
        "<i>what about NAME?</i>, <i>and how many …?</i> (or reply to my answer).",
        "/timeline THING shows a figure over time; /watch THING posts new figures here "
        "(/watches, /unwatch N).",
        "",
        "/sources lists my articles, /source N shows one.",
    ]
    return "\n".join(lines)
