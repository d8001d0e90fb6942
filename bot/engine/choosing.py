"""Choosing: which of the scored candidates to quote, in which order.

Best first, near-duplicates dropped (agreeing outlets still both show), and for a
"how many" question each differing figure near the top, so that sources that
disagree stand side by side.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace

from bot.engine.deciding import matches_question
from bot.engine.index import SentenceIndex
from bot.engine.models import Article, FigureReport, Quote
from bot.engine.query import Query
from bot.engine.scoring import Candidate

MIN_RELATIVE_SCORE = 0.3  # further quotes must score this share of the best
DUPLICATE_OVERLAP = 0.9  # only near-identical sentences; agreeing outlets both show
# A sentence much shorter than another is not its duplicate, though the longer one
# holds all its words: "Ruiz was rehearsing at the Civic Hall." says one thing of the
# many that a sentence of thirty words about the hall says. A wire copy trimmed by a
# clause ("…, officials said on Friday") is still a duplicate.
DUPLICATE_LENGTH_SHARE = 0.5
FIGURE_SHARE = 0.4  # a figure's group leads only if its best quote scores this share
# Two articles tell one story when their words (each weighed by its idf, the count of
# sentences holding it damped by a log) are this alike (cosine). Two articles drawn at
# random from 1,384 real news stories are below 0.17 in 99 cases of 100; the five seed
# articles, one story told by several outlets, are 0.16 to 0.54 alike, and each is
# above 0.2 with at least two others.
SAME_STORY = 0.2
CREDITS_SHOWN = 3  # articles whose byline (or original source) answers "who wrote it?"
# The line an article names its sources in: "Source: Nordic Press; Lund Radio".
SOURCES_LINE_RE = re.compile(r"^\W*Sources?\s*:", re.IGNORECASE)


def choose(
    index: SentenceIndex, query: Query, candidates: list[Candidate], limit: int
) -> list[Candidate]:
    """Best first, near-duplicates dropped, each differing figure near the top."""
    best = candidates[0]
    pool = [
        c
        for c in candidates
        if c.score >= MIN_RELATIVE_SCORE * best.score and (c.coverage > 0 or c.semantic)
    ]
    chosen: list[Candidate] = []
    seen_terms: list[set[str]] = []
    # A "how many" answer regroups its quotes by figure: it reads further down first.
    wanted = 3 * limit if query.intent == "quantity" else limit
    for candidate in pool:
        if len(chosen) >= wanted:
            break
        terms = set(index.passage_terms(candidate.passage.passage_id))
        if any(_overlap(terms, other) >= DUPLICATE_OVERLAP for other in seen_terms):
            continue
        seen_terms.append(terms)
        chosen.append(candidate)
    if query.intent == "quantity":
        chosen = _distinct_figures_first(query, chosen, best.score)
    return chosen[:limit]


def _overlap(a: set[str], b: set[str]) -> float:
    """The share of the shorter sentence's terms that the other holds; 0 when it is
    much shorter (`DUPLICATE_LENGTH_SHARE`)."""
    shorter, longer = sorted((len(a), len(b)))
    if shorter < DUPLICATE_LENGTH_SHARE * longer:
        return 0.0
    return len(a & b) / max(1, shorter)


def _distinct_figures_first(
    query: Query, chosen: list[Candidate], best_score: float
) -> list[Candidate]:
    """Quotes grouped by the figure they give, groups in order of their best quote, so
    that agreeing sources stand together and each differing figure is near the top. A
    figure leads only from a quote that answers the question (`matches_question`): "300
    homes" flooded is no answer to how many homes burned."""
    groups: dict[tuple[str, ...], list[Candidate]] = {}
    rest: list[Candidate] = []
    for candidate in chosen:
        # A comparison asked for ("three times higher") keeps its place among the
        # figures; it may lean on the sentence before for its words ("this figure").
        key = ("compares",) if candidate.compares else candidate.figure_key
        if key is not None and (
            key in groups
            or (
                candidate.score >= FIGURE_SHARE * best_score
                and (candidate.compares or matches_question(query, candidate))
            )
        ):
            groups.setdefault(key, []).append(candidate)
        else:
            rest.append(candidate)
    return [c for group in groups.values() for c in group] + rest


