"""Figures over time: when each quote was reported, "latest" and "first" orders, the
timeline of a figure, and which figures of a newly added article are new.

A quote's date is its own where the sentence gives one ("as of January"), else its
article's publication date.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from datetime import date

from bot.engine.models import Quote, TimelineEntry
from bot.engine.scoring import Candidate
from bot.engine.timeframe import Order, stated_date

TIMELINE_SHARE = 0.3  # a figure joins the timeline if its quote scores this share of the
# best quote with a figure


def report_date(candidate: Candidate) -> date | None:
    """When the candidate's figure was reported: its own date, or its article's."""
    passage = candidate.passage
    published = passage.article.published
    return stated_date(passage.text, published) or published


def in_date_order(candidates: list[Candidate], order: Order) -> list[Candidate]:
    """Newest first ("latest") or oldest first ("first"); undated last; ties best first."""
    dated = [(report_date(c), c) for c in candidates]
    undated = [c for day, c in dated if day is None]
    known = [(day, c) for day, c in dated if day is not None]
    known.sort(key=lambda pair: pair[0].toordinal(), reverse=order == "latest")
    return [c for _, c in known] + undated


def newest_note(chosen: Sequence[Candidate]) -> str:
    """Which quote is newest, in words: "Newest: over 10,000 troops (Newslooks, 2024-11-30)"."""
    dated = [(day, c) for c in chosen if (day := report_date(c)) is not None]
    if not dated:
        return ""
    day, newest = max(dated, key=lambda pair: pair[0])
    source = f"{newest.passage.article.outlet_label}, {day.isoformat()}"
    return f"Newest: {newest.figure} ({source})" if newest.figure else f"Newest source: {source}"


def quote_of(candidate: Candidate) -> Quote:
    return Quote(
        candidate.passage, round(candidate.score, 4), candidate.highlights, candidate.figure
    )


def figure_candidates(candidates: Sequence[Candidate]) -> list[Candidate]:
    """The candidates that give a figure of the thing counted and answer well enough."""
    figured = [c for c in candidates if c.figure_key is not None]
    if not figured:
        return []
    floor = TIMELINE_SHARE * max(c.score for c in figured)
    return [c for c in figured if c.score >= floor]


def build_timeline(candidates: Sequence[Candidate]) -> tuple[TimelineEntry, ...]:
    """Each distinct figure as first reported, in date order, marking figures reported
    for the same date that differ and later reports that replace an earlier figure."""
    first: dict[tuple[str, ...], tuple[date | None, Candidate]] = {}
    for candidate in figure_candidates(candidates):
        assert candidate.figure_key is not None
        day = report_date(candidate)
        known = first.get(candidate.figure_key)
        if known is None or (day or date.max) < (known[0] or date.max):
            first[candidate.figure_key] = (day, candidate)
    ordered = sorted(first.values(), key=lambda pair: (pair[0] or date.max, -pair[1].score))
    entries: list[TimelineEntry] = []
    for day, candidate in ordered:
        assert candidate.figure is not None
        article = candidate.passage.article
        # Another source gives another figure for the same date.
        disagrees = day is not None and any(
            other_day == day and other.passage.article != article for other_day, other in ordered
        )
        # The best-scored figure of the latest earlier date is the one revised.
        earlier = [e for e in entries if e.day is not None and day is not None and e.day < day]
        revised = next((e for e in earlier if e.day == earlier[-1].day), None) if earlier else None
        entries.append(
            TimelineEntry(
                day=day,
                figure=candidate.figure,
                quote=quote_of(candidate),
                disagrees=disagrees,
                revises=revised.figure if revised else None,
            )
        )
    return tuple(entries)


def new_figures(
    candidates: Sequence[Candidate], old_articles: Collection[str]
) -> tuple[list[TimelineEntry], TimelineEntry | None]:
    """Figures given by articles not in `old_articles` that no old article gives (each
    article's first such quote, newest first), and the newest figure known before."""
    figured = figure_candidates(candidates)
    known = {c.figure_key for c in figured if c.passage.article.article_id in old_articles}
    before = [c for c in figured if c.passage.article.article_id in old_articles]
    new: dict[str, TimelineEntry] = {}
    for candidate in in_date_order(figured, "latest"):
        article_id = candidate.passage.article.article_id
        if article_id in old_articles or candidate.figure_key in known or article_id in new:
            continue
        assert candidate.figure is not None
        new[article_id] = TimelineEntry(
            report_date(candidate), candidate.figure, quote_of(candidate)
        )
    previous = None
    if before:
        latest = in_date_order(before, "latest")[0]
        assert latest.figure is not None
        previous = TimelineEntry(report_date(latest), latest.figure, quote_of(latest))
    return list(new.values()), previous
