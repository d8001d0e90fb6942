"""What a sentence offers as an answer: figures, dates, names and places, located by offsets.

These recognisers are deliberately plain (patterns over written English), because
their job is only to say whether a sentence has the kind of thing a question asks
for, and which words to show in bold.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from functools import lru_cache
from typing import NamedTuple

from bot.engine.analysis import POSSESSIVE_RE, TOKEN_RE, analyze, english_zipf, terms_of
from bot.engine.cleaning import WIRE_DATELINE_RE
from bot.engine.lexicon import (
    CARDINAL_WORDS,
    COUNTRIES,
    COUNTRY_TERMS,
    PLACE_NAMES,
    RELATED_WORDS,
    STOP_WORDS,
)
from bot.engine.sentences import final_mark
from bot.engine.timeframe import CAPITALISED_MONTH_PATTERN, SEASON_PATTERN, WEEKDAY_PATTERN

_MONTHS = CAPITALISED_MONTH_PATTERN
# Words that give only a magnitude or a vague amount, not a number.
_VAGUE_NUMBER_WORDS = (
    r"a few|several|dozens|hundreds|thousands|tens of thousands|hundreds of thousands|millions"
)
_NUMBER_WORDS = (
    r"(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty"
    rf"|thirty|forty|fifty|hundred|thousand|{_VAGUE_NUMBER_WORDS})"
)
_QUALIFIER = (
    r"(?:(?:more than|over|under|fewer than|less than|at least|at most|up to|about|around"
    r"|approximately|nearly|almost|roughly|some|an estimated|between|as many as)\s+)?"
)
# Every figure starts with a digit or a word of the two lists above: a lookahead for
# those first letters lets the search skip the other places at once (twice as fast).
_FIRST_LETTERS = "".join(
    sorted({word[0] for word in re.findall(r"[a-z]+", _QUALIFIER + _NUMBER_WORDS)})
)
QUALIFIER_RE = re.compile(_QUALIFIER, re.IGNORECASE)
# A figure that gives no number, only a magnitude or a vague amount: "thousands of
# troops", "several ships" (not "two ships" or "up to a foot of snow", which are exact).
VAGUE_FIGURE_RE = re.compile(rf"{_QUALIFIER}(?:{_VAGUE_NUMBER_WORDS})\b", re.IGNORECASE)
NUMBER_RE = re.compile(
    rf"(?=[\d{_FIRST_LETTERS}])"
    rf"\b{_QUALIFIER}(?:\d[\d,]*(?:\.\d+)?(?:\s+(?:million|billion|thousand|hundred))?"
    rf"(?:\s*(?:to|and|-|–)\s*\d[\d,]*(?:\.\d+)?(?:\s+(?:million|billion|thousand))?)?"
    rf"|{_NUMBER_WORDS}"
    # "up to a foot of snow", "nearly a third", "more than an hour": with a qualifier,
    # "a" is a number too (alone it is only an article)
    r"|(?:more than|over|under|less than|at least|up to|about|around|nearly|almost"
    r"|roughly)\s+(?:half\s+)?an?)\b(?:\s+of)?",
    re.IGNORECASE,
)
YEAR_RE = re.compile(r"^(?:1[89]|20)\d\d$")
# A time of day: "7 p.m.", "12:05 a.m. ET", "18:30 GMT", "noon", "midnight" (not a
# score, "3:1", nor a race time, "1:30:22").
_CLOCK_TIME = (
    r"(?<![\d:])(?:\d{1,2}(?::\d\d)?\s*(?:[ap]\.m\.|[ap]m\b)|\d{1,2}:\d\d\b(?![:\d]))"
    r"(?:\s+(?:[ECMP][SD]?T|GMT|BST|UTC|CES?T)\b)?|\bnoon\b|\bmidnight\b"
)
DATE_RE = re.compile(
    rf"\b(?:at\s+)?(?:{_CLOCK_TIME})"
    rf"|\b(?:(?:on|in|since|by|until|from|last|early|late|mid-?)\s+)?(?:\d{{1,2}}\s+{_MONTHS}"
    rf"(?:\s+\d{{4}})?|{_MONTHS}(?:\s+\d{{1,2}})?(?:,?\s+\d{{4}})?"
    # a season of a year: "the fall of 2024", "summer 2023"
    rf"|(?:the\s+)?(?i:{SEASON_PATTERN}),?\s+(?:of\s+)?(?:19|20)\d\d|(?:19|20)\d\d"
    rf"|{WEEKDAY_PATTERN}"
    # "Last week, …" opens a sentence as often as "… last week" ends one.
    r"|(?i:last|this|next|earlier this|later this|earlier|late)\s+(?:week|month|year|fall|autumn"
    r"|spring|summer|winter|weekend)|the (?:early|late|mid-)?\d{4}s|(?:early|late) \d{4}s)\b"
    # Times ahead that news gives without a date: "contained by the weekend", "completed
    # by the end of next year", "a decision within weeks".
    r"|\b(?:by|over|until|at|before|after)\s+the\s+(?:weekend|end\s+of\s+(?:the\s+|this\s+"
    r"|next\s+)?(?:week|month|year|season|decade))\b|\bwithin\s+(?:days|weeks|months|hours)\b"
    # ... and a time told by another event: "on the eve of the vote", "in the run-up to
    # the election". Not "shortly before …" or "days after …": by words alone, a lead
    # that opened "Shortly before [a trip], a new poll …" came before the dates of the
    # poll asked about.
    r"|\b(?i:on\s+the\s+eve\s+of|in\s+the\s+run-up\s+to)\b",
)
# A date that names its day: "June 12", "12 June 2019", "on Sunday" (not "in 2019").
DAY_DATE_RE = re.compile(
    rf"\d{{1,2}}\s+{_MONTHS}|{_MONTHS}\s+\d{{1,2}}\b|{WEEKDAY_PATTERN}|{_CLOCK_TIME}"
)


def names_a_day(date: str) -> bool:
    """Whether a date (a span `dates` found) gives the day, not only a month or year."""
    return DAY_DATE_RE.search(date) is not None


# A capitalised word of a name or place; a day, or a month with its date, beside one
# says when, not who or where ("Ina Berg Tuesday", "killed in Baghdad March 5", "On
# Monday"); a month alone may be a name ("Theresa May").
_NAME_WORD = rf"(?!{WEEKDAY_PATTERN}\b|{_MONTHS}\s+\d)[A-Z][\w’'-]+"
# An abbreviated title ("Sen.", "Gov.", "Pvt."): part of the name that follows it.
_ABBREVIATED_TITLE = r"[A-Z][a-z]{1,3}\."
# A middle initial ("John Q. Public") joins a name's words too, as do the particles of
# Dutch, German, Romance and Arabic names ("Sven van der Holm", "Ana da Costa", "Karim
# bin Salem"), which had been highlighted as two names.
_NAME_JOIN = (
    r"(?:of\s+the\s+|of\s+|(?:van|von)\s+(?:der|den)\s+|de\s+la\s+"
    r"|(?:de|del|da|dos|du|di|van|von|bin|ibn)\s+|al-|[A-Z]\.\s+)?"
)
_TITLED_WORD = rf"(?:{_ABBREVIATED_TITLE}\s+)?{_NAME_WORD}"
# A courtesy title ("Mr", "Mrs"), with or without its stop: part of no one's role.
_COURTESY_TITLE = r"Mr|Mrs|Ms|Mx"
# A title before a name, abbreviated or a courtesy: "Sen.", "Dr.", "Mr", "Mrs".
TITLE_WORD_RE = re.compile(rf"{_ABBREVIATED_TITLE}|{_COURTESY_TITLE}|Dr")
# Two or more capitalised words, perhaps joined by "of", "the" or hyphens, or a word
# after an abbreviated title ("Dr. Siri Holt", "Army Pvt. Ola Dahl"): a name.
NAME_RE = re.compile(
    rf"\b(?:{_ABBREVIATED_TITLE}\s+{_NAME_WORD}|{_NAME_WORD}\s+{_NAME_JOIN}{_TITLED_WORD})"
    rf"(?:\s+{_NAME_JOIN}{_TITLED_WORD})*"
)
WORD_CHAR_RE = re.compile(r"\w")
FIRST_WORD_RE = re.compile(r"\S+\s+")
# "of" or "of the" after a sentence's first word ("Instead of", "Because of the"):
# what joins that word to a name that follows it.
OPENING_JOIN_RE = re.compile(r"of\s+(?:the\s+)?")
# One capitalised word: a name if written so inside a sentence (see `names`).
SINGLE_NAME_RE = re.compile(r"\b[A-Z][a-z]+(?:[A-Z][a-z]+)?\b")
# The capital first, then what stands before it (the same matches as the lookbehind
# first: "(?<=[a-z,;] )" and then SINGLE_NAME_RE): a pattern that opens with a capital
# lets the search skip the lower-case text, and reads an article twice as fast.
MID_SENTENCE_NAME_RE = re.compile(r"[A-Z](?<=[a-z,;] [A-Z])[a-z]+(?:[A-Z][a-z]+)?\b")
# "in the Kursk border area", "in a Harbour County hospital": the word before a place.
PLACE_DETERMINER = r"(?:the|an?|his|her|their|its)\s+"
PLACE_DETERMINER_RE = re.compile(PLACE_DETERMINER)
PLACE_RE = re.compile(
    r"\b(?:in|at|on|near|inside|across|along|outside|off|around)\s+"
    rf"(?:{PLACE_DETERMINER})?(?:[\d,]+-\w+\s+)?"
    # "near the village of Elmstead", "in his hometown of Voss", "in mid Wales", "in
    # northern Mali"
    r"(?:(?:village|town|city|county|state|province|region|district|suburb|island|port"
    r"|home\s?town|capital|birthplace)\s+of\s+)?"
    r"(?:(?:mid|central|coastal|rural|downtown|(?:north|south)-?(?:east|west)?"
    r"(?:ern)?|(?:east|west)(?:ern)?)[\s-]+)?"
    rf"(?:{_NAME_WORD}(?:\s+{_NAME_WORD})*(?:\s+(?:border\s+)?(?:area|region|border|building"
    r"|province|oblast|city|airport|base|front|frontlines?))?"
    r"|frontlines?|front line|border(?: area)?|battlefield|region)\b"
)
# Where someone or something was moved to: "flown by air ambulance to Lund University
# Hospital", "diverted to Redvik Airport", "fled to Voss": a name after "to", a few
# words after a verb of moving (not "sent a letter to Ina Berg").
DESTINATION_RE = re.compile(
    r"\b(?:taken|flown|airlifted|rushed|moved|diverted|transferred|evacuated|relocated"
    r"|redirected|deported|extradited|transported|fled|headed|heading|travell?ed|went|gone)\b"
    rf"(?:\s+[\w'’-]+){{0,4}}?\s+(?P<place>to\s+(?:{PLACE_DETERMINER})?{_NAME_WORD}"
    rf"(?:\s+(?:of\s+)?{_NAME_WORD})*)"
)
# A country or its people with a point of the compass: "North American", "East German".
COUNTRY_COMPASS_TERMS = COUNTRY_TERMS | frozenset(
    t.term
    for t in analyze(
        "north south east west northern southern eastern western central "
        "northeast northwest southeast southwest"
    )
)
# A place by its kind, after a preposition and a determiner: "at his home", "in a
# nearby hospital", "outside the old courthouse". It says where, if less than a name,
# unless the question asks where that kind of place is.
COMMON_PLACE_RE = re.compile(
    rf"\b(?:in|at|inside|outside|near|into|from)\s+{PLACE_DETERMINER}"
    r"(?:[\w'’-]+\s+){0,2}?"
    r"(?P<kind>homes?|house|apartment|flat|residence|hospital|clinic|school|church|mosque|temple"
    r"|prison|jail|court(?:house|room)?|hotel|motel|restaurant|nightclub|club|bar|stadium"
    r"|arena|station|park|street|road|highway|farm|mall|store|shop|office|headquarters"
    r"|embassy|consulate|museum|university|campus|village|town|beach|mountains?|river"
    r"|lake|sea|field|camp|base|border|airport|port|harbou?r|factory|plant|mine|warehouse"
    r"|compound|palace|cemetery|morgue|garage|car|woods|forest|desert|librar(?:y|ies)"
    # one or many: "at the offices of the mediator", "in the town's schools"
    r"|centre|center|hall|shelter|gym)(?:e?s)?\b"
)
PLACE_NOUNS = re.compile(
    r"\b(?:region|border|building|frontlines?|front line|province|oblast|city|airport"
    r"|territory|base|capital|battlefield)\b",
    re.IGNORECASE,
)


# A share written after its number: "43 percent", "11.9%", "10 per cent", "2 percentage
# points". A question that asks for a percentage counts these (`PERCENT_UNIT`).
PERCENT_UNIT = "percent"
PERCENT_AFTER_RE = re.compile(r"\s*(?:%|per\s?cent(?:age points?)?\b)", re.IGNORECASE)
PERCENT_FIGURE_RE = re.compile(rf"\d{PERCENT_AFTER_RE.pattern}", re.IGNORECASE)


def has_percent(text: str) -> bool:
    """Whether `text` gives a figure as a percentage."""
    return PERCENT_FIGURE_RE.search(text) is not None


# A sum of money: a number after a currency's sign ("$34 million", "US$5", "€20") or
# before its name ("2 million kroner", "500 Norwegian kroner", "3 cents"). A question
# that asks how much money counts these (`MONEY_UNIT`): no word of the question names
# the currency a sentence gives.
MONEY_UNIT = "<money>"
MONEY_SIGN_BEFORE_RE = re.compile(r"(?:\b[A-Z]{1,3})?[$£€¥₩₪₫₱₹]\s?$")
# The subunits news writes most, beside the currencies' own names (`_money_after_re`),
# and the English that news writes for names CLDR gives in their own language: "crowns"
# for kronor, kroner and korunas ("2 million Swedish crowns"), "reais" for reals.
_CURRENCY_SUBUNITS = ("cent", "cents", "penny", "pence")
_CURRENCY_NAMES_IN_NEWS = ("crown", "crowns", "reais")


@lru_cache(maxsize=1)
def _money_after_re() -> re.Pattern[str]:
    """The pattern for a currency's name after a number: the last word of the English
    names, singular and plural, of the currencies in use (Babel's, from the Unicode
    CLDR; ISO codes for precious metals and funds left out), and their subunits. Built
    once, when Babel reads its locale data (`warm_up`)."""
    from babel import Locale
    from babel.numbers import get_currency_name, list_currencies

    english = Locale("en")
    names = {*_CURRENCY_SUBUNITS, *_CURRENCY_NAMES_IN_NEWS}
    for code in list_currencies():
        if code.startswith("X") and code not in ("XAF", "XOF", "XPF", "XCD"):
            continue
        for count in (1, 2):
            last = get_currency_name(code, count=count, locale=english).split()[-1]
            if last.isalpha():
                names.add(last.lower())
    alternatives = "|".join(sorted(map(re.escape, names), key=len, reverse=True))
    # One adjective may name the country between ("500 Norwegian kroner").
    return re.compile(rf"\s+(?:(?-i:[A-Z][a-z]+)\s+)?(?:{alternatives})\b", re.IGNORECASE)


@lru_cache(maxsize=1)
def _currency_codes() -> str:
    """The ISO codes of the currencies in use, as alternatives for a pattern ("NOK 350
    million", "2.9 billion SEK"): in capitals only, as "ALL" and "CUP" are words too."""
    from babel.numbers import list_currencies

    codes = [
        code
        for code in list_currencies()
        if not code.startswith("X") or code in ("XAF", "XOF", "XPF", "XCD")
    ]
    return "|".join(sorted(codes))


@lru_cache(maxsize=1)
def _code_before_re() -> re.Pattern[str]:
    return re.compile(rf"\b(?:{_currency_codes()})\s?$")


@lru_cache(maxsize=1)
def _code_after_re() -> re.Pattern[str]:
    return re.compile(rf"\s?(?:{_currency_codes()})\b")


def warm_up() -> None:
    """Build the currencies' patterns from Babel's locale data (a seventh of a second),
    which the first question about a sum would otherwise wait for."""
    _money_after_re()
    _code_before_re()
    _code_after_re()


def money_after(text: str, end: int) -> int | None:
    """Where the currency's name (or code) after the number ending at `end` ends, if one
    follows."""
    found = _money_after_re().match(text, end) or _code_after_re().match(text, end)
    return None if found is None else found.end()


def money_sign(text: str, start: int) -> int | None:
    """Where the currency's sign (or code) before the number starting at `start`
    starts, if any."""
    window = max(0, start - 5)
    found = MONEY_SIGN_BEFORE_RE.search(text, window, start) or _code_before_re().search(
        text, window, start
    )
    return None if found is None else found.start()


def has_money(text: str) -> bool:
    """Whether `text` gives a sum of money."""
    return any(
        money_sign(text, start) is not None or money_after(text, end) is not None
        for start, end in numbers(text)
    )


def counts_unwritten(text: str, counted: frozenset[str]) -> bool:
    """Whether `text` gives a figure of one of `counted` without the word for it: a
    share written "41%", a sum "$5" or "5 kroner", a count of times "twice", a span of
    years "since 2015"."""
    return (
        (PERCENT_UNIT in counted and has_percent(text))
        or (MONEY_UNIT in counted and has_money(text))
        or (TIMES_UNIT in counted and TIMES_WORD_RE.search(text) is not None)
        or (YEARS_UNIT in counted and SINCE_YEAR_RE.search(text) is not None)
    )


class Figure(NamedTuple):
    """A number in a sentence and, where it has one, the thing it counts."""

    start: int
    end: int
    unit_end: int
    counts_unit: bool
    is_age: bool = False  # someone's or something's age, not a count or a duration

    def span(self) -> tuple[int, int]:
        return self.start, self.unit_end if self.counts_unit else self.end


def figures(
    text: str, unit_terms: frozenset[str], ages: bool = False, measure: bool = False
) -> list[Figure]:
    """Quantities in `text`; `counts_unit` when the number is of one of `unit_terms`.
    Someone's age ("Ina Berg, 41, said", "aged 41", "a 41-year-old skipper") is a
    quantity only with `ages`, and then it counts: it answers "how old", not "how much
    is the reward?" nor "how many skippers?" (held-out real news hit@1 0.492 → 0.500,
    by words alone 0.458 → 0.467; no other figure changed).

    "approximately 3,000 additional North Korean troops" counts troops: the unit may
    follow a few words later, but not across a comma or a clause ("the two nations,
    with … troop deployments" does not count troops).

    With `measure`, `unit_terms` are a measure's (a time, a length, a weight): a sum
    of money or a percentage counts none of them (`_sum_or_share`). Things counted may
    be ("$2 million in debt", "credits of $2,000").
    """
    found: list[Figure] = []
    asks_money = MONEY_UNIT in unit_terms
    for start, end in numbers(text):
        unit_end, counts = end, False
        percent = PERCENT_AFTER_RE.match(text, end) if PERCENT_UNIT in unit_terms else None
        sign, after = (
            (money_sign(text, start), money_after(text, end)) if asks_money else (None, None)
        )
        if percent is not None:
            unit_end, counts = percent.end(), True
        elif sign is not None or after is not None:
            unit_end, counts = after or end, True
            start = start if sign is None else sign  # "$34 million", sign and all
        elif _is_age(text, start, end):
            if not ages:
                continue
            found.append(Figure(start, end, end, True, is_age=True))
            continue
        # "540 million kroner a year" is a sum, not a length of time.
        elif unit_terms and not (measure and _sum_or_share(text, start, end)):
            unit_end, counts = _unit_after(text, end, unit_terms)
            if ages and YEARS_OLD_RE.match(text, end):
                found.append(Figure(start, end, unit_end, True, is_age=True))
                continue
            if not counts and _unit_before(text, start, unit_terms):
                unit_end, counts = money_after(text, end) or end, True
                sign = money_sign(text, start)
                start = start if sign is None else sign  # "credits of $2,000"
            elif not counts and measure and (scale := _scale_before(text, start, unit_terms)):
                start, unit_end, counts = scale, end, True  # "magnitude 5.8"
        found.append(Figure(start, end, unit_end, counts))
    if TIMES_UNIT in unit_terms:
        found.extend(Figure(*m.span(), m.end(), True) for m in TIMES_WORD_RE.finditer(text))
    if YEARS_UNIT in unit_terms and not ages:  # no one's age
        found.extend(Figure(*m.span(), m.end(), True) for m in SINCE_YEAR_RE.finditer(text))
    found.sort()
    return found


def _sum_or_share(text: str, start: int, end: int) -> bool:
    """Whether the number at `start`:`end` is a sum of money or a percentage, which
    counts nothing else, however near a unit stands: "540 million kroner a year" is no
    number of years, "6.5 percent this year" no length of time."""
    return (
        PERCENT_AFTER_RE.match(text, end) is not None
        or money_after(text, end) is not None
        or money_sign(text, start) is not None
    )


# "had led the city since 2015": how long, in years, counted from when it began
# ("How long has Dahl been mayor?", "How many years has he led the city?"); or from an
# event with its date ("since the Lund Flood in the early 1950s"), or a decade ("since
# the 1980s").
YEARS_UNIT = "year"
SINCE_YEAR_RE = re.compile(
    r"\bsince\s+(?:the\s+)?(?:(?:[A-Z][\w'’-]*\s+){1,3}in\s+(?:the\s+)?)?"
    r"(?:(?:early|late|mid-?)\s*)?(?:[A-Z][a-z]+\s+)?(?:1[89]|20)\d\d(?:s\b|\b)"
)


def only_since(text: str, year: int) -> bool:
    """Whether `text` writes `year`, and only where a span starts (`SINCE_YEAR_RE`: "the
    first visit since 2000"): what it tells is not of that year."""
    spans = [found.span() for found in SINCE_YEAR_RE.finditer(text)]
    written = [found.start() for found in re.finditer(rf"(?<!\w){year}(?!\w)", text)]
    return bool(written) and all(any(a <= at < b for a, b in spans) for at in written)


# A figure against another: "three times higher", "twice as many", "doubled", "40
# percent more".
COMPARATIVE_RE = re.compile(
    r"\b(?:\w+|\d[\d.,]*)\s+times\s+(?:higher|larger|more|bigger|greater|as|lower|smaller"
    r"|fewer|less)\b|\b(?:twice|double[sd]?|triple[sd]?|quadruple[sd]?|halved)\b"
    r"|\b\d[\d.,]*\s*(?:%|percent|per\s+cent)\s+(?:more|higher|larger|less|lower|fewer)\b",
    re.I,
)
# Figures from one to another: "between 10,000 and 12,000", "10,000 to 12,000 troops",
# "3-5 percent"; not a score ("won 3-1"): the second may not be smaller.
RANGE_FIGURE_RE = re.compile(
    r"\b(?:between\s+)?(?P<low>\d[\d.,]*)(?:\s+(?:million|billion|thousand|hundred))?"
    r"\s*(?:to|and|-|–|—)\s*(?P<high>\d[\d.,]*)\b"
)


def gives_range(text: str) -> bool:
    """Whether `text` gives figures from one to a larger (`RANGE_FIGURE_RE`)."""
    for found in RANGE_FIGURE_RE.finditer(text):
        low, high = (_plain_number(found[part]) for part in ("low", "high"))
        years = all(YEAR_RE.match(found[part]) for part in ("low", "high"))
        if low is not None and high is not None and high > low and not years:
            return True
    return False


def _plain_number(written: str) -> float | None:
    """ "10,000" as 10000.0; None for what is no number ("1.2.3")."""
    try:
        return float(written.rstrip(".,").replace(",", ""))
    except ValueError:
        return None


# "scored twice": a count of times without a number ("How many times did Holm score?").
TIMES_UNIT = "time"
TIMES_WORD_RE = re.compile(r"\b(?:once|twice|thrice)\b", re.IGNORECASE)


# "aged 41", "age 41", "at the age of 12"
AGED_RE = re.compile(r"\b(?:aged?|age\s+of)\s+$", re.IGNORECASE)
YEAR_OLD_RE = re.compile(r"-years?-olds?\b", re.IGNORECASE)
# "The church is 300 years old": an age written after its number (with its unit).
YEARS_OLD_RE = re.compile(r"\s+(?:years?|months?)\s+old\b", re.IGNORECASE)
AFTER_NAME_RE = re.compile(r"[A-Za-z’'.],\s*$")


# "a 35-year-old mechanic", "An 80-year-old woman": a person the story does
# not name, told apart by age.
AGED_PERSON_RE = re.compile(r"\b[Aa]n?\s+(?P<age>\d{1,3})-years?-old\s+(?P<noun>[a-z]+)\b")


def aged_people(text: str, known_terms: frozenset[str] = frozenset()) -> list[tuple[int, int]]:
    """Where `text` speaks of someone by age and what they are, not by name; not one
    whose age and noun the question's own terms (`known_terms`) hold: "a 15-year-old
    girl" is whom "Who rescued the 15-year-old girl?" asks about, not who did it."""
    return [
        found.span()
        for found in AGED_PERSON_RE.finditer(text)
        if not {t.term for t in analyze(f"{found['age']} {found['noun']}")} <= known_terms
    ]


def _is_age(text: str, start: int, end: int) -> bool:
    """Whether the number at `start`:`end` is an age: set off by commas after a name
    ("Ina Berg, 41, said"), after "aged" or "the age of", or before "-year-old"."""
    if YEAR_OLD_RE.match(text, end):
        return True  # "a 41-year-old skipper", "two-year-olds"
    if not text[start:end].isdigit() or int(text[start:end]) > 120:
        return False
    window = max(0, start - 12)
    if AGED_RE.search(text, window, start):
        return True
    return AFTER_NAME_RE.search(text, window, start) is not None and text.startswith(",", end)


@lru_cache(maxsize=1024)
def numbers(text: str) -> tuple[tuple[int, int], ...]:
    """Where `text` gives a number, years and days of the month left out. Cached, as
    `analyze` is: a candidate's figures are read for each unit a question counts."""
    return tuple(
        match.span()
        for match in NUMBER_RE.finditer(text)
        if not YEAR_RE.match(match.group().strip())
        and not _is_day_of_month(text, match.start(), match.end())
    )


# "a record profit of 1.2 billion kroner", "a death toll of 19": the thing counted
# named just before its figure, joined to it by "of" (and perhaps a currency's sign).
UNIT_BEFORE_RE = re.compile(r"\b([^\W\d_][\w'’-]*)\s+of\s+(?:[A-Z]{0,3}[$£€¥₩₪₫₱₹]\s?)?$")


# A scale written before its number: "a magnitude 5.8 earthquake".
SCALE_BEFORE_RE = re.compile(r"\b(magnitude)[\s-]+$", re.IGNORECASE)


def _scale_before(text: str, start: int, unit_terms: frozenset[str]) -> int | None:
    """Where the scale of `unit_terms` written just before the number in digits at
    `start` starts, if there is one (`SCALE_BEFORE_RE`)."""
    if not text[start].isdigit():
        return None  # "a 4.1 magnitude one": a word, not the scale's number
    scale = SCALE_BEFORE_RE.search(text, max(0, start - 12), start)
    if scale is None or not any(t.term in unit_terms for t in analyze(scale.group(1))):
        return None
    return scale.start(1)


def _unit_before(text: str, start: int, unit_terms: frozenset[str]) -> bool:
    """Whether the word before "of" and the number at `start` is one of `unit_terms`."""
    before = UNIT_BEFORE_RE.search(text, max(0, start - 40), start)
    return before is not None and any(t.term in unit_terms for t in analyze(before.group(1)))


CLAUSE_BREAK_RE = re.compile(r"[,;:.!?()—–]")
UNIT_REACH = 3  # words between a number (or a unit) and the next unit at most


POSSESSIVE_AFTER_RE = re.compile(r"['’](?:s\b|(?!\w))")


def _unit_after(text: str, start: int, unit_terms: frozenset[str]) -> tuple[int, bool]:
    """Where the counted thing after the number ending at `start` ends, and whether
    there is one: "3,000 additional North Korean troops": a unit within three words,
    and more units right after it ("artillery shells"), none across a clause break.
    The sentence's terms are analysed once (`analyze` is cached), however many
    numbers it has and however many times its figures are read."""
    terms = analyze(text)
    unit_end, counts = start, False
    # The terms after the number, and those of the word it ends in: "a five-year
    # contract" is five years, but the terms of "five-year" ("five", "year",
    # "fiveyear") all start where the word starts, before the number's end.
    first = bisect_left(terms, start, key=lambda t: t.start)
    while first > 0 and terms[first - 1].end > start:
        first -= 1
    for term in terms[first:]:
        between = text[unit_end : term.start]
        if CLAUSE_BREAK_RE.search(between) or len(between.split()) > UNIT_REACH:
            break
        if term.term in unit_terms:
            unit_end, counts = term.end, True  # keep going: "artillery shells"
        elif counts or POSSESSIVE_AFTER_RE.match(text, term.end):
            # "the two countries’ biggest defence deal" counts countries: what follows
            # a possessive is theirs, not counted.
            break
    return unit_end, counts


MONTH_AFTER_RE = re.compile(rf"\s*{_MONTHS}")
MONTH_BEFORE_RE = re.compile(rf"{_MONTHS}\s*$")


def _is_day_of_month(text: str, start: int, end: int) -> bool:
    after = text[end : end + 12]
    before = text[max(0, start - 12) : start]
    return bool(MONTH_AFTER_RE.match(after) or MONTH_BEFORE_RE.search(before))


def dates(text: str) -> list[tuple[int, int]]:
    return [m.span() for m in DATE_RE.finditer(text)]


# An event that something holds since, up to the end of its clause: "since the end of
# the war", "since his election", "since the Lund Flood" (a date after "since" is one
# of `dates`).
SINCE_EVENT_RE = re.compile(
    r"\bsince\s+(?:the|his|her|its|their)\s+[^\W\d][^,;:.!?()\"“”]{2,60}?"
    r"(?=\s*[,;:.!?()\"“”]|\s+(?:and|but|when|after|before|while)\b|\s*$)"
)


def since_event(text: str) -> list[tuple[int, int]]:
    """The events `text` says something holds since, as a "since when" question asks."""
    return [m.span() for m in SINCE_EVENT_RE.finditer(text)]


# A date at most this many words (stop words aside) from a word for the event asked
# about is when that event happened: "found dead March 3", "won the Lund Prize
# for design in 1998".
DATE_REACH = 4


def dated_beside(text: str, spans: list[tuple[int, int]], event_terms: frozenset[str]) -> bool:
    """Whether one of the date `spans` of `text` stands within `DATE_REACH` words of
    one of `event_terms`, and is not the date something was said ("…, Mandela said in
    January"): the time of the words, not of what they tell."""
    tokens = analyze(text)
    events = [n for n, token in enumerate(tokens) if token.term in event_terms]
    if not events:
        return False
    for start, end in spans:
        inside = [n for n, token in enumerate(tokens) if start <= token.start < end]
        before = sum(1 for token in tokens if token.end <= start)
        if any(t.term in SAYING for t in tokens[max(0, before - 2) : before]):
            continue
        first, last = (inside[0], inside[-1]) if inside else (before, before)
        if any(first - DATE_REACH <= n <= last + DATE_REACH for n in events):
            return True
    return False


# A prompt to the reader: "Tell us what you think …", "Share your story.", "Send us
# your photos" (not inside a quotation: '"Tell us the truth," they chanted.').
READER_PROMPT_RE = re.compile(
    r"(?:(?:tell|send|show)\s+us|(?:share|send)\s+your|let\s+us\s+know|sound\s+off"
    r"|join\s+the\s+conversation)\b",
    re.IGNORECASE,
)


def asks(sentence: str) -> bool:
    """Whether `sentence` asks rather than states: a question (its closing quotes and
    brackets aside), or a prompt to the reader."""
    return final_mark(sentence) == "?" or READER_PROMPT_RE.match(sentence) is not None


@lru_cache(maxsize=256)
def capitalised_mid_sentence(article: str) -> frozenset[str]:
    """The words `article` writes with a capital after a lower-case word or a comma,
    where the capital is the word's own: read once per article, not per candidate."""
    return frozenset(MID_SENTENCE_NAME_RE.findall(article))


def _capitalised_inside(word: str, text: str, article: str) -> bool:
    """Whether the sentence or its article writes `word` with a capital inside a
    sentence, where the capital is the word's own."""
    return word in capitalised_mid_sentence(text) or word in capitalised_mid_sentence(article)


def _own_name_terms(name: str, known_terms: frozenset[str], article: str) -> set[str]:
    """The terms of `name` that are neither the question's nor a title: a capitalised
    word the article also writes in lower case ("President", "Minister") is a title or
    a common noun, not a word of the name; nor is an abbreviated or courtesy title
    ("Sen.", "Dr.", "Mr"): "Sen. Ola Dahl" is Dahl for "… that Dahl broke?"."""
    own = " ".join(
        word
        for word in name.split()
        if not _written_in_lower_case(word, article) and not TITLE_WORD_RE.fullmatch(word)
    )
    return {t.term for t in analyze(own)} - known_terms


# The word a sentence's subject opens with, after a wire dateline and quote marks.
OPENING_WORD_AFTER_DATELINE_RE = re.compile(r"[\W_]*([^\W\d_][\w'’-]*)")
# A capitalised word that opens a sentence is a name unless English writes it this
# often (Zipf: "Police" 5.3, "Officials" 4.6, "Former" 4.9; "Lund" 3.2, "Sven" 3.0).
COMMON_OPENING_ZIPF = 4.5


def opens_with_name(text: str) -> bool:
    """Whether the sentence's first word (after a wire dateline) is a name: "Sven Holm
    of the Green Party won …" is about Sven Holm, while "A ferry captain was fined …"
    and "Police arrested …" may be about someone named only later."""
    dateline = WIRE_DATELINE_RE.match(text)
    first = OPENING_WORD_AFTER_DATELINE_RE.match(text, dateline.end() if dateline else 0)
    if first is None:
        return False
    return _is_opening_name(first.group(1))


@lru_cache(maxsize=50_000)
def _is_opening_name(word: str) -> bool:
    """Whether a sentence's first word is a name (remembered: building an index asks it
    of every sentence, and most open with one of a few hundred words)."""
    lower = word.lower()
    if not word[0].isupper() or not analyze(lower) or lower.isdigit():
        return False
    return english_zipf(POSSESSIVE_RE.sub("", lower)) < COMMON_OPENING_ZIPF


def _opening(text: str) -> tuple[int, int]:
    """Where a sentence's own text starts after a wire dateline ("LONDON (CNN) --"),
    and where its first word starts: a capital there is the sentence's, not a name's."""
    skip = dateline.end() if (dateline := WIRE_DATELINE_RE.match(text)) else 0
    letter = WORD_CHAR_RE.search(text, skip)
    return skip, letter.start() if letter else len(text)


# A place named by its part of a larger one: "South Lundmark", "Western Voss".
COMPASS_PLACE_RE = re.compile(
    r"\b(?P<compass>(?i:north|south|east|west))(?i:ern)?\s+(?P<place>[A-Z][\w'’-]{2,})"
)


def compass_places(text: str) -> tuple[tuple[str, str], ...]:
    """The places `text` names by a point of the compass: ("south", "Lundmark"); not a
    country or its people ("North Korea", "South Korean"), whose terms are the
    country's own (`_country_or_region`)."""
    return tuple(
        (found["compass"].lower(), found["place"])
        for found in COMPASS_PLACE_RE.finditer(text)
        if not _country_or_region({t.term for t in analyze(found.group())}, frozenset())
    )


def names_other_compass_place(text: str, asked: tuple[tuple[str, str], ...]) -> bool:
    """Whether `text` names another part of a place asked about by its part ("North
    Lundmark" for "South Lundmark") and not the part asked."""
    found = compass_places(text)
    return any(
        place == asked_place and compass != asked_compass
        for asked_compass, asked_place in asked
        for compass, place in found
    ) and not any(pair in found for pair in asked)


# A label's last word is at least this common in English (Zipf): a word, not a rare
# surname.
LABEL_WORD_ZIPF = 3.0


def is_label(text: str, span: tuple[int, int], article: str) -> bool:
    """Whether the capitalised words at `span` are a label that opens the sentence, as
    bulleted summaries write them ("Ferry Plans: Lund wants two new boats."): they end
    at a colon, in a common word that the article writes with a capital nowhere else.
    Someone speaking ("Ina Berg: We will build them.") is named elsewhere too ("Berg
    said")."""
    start, end = span
    last = text[start:end].split()[-1]
    return (
        start == _opening(text)[1]
        and text.startswith(":", end)
        and english_zipf(last.lower()) >= LABEL_WORD_ZIPF
        and re.search(rf"\b{re.escape(last)}\b(?!:)", article) is None
    )


def names(
    text: str,
    known_terms: frozenset[str],
    article: str = "",
    question_names: frozenset[str] = frozenset(),
) -> list[tuple[int, int]]:
    """Names in `text` that are not simply the question's own words: two or more
    capitalised words, or one ("Tesla", "Voltiq") that `article` writes with a capital
    inside a sentence too, where a capital cannot be the sentence's. A wire dateline
    ("LONDON, England (CNN) --") names the place the story was filed from, not an answer.

    Nor is a longer form of a name the question gives (`question_names`): "Chairman Lars
    Vik Jr." for "Lars Vik", the "Republican Party" for "the Republicans".
    A name that shares a word with the question's names is someone else only with two
    words of its own ("Norway's Defence Minister Ina Berg").
    """
    skip, opening = _opening(text)
    matches = [m.span() for m in NAME_RE.finditer(text, skip)]
    spans = []
    for start, end in matches:
        # The sentence's first word has a capital whatever it is: "When Voltiq opened
        # …" names Voltiq, and "Instead of Voltiq CEO Ina Berg, …" names her, unless the
        # article writes the word with a capital inside a sentence too ("at Bank of Lund").
        first = FIRST_WORD_RE.match(text, start)
        if start == opening and first:
            word = first.group().strip()
            joined = OPENING_JOIN_RE.match(text, first.end())
            if not analyze(word):
                start = joined.end() if joined else first.end()
            elif joined and not _capitalised_inside(word, text, article):
                start = joined.end()
        if start < end:
            spans.append((start, end))
    if article:
        taken = [range(*span) for span in matches]
        for match in SINGLE_NAME_RE.finditer(text, skip):
            word = match.group()
            if any(match.start() in r for r in taken) or DATE_RE.fullmatch(word):
                continue
            if _capitalised_inside(word, text, article):
                spans.append(match.span())
        spans.sort()
    # "North Korea" is a country, not the someone a "who" question asks for, nor is a
    # part of the world named by its people ("North American", "East German"); nor is
    # where something happened ("in Dunmore", "from Ashby"), unless it is someone's.
    return [
        (start, end)
        for start, end in spans
        if (terms := {t.term for t in analyze(text[start:end])})
        and not _country_or_region(terms, known_terms)
        and (
            terms.isdisjoint(question_names)
            or len(_own_name_terms(text[start:end], known_terms, article or text)) >= 2
        )
        and not _names_a_place(text, start, end)
    ]


# A short title in quotes: a programme, film, book or song ("This Week").
QUOTED_TITLE_RE = re.compile(r"[\"“]([^\"“”]{1,60})[\"”]")


def names_not_asked(
    text: str,
    spans: list[tuple[int, int]],
    known_terms: frozenset[str],
    plain_terms: frozenset[str],
    article: str,
) -> list[tuple[int, int]]:
    """Those of the names at `spans` that do not name what a "who" question speaks of
    (`known_terms`: the question's words; `plain_terms`: those that are no names, nor
    the kind it asks for). Not:
    - a title in quotes ("This Week", a programme): a work, not someone;
    - a name holding one of `plain_terms` with fewer than two words of its own
      ("Coastal Airlines" for "the coastal flight"), or ending in one ("Lund
      Harbour Bridge" for "the new harbour bridge")."""
    titles = (
        [found.span(1) for found in QUOTED_TITLE_RE.finditer(text)]
        if '"' in text or "“" in text
        else []
    )
    kept = []
    for start, end in spans:
        if any(first <= start and end <= last for first, last in titles):
            continue
        name = text[start:end]
        terms = analyze(name)
        if not plain_terms.isdisjoint(t.term for t in terms) and (
            terms[-1].term in plain_terms or len(_own_name_terms(name, known_terms, article)) < 2
        ):
            continue
        kept.append((start, end))
    return kept


def _country_or_region(terms: set[str], known_terms: frozenset[str]) -> bool:
    """Whether a name's terms (beside the question's own words) are a country ("North
    Korea") or a part of the world named by its people ("North American")."""
    # The name's few terms less the question's, not the union of the country words with
    # the question's made for every name: the same test.
    others = terms - known_terms
    if others <= COUNTRY_TERMS:
        return True
    return not terms.isdisjoint(COUNTRY_TERMS) and others <= COUNTRY_COMPASS_TERMS


# A name or title right after the noun of a kind ("remake \"Harbour Lights\"", "the
# embassy of Denmark", "etchings by Ola Dahl") or right before it ("the Danish embassy",
# "the Fjord TV channel", "the \"first come, first served\" law").
KIND_NAME_AFTER_RE = re.compile(r"""\s+(?:(?:of|by|from|called|named)\s+|,\s+)?["“']?(?=[A-Z])""")
KIND_NAME_BEFORE_RE = re.compile(r"""(?:\b[A-Z][\w.'’-]*|["”'])\s*$""")
QUOTE_MARKS = frozenset("\"”'")
GENERAL_KIND_RE = re.compile(r"\b(?:a|an|the|this|that)\s+$", re.I)


def names_kind(text: str, kind_terms: frozenset[str], known_terms: frozenset[str]) -> int:
    """Whether `text` names one of the kind of thing asked for ("Which embassy …?"):
    1 where the noun stands beside a name or title that is not the question's own
    ("the Danish embassy", "remake \"Harbour Lights\"", "etchings by Ola Dahl"),
    -1 where it speaks of one only in general ("has asked a court", "repeal the law":
    a sentence that restates the question), 0 where neither. The noun written with a
    capital inside the sentence is part of a name itself ("the Lund Office of Harbours",
    "a Category 4 storm")."""
    general = False
    _, opening = _opening(text)
    for term in analyze(text):
        if term.term not in kind_terms:
            continue
        if term.start > opening and text[term.start].isupper():
            return 1
        after = KIND_NAME_AFTER_RE.match(text, term.end)
        following = TOKEN_RE.match(text, after.end()) if after else None
        if following and not _only_asked(following.group(), known_terms):
            return 1
        before = KIND_NAME_BEFORE_RE.search(text, max(0, term.start - 40), term.start)
        if before and before.start() > 0:
            mark = before.group().strip()
            if mark in QUOTE_MARKS or not _only_asked(mark, known_terms):
                return 1
        general |= GENERAL_KIND_RE.search(text, max(0, term.start - 6), term.start) is not None
    return -1 if general else 0


def _names_a_place(text: str, start: int, end: int) -> bool:
    """Whether the name at `start`:`end` is of a place: where something happened ("in
    Dunmore", "from Ashby"; not "in Lars Moe's plant"), a state, province, capital or
    country ("Ohio"), or a town with its state or country after it ("Dunmore, Ohio")."""
    if LOCATIVE_BEFORE_RE.search(text, max(0, start - 16), start) and not POSSESSIVE_RE.search(
        text, start, end
    ):
        return True
    region = REGION_AFTER_RE.match(text, end)
    return text[start:end] in PLACE_NAMES or (region is not None and region[1] in PLACE_NAMES)


# A name right after these is a place: "the final in Dunmore", "a man from Ashby", "sank
# off Lund", "the northern town of Keswold".
LOCATIVE_BEFORE_RE = re.compile(
    r"\b(?:(?:in|at|from|near|outside|across|off)\s+(?:the\s+)?"
    r"|(?:town|city|village|county|province|region|district|suburb|port|island)\s+of\s+)$",
    re.I,
)
# Up to three capitalised words in a row: "Ohio", "New South Wales".
_CAPITALISED_RUN = r"[A-Z][\w.]*(?:\s+[A-Z][\w.]*){0,2}"
# Not a possessive: "Ola Dahl, Ohio's attorney general" names a person, not a town.
REGION_AFTER_RE = re.compile(rf",\s+({_CAPITALISED_RUN})(?![\w'’])")
# "flew from an Ohio airfield", "fled from Norway": "from" gives a place only before a
# state, capital or country (`_known_place`); before another name it is most often a
# person's or a body's ("a call from Ina Berg", "a grant from Tekniva").
FROM_PLACE_RE = re.compile(rf"\bfrom\s+(?:{PLACE_DETERMINER})?(?P<place>{_CAPITALISED_RUN})")


# What a name set off by commas is called before it: "His deputy, Kari Moe, …",
# "Berg's lawyer, Ola Dahl, said": up to three lower-case words after a possessive or
# "the", and the comma, or the sentence's end, that closes the apposition after it (not
# "the police, Ola Dahl and others").
CALLED_BEFORE_RE = re.compile(
    r"(?P<role>\b(?:[A-Z][\w-]*['’]s?|[Hh]is|[Hh]er|[Tt]heir|[Ii]ts|[Tt]he|[Aa]n?)\s+"
    # "the Brekkan ambassador, Ina Berg,": a demonym may stand inside the role
    r"(?:[A-Za-z][\w-]*\s+){0,2}[a-z][\w-]*),\s*$"
)
CALLED_BEFORE_REACH = 60  # characters before the name looked at
SET_OFF_END_RE = re.compile(r"\s*(?:[,.;:!?]|$)")
# What a sentence says someone is: "X, a 41-year-old journalist, …", "X is a …".
APPOSITIVE_RE = re.compile(
    r"(?:’s|'s)?(?:,\s+(?!(?:who|whose|whom|which|that|where|when|while|and|but|or|so|then"
    r"|if|because|since|until|after|before|as|than|not|said|says|told|according|in|on|at|to"
    r"|for|with|by|from|of|into|is|was|are|were|has|have|had|will|would|did|does)\b)"
    r"(?:a|an|the|his|her|their|its|[a-z][\w-]*|[A-Z][\w-]*['’]s|\d+,\s+(?:a|an|the)?)[^,;]*"
    r"|\s+(?:is|was|has been|had been)\s+(?:a|an|the)\s[^,;.]*)"
)


# Up to four words of a role right before a name, the last one lower case ("ferry
# company founder") or an abbreviated title ("Sen.", "Gov."), not a courtesy one ("Mr.").
TITLE_BEFORE_RE = re.compile(
    r"(?P<title>(?:\b[\w.-]+\s+){0,3}"
    rf"(?:\b(?P<last>[a-z][a-z-]{{2,}})|\b(?!(?:{_COURTESY_TITLE})\.){_ABBREVIATED_TITLE}))"
    # a title in quotes: 'former "interim leader" Ina Berg'
    r"[\"”’]?\s+$"
)
LOWER_CASE_WORD_RE = re.compile(r"\b[a-z]+\b")
# Up to four capitalised words right before a name: perhaps a title ("Prime Minister").
CAPITALISED_RUN_RE = re.compile(r"(?:\b[A-Z][\w’'-]*\s+){1,4}$")
# A verb's -ing or -ed form: not a role's last word ("a visa allowing Ina Berg"), and
# where a role read leftwards stops ("thanked ferry company founder Ina Berg").
VERB_FORM_RE = re.compile(r"[a-z]{3}(?:ing|ed)$")
# Words after which a single lower-case word before a name is a verb, not a role.
VERB_MARKERS = frozenset("to will would can could shall should may might must not never".split())
SAYING = frozenset(
    t.term for group in RELATED_WORDS if "say" in group for t in analyze(" ".join(group))
)


# What someone says or writes, and where: "Where did Ina Berg talk about the tolls?"
# is answered by the medium or occasion ("told a local radio programme", "in an
# article", "at a news conference"), not only by a place.
EXPRESSING = SAYING | frozenset(
    t.term
    for t in analyze("talk speak write publish praise discuss express argue criticise criticize")
)
VENUE_RE = re.compile(
    r"\b(?:in|on|at|during|told|gave|published|wrote|posted|issued)\s+"
    rf"(?:{PLACE_DETERMINER})?(?:[\w'’.-]+\s+){{0,3}}?"
    r"(?:article|op-?ed|column|interview|speech|address|statement|letter|broadcast"
    r"|programme|program|show|podcast|tweet|(?:news|press)\s+conference|briefing"
    r"|television|TV|radio|newspaper|blog)s?\b",
    re.IGNORECASE,
)


def venues(text: str) -> list[tuple[int, int]]:
    """Where `text` says something was said or written (`VENUE_RE`)."""
    return [m.span() for m in VENUE_RE.finditer(text)]


# What someone called something, in their words: a quotation of two words or more
# ('"a timely and effective measure"'), or what follows a word of calling ("calling
# it reckless", "described the plan as a mistake").
QUOTATION_RE = re.compile(r"[\"“‘](?=\S+\s+\S)[^\"“”‘’]{3,}?[\"”’](?!\w)")
CALLING_RE = re.compile(
    r"\b(?:call(?:ed|ing|s)?|describ(?:ed|es|ing)|dubb(?:ed|ing)|label(?:l?ed|l?ing)|term(?:ed|ing))"
    r"\s+(?:(?:it|them|him|her|this|that|the\s+\w+)\s+)?(?:as\s+)?[^,.;:\"“]{3,60}",
    re.IGNORECASE,
)


def characterisations(text: str) -> list[tuple[int, int]]:
    """Where `text` gives what someone called something (`QUOTATION_RE`, `CALLING_RE`)."""
    return sorted(
        m.span() for pattern in (QUOTATION_RE, CALLING_RE) for m in pattern.finditer(text)
    )


SPEAKER_REACH = 3  # words between a speaker and their verb of saying at most


def said_by(text: str, speaker_terms: frozenset[str]) -> bool:
    """Whether `text` has one of `speaker_terms` within `SPEAKER_REACH` words of a
    verb of saying: "Mayor Ina Berg said …", "…, the mayor told reporters"."""
    tokens = analyze(text)
    sayings = [n for n, token in enumerate(tokens) if token.term in SAYING]
    return any(
        abs(n - said) <= SPEAKER_REACH
        for n, token in enumerate(tokens)
        if token.term in speaker_terms
        for said in sayings
    )


# A pronoun that may be the one saying: '"…," he said.', "she told reporters", "said he".
SPEAKING_PRONOUN_RE = re.compile(r"\b(?:he|she)\b", re.I)


def said_by_pronoun(text: str) -> bool:
    """Whether `text` has a pronoun next to a verb of saying ("…," she said.)."""
    if SPEAKING_PRONOUN_RE.search(text) is None:
        return False
    tokens = analyze(text)  # cached: the sentence was read for the question's words
    starting = {token.start: token.term for token in tokens}
    ending = {token.end: token.term for token in tokens}
    return any(
        starting.get(found.end() + 1) in SAYING or ending.get(found.start() - 1) in SAYING
        for found in SPEAKING_PRONOUN_RE.finditer(text)
    )


# The one a sentence cites for what it says: a name right before a verb that reports
# speech ("…, Fjord Herald spokesman Ola Dahl said Friday.", "Dahl, 41, told
# reporters"), or right after "said" or "according to" ("said Ola Dahl"). Only verbs
# that report, not those that do something too ("Dahl called for calm", "Dahl declared
# an emergency"); not before a name after "told", the one spoken to.
REPORTING = frozenset({"say", "tell", "add", "note", "write", "explain"})
WORD_AFTER_NAME_RE = re.compile(r"(?:,\s*\d{1,3},)?\s+([a-z]+)\b")
_REPORTED_BEFORE = r"\b(?:said|says|added|according\s+to)"
REPORTED_BY_BEFORE_RE = re.compile(rf"{_REPORTED_BEFORE}\s+(?:the\s+)?$")
REPORTED_BY_NEAR_RE = re.compile(rf"{_REPORTED_BEFORE}\b")  # anywhere before the title
TITLE_GAP = 2  # characters between a title and its name at most ("Spokesman Ola Dahl")
TITLE_REACH = 80  # characters before a name that a verb and a title may take up


def reported_by(text: str, name: tuple[int, int], article: str = "") -> bool:
    """Whether `text` cites the one it names at `name` for what it says (a verb of
    `REPORTING` right after the name, `REPORTED_BY_BEFORE_RE` before it), a title before
    the name allowed ("said chief medical officer Nina Strand")."""
    start, end = name
    after = WORD_AFTER_NAME_RE.match(text, end)
    if after and {t.term for t in analyze(after.group(1))} & REPORTING:
        return True
    if REPORTED_BY_NEAR_RE.search(text, max(0, start - TITLE_REACH), start) is None:
        return False  # no verb before it: its title is not read (most names)
    titled = [a for a, b in roles(text, name, article) if b <= start <= b + TITLE_GAP]
    first = min(titled, default=start)
    return REPORTED_BY_BEFORE_RE.search(text, max(0, first - TITLE_REACH), first) is not None


# A name given to someone or something: a ferry the crew called "the Old Gull", "a
# smuggler known as the Fox", "Ina Berg, born Ina Dahl", "renamed Harbour Lights". Not
# a day ("called Tuesday for a recount"). A thing may stand between ("called the ferry
# "Old Gull"").
NAMING_RE = re.compile(
    # the word that gives the name in any case: "Born Ina Dahl in 1951, Berg …"
    r"\b(?i:(?:nick|re)?name[sd]?(?:\s+(?:is|was|as|to))?|called|dubbed|known\s+as"
    r"|(?:en)?titled|a\.?k\.?a\.?|alias|christened|born)"
    r",?\s+(?:[\"“‘']?(?:him|her|it|them|the|a|an|as|to|his|its|their|simply|only"
    r"|(?<=the |its |his |her )[a-z]+)\s+){0,3}"
    rf"[\"“‘']?(?!{WEEKDAY_PATTERN}\b)(?P<name>[A-Z0-9][\w'’.-]*(?:\s+[A-Z0-9][\w'’.-]*){{0,3}})"
)


# A name given before the one someone goes by: "Ina Dahl, 27, who goes by Ina Voss",
# "Ina Dahl, aka Ina Voss", "Ina Dahl, better known as Ina Voss".
_CAPITALISED_WORDS = r"[A-Z][\w'’.-]*(?:\s+[A-Z][\w'’.-]*){0,3}"  # up to four
GOES_BY_RE = re.compile(
    rf"(?P<name>{_CAPITALISED_WORDS})(?:,\s+\d{{1,3}},)?,?\s+"
    r"(?:who\s+(?:goes|went)\s+by|(?:also\s+|better\s+)?known\s+as|a\.?k\.?a\.?)\s+"
    rf"[\"“‘']?(?P<alias>{_CAPITALISED_WORDS})"
)


def given_name(text: str, known_terms: frozenset[str]) -> tuple[int, int] | None:
    """Where `text` gives someone or something a name, as a question asking what it
    is called wants: the name, unless the question's own terms (`known_terms`) make
    it up ("the girl known as "Little Voss"" names no one new to "What is Little
    Voss's real name?"). Where the name the question gives is the one someone goes
    by, the name before it: "Ina Dahl, 27, who goes by Ina Voss" answers "What is Ina
    Voss's real name?"."""
    for found in GOES_BY_RE.finditer(text):
        alias = {t.term for t in analyze(found["alias"])}
        own = {t.term for t in analyze(found["name"])}
        if alias and alias <= known_terms and own and not own <= known_terms:
            return found.span("name")
    for found in NAMING_RE.finditer(text):
        terms = {t.term for t in analyze(found.group("name"))}
        if terms and not terms <= known_terms:
            return found.span("name")
    return None


# A reason given: "because", "due to", "blamed", "fined for speeding", "pointed to a
# broken rail", "needed to pay for two schools". What someone said had happened
# ("said a mooring had failed") is not counted: news writes "said" in most sentences,
# and on real news the lead that says why came second to them.
# ... and an explanation without "because" ("reflects", "stems from", "driven by", "in
# response to"): the fresh held-out seed set +1 at hit@1 as written and in lower case;
# no other question of any set moved on any path.
REASON_RE = re.compile(
    r"\b(?:because|due\s+to|owing\s+to|as\s+a\s+result\s+of|caused\s+by|"
    r"blam(?:e|es|ed|ing)\b|pointed\s+to|citing|so\s+that|in\s+order\s+to|"
    r"(?:needed|necessary|meant|aimed)\s+to|reasons?\b|for\s+[a-z]{2,}ing\b|"
    r"stem(?:s|med|ming)?\s+from|(?:driven|motivated|prompted)\s+by|reflect(?:s|ed|ing)?\b|"
    r"in\s+(?:response|reaction)\s+to|in\s+retaliation\s+for|thanks\s+to|on\s+the\s+grounds)",
    re.IGNORECASE,
)


def gives_reason(text: str) -> bool:
    """Whether `text` gives a reason, as a "why" question's answer does."""
    return bool(REASON_RE.search(text))


# "to" and a verb: "drove to Redvik to meet her brother". Not where "to" ends a
# phrase of its own ("according to", "close to"), nor before a stop word, a number or
# a plural noun ("to the court", "to two years", "harmful to fish stocks").
PURPOSE_RE = re.compile(
    r"(?<!according )(?<!due )(?<!next )(?<!close )(?<!compared )(?<!up )(?<!led )"
    r"(?<!contributed )\bto\s+(?P<verb>[a-z]{2,})\b(?<![^su]s)"
)


def gives_purpose(text: str, events: frozenset[str], known_terms: frozenset[str]) -> bool:
    """Whether `text` says what its event was done for: a purpose after the first of
    the question's `events` (terms) it holds, in a verb that is none of the
    question's own (`known_terms`: "refused to sign" restates "Why did he refuse to
    sign?"). Weaker than `gives_reason`: "cleared the way for Berg to take over"."""
    after = next((t.end for t in analyze(text) if t.term in events), None)
    if after is None:
        return False
    for found in PURPOSE_RE.finditer(text, after):
        verb = found.group("verb")
        if verb in STOP_WORDS or verb in CARDINAL_WORDS:
            continue
        if known_terms.isdisjoint(t.term for t in analyze(verb)):
            return True
    return False


def descriptions(
    text: str, subject_terms: frozenset[str], article: str = ""
) -> list[tuple[int, int]]:
    """Where `text` says what its subject is, as a "who is X?" question asks: an
    apposition or "is a" right after the subject's name, or a title right before it
    ("ferry company founder Ina Berg", "rally team chief Lars Moe", and capitalised
    where `article` writes its words in lower case too: "Harbour Master Ina Berg")."""
    spans = []
    tokens = analyze(text)
    name_start = 0
    for number, token in enumerate(tokens):
        if token.term not in subject_terms:
            continue
        if number == 0 or tokens[number - 1].term not in subject_terms:
            name_start = token.start
        if number + 1 == len(tokens) or tokens[number + 1].term not in subject_terms:
            found = roles(text, (name_start, token.end), article)
            # "His deputy, Kari Moe, will …" says who she is; it is no role of hers that
            # a "who" question's words should match ("Her closest rival, Sen. Ina
            # Berg": not whom Berg's rivals are).
            if not found and (set_off := _role_set_off_before(text, name_start)):
                found = [set_off]
            spans.extend(found)
    return spans


def roles(text: str, name: tuple[int, int], article: str = "") -> list[tuple[int, int]]:
    """What `text` calls the one it names at `name`: the title right before the name
    ("deputy defence minister Ina Berg", "Harbour Master Ina Berg") and an apposition or
    "is a" right after it ("Ina Berg, the ferry company's founder")."""
    start, end = name
    found = []
    title = (
        _title_before(text, start)
        or _capitalised_title(text, start, article)
        or _opening_title(text, start, article)
    )
    if title:
        found.append(title)
    # A name set off by commas ("His deputy, Kari Moe, will …", "His rival, Liberal
    # candidate Marta Ruud, conceded …") is the apposition; the comma after it closes
    # it, and what follows is what the sentence says. Without a title of its own, the
    # name is called what comes before it: "His deputy", "Berg's lawyer" in "Berg's
    # lawyer, Ola Dahl, said".
    set_off = text[: title[0] if title else start].rstrip().endswith(",")
    if not set_off and (apposition := APPOSITIVE_RE.match(text, end)):
        found.append(apposition.span())
    if set_off and not found and SET_OFF_END_RE.match(text, end):
        called = CALLED_BEFORE_RE.search(text, max(0, start - CALLED_BEFORE_REACH), start)
        if called is not None:
            found.append(called.span("role"))
    return found


def _title_before(text: str, name_start: int) -> tuple[int, int] | None:
    """The role written right before a name, if any: its last word not a verb of saying
    ("said Kim"), a stop word or a verb's -ing form ("allowing Kim"); it starts after the
    last stop word, verb form or verb of saying before that ("by the", "thanked",
    "said")."""
    title = TITLE_BEFORE_RE.search(text, 0, name_start)
    last = title.group("last") if title else None  # None too for an abbreviated title
    if title is None or (last is not None and not _may_end_role(last)):
        return None
    start, end = title.span("title")
    words = list(re.finditer(r"\S+", text[start:end]))
    first = 0
    for number, word in enumerate(words[:-1]):
        terms = analyze(word.group())
        # "said chief medical officer Nina Strand": the role starts after the verb.
        if not terms or VERB_FORM_RE.search(word.group()) or terms[0].term in SAYING:
            first = number + 1
    role_start = start + words[first].start()
    if first == len(words) - 1 and _after_verb_marker(text, role_start):
        return None
    return role_start, end


def _after_verb_marker(text: str, position: int) -> bool:
    """Whether the word at `position` follows "to" or a modal verb, itself or after
    another verb and "and" / "or": a verb then ("will meet Kim", "to arrest and
    prosecute Kim"), not a role."""
    before = [w.lower() for w in text[max(0, position - 60) : position].split()[-3:]]
    return bool(before) and (
        before[-1] in VERB_MARKERS
        or (before[-1] in ("and", "or") and len(before) == 3 and before[0] in VERB_MARKERS)
    )


def _capitalised_title(text: str, name_start: int, article: str) -> tuple[int, int] | None:
    """The capitalised words right before a name that `article` also writes in lower
    case, as a title is ("the prime minister said") and a name is not: "Prime Minister"
    in "Irish Prime Minister Ina Berg"."""
    if not article:
        return None
    run = CAPITALISED_RUN_RE.search(text, 0, name_start)
    if run is None:
        return None
    words = list(re.finditer(r"\S+", run.group()))
    first = len(words)
    while first > 0 and _written_in_lower_case(words[first - 1].group(), article):
        first -= 1
    if first == len(words):
        return None
    return run.start() + words[first].start(), run.start() + words[-1].end()


# "Strand's lawyer, Eva Lie, said …", "His deputy, Kari Moe, will …": a role set off by
# a comma before the name it belongs to.
ROLE_SET_OFF_RE = re.compile(
    r"(?:^|(?<=\s))(?P<role>(?:[A-Z][\w-]*['’]s|[Hh]is|[Hh]er|[Tt]heir|[Ii]ts|[Tt]he)\s+"
    r"(?:[a-z][\w-]*\s+){0,2}(?P<last>[a-z][\w-]{2,})),\s+$"
)
# The capitalised word a sentence opens with, right before a name: perhaps a title.
OPENING_WORD_RE = re.compile(r"^[\"“‘']?([A-Z][a-z]{2,})\s+$")
# ... a title when it is a common English word ("Striker", "Coach", "Captain": Zipf
# 3.9–5; "Lund", "Bergen" 3.2–3.3), and the article never capitalises it inside a
# sentence.
OPENING_TITLE_ZIPF = 3.5


def _role_set_off_before(text: str, name_start: int) -> tuple[int, int] | None:
    """The role written before a name and a comma: "Strand's lawyer" in "Strand's
    lawyer, Eva Lie, said …"."""
    role = ROLE_SET_OFF_RE.search(text, 0, name_start)
    if role is None or not _may_end_role(role["last"]):
        return None
    return role.span("role")


def _opening_title(text: str, name_start: int, article: str) -> tuple[int, int] | None:
    """The word a sentence opens with right before a name, when it is a title written
    with a capital only because it opens the sentence: "Striker" in "Striker Ola Berg
    scored twice", not "Lund" in "Lund FC beat …"."""
    opening = OPENING_WORD_RE.match(text[:name_start])
    if opening is None:
        return None
    word = opening.group(1)
    if not _may_end_role(word.lower()) or word in capitalised_mid_sentence(article):
        return None
    if english_zipf(word.lower()) < OPENING_TITLE_ZIPF:
        return None
    return opening.span(1)


def _written_in_lower_case(word: str, article: str) -> bool:
    """Whether `article` writes `word` (no stop word) in lower case."""
    lower = word.lower()
    return bool(analyze(lower)) and lower in lower_case_words(article)


@lru_cache(maxsize=256)
def lower_case_words(article: str) -> frozenset[str]:
    """The words `article` writes in lower case: read once per article."""
    return frozenset(LOWER_CASE_WORD_RE.findall(article))


def _may_end_role(word: str) -> bool:
    """Whether a lower-case `word` may be a role's last word: not a stop word, a verb
    of saying ("said Kim") or a verb's -ing form ("allowing Kim")."""
    return (
        bool(analyze(word))
        and not _reports(word)
        and not (word.endswith("ing") and VERB_FORM_RE.search(word))
    )


def _reports(word: str) -> bool:
    """Whether `word` is a verb of saying ("said", "told"): not a title."""
    return {t.term for t in analyze(word)} <= SAYING


ORIGIN_REACH = 3  # words between a name and the country it is from, at most


def places(
    text: str,
    known_terms: frozenset[str] = frozenset(),
    origin: bool = False,
    whose: frozenset[str] = frozenset(),
    town: bool = False,
) -> tuple[list[tuple[int, int]], bool]:
    """Where `text` locates something, and whether it says so with a preposition and a
    name ("in the Kursk border area", "at the 30,000-seat Harbour Park Stadium", or "to
    Lund University Hospital" after a verb of moving: `DESTINATION_RE`) rather than only
    by a kind of place ("at his home", or "region" alone). A place
    the question names itself (`known_terms`) does not answer "where".

    `origin`: the question asks where someone or something is from, which a country
    answers however it is written ("the Kenyan 12th seed", "returned to Chile"):
    the countries are the evidence, before any place a preposition names. Where the
    sentence names the one asked about (a term of `whose`), a country says where they
    are from only beside that name ("Kenya's Mara Okafor"); one further off may be
    another's ("Okafor won in three sets against the reigning Danish champion")."""
    if origin:
        terms = analyze(text)
        countries = [
            n for n, t in enumerate(terms) if t.term in COUNTRIES and t.term not in known_terms
        ]
        if countries:
            named = [n for n, t in enumerate(terms) if t.term in whose]
            beside = not named or any(abs(c - n) <= ORIGIN_REACH for c in countries for n in named)
            return [(terms[n].start, terms[n].end) for n in countries], beside
    found = [m.span() for m in PLACE_RE.finditer(text)]
    found += [m.span("place") for m in DESTINATION_RE.finditer(text)]
    found += [m.span() for m in FROM_PLACE_RE.finditer(text) if _known_place(m.group("place"))]
    spans = [
        (start, end)
        for start, end in sorted(set(found))
        if not DATE_RE.fullmatch(_place_words(text[start:end]))
        and not _only_asked(text[start:end], known_terms)
        and not (town and _only_countries(_place_words(text[start:end])))
    ]
    if spans:
        return spans, True
    spans = [
        m.span()
        for m in COMMON_PLACE_RE.finditer(text)
        if not _only_asked(m.group("kind"), known_terms)
    ] or [m.span() for m in PLACE_NOUNS.finditer(text)]
    return spans, _names_a_known_place(text, known_terms)


def _place_words(found: str) -> str:
    """The words of a place `PLACE_RE` found, without its preposition and determiner:
    "Harbour County" of "in a Harbour County"; "January" of "in a January", no place."""
    words = found.split(None, 1)[-1]
    determiner = PLACE_DETERMINER_RE.match(words)
    return words if determiner is None else words[determiner.end() :]


LAST_WORD_RE = re.compile(r"([\w'’-]+)\s*$")


def place_of(text: str, things: frozenset[str], known_terms: frozenset[str]) -> bool:
    """Whether a place that a preposition gives follows one of `things` (terms): "a
    federal prison in Voss" says where the prison is; the question's own place
    (`known_terms`) says nothing new."""
    for match in PLACE_RE.finditer(text):
        before = LAST_WORD_RE.search(text, max(0, match.start() - 30), match.start())
        if (
            before is not None
            and not things.isdisjoint(t.term for t in analyze(before.group(1)))
            and not _only_asked(match.group(), known_terms)
        ):
            return True
    return False


def _only_countries(words: str) -> bool:
    """Whether `words` name only countries ("North Korea"): no town or city."""
    terms = set(terms_of(words))
    return bool(terms) and terms <= COUNTRIES.keys()


def _only_asked(words: str, known_terms: frozenset[str]) -> bool:
    """Whether `words` are only the question's own: no answer to it."""
    return {t.term for t in analyze(words)} <= known_terms


CAPITALISED_WORDS_RE = re.compile(rf"\b{_CAPITALISED_RUN}")


def _names_a_known_place(text: str, known_terms: frozenset[str]) -> bool:
    """Whether `text` names a state, province, capital or country (or its people:
    "Norwegian") other than the question's own ("visited Norway in March", "LONDON,
    England (CNN) --"): it says where, as a place after a preposition does, unless it
    opens the sentence as the one acting ("Norway has pledged …"; a dateline is
    where). It is no answer to show, though: the place a preposition gives still comes
    first among close candidates. Held-out real news 0.425/0.700/0.792 →
    0.442/0.708/0.808, false declines 0.050 → 0.042; real news hit@5 0.860 → 0.867;
    the seed sets unchanged (words alone: the extra set's hit@3 0.933 → 0.900, the
    other sets unchanged)."""
    dateline = WIRE_DATELINE_RE.match(text)
    for match in CAPITALISED_WORDS_RE.finditer(text):
        if match.start() == 0 and dateline is None:
            continue
        if _known_place(match.group(), known_terms):
            return True
    return False


def _known_place(words: str, known_terms: frozenset[str] = frozenset()) -> bool:
    """Whether capitalised `words` are a state, province, capital or country other than
    the question's own. "Norway Thursday" names Norway; "the Norway Ferry Authority"
    names no place."""
    first, *rest = words.split()
    for name in (words, first) if len(rest) == 1 else (words,):
        if name in PLACE_NAMES and not _only_asked(name, known_terms):
            return True
    return False


# That something is not known or was not told: "the exact number remains unclear", "No
# further details were provided", "did not elaborate", "declined to comment", "have not
# formally confirmed".
UNKNOWN_RE = re.compile(
    r"\b(?:remains?|remained|is|was|are|were)\s+(?:still\s+)?(?:unclear|unknown|uncertain"
    r"|not\s+(?:yet\s+)?(?:known|clear))\b"
    r"|\bno\s+(?:further\s+|other\s+|more\s+)?details\b|\bgave\s+no\s+details\b"
    r"|\bwithout\s+(?:giving\s+)?(?:any\s+)?details\b"
    r"|\bdid\s+not\s+(?:elaborate|specify|disclose|give\s+details)\b"
    r"|\bdeclined\s+to\s+(?:elaborate|comment|specify)\b"
    r"|\b(?:have|has|had)\s+not\s+(?:\w+\s+)?confirmed\b",
    re.IGNORECASE,
)


def says_unknown(text: str) -> bool:
    """Whether `text` says that something is not known or was not told."""
    return UNKNOWN_RE.search(text) is not None


# "According to the Lund police, …", "…, according to Fjordposten.": whom a sentence
# says its news is from, where it names them.
ACCORDING_TO_RE = re.compile(r"\baccording\s+to\s+(?P<source>[^,;.]+)", re.IGNORECASE)


def attributed_elsewhere(text: str, source_terms: frozenset[str]) -> bool:
    """Whether `text` says its news is from a named source that is none of
    `source_terms` ("According to the Lund police" for a question after Fjordposten's
    count), and names none of them anywhere."""
    if not source_terms.isdisjoint(terms_of(text)):
        return False
    return any(
        any(word[:1].isupper() for word in found.group("source").split())
        for found in ACCORDING_TO_RE.finditer(text)
    )
