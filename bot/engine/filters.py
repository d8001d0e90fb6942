"""What a question limits its answer to: a period, an outlet, an order; and timelines.

In plain words ("according to Newslooks", "in BreakingNews.ie", "by November 2024",
"the latest figure", "how has the number of troops changed?") or as options for power
users (`from:2024-11 to:2025-01 outlet:newslooks`). `read_filters` takes them out of
the question, so that the rest is read as any other question, and `ArticleFilter`
says which articles (and sentences, by their own "as of" date) may answer.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from functools import lru_cache

import numpy as np
from numpy.typing import NDArray
from rapidfuzz.distance import DamerauLevenshtein

from bot.engine import features
from bot.engine.analysis import english_zipf, terms_of
from bot.engine.index import SentenceIndex
from bot.engine.models import OUTLET_LIKE_RE, Article
from bot.engine.retrieval import IntArray
from bot.engine.timeframe import (
    Span,
    TimeAsked,
    Window,
    is_relative_season,
    parse_span,
    read_time,
    stated_date,
)

OPTION_RE = re.compile(r"(?<!\S)(?P<key>from|to|since|until|outlet|source):(?P<value>\S+)", re.I)
# "according to Newslooks", "in BreakingNews.ie", "reported by the Example Times".
OUTLET_CUE_RE = re.compile(
    r"(?:,\s*)?\b(?P<cue>acc?ording to|reported by|in|from|by|at|per|on)\s+(?:the\s+)?"
    r"(?P<name>[\w.&'’-]+(?:\s+[\w.&'’-]+){0,3})",
    re.IGNORECASE,
)
DOMAIN_RE = re.compile(r"^[\w-]+(?:\.[\w-]+)+$")  # "lundnews.example.com"
TIMELINE_RE = re.compile(
    r"\b(?:how\s+(?:has|have|did)\b.*?\b(?P<verb>chang(?:ed|e)|evolved?|develop(?:ed)?"
    r"|gr[eo]wn?|risen|rise|shifted|moved)\b|(?P<time>over time|through time)"
    r"|(?P<lead>timeline of|history of))",
    re.IGNORECASE,
)


def outlet_key(name: str) -> str:
    """An outlet's name as compared: letters and digits, lower case."""
    return re.sub(r"[\W_]+", "", name.lower())


def _outlet_names(outlet: str) -> set[str]:
    """ "BreakingNews.ie" is also "BreakingNews"; "lundnews.example.com", "lundnews";
    "The Example Times", "Example Times"."""
    names = {
        outlet,
        re.sub(r"\.\w{2,3}(?:\.\w{2})?$", "", outlet),
        re.sub(r"^the\s+", "", outlet, flags=re.I),
    }
    if DOMAIN_RE.match(outlet):
        names.add(outlet.split(".", 1)[0])
    return {name for name in names if name}


def initials(name: str) -> str | None:
    """A name of two words or more by its capitals' initials ("Nordic Press": "NP"), as
    an agency is called; None for a name of one word."""
    words = re.findall(r"[A-Z][\w'’-]*", re.sub(r"^the\s+", "", name, flags=re.I))
    return "".join(word[0] for word in words) if len(words) >= 2 else None


def _names_and_initials(outlets: Sequence[str]) -> set[str]:
    """Every name the outlets go by (`_outlet_names`), and their `initials`."""
    names = {name for outlet in outlets for name in _outlet_names(outlet)}
    names.update(short for outlet in outlets if (short := initials(outlet)))
    return names


def _outlet_keys(outlet: str) -> set[str]:
    """The keys an outlet's names are compared by (`outlet_key`)."""
    return {key for name in _outlet_names(outlet) if (key := outlet_key(name))}


@dataclass(frozen=True)
class Filters:
    """What the question limits its answer to (nothing, by default)."""

    time: TimeAsked = field(default_factory=TimeAsked)
    outlet: str | None = None  # an outlet of the corpus
    missing_outlet: str | None = None  # an outlet asked for that the corpus lacks
    timeline: bool = False  # "how has … changed": the figures in date order
    # "byline", "original source" or "sources": who wrote it, where it ran, what it cites
    credit: str | None = None

    @property
    def window(self) -> Window | None:
        return self.time.window

    @property
    def limits(self) -> bool:
        return self.window is not None or self.outlet is not None


NO_FILTERS = Filters()


