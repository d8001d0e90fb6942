"""Splitting article text into sentences, by character offsets so quotes stay verbatim.

News text breaks naive splitters in known places: titles and abbreviations
("Mr.", "Gen.", "No. 3", "U.S."), initials ("J. Mansour"), quotations that end a
sentence ('… he said." Next'), bullets and headings. The splitter returns spans,
never rewritten text: a quote is always `body[start:end]`.

A "sentence" longer than `MAX_SENTENCE_CHARS` (a run-on list, or a hostile file of
megabytes without a full stop) is cut into pieces at clause breaks or spaces, so that
no question ever scores more than that much text per sentence.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from bot.engine.timeframe import ABBREVIATIONS as MONTH_ABBREVIATIONS

ABBREVIATIONS = (
    frozenset(
        """mr mrs ms messrs dr prof gen lt col sgt capt cmdr adm maj brig cpl pvt sen rep gov pres
    st mt ft jr sr rev hon vs v etc inc ltd corp co bros dept univ assn est approx fig vol ch
    art para no nos pp""".split()
    )
    | MONTH_ABBREVIATIONS
)
# Words that begin a new sentence even right after an acronym such as "U.S.".
SENTENCE_STARTERS = frozenset(
    """the this that these those it its he she they we i you in on at as a an but and or so
    yet however meanwhile according after before while when since if there here his her their
    our one some many most officials""".split()
)
BULLET_RE = re.compile(r"[-*•●▪‣◦–]\s+")
# A sentence can end at . ! ? or … , perhaps followed by closing quotes or brackets.
END_RE = re.compile(r"[.!?…]+[\"'”’)\]]*(?=\s)")
WORD_BEFORE_RE = re.compile(r"([A-Za-z][A-Za-z.]*)[.!?…]+[\"'”’)\]]*$")
TERMINAL = (".", "!", "?", "…", '"', "'", "”", "’", ")")
# Quotes and brackets that may close a sentence after its full stop: '"We will know more."'.
CLOSING_MARKS = "\"'”’»)]"
MAX_SENTENCE_CHARS = 1_000
"""Longer sentences are cut. In 1,387 real news articles 99.9% of 43,692 sentences were
under 450 characters and five over 1,000."""
CLAUSE_BREAK_RE = re.compile(r"[,;:)\]”’\"]\s|\s[–—-]\s")
"""Where a long sentence is best cut: after a comma, semicolon, colon or closing mark,
or at a dash between spaces."""

# The text of a link that a page dump left inside a paragraph: a prompt to watch, see or
# read something, closed by the link's quote mark and run into the next sentence
# ('Watch what the company has done" The company, one of …'). It is page furniture,
# not a sentence of the story; it is found only where no quotation is open, so the last
# sentence of a quotation that runs over several sentences is never taken for one.
# A share button's label glued to the next sentence ("E-mail to a friend CNN's …") is
# furniture too.
LINK_TEXT_RE = re.compile(
    r"(?:(?:Interactive(?: map)?|Explainer|Video|Photos|Gallery|Timeline|Map)\s*:\s*)?"
    r"(?:Watch|See|Read|Learn|View|Listen|Explore|Click)\b[^\"“”\n]{0,200}?[\w.!?]"
    r"[\"”](?=\s|$)"
    r"|(?:E-?mail (?:this )?to a friend|Share this (?:story|article)|Print this (?:story|page))"
    r"(?=\s)"
)
# A sentence that is about the article, not the news: the reporters' credit line
# ("CNN's Jo Lee in Paris and Al Ray contributed to this report.": names, their
# newsroom roles and the little words between them, so that a credit run into a
# sentence of the story keeps it). An opinion piece's disclaimer stays: it may be the
# only place that names its author.
NEWSROOM_ROLES = (
    r"senior|chief|deputy|associate|political|medical|foreign|national|special|former"
    r"|correspondents?|producers?|journalists?|reporters?|contributors?|interns?|editors?"
    r"|writers?|photographers?|stringers?|staff|bureau|director|analyst|meteorologist"
    r"|coordinator|archive|affairs|news|hosts?|anchors?|presenters?|researchers?|assistants?"
)
NOT_THE_STORY_RE = re.compile(
    r"(?:[-–—]+\s*)?(?:(?:[\"“]?[A-Z][\w.'’-]*[\"”]?|and|in|of|at|from|for|with|&|the|an?"
    rf"|de|del|la|da|do|van|von|en|{NEWSROOM_ROLES}),?;?\s+){{1,40}}"
    r"contributed (?:to )?(?:this|the) (?:report|story|article)"
    r"(?: (?:from|for|in)(?: (?:[A-Z][\w.'’-]*|de|la|en))+)?\W{0,3}"
)
QUOTE_MARKS_RE = re.compile(r"[\"“”]")


@dataclass(frozen=True)
class Span:
    """A sentence (or heading) located in a text by offsets."""

    start: int
    end: int
    paragraph: int
    is_heading: bool = False


def _is_boundary(unit: str, end: int, next_start: int) -> bool:
    """Whether the punctuation ending at `end` closes a sentence."""
    following = unit[next_start]
    if following.islower():
        return False
    if not unit[:end].rstrip("\"'”’)]").endswith("."):
        return True  # "!", "?" and "…" are never abbreviations
    before = WORD_BEFORE_RE.search(unit, max(0, end - 40), end)
    word = before.group(1) if before else ""
    bare = word.rstrip(".").lower()
    if not word:
        return True  # "… in 2024. The …"
    if len(bare) == 1 and word[0].isupper():
        return False  # an initial: "J. Mansour"
    if "." in bare:
        # A dotted acronym such as "U.S." ends a sentence only before a typical opener.
        next_word = re.match(r"[\"'“‘(]?(\w+)", unit[next_start:])
        return next_word is not None and next_word.group(1).lower() in SENTENCE_STARTERS
    return bare not in ABBREVIATIONS


def _sentences_in_unit(unit: str) -> Iterator[tuple[int, int]]:
    start = 0
    for match in END_RE.finditer(unit):
        end = match.end()
        next_start = end
        while next_start < len(unit) and unit[next_start].isspace():
            next_start += 1
        if next_start >= len(unit):
            break
        if _is_boundary(unit, end, next_start):
            yield start, end
            start = next_start
    if unit[start:].strip():
        yield start, len(unit.rstrip())


def _units(text: str) -> Iterator[tuple[int, int, int]]:
    """Paragraph lines of `text` as (start, end, paragraph number); bullets stripped."""
    paragraph = -1
    previous_blank = True
    offset = 0
    for line in text.split("\n"):
        line_start, line_end = offset, offset + len(line)
        offset = line_end + 1
        stripped = line.strip()
        if not stripped:
            previous_blank = True
            continue
        if previous_blank:
            paragraph += 1
        previous_blank = False
        lead = len(line) - len(line.lstrip())
        bullet = BULLET_RE.match(line, lead)
        content_start = line_start + (bullet.end() if bullet else lead)
        yield content_start, line_start + len(line.rstrip()), paragraph


def _pieces(text: str, start: int, end: int) -> Iterator[tuple[int, int]]:
    """`text[start:end]` in pieces of at most `MAX_SENTENCE_CHARS`, cut at the last clause
    break in the second half of each piece, else at its last space, else at the limit."""
    while end - start > MAX_SENTENCE_CHARS:
        limit = start + MAX_SENTENCE_CHARS
        window_start = start + MAX_SENTENCE_CHARS // 2
        breaks = [match.end() for match in CLAUSE_BREAK_RE.finditer(text, window_start, limit)]
        space = max(text.rfind(" ", window_start, limit), text.rfind("\t", window_start, limit))
        cut = breaks[-1] if breaks else space if space > 0 else limit
        piece_end = cut
        while piece_end > start and text[piece_end - 1].isspace():
            piece_end -= 1
        yield start, piece_end
        start = cut
        while start < end and text[start].isspace():
            start += 1
    if start < end:
        yield start, end


def _without_link_text(unit: str, start: int, end: int, quote_open: bool) -> tuple[int, bool]:
    """Where the sentence `unit[start:end]` starts once link text before it is skipped,
    and whether a quotation is open after it (`quote_open`: before it)."""
    while not quote_open and (link := LINK_TEXT_RE.match(unit, start, end)):
        start = link.end()
        while start < end and unit[start].isspace():
            start += 1
    for mark in QUOTE_MARKS_RE.finditer(unit, start, end):
        quote_open = _opens(unit, mark.start(), quote_open)
    return start, quote_open


def _opens(unit: str, at: int, quote_open: bool) -> bool:
    """Whether a quotation is open after the quote mark at `unit[at]`. A straight mark
    opens one after a space and before a word ('said "It'), and closes one after a word
    and before a space or the end ('be?"'), whatever came before: a teaser's stray
    closing mark ('Where will the ferry dock?"') had left a quotation open to the end of
    the article, and the link text after it was read as a sentence."""
    mark = unit[at]
    if mark != '"':
        return mark == "“"
    before = unit[at - 1] if at > 0 else " "
    after = unit[at + 1] if at + 1 < len(unit) else " "
    if (before.isspace() or before in "([") and not after.isspace():
        return True
    if not before.isspace() and (after.isspace() or after in ".,;:!?)]"):
        return False
    return not quote_open


def final_mark(text: str) -> str:
    """The mark `text` ends with inside its closing quotes and brackets: "?" for '… "Who
    is she?"', "." for "(It was built in 1988.)"; empty for none."""
    return text.rstrip().rstrip(CLOSING_MARKS)[-1:]


def split_sentences(text: str) -> list[Span]:
    """Sentence spans of `text`: one paragraph per line, headings marked as such, link
    text and credit lines left out; none longer than `MAX_SENTENCE_CHARS`."""
    spans: list[Span] = []
    quote_open = False
    for unit_start, unit_end, paragraph in _units(text):
        unit = text[unit_start:unit_end]
        if len(unit.split(maxsplit=16)) <= 15 and not unit.endswith(TERMINAL):
            sentences, heading = [(0, len(unit))], True
        else:
            sentences, heading = list(_sentences_in_unit(unit)), False
        for start, end in sentences:
            if not heading:
                start, quote_open = _without_link_text(unit, start, end, quote_open)
            # A credit line without its full stop is set apart like a heading.
            if start >= end or NOT_THE_STORY_RE.fullmatch(unit, start, end):
                continue
            for piece_start, piece_end in _pieces(text, unit_start + start, unit_start + end):
                spans.append(Span(piece_start, piece_end, paragraph, is_heading=heading))
    return spans
