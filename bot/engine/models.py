"""The engine's data: articles, their sentences, quotes and answers.

Everything here is plain data, free of Telegram, so that the CLI, the console chat
and the Telegram layer all render the same answer.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from functools import cached_property, lru_cache
from pathlib import Path
from typing import Any

HEADLESS_WORDS = 8  # words of an untitled article's opening that stand for its title
# The kinds of credit a question may ask of an article (`Article.credit`), by field.
CREDIT_FIELDS = {"byline": "byline", "original source": "original_source"}
# A name that can only be an outlet: a web domain, or a word newspapers are called by.
OUTLET_LIKE_RE = re.compile(
    r"^[\w-]+\.(?:com|net|org|ie|co\.uk|uk|de|fr|info|news|io|ua|kr)$"
    r"|\b(?:News|Times|Post|Herald|Journal|Tribune|Guardian|Telegraph|Gazette|Daily|Press"
    r"|Agency|Pravda|Wire|Chronicle|Observer|Reuters|Bloomberg)\b"
)


@lru_cache(maxsize=1024)
def credited_names(
    outlet: str | None, original_source: str | None, byline_after_person: tuple[str, ...]
) -> frozenset[str]:
    """The names an article is credited to: its outlet, the site it credits, and an
    agency or paper that its byline names after the writer ("Ola Dahl, Nordic Press").
    Few articles differ in these, so each set is made once and shared."""
    names = {name for name in (outlet, original_source) if name}
    names.update(part for part in byline_after_person if OUTLET_LIKE_RE.search(part))
    return frozenset(names)


@dataclass(frozen=True)
class Article:
    """One article of the corpus: its metadata and its cleaned body text."""

    article_id: str
    path: Path
    source_file: str
    title: str
    body: str
    outlet: str | None = None
    byline: str | None = None
    published: date | None = None
    url: str | None = None
    language: str = "en"
    original_source: str | None = None

    @classmethod
    def with_body_from(
        cls, read_body: Callable[[], str], digest: str, path: str, **fields: Any
    ) -> Article:
        """An article whose body is read by `read_body` whenever asked for, not held: a
        saved index's article (at 30,000 articles the bodies are 120 MB that a restart
        would otherwise parse and keep). Its `body_digest` is the one saved with it;
        its `path` is made when first asked for (30,000 Paths take a restart 0.1 s)."""
        article = object.__new__(cls)
        vars(article).update(fields, _read_body=read_body, _path=path, body_digest=digest)
        return article

    def __getattr__(self, name: str) -> Any:
        # Reached only for an attribute not set: of a `with_body_from` article, the body
        # (read each time) and the path (made once).
        state = vars(self)
        if name == "body" and "_read_body" in state:
            return state["_read_body"]()
        if name == "path" and "_path" in state:
            state["path"] = Path(state["_path"])
            return state["path"]
        raise AttributeError(f"{type(self).__name__!r} object has no attribute {name!r}")

    def __getstate__(self) -> dict[str, Any]:
        """Pickled with its body in full (a reader of a memory-mapped file is not)."""
        state = dict(vars(self))
        if (reader := state.pop("_read_body", None)) is not None:
            state["body"] = reader()
            state["path"] = Path(state.pop("_path"))
        return state

    @cached_property
    def body_digest(self) -> str:
        """The body's exact digest, worked out once per article: a corpus's key hashes
        these, so that a change of one article among 30,000 does not read them all."""
        return hashlib.sha256(self.body.encode()).hexdigest()

    @property
    def outlet_label(self) -> str:
        """The outlet, or what the page itself credits when it names no outlet."""
        if self.outlet:
            return self.outlet
        if self.original_source:
            return f"unnamed outlet, crediting {self.original_source}"
        return "unnamed outlet"

    @property
    def credits(self) -> frozenset[str]:
        """The names the article is credited to (`credited_names`)."""
        # A comma first: most bylines name a writer alone, and 30,000 searches of the
        # pattern would cost the first question 0.1 s.
        after = self.byline.split(",")[1:] if self.byline and "," in self.byline else ()
        return credited_names(
            self.outlet, self.original_source, tuple(part.strip() for part in after)
        )

    @property
    def headline(self) -> str:
        """The title, or for an article without one, its first words (marked as such)
        or else its file name: never a sentence passed off as a headline."""
        if self.title:
            return self.title
        words = self.body.split(maxsplit=HEADLESS_WORDS)  # the rest stays in one piece
        if words:
            more = "…" if len(words) > HEADLESS_WORDS else ""
            return f"untitled: “{' '.join(words[:HEADLESS_WORDS])}{more}”"
        return f"untitled: {self.path.name}"

    def credit(self, kind: str) -> str | None:
        """What the article credits, of a kind: its "byline" or its "original source"."""
        field_name = CREDIT_FIELDS.get(kind)
        return getattr(self, field_name) if field_name else None

    def citation(self) -> str:
        """Outlet, date and title in one line, as a reader wants to see them."""
        parts = [self.outlet_label]
        parts.append(self.published.isoformat() if self.published else "undated")
        return f"{' · '.join(parts)} — {self.headline}"


@dataclass(frozen=True)
class Passage:
    """One sentence of an article, located by character offsets in its body."""

    passage_id: int
    article: Article
    start: int
    end: int
    paragraph: int
    is_heading: bool = False

    @property
    def text(self) -> str:
        return self.article.body[self.start : self.end]


@dataclass(frozen=True)
class Quote:
    """A passage offered as an answer, with the spans a reader's eye should land on."""

    passage: Passage
    score: float
    highlights: tuple[tuple[int, int], ...] = ()
    figure: str | None = None
    # Of a question for who wrote a piece or where it first ran: the kind of credit
    # ("byline", "original source") its article gives, quoted instead of a sentence;
    # the passage is the article's sentence that matched the question.
    credit: str = ""

    @property
    def text(self) -> str:
        return (self.article.credit(self.credit) or "") if self.credit else self.passage.text

    @property
    def article(self) -> Article:
        return self.passage.article

    def to_json(self) -> dict[str, Any]:
        article = self.article
        return {
            "text": self.text,
            "source_file": article.source_file,
            "title": article.title,
            "outlet": article.outlet,
            "published": article.published.isoformat() if article.published else None,
            "score": round(self.score, 4),
            "url": article.url,
            "figure": self.figure,
            "highlights": [list(span) for span in self.highlights],
            "credit": self.credit or None,
        }


