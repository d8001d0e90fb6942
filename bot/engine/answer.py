"""From a question to quotes: retrieve, score, decide, choose.

- `retrieval`: the sentences worth scoring (BM25 postings, and the nearest vectors);
- `scoring`: how well each answers, read with its context and weighed by intent;
- `deciding`: whether the best one answers at all, and if not, why not;
- `choosing`: which to quote, near-duplicates dropped, differing figures side by side.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor

import numpy as np

from bot.engine.choosing import (
    choose,
    compared,
    credit_quotes,
    figure_reports,
    sources_first,
)
from bot.engine.deciding import (
    CANDIDATES_COMPARED,
    WORDS_MISSED,
    Decline,
    NameCheck,
    dated_answers,
    decide,
    declined,
    mark_figure_in_other_words,
    matching_first,
    placed_next_first,
    said_in_other_words,
    spoken_next_first,
    typed_first,
    unknown_first,
)
from bot.engine.filters import NO_FILTERS, SOURCES, ArticleFilter, Filters
from bot.engine.index import SentenceIndex
from bot.engine.models import Answer, FigureReport
from bot.engine.query import Query
from bot.engine.retrieval import (
    best_articles,
    delayed_name_leads,
    lead_of,
    lexical_pool,
    semantic_pool,
    sorted_union,
    term_hits,
)
from bot.engine.scoring import Candidate, Scorer
from bot.engine.timeline import build_timeline, in_date_order, newest_note, quote_of
from bot.engine.vectors import FloatMatrix, SentenceVectors

Embed = Callable[[str], FloatMatrix]  # a question's text to its vector


def _article_scan_pool() -> ThreadPoolExecutor:
    return ThreadPoolExecutor(max_workers=1, thread_name_prefix="article-scan")


# Comparing the question with every article's mean vector reads the whole table (about
# 5 ms at 30,000 articles). numpy lets go of the GIL for the product, so it runs in this
# thread while the question's words are looked up, on the other core.
ARTICLE_SCAN = _article_scan_pool()
# The articles whose first sentences answer a question that names only a period or an
# outlet (`Answerer.digest`), before near-duplicates are dropped.
DIGEST_ARTICLES = 30


def _new_article_scan() -> None:
    """A forked child has no thread behind the parent's pool: give it its own."""
    global ARTICLE_SCAN
    ARTICLE_SCAN = _article_scan_pool()


os.register_at_fork(after_in_child=_new_article_scan)