def match_outlet(words: str, outlets: Sequence[str]) -> tuple[str | None, int]:
    """The corpus outlet that the first words of `words` name (or its initials, in
    capitals: "NP" for "Nordic Press"), and how many words."""
    tokens = words.split()
    keys = {key: outlet for outlet in outlets for key in _outlet_keys(outlet)}
    for size in range(len(tokens), 0, -1):
        found = keys.get(outlet_key(" ".join(tokens[:size]).rstrip(".,?!")))
        if found is not None:
            return found, size
    first = re.sub(r"(?:['’]s)?[.,?!]*$", "", tokens[0]) if tokens else ""
    by_initials = {short: outlet for outlet in outlets if (short := initials(outlet))}
    if first.isupper() and (found := by_initials.get(first)) is not None:
        return found, 1
    return None, 0


# "What does Newslooks say about …?", "… , reports BreakingNews.ie": an outlet named as
# the one saying, before or after a verb of saying (not "told CNN": the one told is
# spoken of, and its name may be the answer's word).
VERB_OF_SAYING = r"(?:says?|said|reports?|reported|writes?|wrote)"
# "the Fjordposten analysis", "per the Lund Daily piece": an outlet named by what it
# published, which says nothing the answer's sentence must hold.
PIECE_OF_WRITING = r"(?:article|piece|analysis|report|reporting|story|coverage|account)s?"
PIECE_AFTER = rf"(?:['’]s)?\s+(?i:{PIECE_OF_WRITING})\b"
PIECE_AFTER_RE = re.compile(PIECE_AFTER)

# Who wrote a piece, or where it first ran: answered by what the article credits (its
# byline, its original source), not by its sentences. Asked with a verb ("who wrote the
# story about …?"), or with a noun after a question word ("who is the author of …",
# "which reporter …") or with none ("Fjordposten article author"); never "what did the
# reporter see?", where the reporter is what the sentence tells of.
_WRITER = r"(?:author|writer|byline|reporter|journalist|correspondent)s?"
BYLINE_ASKED_RE = re.compile(
    r"\bwho\s+(?:wrote|authored|penned|filed)\b"
    rf"|^(?:who\s+(?:is|was|are|were)|(?:what|which)\s+(?:is|was|are|were)|name)\s+(?:the\s+)?"
    rf"(?:name\s+of\s+the\s+)?{_WRITER}\b(?:\s+(?:of|for|behind)\b)?"
    rf"|^(?:which|what|whose)\s+{_WRITER}\b",
    re.IGNORECASE,
)
WRITER_RE = re.compile(rf"\b{_WRITER}\b(?:\s+(?:of|for|behind)\b)?", re.IGNORECASE)
ORIGIN_ASKED_RE = re.compile(
    r"(?:\b(?:which|what)\s+(?:web\s?site|site|outlet|(?:news)?paper|publication)\s+)?"
    r"\b(?:originally|first)\s+(?:published|ran|carried|posted|appear(?:ed)?|c[oa]me\s+from)\b"
    r"|\boriginal\s+source\b(?:\s+of\b)?",
    re.IGNORECASE,
)
# The credit asked of a question for the sources a piece names (`read_credit`), besides
# the kinds an article gives (`models.CREDIT_FIELDS`).
SOURCES = "sources"
PIECE_WORDS_RE = re.compile(rf"\b{PIECE_OF_WRITING}\b", re.IGNORECASE)
# "What sources did the Fjordposten report cite?", "ferry toll report sources": the
# line an article names its sources in ("Source: Nordic Press; Lund Radio"), where it
# has one (`choosing.sources_first`); not what sources said ("sources told …").
SOURCES_ASKED_RE = re.compile(
    r"\b(?:what|which)\s+(?:\w+\s+){0,2}?sources?\b(?!\s+(?:say|said|says|told|tell))"
    r"|\bsources?\s+(?:of|for|behind|used)\b|\bcit(?:e|es|ed)\b|\bbased\s+on\s+what\b",
    re.IGNORECASE,
)
# "who wrote it?", "which site first ran this?": what is left of a credit question of
# the piece last quoted (a follow-up), once its asking words are out.
PRONOUN_ONLY_RE = re.compile(r"\W*(?:it|this|that|these|those|them)\W*", re.IGNORECASE)
RELATIVE_WHO_RE = re.compile(r"\b(?:who|whom)\b", re.IGNORECASE)
LEADING_ASK_RE = re.compile(
    r"^\W*(?:where|which|what|who|whom|whose)(?:\s+(?:did|does|do|was|were|has|had|is|are))?\b",
    re.IGNORECASE,
)
SOURCES_WORD_RE = re.compile(r"\bsources?\b", re.IGNORECASE)
SOURCES_USED_RE = re.compile(
    r"\b(?:use[ds]?|using|cit(?:e|es|ed|ing)|rel(?:y|ies|ied)\s+on|based\s+on|draw\s+on)\b",
    re.IGNORECASE,
)
QUESTION_WORD_RE = re.compile(
    r"\b(?:who|whom|whose|what|which|when|where|why|how|did|does|do|is|are|was|were)\b", re.I
)


