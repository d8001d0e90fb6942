"""Time in questions and in sentences, read by one helper over dateparser.

A question may name a period ("in March 2025", "since June", "by November 2024",
"between May and July 2024", "last week", "on 5 June 2025", "2025-06"), an order
("latest", "most recent", "first") or ask about now ("how many … now"). `read_time`
finds these, says what they mean relative to `today` (passed in: answers about "last
week" must not depend on the clock a test runs at), and returns the question without
them, so that "November" is not a word the answer must contain.

Month names, and every other word of a written date, come from dateparser's English
data: this module is the engine's one place that knows them (`MONTH_PATTERN`,
`month_number`, `parse_date`).
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta
from functools import lru_cache
from typing import Literal

import numpy as np
from dateparser.date import DateDataParser
from dateparser.languages.loader import default_loader
from numpy.typing import NDArray

Order = Literal["latest", "first"]

_ENGLISH = default_loader.get_locale("en").info
# Python's own English month names (the "C" locale's), as keys into dateparser's data.
_FULL_NAMES = tuple(calendar.month_name[n] for n in range(1, 13))
MONTH_WORDS: dict[str, int] = {
    word: number for number, name in enumerate(_FULL_NAMES, 1) for word in _ENGLISH[name.lower()]
}
"""Every English way to write a month ("sept", "jan"), from dateparser's locale data."""
ABBREVIATIONS = frozenset(w for w in MONTH_WORDS if w != _FULL_NAMES[MONTH_WORDS[w] - 1].lower())
"""Month abbreviations ("sept"): a dot after one does not end a sentence."""


def _alternatives(words: Iterable[str]) -> str:
    return "|".join(sorted((re.escape(w) for w in words), key=len, reverse=True))


MONTH_PATTERN = rf"(?:{_alternatives(MONTH_WORDS)})"
"""A month written any usual way (case-insensitive; an abbreviation may end in a dot)."""
WEEKDAY_PATTERN = r"(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day"
"""A day of the week, capitalised as in running text."""
CAPITALISED_MONTH_PATTERN = (
    f"(?:{_alternatives(_FULL_NAMES)}|{_alternatives(f'{w.capitalize()}.' for w in ABBREVIATIONS)})"
)
"""A month in running text: a full name, or an abbreviation with its dot ("Nov."), both
capitalised, so that "may" and "Jan Kowalski" are no months."""


YEAR_PATTERN = r"(?:1[89]|20)\d\d"
"""A year written out, 1800 to 2099."""


def month_number(word: str) -> int | None:
    """The month a word names ("Nov.", "november"), or None."""
    return MONTH_WORDS.get(word.lower().rstrip("."))


@lru_cache(maxsize=8)
def _parser(base: date) -> DateDataParser:
    settings = {
        "RELATIVE_BASE": datetime(base.year, base.month, base.day),
        "PREFER_DATES_FROM": "past",
        "PREFER_DAY_OF_MONTH": "first",
        "DATE_ORDER": "DMY",
    }
    return DateDataParser(languages=["en"], settings=settings)


@dataclass(frozen=True)
class Span:
    """A written date as the days it covers ("November 2024": the whole month)."""

    first: date
    last: date


@lru_cache(maxsize=4096)
def parse_span(text: str, base: date) -> Span | None:
    """The days `text` (a date and nothing else) covers, relative to `base`; None when
    it is no date. A bare number ("10") is no date: only a year, a month word or an
    ISO date is taken for one."""
    if (season := SEASON_RE.fullmatch(text.strip())) is not None:
        return _season_span(season, base)
    if not re.search(rf"\b{YEAR_PATTERN}\b|\b{MONTH_PATTERN}\b", text, re.I):
        return None
    if (plain := _plain_span(text, base)) is not None:
        return plain
    found = _parser(base).get_date_data(text)
    if found.date_obj is None:
        return None
    day = found.date_obj.date()
    if found.period == "year":
        return Span(date(day.year, 1, 1), date(day.year, 12, 31))
    if found.period == "month":
        last = calendar.monthrange(day.year, day.month)[1]
        return Span(date(day.year, day.month, 1), date(day.year, day.month, last))
    return Span(day, day)


