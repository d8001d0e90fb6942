"""The answer as a person reads it in a terminal, and the console chat over the engine."""

from __future__ import annotations

import sys
from collections.abc import Callable
from typing import TextIO

from bot.engine import Answer, Engine, Quote

BOLD, PLAIN = "\033[1m", "\033[0m"


def emphasise(quote: Quote, ansi: bool) -> str:
    """The quote's text with its key figure or name in bold (ANSI) or **marked**."""
    start_mark, end_mark = (BOLD, PLAIN) if ansi else ("**", "**")
    text, pieces, last = quote.text, [], 0
    for start, end in sorted(quote.highlights):
        if start < last:
            continue
        pieces += [text[last:start], start_mark, text[start:end], end_mark]
        last = end
    pieces.append(text[last:])
    return "".join(pieces)


def render_answer(answer: Answer, ansi: bool = False, limit: int = 5) -> str:
    """Quotes with citations, figures side by side where sources differ, or the decline."""
    lines: list[str] = []
    if answer.read_as:
        lines.append(f"(read with your last question: “{answer.read_as}”)")
    if not answer.answered:
        return "\n".join([*lines, answer.message])
    for note in answer.notes:
        lines.append(f"({note})")
    if answer.limited_to:
        lines.append(f"(only articles {answer.limited_to})")
    if answer.newest:
        lines.append(answer.newest)
    if answer.timeline:
        lines.append("Over time, oldest first:")
        for entry in answer.timeline:
            marks = ("; sources differ on this date" if entry.disagrees else "") + (
                f"; revises {entry.revises}" if entry.revises else ""
            )
            day = entry.day.isoformat() if entry.day else "undated"
            lines.append(f"  {day} · {entry.figure}{marks}")
            lines.append(f"     “{entry.quote.text}” — {_short_citation(entry.quote)}")
        return "\n".join(lines)
    quotes = answer.quotes[:limit]
    figures = answer.figures_shown(limit)
    if len(figures) > 1:
        lines.append("The sources give different figures:")
        for report in figures:
            cited = "; ".join(
                f"[{i + 1}] {_short_citation(quotes[i])}" for i in report.quotes if i < limit
            )
            lines.append(f"  • {report.figure} — {cited}")
        lines.append("")
    if other := answer.other_stories_note(limit):
        lines.extend([f"({other})", ""])
    for number, quote in enumerate(quotes, start=1):
        credit = f" ({quote.credit})" if quote.credit else ""
        lines.append(f"{number}. “{emphasise(quote, ansi)}”{credit}")
        lines.append(f"   — {quote.article.citation()}")
    return "\n".join(lines)


def _short_citation(quote: Quote) -> str:
    article = quote.article
    date = article.published.isoformat() if article.published else "undated"
    return f"{article.outlet_label}, {date}"


def render_sources(engine: Engine) -> str:
    """The articles of the corpus, numbered, with outlet, date and title."""
    if not engine.articles:
        return "The corpus has no articles."
    lines = [f"{len(engine.articles)} articles:"]
    for number, article in enumerate(engine.articles, start=1):
        lines.append(f"{number}. {article.citation()}")
        if article.url:
            lines.append(f"   {article.url}")
    return "\n".join(lines)


def chat_help(engine: Engine) -> str:
    examples = "".join(f"\n  {q}" for q in engine.example_questions(2))
    return (
        f"Ask a question about the news articles{', e.g.' if examples else '.'}{examples}"
        "\nCommands: /sources, /help, /quit"
    )


def chat(
    engine: Engine,
    read: Callable[[str], str] = input,
    out: TextIO = sys.stdout,
    ansi: bool | None = None,
) -> None:
    """A console conversation with the engine, until /quit or end of input."""
    ansi = out.isatty() if ansi is None else ansi
    print(f"News quote bot, console chat over {len(engine.articles)} articles.", file=out)
    print("To connect Telegram, set BOT_TOKEN (see config/README.md) and run again.", file=out)
    print(chat_help(engine), file=out)
    previous: str | None = None  # the last question, which a follow-up may lean on
    while True:
        try:
            line = read("\nyou> ").strip()
        except (EOFError, KeyboardInterrupt):
            print(file=out)
            return
        if line in {"/quit", "/exit", "quit", "exit"}:
            return
        if not line:
            continue
        if line in {"/help", "/start"}:
            reply = chat_help(engine)
        elif line == "/sources":
            reply = render_sources(engine)
        else:
            answer = engine.ask(line, previous=previous)
            previous = answer.read_as or line
            reply = render_answer(answer, ansi=ansi)
        print(f"\nbot> {reply}", file=out, flush=True)