@lru_cache(maxsize=8)
def _outlet_saying_re(outlets: tuple[str, ...]) -> re.Pattern[str] | None:
    """An outlet's name (as written, without its web ending or "The") beside a verb of
    saying, for the corpus's outlets."""
    names = _names_and_initials(outlets)
    if not names:
        return None
    alternatives = "|".join(re.escape(n) for n in sorted(names, key=len, reverse=True))
    # The name as the outlet writes it, capitals and all: "what do people say" names no
    # magazine called People.
    return re.compile(
        rf"(?<!\w)(?P<before>{alternatives})(?!\w)(?=\s+(?i:{VERB_OF_SAYING})\b)"
        rf"|\b(?i:{VERB_OF_SAYING})\s*,?\s+(?i:the\s+)?(?P<after>{alternatives})(?!\w)"
        # ... but before a word for what it published, in any case: "the newslooks piece"
        rf"|(?<!\w)(?P<piece>(?i:{alternatives})(?!\w){PIECE_AFTER})"
    )


def unwritten_names(outlets: Sequence[str], knows: Callable[[str], bool]) -> frozenset[str]:
    """The outlets' names (and initials) whose words no article's text has (`knows`
    says which terms one has): such a name in a question can only name the outlet."""
    return frozenset(
        name
        for name in _names_and_initials(outlets)
        if (terms := terms_of(name)) and not any(map(knows, terms))
    )


@lru_cache(maxsize=8)
def _bare_name_re(names: frozenset[str]) -> re.Pattern[str] | None:
    """Any of `names` as a word, in any case, with what the outlet published after it
    ("the lund daily's report"); initials in capitals, and only before that ("the NP's
    report"): two capitals alone may be anything."""
    if not names:
        return None
    by_length = sorted(names, key=len, reverse=True)
    spelled = "|".join(re.escape(name) for name in by_length if not name.isupper())
    short = "|".join(re.escape(name) for name in by_length if name.isupper())
    published = rf"(?:['’]s\b|{PIECE_AFTER})"
    alternatives = [f"(?P<name>(?i:{spelled}))(?!\\w){published}?"] if spelled else []
    if short:
        alternatives.append(f"(?P<initials>{short})(?={published})(?:['’]s\\b)?")
    return re.compile(rf"(?<![\w.])(?:{'|'.join(alternatives)})")


# A word typed for an outlet's one-word name that no article's text has ("Newsooks" for
# Newslooks): one this long at least, a letter from the name, and no English word.
MENDED_OUTLET_LETTERS = 6
OUTLET_TYPO_ZIPF = 2.5
# A word as typed, without a possessive's "'s" ("Fjordpsten" of "Fjordpsten's").
OUTLET_WORD_RE = re.compile(r"(?<![\w.'’-])[^\W\d_][\w-]*(?![\w.-])")


def _outlet_typos_mended(question: str, unwritten: frozenset[str]) -> str:
    """`question` with each word that is a typo of an outlet's one-word name that no
    article's text has (`unwritten_names`) written as the name: "Newsooks article
    author" asks for the Newslooks byline, as "newslooks article author" does."""
    names = [n for n in unwritten if " " not in n and len(n) >= MENDED_OUTLET_LETTERS]
    if not names:
        return question

    def mended(found: re.Match[str]) -> str:
        typed = found.group()
        if len(typed) < MENDED_OUTLET_LETTERS:
            return typed
        near = [n for n in names if DamerauLevenshtein.distance(typed.lower(), n.lower()) == 1]
        # wordfreq only for a word a letter from a name: most questions have none
        if len(near) != 1 or english_zipf(typed.lower()) >= OUTLET_TYPO_ZIPF:
            return typed
        return near[0]

    return OUTLET_WORD_RE.sub(mended, question)