# A season, of a year or told relative to a day: "autumn 2024", "the fall of 2024",
# "last fall", "this spring". Its months as the northern hemisphere has them, where
# most news is written.
_SEASON_MONTHS = {"spring": 3, "summer": 6, "autumn": 9, "fall": 9, "winter": 12}
SEASON_PATTERN = "|".join(_SEASON_MONTHS)
SEASON_RE = re.compile(
    rf"(?:(?P<rel>last|this|next)\s+|the\s+)?(?P<season>{SEASON_PATTERN})"
    rf"(?:,?\s+(?:of\s+)?(?P<year>{YEAR_PATTERN}))?",
    re.IGNORECASE,
)


def _season_in(season: str, year: int) -> Span:
    """The three months of `season` that begin in `year`."""
    month = _SEASON_MONTHS[season.lower()]
    end_year, end_month = (year + 1, 2) if month == 12 else (year, month + 2)
    last = calendar.monthrange(end_year, end_month)[1]
    return Span(date(year, month, 1), date(end_year, end_month, last))


# A time told by month, season or year ("between August and January", "last fall",
# "last year"): the spans news dates its own stories' events in, not the reader's
# recent days ("yesterday", "the past week", "last month").
MONTH_OR_SEASON_RE = re.compile(rf"\b(?:{SEASON_PATTERN}|{MONTH_PATTERN})\b", re.IGNORECASE)
YEAR_WORD_RE = re.compile(r"\byears?\b", re.IGNORECASE)
# ... which says of no year which where it has none written and nothing relative to
# today ("between August and January", "in the spring"): any year's, not only the latest.
YEAR_OR_RELATIVE_RE = re.compile(
    rf"\b(?:{YEAR_PATTERN}|years?|last|this|next|past|previous|coming)\b", re.IGNORECASE
)


def told_by_calendar(text: str) -> bool:
    """Whether `text` (a period as a question puts it) names a month, a season or a
    year."""
    return MONTH_OR_SEASON_RE.search(text) is not None or YEAR_WORD_RE.search(text) is not None


def year_unsaid(text: str) -> bool:
    """Whether `text` (a period as a question puts it) names a month or season and says
    of no year which."""
    return MONTH_OR_SEASON_RE.search(text) is not None and YEAR_OR_RELATIVE_RE.search(text) is None


def is_relative_season(text: str) -> bool:
    """Whether `text` is a season without its year ("last fall", "this spring")."""
    found = SEASON_RE.fullmatch(text.strip())
    return found is not None and not found["year"]


def _season_span(found: re.Match[str], base: date) -> Span | None:
    """The days of a season `SEASON_RE` found, relative to `base` where no year is given:
    "last fall", the latest one over before it; "this spring", the one of its year;
    "next summer", the first to begin after it; a season alone, the latest begun."""
    season = found["season"]
    if found["year"]:
        return _season_in(season, int(found["year"]))
    rel = (found["rel"] or "").lower()
    if rel == "this":
        return _season_in(season, base.year)
    if rel == "next":
        span = _season_in(season, base.year)
        return span if span.first > base else _season_in(season, base.year + 1)
    span = _season_in(season, base.year)
    if rel == "last":
        return span if span.last < base else _season_in(season, span.first.year - 1)
    if found.group().lower().startswith("the ") or season.lower() == "fall":
        return None  # "the spring", "fall": a thing or a verb, no time, without a year
    return span if span.first <= base else _season_in(season, base.year - 1)


PLAIN_DATE_RE = re.compile(
    rf"(?:(?P<day>\d{{1,2}})\s+(?P<month>{MONTH_PATTERN})\.?"
    rf"|(?P<month_first>{MONTH_PATTERN})\.?(?:\s+(?P<day_after>\d{{1,2}})(?:st|nd|rd|th)?)?)?"
    rf"(?:(?(day),?\s+|(?(month_first),?\s+|))(?P<year>{YEAR_PATTERN}))?",
    re.IGNORECASE,
)


