"""Splitting article text into sentences, by character offsets so quotes stay verbatim.

News text breaks naive splitters in known places: titles and abbreviations
("Mr.", "Gen.", "No. 3", "U.S."), initials ("J. Mansour"), quotations that end a
sentence ('… he said." Next'), bullets and headings. The splitter returns spans,
never rewritten text: a quote is always `body[start:end]`.
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


def split_sentences(text: str) -> list[Span]:
    """Sentence spans of `text`: one paragraph per line, headings marked as such."""
    spans: list[Span] = []
    for unit_start, unit_end, paragraph in _units(text):
        unit = text[unit_start:unit_end]
        if len(unit.split()) <= 15 and not unit.endswith(TERMINAL):
            spans.append(Span(unit_start, unit_end, paragraph, is_heading=True))
            continue
        for start, end in _sentences_in_unit(unit):
            spans.append(Span(unit_start + start, unit_start + end, paragraph))
    return spans