def read_filters(
    question: str,
    outlets: Sequence[str],
    today: date,
    unwritten: frozenset[str] = frozenset(),
    credited: frozenset[str] = frozenset(),
    cited: Callable[[str], bool] = lambda name: False,
) -> tuple[Filters, str]:
    """The filters `question` asks for, and the question without them; `unwritten`:
    outlets' names that no article's text has, read as the outlet wherever they stand
    ("newslooks author"), not only after "according to"; `credited`: the kinds of credit
    some article gives ("byline", "original source"), which a question may ask for
    (`read_credit`); `cited`: whether the articles' text names a source ("the Lund
    Herald reported …"), which "according to the Lund Herald" then asks about as one
    they cite, not as an outlet the corpus lacks."""
    filters = NO_FILTERS
    window: Window | None = None
    question = _outlet_typos_mended(question, unwritten)
    for match in reversed(list(OPTION_RE.finditer(question))):
        key, value = match.group("key").lower(), match.group("value")
        if key in ("outlet", "source"):
            outlet, _ = match_outlet(value.replace("_", " "), outlets)
            filters = replace(filters, outlet=outlet, missing_outlet=None if outlet else value)
        else:
            span = parse_span(value, today)
            if span is None:
                continue  # not a date: left in the question, where it does no harm
            window = window or Window(label="")
            if key in ("from", "since"):
                window = replace(window, first=span.first)
            else:
                window = replace(window, last=span.last)
        question = question[: match.start()] + question[match.end() :]
    if filters.outlet is None and filters.missing_outlet is None:
        for match in OUTLET_CUE_RE.finditer(question):
            outlet, size = match_outlet(match.group("name"), outlets)
            if outlet is None:
                name = match.group("name").rstrip(".,?!")
                cue = match.group("cue").lower()
                if cue.endswith("ording to") and OUTLET_LIKE_RE.search(name) and not cited(name):
                    filters = replace(filters, missing_outlet=name)
                    question = question[: match.start()] + " " + question[match.end() :]
                    break
                continue
            consumed = match.start("name") + len(" ".join(match.group("name").split()[:size]))
            # ... and what it published: "per the Fjordposten piece"
            if piece := PIECE_AFTER_RE.match(question, consumed):
                consumed = piece.end()
            filters = replace(filters, outlet=outlet)
            question = question[: match.start()] + " " + question[consumed:]
            break
    saying = _outlet_saying_re(tuple(outlets))
    said = saying.search(question) if saying is not None else None
    if filters.outlet is None and filters.missing_outlet is None and said is not None:
        # The name goes; the verb stays, a weak word of the question.
        name = next(group for group in ("before", "after", "piece") if said.group(group))
        outlet, _ = match_outlet(said.group(name), outlets)
        filters = replace(filters, outlet=outlet)
        question = question[: said.start(name)] + " " + question[said.end(name) :]
    bare = _bare_name_re(unwritten)
    named = bare.search(question) if bare is not None else None
    if filters.outlet is None and filters.missing_outlet is None and named is not None:
        outlet, _ = match_outlet(named.group("name") or named.group("initials"), outlets)
        filters = replace(filters, outlet=outlet)
        question = question[: named.start()] + " " + question[named.end() :]
    filters, question = read_credit(filters, question, credited)
    timeline = TIMELINE_RE.search(question)
    if timeline is not None:
        filters = replace(filters, timeline=True)
        group = next(g for g in ("verb", "time", "lead") if timeline.group(g))
        question = question[: timeline.start(group)] + " " + question[timeline.end(group) :]
    time, question = read_time(question, today)
    if window is not None:
        label = window.describe()
        time = replace(time, window=replace(window, label=label))
    filters = replace(filters, time=time)
    return filters, " ".join(question.split())


def read_credit(filters: Filters, question: str, credited: frozenset[str]) -> tuple[Filters, str]:
    """A question for who wrote a piece or where it first ran, of a corpus whose
    articles give that credit (`credited`), or for the sources it names: the filters
    with the credit asked for, and the question without its asking words and its words
    for a piece of writing, which the articles' sentences do not hold. Only of a piece
    named as such ("story", "article") or of an outlet: "who wrote the letter?" asks
    what a sentence tells."""
    piece = filters.outlet is not None or PIECE_WORDS_RE.search(question) is not None
    terse = not QUESTION_WORD_RE.search(question)
    if piece and (
        SOURCES_ASKED_RE.search(question) or (terse and SOURCES_WORD_RE.search(question))
    ):
        # "source" stays, a word of the line that names them; the piece and how it used
        # them go.
        rest = SOURCES_USED_RE.sub(" ", PIECE_WORDS_RE.sub(" ", question))
        return replace(filters, credit=SOURCES), " ".join(rest.split())
    asked = ORIGIN_ASKED_RE.search(question)
    kind = "original source"
    if asked is None:
        asked = BYLINE_ASKED_RE.search(question)
        kind = "byline"
        if asked is None and terse:
            asked = WRITER_RE.search(question)  # "Fjordposten article author"
    if asked is None or kind not in credited:
        return filters, question
    rest = question[: asked.start()] + " " + question[asked.end() :]
    if not piece and not PRONOUN_ONLY_RE.fullmatch(rest):
        return filters, question
    if RELATIVE_WHO_RE.search(question, asked.end()):
        return filters, question  # "the Fjordposten reporter who was hurt": a person told of
    rest = PIECE_WORDS_RE.sub(" ", rest)
    # "Where did the story first appear?": the question word asks for the credit, not
    # for a place in a sentence.
    rest = LEADING_ASK_RE.sub(" ", rest)
    return replace(filters, credit=kind), " ".join(rest.split())