class Answerer:
    """Answers questions over one `SentenceIndex` (and its sentence vectors, if any)."""

    def __init__(self, index: SentenceIndex, vectors: SentenceVectors | None = None) -> None:
        self.index = index
        self.vectors = vectors
        self.scorer = Scorer(index, vectors)

    def answer(
        self,
        query: Query,
        max_quotes: int,
        question_vector: FloatMatrix | None = None,
        filters: Filters = NO_FILTERS,
        embed: Embed | None = None,
    ) -> Answer:
        candidates = self.candidates(query, question_vector, filters, embed)
        if isinstance(candidates, Decline):
            return declined_answer(query, candidates, filters)
        if filters.credit == SOURCES:
            candidates = sources_first(self.index, candidates)
        chosen = choose(self.index, query, candidates, max_quotes)
        if filters.time.order is not None:
            chosen = in_date_order(chosen, filters.time.order)
        notes = tuple(f"“{wrong}” read as “{right}”" for wrong, right in query.corrections.items())
        quotes = tuple(quote_of(c) for c in chosen)
        # Who wrote it, or where it first ran: its credits first, its sentences after.
        credited = filters.credit if filters.credit != SOURCES else None
        credits = credit_quotes(quotes, credited) if credited else ()
        if credited and not credits:
            notes += (f"The best-matching article gives no {credited}.",)
        same_story = compared(self.index, chosen)
        shift, kept = len(credits), max(max_quotes, len(credits))
        return Answer(
            question=query.text,
            answered=True,
            quotes=(credits + quotes)[:kept],
            intent=query.intent,
            figures=_shifted(figure_reports(chosen, same_story), shift, kept),
            other_stories=tuple(
                n + shift for n, same in enumerate(same_story) if not same and n + shift < kept
            ),
            notes=notes,
            limited_to=_limits(filters),
            newest=newest_note(chosen) if filters.time.order == "latest" else "",
            timeline=build_timeline(candidates) if filters.timeline else (),
            time_sensitive=filters.time.now,
        )

    def candidates(
        self,
        query: Query,
        question_vector: FloatMatrix | None = None,
        filters: Filters = NO_FILTERS,
        embed: Embed | None = None,
    ) -> list[Candidate] | Decline:
        """The scored candidates, best first, when the best answers; else why not.
        `embed`: a question's vector, for a "when" question its words did not answer
        (`said_in_other_words`); the others come with theirs (`question_vector`)."""
        asks_nothing = query.asks_nothing
        if asks_nothing and not (filters.limits or filters.time.order == "latest"):
            return declined("empty_question")
        if self.index.live_size == 0:
            return declined("no_articles")
        if filters.missing_outlet is not None:
            return declined("outlet_absent", f"“{filters.missing_outlet}”")
        if asks_nothing:
            return self.digest(filters)
        index = self.index
        scope = ArticleFilter(index, filters) if filters.limits else None
        if not reads_meaning(query):
            question_vector = None
        scan: Future[FloatMatrix] | None = None
        if self.vectors is not None and question_vector is not None:
            scan = ARTICLE_SCAN.submit(self.vectors.article_similarity, question_vector)
        hits = [term_hits(index, term) for term in query.terms]
        pool, alone = lexical_pool(index, hits)
        if scope is not None:
            kept = scope.keep(pool, alone)
            pool, alone = pool[kept], alone[kept]
            if not len(pool) and scope.empty:
                return declined("period_empty", _limits(filters))
        near = None
        if self.vectors is not None and question_vector is not None and scan is not None:
            seeds = best_articles(index, pool, alone)
            near = semantic_pool(index, self.vectors, question_vector, scan.result(), seeds)
            if scope is not None:
                near = near[scope.keep(near)]
            pool = sorted_union([pool, near]).astype(np.int64)
        # A lead that describes whom the next sentence names ("A ferry captain was
        # fined …") holds none of the question's names: it is looked at too.
        leads = delayed_name_leads(index, [hits[n] for n in query.name_positions], pool)
        if scope is not None:
            leads = leads[scope.keep(leads)]
        pool = sorted_union([pool, leads]).astype(np.int64)
        names = NameCheck(query)
        # A sentence with the kind of thing asked for comes first, unless that would put
        # a sentence about another person or year before one about those asked about.
        scored = self.scorer.candidates(query, hits, pool, question_vector, near, filters.window)
        candidates = typed_first(index, query, names.first(scored), names)
        candidates = unknown_first(index, query, candidates)
        candidates = spoken_next_first(index, query, candidates)
        candidates = placed_next_first(index, query, candidates)
        mark_figure_in_other_words(query, candidates)
        decline = decide(index, query, candidates, names)
        if decline is None:
            return candidates
        if decline.reason == "nothing_relevant":
            # The best matched too little; one of the next few may match enough, and
            # answer if it passes every check the best had to.
            promoted = matching_first(query, candidates)
            if promoted is not candidates and decide(index, query, promoted, names) is None:
                return promoted
        if query.intent == "when" and decline.reason in WORDS_MISSED and embed is not None:
            dated = self._dated_in_other_words(query, candidates, names, embed)
            if dated is not None:
                return dated
        return decline

    def _dated_in_other_words(
        self, query: Query, candidates: list[Candidate], names: NameCheck, embed: Embed
    ) -> list[Candidate] | None:
        """ "When did the forest blaze flare up?" of a fire that "broke out on Sunday":
        the candidates with the dated sentence that answers in other words first, read
        by meaning (`dated_answers`, `said_in_other_words`); None where none does. The
        question is embedded only where a dated sentence may answer. The dated ones are
        among the best `EVENT_TYPE_DEPTH`, so among those compared."""
        if self.vectors is None:
            return None
        dated = dated_answers(self.index, query, candidates, names)
        if not dated:
            return None
        read = candidates[:CANDIDATES_COMPARED]
        self.scorer.read_similarity(read, embed(query.text))
        best = said_in_other_words(dated, read)
        return None if best is None else [best, *(c for c in candidates if c is not best)]

    def digest(self, filters: Filters) -> list[Candidate] | Decline:
        """ "What happened last week?", "What's new from Newslooks?", "What's the
        latest?": a question that asks nothing but a period, an outlet or the newest is
        answered by the first sentence of each of its articles, newest first
        (`DIGEST_ARTICLES` at most); an article without a date is of no period."""
        index = self.index
        scope = ArticleFilter(index, filters)
        allowed = scope.allowed & ~index.dead_articles
        if not filters.limits:
            # "What's the latest?" over undated articles: none of them is the latest.
            allowed &= index.published_days > 0
            if not allowed.any():
                return declined("empty_question")
        articles = np.nonzero(allowed)[0]
        if not len(articles):
            return declined("period_empty", _limits(filters))
        newest = articles[np.argsort(-index.published_days[articles], kind="stable")]
        return [
            Candidate(index.passage(int(lead)), 0.0, 1.0, 1.0, fused=1.0)
            for lead in lead_of(index, newest[:DIGEST_ARTICLES])
        ]


def declined_answer(query: Query, decline: Decline, filters: Filters = NO_FILTERS) -> Answer:
    """The answer that declines `query`, saying why (and within which filters)."""
    message = decline.message
    if filters.limits and decline.reason not in ("period_empty", "outlet_absent"):
        message += f" (I looked only at articles {_limits(filters)}.)"
    return Answer(
        query.text,
        False,
        intent=query.intent,
        message=message,
        decline_reason=decline.reason,
        limited_to=_limits(filters),
        time_sensitive=filters.time.now,
    )


def reads_meaning(query: Query) -> bool:
    """Whether the answer reads the question's vector. A date answers for the event
    named in words: a date in a sentence near in meaning is when something else
    happened, so "when" is answered by words (and its question is not embedded, unless
    its words find no answer: `said_in_other_words`)."""
    return query.intent != "when"


def _shifted(reports: tuple[FigureReport, ...], shift: int, kept: int) -> tuple[FigureReport, ...]:
    """The figures' reports with their quotes `shift` places down (after the credits
    put first), of the first `kept` quotes only."""
    if not shift:
        return reports
    moved = (
        FigureReport(r.figure, tuple(i + shift for i in r.quotes if i + shift < kept))
        for r in reports
    )
    return tuple(report for report in moved if report.quotes)


def _limits(filters: Filters) -> str:
    """The filters in words: "from Newslooks published up to 2024-11-30"."""
    parts = []
    if filters.outlet is not None:
        parts.append(f"from {filters.outlet}")
    if filters.window is not None:
        parts.append(f"published {filters.window.describe()}")
    return " ".join(parts)