@dataclass(frozen=True)
class FigureReport:
    """One figure the sources give for what was asked, and which quotes give it."""

    figure: str
    quotes: tuple[int, ...]  # indexes into Answer.quotes


@dataclass(frozen=True)
class TimelineEntry:
    """One distinct figure of a thing, as first reported (see `engine.timeline`)."""

    day: date | None  # the quote's own date ("as of January") or its article's
    figure: str
    quote: Quote
    disagrees: bool = False  # another figure is reported for the same date
    revises: str | None = None  # the earlier figure this later report replaces

    def to_json(self) -> dict[str, Any]:
        article = self.quote.article
        return {
            "date": self.day.isoformat() if self.day else None,
            "figure": self.figure,
            "quote": self.quote.text,
            "source": {
                "outlet": article.outlet,
                "source_file": article.source_file,
                "title": article.title,
                "published": article.published.isoformat() if article.published else None,
            },
            "disagrees": self.disagrees,
            "revises": self.revises,
        }


@dataclass(frozen=True)
class Answer:
    """The engine's reply to one question: quotes best first, or a decline."""

    question: str
    answered: bool
    quotes: tuple[Quote, ...] = ()
    intent: str = "other"
    message: str = ""
    figures: tuple[FigureReport, ...] = ()
    # Quotes (indexes into `quotes`) from articles of another story than the first
    # quote's, whose figures are not set against its (`choosing.compared`).
    other_stories: tuple[int, ...] = ()
    notes: tuple[str, ...] = field(default=())
    decline_reason: str | None = None  # a code from engine.deciding.REASONS when declined
    # The whole question answered, when the question leaned on the one before it ("When
    # did he die?" after "Who is Ina Berg?": "When did Ina Berg die?"); else empty.
    read_as: str = ""
    # Time: the period or outlet the answer was limited to ("published by 2024-11-30"),
    # which quote is newest when "latest" was asked, the figures in date order when a
    # timeline was, and whether the question asks about now (the reply then says how
    # old its newest source is).
    limited_to: str = ""
    newest: str = ""
    timeline: tuple[TimelineEntry, ...] = ()
    time_sensitive: bool = False

    @property
    def newest_published(self) -> date | None:
        """The publication date of the newest quoted article."""
        return max((q.article.published for q in self.quotes if q.article.published), default=None)

    def other_stories_note(self, limit: int) -> str:
        """Which of the first `limit` quotes tell another story than the first's
        ("Quotes 3 and 5 are from other stories …"); empty when none does."""
        numbers = [str(i + 1) for i in self.other_stories if i < limit]
        if not numbers:
            return ""
        if len(numbers) == 1:
            return f"Quote {numbers[0]} is from another story: its figure is not compared."
        listed = ", ".join(numbers[:-1]) + f" and {numbers[-1]}"
        return f"Quotes {listed} are from other stories: their figures are not compared."

    @property
    def sources_differ(self) -> bool:
        """Whether the quotes give different figures for what was asked."""
        return len(self.figures) > 1

    def figures_shown(self, limit: int) -> tuple[FigureReport, ...]:
        """The figures that the first `limit` quotes give: where fewer quotes are shown
        than were chosen, a figure only a later quote gives is not set beside them."""
        return tuple(report for report in self.figures if any(i < limit for i in report.quotes))

    def to_json(self, limit: int = 5) -> dict[str, Any]:
        return {
            "question": self.question,
            "answered": self.answered,
            "quotes": [quote.to_json() for quote in self.quotes[:limit]],
            "intent": self.intent,
            "sources_differ": len(self.figures_shown(limit)) > 1,
            "figures": [
                {"figure": report.figure, "quotes": [i for i in report.quotes if i < limit]}
                for report in self.figures_shown(limit)
            ],
            "other_stories": [i for i in self.other_stories if i < limit],
            "message": self.message,
            "decline_reason": self.decline_reason,
            "read_as": self.read_as,
            "notes": list(self.notes),
            "limited_to": self.limited_to,
            "newest": self.newest,
            "timeline": [entry.to_json() for entry in self.timeline],
        }


@dataclass(frozen=True)
class CorpusProblem:
    """A corpus file that could not be used, or was used with a caveat."""

    file: str
    reason: str
    fatal: bool = True

    def __str__(self) -> str:
        return f"{self.file}: {self.reason}"