def compared(index: SentenceIndex, chosen: list[Candidate]) -> list[bool]:
    """For each quote, whether its figure may be set against the others': all of them
    when they give fewer than two figures, else those of the first quote's story
    (`first_story`). A figure from another story is no source disagreeing: "How many
    people were killed?" over a large corpus finds the dead of a bombing and of a war,
    and they are quoted, not set side by side."""
    figured = {c.figure_key for c in chosen if c.figure is not None and c.figure_key is not None}
    if len(figured) < 2:
        return [True] * len(chosen)
    return first_story(index, chosen)


def figure_reports(chosen: list[Candidate], same_story: list[bool]) -> tuple[FigureReport, ...]:
    """Each distinct figure among the quotes of `same_story` (`compared`), with the
    quotes that give it."""
    reports: dict[tuple[str, ...], tuple[str, list[int]]] = {}
    for position, candidate in enumerate(chosen):
        if candidate.figure is None or candidate.figure_key is None or not same_story[position]:
            continue
        reports.setdefault(candidate.figure_key, (candidate.figure, []))[1].append(position)
    return tuple(FigureReport(figure, tuple(quotes)) for figure, quotes in reports.values())


def first_story(index: SentenceIndex, chosen: list[Candidate]) -> list[bool]:
    """For each quote, whether its article tells the first quote's story: is
    `SAME_STORY` alike with the first's article or with another that does."""
    articles = [int(index.article_of[c.passage.passage_id]) for c in chosen]
    profiles = {article: index.article_vector(article) for article in set(articles)}
    linked = {articles[0]}
    waiting = set(articles) - linked
    grew = True
    while waiting and grew:
        grew = False
        for article in sorted(waiting):
            if any(_cosine(profiles[article], profiles[other]) >= SAME_STORY for other in linked):
                linked.add(article)
                waiting.discard(article)
                grew = True
    return [article in linked for article in articles]


def _cosine(a: dict[str, float], b: dict[str, float]) -> float:
    # Over the shared words only: set operations on the keys run in C.
    return sum(a[term] * b[term] for term in a.keys() & b.keys())


def credit_quotes(quotes: Sequence[Quote], kind: str) -> tuple[Quote, ...]:
    """ "Who wrote the story about …?", "Which site first ran it?": the credit of that
    `kind` (`Article.credit`) of each article the quotes come from, in their order, up
    to `CREDITS_SHOWN`, each with its article's best quote as its passage. None when
    the best article gives none: another article's writer is no answer for it. A
    credit is quoted only as its file writes it."""
    credits: list[Quote] = []
    seen: set[str] = set()
    for quote in quotes:
        article = quote.article
        if article.source_file in seen:
            continue
        seen.add(article.source_file)
        credit = article.credit(kind)
        if not credit or not _stands_in_file(credit, article):
            if not credits:
                return ()
            continue
        credits.append(replace(quote, highlights=(), figure=None, credit=kind))
        if len(credits) == CREDITS_SHOWN:
            break
    return tuple(credits)


def _stands_in_file(text: str, article: Article) -> bool:
    """Whether `text` stands, character for character, in the article's file."""
    try:
        return text in article.path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError):
        return False


def sources_first(index: SentenceIndex, candidates: list[Candidate]) -> list[Candidate]:
    """ "What sources did the report cite?": the line that names its sources ("Source:
    Nordic Press; Lund Radio", `SOURCES_LINE_RE`) of each article the first candidates
    come from, up to `CREDITS_SHOWN` articles, first; the candidates as they are when
    the best article has none. The line weighs what the best candidate does, so that
    the others stay beside it (`MIN_RELATIVE_SCORE`)."""
    best = candidates[0]
    by_passage = {c.passage.passage_id: c for c in candidates}
    articles: list[int] = []
    for candidate in candidates:
        article = int(index.article_of[candidate.passage.passage_id])
        if article not in articles:
            articles.append(article)
        if len(articles) == CREDITS_SHOWN:
            break
    lines: list[Candidate] = []
    for rank, article in enumerate(articles):
        found = [
            passage_id
            for passage_id in index.article_passages(article)
            if SOURCES_LINE_RE.match(index.passage(passage_id).text)
        ]
        if not found and rank == 0:
            return candidates
        lines += [
            by_passage.get(passage_id)
            or Candidate(index.passage(passage_id), 0.0, best.coverage, 1.0, fused=best.score)
            for passage_id in found[:1]
        ]
    chosen = {c.passage.passage_id for c in lines}
    return lines + [c for c in candidates if c.passage.passage_id not in chosen]