def _plain_span(text: str, base: date) -> Span | None:
    """The common written dates ("2009", "March", "5 March 2009", "March 5, 2009") read
    as dateparser reads them (a missing year: the latest such day not after `base`),
    without its cost (~3 ms a call, paid by every dated sentence a time filter reads).
    None for anything else, which dateparser reads."""
    match = PLAIN_DATE_RE.fullmatch(text.strip())
    if match is None or not (match["year"] or match["month"] or match["month_first"]):
        return None
    month = month_number(match["month"] or match["month_first"] or "")
    day = int(match["day"] or match["day_after"] or 0)
    year = int(match["year"]) if match["year"] else None
    if month is None:
        return Span(date(year, 1, 1), date(year, 12, 31)) if year else None
    if year is None:
        year = base.year if (month, day) <= (base.month, base.day if day else 31) else base.year - 1
    last = calendar.monthrange(year, month)[1]
    if not day:
        return Span(date(year, month, 1), date(year, month, last))
    if day > last:
        return None
    return Span(date(year, month, day), date(year, month, day))


def parse_date(text: str) -> date | None:
    """The first calendar date (day, month and year) written in `text`, if any."""
    for match in FULL_DATE_RE.finditer(text):
        span = parse_span(match.group(), date.today())
        if span is not None and span.first == span.last:
            return span.first
    return None