LEADING_WORDS_RE = re.compile(r"^(?:(?:on|in|since|by|until|from|early|late|mid-?)\s+)+", re.I)
DATED_SENTENCES = 200  # sentences outside the window's articles whose own dates are read


def sentence_dates(text: str, article: Article, seasons_told: bool = True) -> list[Span]:
    """The dates a sentence names ("in March", "since 2000", "last fall"), read from its
    article's date; with `seasons_told` False, not a season told relative to it."""
    base = article.published or date.today()
    written = (LEADING_WORDS_RE.sub("", text[start:end]) for start, end in features.dates(text))
    found = (
        parse_span(when, base) for when in written if seasons_told or not is_relative_season(when)
    )
    return [span for span in found if span is not None]


class ArticleFilter:
    """Which articles, and which sentences, the filters let answer."""

    def __init__(self, index: SentenceIndex, filters: Filters) -> None:
        self.index = index
        self.filters = filters
        window = filters.window
        self.by_outlet: NDArray[np.bool_] = (
            np.ones(len(index.articles), dtype=bool)
            if filters.outlet is None
            else np.fromiter(
                (filters.outlet in credits for credits in index.article_credits),
                dtype=bool,
                count=len(index.articles),
            )
        )
        self.allowed: NDArray[np.bool_] = (
            self.by_outlet
            if window is None
            else self.by_outlet & window.holds_days(index.published_days, index.published_month)
        )

    @property
    def empty(self) -> bool:
        return not self.allowed.any()

    def keep(
        self, passages: IntArray, scores: NDArray[np.float64] | None = None
    ) -> NDArray[np.bool_]:
        """Which of `passages` may answer: those of an allowed article, and, with a
        window, those whose own date falls in it ("In March, South Korea reported…",
        "as of January") whenever their article was published; a sentence dated "as of"
        a time outside the window is left out; an article without a date of its own is
        of the window when one of these sentences is. Own dates are read only in the
        `DATED_SENTENCES` best of `scores` (BM25 alone) outside the allowed articles."""
        if not self.filters.limits:
            return np.ones(len(passages), dtype=bool)
        articles = self.index.article_of[passages]
        ok = self.allowed[articles].copy()
        window = self.filters.window
        if window is None:
            return ok
        for position in np.nonzero(ok)[0]:
            passage = self.index.passage(int(passages[position]))
            day = stated_date(passage.text, passage.article.published)
            if day is not None:
                ok[position] = window.holds(day)
        outside = others = np.nonzero(~self.allowed[articles] & self.by_outlet[articles])[0]
        if scores is not None and len(others) > DATED_SENTENCES:
            others = others[np.argsort(-scores[others], kind="stable")[:DATED_SENTENCES]]
        dated_by_sentence: set[int] = set()
        for position in others:
            passage = self.index.passage(int(passages[position]))
            # A sentence answers for the window only by a date that lies in it: "his
            # term ends in 2031" overlaps July 2031 but says nothing happened then.
            # A later article's "last fall" places its sentence in a period asked about
            # ("in autumn 2024"), not in what was known by a day ("by November 2024"),
            # whose answers are the articles of then (the seed set's 2025 look back).
            told = sentence_dates(passage.text, passage.article, window.first is not None)
            ok[position] = any(window.within(span) for span in told)
            if ok[position] and passage.article.published is None:
                dated_by_sentence.add(int(articles[position]))
        if dated_by_sentence:
            # An article without a date of its own is of the period its sentences give:
            # "Who ran the port authority from 1993 to 2003?" is answered by the lead of
            # the article whose later sentence says "she ran it from 1993 to 2003".
            ok[outside] |= np.isin(articles[outside], list(dated_by_sentence))
        return ok
