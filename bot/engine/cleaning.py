"""Turning a raw page dump into article text: drop page furniture, keep every sentence.

The rules are about kinds of furniture (ad markers, share and newsletter prompts,
comment forms, copyright footers, photo credits, bylines, date lines, repeated
headlines, tag lines), never about particular articles. Cleaning only ever removes
whole lines and the white space around them: what is kept stands in the raw file
word for word, so a quote of a cleaned article is a quote of the raw page too.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

from bot.engine.analysis import fold_accents
from bot.engine.sentences import final_mark
from bot.engine.timeframe import FULL_DATE_RE, WEEKDAY_PATTERN, parse_date

_TIME = r"\d{1,2}[:.]\d{2}(?:\s*[AaPp]\.?[Mm]\.?)?(?:\s*[A-Z]{2,4})?"
# A line that is nothing but a date, perhaps with a weekday and a time: a dateline.
DATELINE_RE = re.compile(
    rf"^(?:(?:Published|Updated|Posted)(?: on)?:?\s*)?(?:{WEEKDAY_PATTERN},?\s*)?(?:{_TIME},?\s*)?"
    rf"(?:{FULL_DATE_RE.pattern})(?:,?\s*(?:at\s*)?{_TIME})?\.?$",
    re.IGNORECASE,
)
BYLINE_RE = re.compile(r"^(?:By|Written by|Author:)\s+(?P<name>[A-Z][^\n]{1,80})$")
# "© BreakingNews.ie 2024, developed by …": the site that owns the page, then a year.
COPYRIGHT_RE = re.compile(r"©\s*(?P<owner>[^,;|©]*?[A-Za-z][^,;|©]*?)\s+(?:19|20)\d{2}\b")
ORIGINAL_SOURCE_RE = re.compile(
    r"^(?:original\s+)?source:\s*(?P<site>(?:https?://)?[\w.-]+\.[a-z]{2,}\S*)$", re.I
)
# Whole lines that are page furniture whatever the site: ad markers, buttons, forms.
FURNITURE_LINE_RE = re.compile(
    r"^(?:advertisement|advert|ad|sponsored(?: content)?|promoted|share"
    r"|share this(?: article| story)?"
    r"|tweet|print|email|comments?|\d+ comments?|leave a (?:reply|comment)|post comment"
    r"|read (?:more|next)|see also|related(?: articles| stories| news)?|more from .{1,40}"
    r"|recommended(?: for you)?|trending|most read|top stories|you may also like"
    r"|skip to (?:main )?content|support us|subscribe|sign in|log in|menu|search"
    r"|previously|background|watch|listen|follow us.*|cookie.*|accept(?: all)?(?: cookies)?)"
    r"\s*[:.!]?$",
    re.IGNORECASE,
)
# "See alsoSome teaser": a marker with the next teaser glued to it.
GLUED_MARKER_RE = re.compile(r"^(?:see also|read more|related|advertisement)(?=[A-Z])", re.I)
# A reader prompt addresses the reader ("you", "us") about a page action.
PROMPT_WORDS_RE = re.compile(
    r"\b(?:e-?mail|newsletter|subscribe|sign up|download|app|apps|share|comment|reply"
    r"|follow|support|donate|patron|cookies?|submitting|waiting|notifications?|log in"
    r"|required fields)\b",
    re.IGNORECASE,
)
READER_WORDS_RE = re.compile(r"\b(?:you|your|us|our|we)\b", re.IGNORECASE)
# "(Nordic Press/via AP)": a photo's credit, closing its caption.
CREDIT_IN_BRACKETS = r"\((?:[^()]*\b(?:via|photo|AP|Reuters|AFP|Getty|EPA)\b[^()]*)\)\s*$"
CREDIT_IN_BRACKETS_RE = re.compile(CREDIT_IN_BRACKETS, re.IGNORECASE)
PHOTO_CREDIT_RE = re.compile(
    r"(?:\b(?:photo|image|images|picture|video|illustration)s?(?:\s+source)?\s*:\s*\S"
    rf"|{CREDIT_IN_BRACKETS}"
    r"|^(?:symbolic|illustrative|file|stock) (?:representation|image|photo|picture)\b)",
    re.IGNORECASE,
)
# A caption that tells what happened, in a sentence before its credit ("Mayor Ina Berg
# shakes hands with the ferry's captain at the Voss pier (Nordic Press/via AP)"), is
# the article's text: often its only word of where or how. Names and a credit alone
# ("Ina Berg, Lars Vik. Photo: Nordic Press") are not.
CAPTION_WORDS = 8
CAPTION_COMMON_WORDS = 3
BULLET_RE = re.compile(r"^\s*(?:[-*•●▪‣◦–]\s+)")
TERMINAL_PUNCT = tuple(".!?\"'”’)…:")


def fold(text: str) -> str:
    """Lower-case, accent-free, single-spaced text for comparing lines."""
    return " ".join(re.sub(r"[^\w\s]", " ", fold_accents(text).lower()).split())


@dataclass
class CleanedPage:
    """What cleaning found in a raw page: the article text and what metadata it showed."""

    title: str
    paragraphs: list[str]
    published: date | None = None
    byline: str | None = None
    outlet: str | None = None
    original_source: str | None = None
    url: str | None = None  # an HTML page may declare these; a text dump does not
    language: str | None = None
    dropped: list[str] = field(default_factory=list)

    @property
    def body(self) -> str:
        return "\n\n".join(self.paragraphs)


def _is_reader_prompt(line: str) -> bool:
    words = line.split()
    return (
        len(words) <= 16
        and PROMPT_WORDS_RE.search(line) is not None
        and READER_WORDS_RE.search(line) is not None
    )


def _is_tag_line(line: str) -> bool:
    """A keyword strip like `Topic A/ Topic B/ Site/ Edition/ …`."""
    return line.count("/ ") + line.count(" | ") >= 4


def _is_heading(line: str) -> bool:
    return len(line.split()) <= 12 and not line.endswith(TERMINAL_PUNCT)


def photo_credit_at_end(text: str) -> re.Match[str] | None:
    """The photo's credit in brackets that ends `text` ("(Nordic Press/via AP)"), if
    one does: the mark of a caption. Only a text that ends in a bracket is searched, so
    the story's sentences cost a character's look."""
    return CREDIT_IN_BRACKETS_RE.search(text) if text.rstrip().endswith(")") else None


def _tells_something(caption: str) -> bool:
    """Whether a photo's caption is a sentence before its credit in brackets: of
    `CAPTION_WORDS` or more, `CAPTION_COMMON_WORDS` of them in lower case."""
    credit = photo_credit_at_end(caption)
    if credit is None:
        return False
    words = caption[: credit.start()].split()
    common = sum(word[0].islower() for word in words)
    return len(words) >= CAPTION_WORDS and common >= CAPTION_COMMON_WORDS


def _furniture_kind(line: str) -> str | None:
    """Why `line` is page furniture, or None when it is article text."""
    if not any(ch.isalpha() for ch in line):
        return "no words"
    if FURNITURE_LINE_RE.match(line) or GLUED_MARKER_RE.match(line):
        return "page marker"
    if "©" in line or re.match(r"^(?:copyright|\(c\))\b", line, re.I):
        return "copyright"
    if PHOTO_CREDIT_RE.search(line) and len(line.split()) <= 40:
        return "caption" if _tells_something(line) else "photo caption or credit"
    if _is_reader_prompt(line):
        return "reader prompt"
    if _is_tag_line(line):
        return "tag line"
    return None


# A wire-style dateline names the outlet: "WASHINGTON (CNN) -- …", "(Reuters) - …",
# "LUND, May 6 (Nordic Press Wire) - …", "(Agence France-Presse) - …": up to four words.
# (Of two at most, a three-word outlet's name had been read as the answer to "who"
# questions about its leads.)
WIRE_DATELINE_RE = re.compile(
    r"^(?:[A-Z][\w.'’ ,-]{0,60}\s)?"
    r"\((?P<outlet>[A-Z][A-Za-z&.'’-]{1,20}(?: [A-Z][A-Za-z&.'’-]{1,20}){0,3})\)"
    r"\s*(?:--|—|–|-)\s"
)


def clean_page(raw: str) -> CleanedPage:
    """Split a raw page dump into its title, metadata and article paragraphs."""
    lines = [line.strip() for line in raw.replace("\r\n", "\n").replace("\r", "\n").split("\n")]
    lines = [line for line in lines if line]
    page = CleanedPage(title="", paragraphs=[])
    kept: list[str] = []
    body_started = False
    for line in lines:
        kind = _furniture_kind(line)
        if kind == "copyright" and not page.outlet and (owner := COPYRIGHT_RE.search(line)):
            page.outlet = owner.group("owner").strip(" .")
        captioned = kind in ("photo caption or credit", "caption")
        if captioned and len(kept) > 1 and _is_heading(kept[-1]):
            # An image block: the label just above a caption belongs to the image; but
            # not the page's first line, its headline ("Lund Ferry Sinks", then a
            # caption "Symbolic representation of a ferry").
            page.dropped.append(kept.pop())
        if kind == "caption":
            kept.append(line)
            continue
        if kind is None and (source := ORIGINAL_SOURCE_RE.match(line)):
            page.original_source = source.group("site")
            kind = "original source"
        if kind is None and DATELINE_RE.match(line):
            page.published = page.published or parse_date(line)
            kind = "dateline"
        if kind is None and (byline := BYLINE_RE.match(line)):
            page.byline = page.byline or byline.group("name").strip()
            kind = "byline"
        if kind is None and not body_started and len(line.split()) <= 2 and _is_heading(line):
            kind = "section label"
        if kind is not None:
            page.dropped.append(line)
            continue
        body_started = body_started or len(line.split()) >= 12
        kept.append(line)
    kept = _drop_glued_labels(kept, page.dropped)
    if not page.outlet and kept and (wire := WIRE_DATELINE_RE.match(kept[0])):
        page.outlet = wire.group("outlet")
    # A story that starts straight with its text ("WASHINGTON (CNN) -- …") has no
    # headline: its first sentence stays body text and is not made into a title.
    page.title = _pick_title(kept) or ""
    page.paragraphs = _drop_repeats(kept, fold(page.title), page.dropped)
    return page


def _drop_glued_labels(lines: list[str], dropped: list[str]) -> list[str]:
    """Drop "NewsNorth Korea pledges …": a section label glued to the headline below it."""
    folded = [fold(line) for line in lines]
    result = []
    for position, (line, key) in enumerate(zip(lines, folded, strict=True)):
        if any(
            other != key
            and key.endswith(other)
            and len(key) - len(other) <= 15
            and len(other.split()) >= 4
            for other in folded[position + 1 : position + 4]
        ):
            dropped.append(line)
        else:
            result.append(line)
    return result


def _drop_repeats(lines: list[str], title_key: str, dropped: list[str]) -> list[str]:
    """Keep the first of lines that say the same thing; the headline is not body text."""
    seen = {title_key}
    result = []
    for line in lines:
        key = fold(line)
        if key in seen:
            dropped.append(line)
        else:
            seen.add(key)
            result.append(line)
    return result


def _pick_title(lines: list[str]) -> str | None:
    """The headline: the first line near the top that reads as one, before the story's
    text starts. A line that ends as a sentence ends, inside its closing quotes or
    brackets too ('… "We will know more."'), is the story's text: what follows it is no
    headline, and a story that starts with it has none."""
    for line in lines[:4]:
        if final_mark(line) in (".", "!", "?") or WIRE_DATELINE_RE.match(line):
            return None
        words = len(line.split())
        if 3 <= words <= 25 and ":" not in line[:12]:
            return line
    return None


def looks_like_html(raw: str) -> bool:
    """True for an HTML page rather than a text dump."""
    head = raw.lstrip()[:1000].lower()
    return head.startswith(("<!doctype html", "<html")) or ("<body" in head and "</" in raw)