FULL_DATE_RE = re.compile(
    rf"\b{MONTH_PATTERN}\.?\s+\d{{1,2}},?\s+\d{{4}}\b"  # July 19, 2024
    rf"|\b\d{{1,2}}\s+{MONTH_PATTERN}\.?,?\s+\d{{4}}\b"  # 19 June 2024
    r"|\b\d{4}-\d{2}-\d{2}\b",  # 2024-06-19
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Window:
    """The publication dates a question allows (both ends inclusive; None: open)."""

    first: date | None = None
    last: date | None = None
    label: str = ""  # as the question put it: "by November 2024"
    month: int | None = None  # "in March", no year given: March of any year

    def holds(self, day: date | None) -> bool:
        if day is None:
            return False  # an undated article cannot be placed in a period
        if self.month is not None:
            return day.month == self.month
        return (self.first is None or day >= self.first) and (self.last is None or day <= self.last)

    def holds_days(self, days: NDArray[np.int64], months: NDArray[np.int8]) -> NDArray[np.bool_]:
        """`holds` for many dates at once: their proleptic ordinals (0: undated) and
        their months."""
        held: NDArray[np.bool_] = days > 0
        if self.month is not None:
            held &= months == self.month
            return held
        if self.first is not None:
            held &= days >= self.first.toordinal()
        if self.last is not None:
            held &= days <= self.last.toordinal()
        return held

    def within(self, span: Span) -> bool:
        """Whether the whole of `span` lies in the window: "in 2013" overlaps July 2013
        but places nothing in it."""
        if self.month is not None:
            return span.first.month == span.last.month == self.month and (
                span.first.year == span.last.year
            )
        return (self.first is None or span.first >= self.first) and (
            self.last is None or span.last <= self.last
        )

    def overlaps(self, span: Span) -> bool:
        """Whether any day of `span` lies in the window ("in 2013" overlaps July 2013)."""
        if self.month is not None:
            months = (span.last.year - span.first.year) * 12 + span.last.month - span.first.month
            return months >= 11 or any(
                (span.first.month - 1 + step) % 12 + 1 == self.month for step in range(months + 1)
            )
        return (self.first is None or span.last >= self.first) and (
            self.last is None or span.first <= self.last
        )

    def describe(self) -> str:
        if self.month is not None:
            return f"in {calendar.month_name[self.month]} (any year)"
        if self.first and self.last:
            if self.first == self.last:
                return f"on {self.first.isoformat()}"
            return f"from {self.first.isoformat()} to {self.last.isoformat()}"
        if self.first:
            return f"from {self.first.isoformat()} on"
        if self.last:
            return f"up to {self.last.isoformat()}"
        return "at any time"


@dataclass(frozen=True)
class TimeAsked:
    """What a question says about time."""

    window: Window | None = None
    order: Order | None = None  # "latest": newest figures first; "first": oldest first
    now: bool = False  # asks about the present ("now", "currently", "latest")

    @property
    def given(self) -> bool:
        return self.window is not None or self.order is not None or self.now


# A date in a question: month words, day numbers, years, ISO dates, in any usual order.
# A day number is no part of a larger number ("January, 11,000 troops"); a comma
# joins only a year ("June 5, 2025").
_YEAR = rf"{YEAR_PATTERN}(?:-\d\d){{0,2}}"
_DATE_TOKEN = rf"(?:{MONTH_PATTERN}\.?|\d{{1,2}}(?:st|nd|rd|th)?(?![\d,.]*\d)|{_YEAR})"
_DATE_RUN = rf"{_DATE_TOKEN}(?:(?:\s+|\s+of\s+){_DATE_TOKEN}|,\s*{_YEAR}){{0,3}}"
_PART = r"(?:(?:the\s+)?(?P<part>early|mid|late|end of|beginning of|start of)[-\s]+)?"
RANGE_RE = re.compile(
    rf"\b(?:from|between)\s+(?P<a>{_DATE_RUN})\s+(?:to|and|until|till|through|-|–)\s+"
    rf"(?P<b>{_DATE_RUN})\b",
    re.IGNORECASE,
)
PERIOD_RE = re.compile(
    rf"\b(?P<prep>as of|as at|since|after|before|by|until|till|up to|through|during|in|on"
    rf"|from|for)\s+{_PART}(?P<when>{_DATE_RUN})\b",
    re.IGNORECASE,
)
# "in autumn 2024", "during the summer of 2025", "last winter": a season asked about.
SEASON_ASKED_RE = re.compile(
    rf"\b(?:(?:in|during|over)\s+)?(?P<when>(?:the\s+)?(?:{SEASON_PATTERN})"
    rf"(?:,?\s+(?:of\s+)?{YEAR_PATTERN})|(?:last|this|next)\s+(?:{SEASON_PATTERN}))\b",
    re.IGNORECASE,
)
NEWS_WORDS = (
    "news story stories report reports coverage article articles headline headlines update updates"
).split()
"""Words for what news writes: "stories from May" were published in May."""
NEWS_BEFORE_RE = re.compile(rf"\b(?:{'|'.join(NEWS_WORDS)})\s+$", re.IGNORECASE)
_NUMBER_WORDS = {"a": 1, "one": 1, "two": 2, "three": 3, "four": 4, "six": 6, "few": 3}
RELATIVE_RE = re.compile(
    r"\b(?:(?:in|over|during|within)\s+)?(?:the\s+)?(?P<rel>last|past)\s+"
    r"(?:(?P<n>\d+|a|one|two|three|four|six|few)\s+)?(?P<unit>day|week|month|year)s?\b"
    r"|\b(?P<day>yesterday|today)\b",
    re.IGNORECASE,
)
BARE_DATE_RE = re.compile(rf"\b{FULL_DATE_RE.pattern}|\b\d{{4}}-\d\d\b", re.IGNORECASE)
LATEST_RE = re.compile(r"\b(?:latest|most recent|newest|most up[- ]to[- ]date)\b", re.IGNORECASE)
FIRST_RE = re.compile(
    r"\b(?:earliest|first|initial)(?=\s+(?:figure|number|report|estimate|count"
    r"|reported|reports|known))|\b(?:at first|initially|earliest)\b",
    re.IGNORECASE,
)
NOW_RE = re.compile(
    r"\b(?:now|currently|at present|presently|so far|to date|as of today|these days|still)\b",
    re.IGNORECASE,
)


def _part_of(span: Span, part: str | None) -> Span:
    """ "early 2025": the first third of the span; "late": the last; "mid": the middle."""
    if not part:
        return span
    days = (span.last - span.first).days + 1
    third = timedelta(days=max(days // 3, 1) - 1)
    part = part.lower()
    if part in ("early", "beginning of", "start of"):
        return Span(span.first, span.first + third)
    if part in ("late", "end of"):
        return Span(span.last - third, span.last)
    middle = span.first + timedelta(days=days // 3)
    return Span(middle, middle + third)


def _window_for(prep: str, span: Span, label: str) -> Window:
    prep = " ".join(prep.lower().split())
    if prep in ("since", "from"):
        return Window(span.first, None, label)
    if prep == "after":
        return Window(span.last + timedelta(days=1), None, label)
    if prep == "before":
        return Window(None, span.first - timedelta(days=1), label)
    if prep in ("by", "until", "till", "up to", "through", "as of", "as at"):
        return Window(None, span.last, label)
    return Window(span.first, span.last, label)  # in, on, during, for


def _any_year(match: re.Match[str], span: Span) -> bool:
    """ "in March", "during May": a month and no year, which names that month of any
    year (news asks "how many … in March" of the March its articles speak of)."""
    return (
        match.group("prep").lower() in ("in", "during")
        and not match.group("part")
        and span.first.day == 1
        and span.last.month == span.first.month
        and span.last.day > 27
        and not re.search(r"\d", match.group("when"))
    )


def _relative(match: re.Match[str], today: date) -> Window:
    if match.group("day"):
        day = today - timedelta(days=1 if match.group("day").lower() == "yesterday" else 0)
        return Window(day, day, match.group())
    unit = match.group("unit").lower()
    written = (match.group("n") or "1").lower()
    count = int(written) if written.isdigit() else _NUMBER_WORDS[written]
    return Window(units_before(today, unit, count), today, match.group())


def units_before(today: date, unit: str, count: int) -> date:
    """The day `count` days, weeks, months or years before `today` (a month back from
    31 March is 28 or 29 February), as dateparser reads "3 months ago", without its
    cost (half a second the first time, a few milliseconds after)."""
    if unit in ("day", "week"):
        return today - timedelta(days=count * (7 if unit == "week" else 1))
    months = count * (12 if unit == "year" else 1)
    year, month = divmod(today.year * 12 + today.month - 1 - months, 12)
    return date(year, month + 1, min(today.day, calendar.monthrange(year, month + 1)[1]))


# "August last year", "March of this year": a month whose year is told relative to
# another. A question that also writes a year out ("between August last year and
# January 2024") copies a text written in that year, so the written year is the anchor;
# else today is.
MONTH_OF_RELATIVE_YEAR_RE = re.compile(
    rf"\b(?P<month>{MONTH_PATTERN}\.?(?:\s+\d{{1,2}}(?:st|nd|rd|th)?)?)\s+(?:of\s+)?"
    r"(?P<rel>last|this|next)\s+year\b",
    re.IGNORECASE,
)
WRITTEN_YEAR_RE = re.compile(rf"\b{YEAR_PATTERN}\b")
_YEAR_SHIFT = {"last": -1, "previous": -1, "this": 0, "next": 1}
# "since last year", "this year", "last fall": a year told relative to the day a text
# was written.
RELATIVE_YEAR_RE = re.compile(
    rf"\b(?P<rel>last|previous|this|next)\s+(?:year|{SEASON_PATTERN})\b", re.IGNORECASE
)


def years_told(text: str, written: date) -> set[int]:
    """The years `text`, written on `written`, names relative to it ("last year"); a
    season's as `parse_span` reads it ("last spring" in December is this year's)."""
    years: set[int] = set()
    for told in RELATIVE_YEAR_RE.finditer(text):
        season = parse_span(told.group(), written)
        if season is not None:
            years.update(range(season.first.year, season.last.year + 1))
        else:
            years.add(written.year + _YEAR_SHIFT[told["rel"].lower()])
    return years


def _years_written_out(question: str, today: date) -> str:
    """`question` with "August last year" written "August 2023" (see above)."""
    written = [int(y) for y in WRITTEN_YEAR_RE.findall(question)]
    anchor = max(written) if written else today.year

    def dated(match: re.Match[str]) -> str:
        if match["month"] in ("may", "march"):  # "they may next year …": a verb
            return match.group()
        return f"{match['month']} {anchor + _YEAR_SHIFT[match['rel'].lower()]}"

    return MONTH_OF_RELATIVE_YEAR_RE.sub(dated, question)


def read_time(question: str, today: date) -> tuple[TimeAsked, str]:
    """What `question` says about time, and the question without those words."""
    asked = TimeAsked()
    question = _years_written_out(question, today)
    cut: list[tuple[int, int]] = []

    def taken(start: int, end: int) -> bool:
        return any(a < end and start < b for a, b in cut)

    for match in RANGE_RE.finditer(question):
        first, last = parse_span(match.group("a"), today), parse_span(match.group("b"), today)
        if first is not None and last is not None and asked.window is None:
            # "between May and July 2024": the first end takes the second's year; in
            # "between August and January" it is the year before, across a new year.
            for year in (last.last.year, last.last.year - 1):
                if first.first > last.last:
                    first = parse_span(f"{match.group('a')} {year}", today) or first
            asked = replace(asked, window=Window(first.first, last.last, match.group()))
            cut.append(match.span())
    for match in PERIOD_RE.finditer(question):
        if asked.window is not None or taken(*match.span()):
            continue
        span = parse_span(match.group("when"), today)
        if span is None:
            continue
        span = _part_of(span, match.group("part"))
        prep = match.group("prep")
        if prep.lower() == "from" and NEWS_BEFORE_RE.search(question[: match.start()]):
            # "news from November 2024" is news of that month, where "What happened
            # from June?" is everything since.
            prep = "in"
        window = _window_for(prep, span, match.group())
        if _any_year(match, span):
            window = Window(label=match.group(), month=span.first.month)
        asked = replace(asked, window=window)
        cut.append(match.span())
    for match in SEASON_ASKED_RE.finditer(question):
        if asked.window is None and not taken(*match.span()):
            span = parse_span(match.group("when"), today)
            if span is not None:
                asked = replace(asked, window=Window(span.first, span.last, match.group()))
                cut.append(match.span())
    for match in RELATIVE_RE.finditer(question):
        if asked.window is None and not taken(*match.span()):
            asked = replace(asked, window=_relative(match, today))
            cut.append(match.span())
    for match in BARE_DATE_RE.finditer(question):
        if asked.window is None and not taken(*match.span()):
            span = parse_span(match.group(), today)
            if span is not None:
                asked = replace(asked, window=Window(span.first, span.last, match.group()))
                cut.append(match.span())
    for pattern, change in (
        (LATEST_RE, {"order": "latest", "now": True}),
        (FIRST_RE, {"order": "first"}),
        (NOW_RE, {"now": True}),
    ):
        for match in pattern.finditer(question):
            if not taken(*match.span()):
                asked = replace(asked, **change)
                cut.append(match.span())
    rest = question
    for start, end in sorted(cut, reverse=True):
        rest = rest[:start] + " " + rest[end:]
    return asked, " ".join(rest.split())


STATED_RE = re.compile(rf"\bas (?:of|at)\s+{_PART}(?P<when>{_DATE_RUN})\b", re.IGNORECASE)


def stated_date(sentence: str, published: date | None) -> date | None:
    """The date a sentence gives its own figure ("as of January"), read relative to
    the article's publication; None when it states none."""
    if "as " not in sentence.lower():
        return None
    match = STATED_RE.search(sentence)
    if match is None:
        return None
    span = parse_span(match.group("when"), published or date.today())
    return None if span is None else _part_of(span, match.group("part")).last


def warm_up() -> None:
    """dateparser compiles its English data on first use (most of a second). The
    common forms never reach it (`_plain_span`), so it is asked directly."""
    _parser(date(2025, 6, 30)).get_date_data("the first week of June 2025")
