"""From a question to quotes: score sentences, weigh them by what the question asks for,
decline when the corpus does not answer, and set differing figures side by side.

Scoring, for each sentence:
- lexical: for each question term (with its related words counted once), the BM25
  score in the sentence, or a share of it when the term is only in a neighbouring
  sentence or the headline: a sentence is read with its context;
- coverage: the idf-weighted share of the question's terms that the sentence (and
  its context) contains. A term the corpus never uses counts fully against it, so
  a question about something the corpus lacks ("tanks", "Xi Jinping") scores low;
- intent: a "how many" question wants a figure of the thing counted, "when" a date,
  "who" a name, "where" a place.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from bot.engine import features
from bot.engine.index import SentenceIndex
from bot.engine.models import Answer, FigureReport, Passage, Quote
from bot.engine.query import Query, QueryTerm

CONTEXT_SHARE = 0.4  # a term only in a neighbouring sentence counts this much
TITLE_SHARE = 0.25  # a term only in the headline counts this much
ARTICLE_SHARE = 0.5  # for coverage, a term elsewhere in the article counts this much
PROXIMITY_SHARE = 0.5  # question terms side by side in the sentence: "defence minister"
CANDIDATES = 40
POOL_LIMIT = 20_000  # passages scored for one question
EXPANSION_LIMIT = 0.01  # share of all passages above which a related word is not used
PRESELECT = 2_000  # of those, passages whose context is read too
MIN_COVERAGE = 0.55  # the share of the question a best answer must match, with context
MIN_RELATIVE_SCORE = 0.3  # further quotes must score this share of the best
DUPLICATE_OVERLAP = 0.9  # only near-identical sentences; agreeing outlets both show

DECLINE_NOTHING = (
    "I couldn't find that in the articles I have, so I won't guess. "
    "Try /sources to see what they cover, or ask e.g. “How many troops has North Korea sent "
    "to Russia?”"
)
DECLINE_EMPTY = (
    "Please ask a question about the news articles, e.g. “Who is North Korea's defence minister?”"
)


@dataclass
class Candidate:
    passage: Passage
    lexical: float
    coverage: float
    context_coverage: float
    factor: float = 1.0
    highlights: tuple[tuple[int, int], ...] = ()
    figure: str | None = None
    figure_key: tuple[str, ...] | None = None

    @property
    def score(self) -> float:
        matched = 0.2 + 0.5 * self.coverage + 0.3 * self.context_coverage
        return self.lexical * self.factor * matched


@dataclass
class TermHits:
    """Where one question term (with its related words) scores: passages ascending."""

    passages: NDArray[np.int64]
    scores: NDArray[np.float64]

    def lookup(self, passages: NDArray[np.int64]) -> NDArray[np.float64]:
        """The term's score in each of `passages` (0 where it does not occur)."""
        if len(self.passages) == 0:
            return np.zeros(len(passages))
        where = np.searchsorted(self.passages, passages).clip(max=len(self.passages) - 1)
        return np.where(self.passages[where] == passages, self.scores[where], 0.0)


class Answerer:
    """Answers questions over one `SentenceIndex`."""

    def __init__(self, index: SentenceIndex) -> None:
        self.index = index

    def term_weight(self, term: QueryTerm) -> float:
        """How much a question term counts toward coverage: rarer terms count more.

        A term the corpus lacks counts as the rarest term, unless a related word
        stands in for it; then the commonest related word sets the weight.
        """
        index = self.index
        if index.knows(term.term):
            return term.weight * index.idf(term.term)
        related = [r for r in term.variants() if r != term.term and index.knows(r)]
        if related:
            return term.weight * min(index.idf(r) for r in related)
        return term.weight * index.idf(term.term)

    def answer(self, query: Query, max_quotes: int) -> Answer:
        if not query.terms or all(t.weight < 1 for t in query.terms):
            return Answer(query.text, False, intent=query.intent, message=DECLINE_EMPTY)
        if self.index.size == 0:
            return Answer(query.text, False, intent=query.intent, message=DECLINE_NOTHING)
        candidates = self._candidates(query)
        if not candidates or not self._answers(query, candidates[0], candidates):
            return Answer(query.text, False, intent=query.intent, message=DECLINE_NOTHING)
        chosen = self._choose(query, candidates, max_quotes)
        notes = tuple(f"“{wrong}” read as “{right}”" for wrong, right in query.corrections.items())
        return Answer(
            question=query.text,
            answered=True,
            quotes=tuple(
                Quote(c.passage, round(c.score, 4), c.highlights, c.figure) for c in chosen
            ),
            intent=query.intent,
            figures=_figure_reports(chosen),
            notes=notes,
        )

    def _hits(self, term: QueryTerm) -> TermHits:
        """The term's scores, each passage taking its best variant (related words count less)."""
        # A stand-in word found in a large share of all sentences says little and costs
        # much to merge: in a big corpus, "say" does not stand in for "announce".
        common = max(EXPANSION_LIMIT * self.index.size, 50)
        found = [
            (passages, weight * scores)
            for variant, weight in term.variants().items()
            for passages, scores in [self.index.scorer.postings(variant)]
            if len(passages) and (variant == term.term or len(passages) <= common)
        ]
        if not found:
            return TermHits(np.zeros(0, dtype=np.int64), np.zeros(0))
        if len(found) == 1:
            return TermHits(*found[0])
        if sum(len(p) for p, _ in found) > self.index.size // 64:
            # Many postings: one pass over a dense array beats sorting them all.
            dense = np.zeros(self.index.size)
            present = np.zeros(self.index.size, dtype=bool)
            for passages, scores in found:
                dense[passages] = np.maximum(dense[passages], scores)
                present[passages] = True
            passages = np.flatnonzero(present)
            return TermHits(passages, dense[passages])
        passages = np.concatenate([p for p, _ in found])
        scores = np.concatenate([s for _, s in found])
        order = np.lexsort((-scores, passages))  # by passage, best score first
        passages, scores = passages[order], scores[order]
        first = np.ones(len(passages), dtype=bool)
        first[1:] = passages[1:] != passages[:-1]
        return TermHits(passages[first], scores[first])

    def _pool(self, hits: list[TermHits]) -> NDArray[np.int64]:
        """Passages worth scoring: those with the question's rarer terms, up to a cap.

        In a large corpus the commonest terms ("Russia") are in a good share of all
        passages; candidates come from the rarest terms first (from a term commoner
        than the cap, its best-scoring passages), and every term still counts in the
        score of each candidate.
        """
        by_rarity = sorted((h for h in hits if len(h.passages)), key=lambda h: len(h.passages))
        pool: list[NDArray[np.int64]] = []
        size = 0
        for term_hits in by_rarity:
            passages = term_hits.passages
            if size + len(passages) > POOL_LIMIT:
                if pool:
                    break
                best = np.argpartition(-term_hits.scores, POOL_LIMIT)[:POOL_LIMIT]
                passages = np.sort(passages[best])
            pool.append(passages)
            size += len(passages)
        if not pool:
            return np.zeros(0, dtype=np.int64)
        passages = _sorted_union(pool)
        return passages[~self.index.heading[passages]]

    def _candidates(self, query: Query) -> list[Candidate]:
        index = self.index
        hits = [self._hits(term) for term in query.terms]
        weights = np.array([self.term_weight(t) for t in query.terms])
        pool = self._pool(hits)
        if len(pool) == 0:
            return []
        in_sentence = np.stack([h.lookup(pool) for h in hits])
        if len(pool) > PRESELECT:
            # Context only adds a share to what a sentence scores itself: read the
            # context of the sentences that already score best.
            keep = np.argpartition(-in_sentence.sum(axis=0), PRESELECT)[:PRESELECT]
            pool, in_sentence = pool[keep], in_sentence[:, keep]
        article = index.article_of[pool]
        neighbour = np.zeros_like(in_sentence)
        for step in (-1, 1):
            near = (pool + step).clip(0, index.size - 1)
            same = index.article_of[near] == article
            neighbour = np.maximum(neighbour, np.stack([h.lookup(near) for h in hits]) * same)
        headline = np.stack(
            [
                np.maximum(self._title_scores(t, article), self._date_scores(t, w, article))
                for t, w in zip(query.terms, weights, strict=True)
            ]
        )
        in_context = np.maximum(CONTEXT_SHARE * neighbour, headline)
        lexical = np.maximum(in_sentence, in_context).sum(axis=0)
        best = np.argsort(-lexical, kind="stable")[:CANDIDATES]
        best = best[lexical[best] > 0]
        total = weights.sum()
        found = in_sentence[:, best] > 0
        coverage = weights @ found / total
        # Terms in the neighbouring sentences or headline count fully; terms elsewhere
        # in the same article ("the North Korean leader" named two paragraphs up) half.
        near = found | (in_context[:, best] > 0)
        in_article = np.stack([self._in_article(h, article[best]) for h in hits]) & ~near
        context_coverage = (weights @ near + ARTICLE_SHARE * (weights @ in_article)) / total
        candidates = [
            Candidate(
                index.passage(int(pool[i])),
                float(lexical[i]),
                float(coverage[rank]),
                float(context_coverage[rank]),
            )
            for rank, i in enumerate(best)
        ]
        pairs = _adjacent_pairs(query.terms, weights)
        for candidate in candidates:
            candidate.lexical += self._proximity(pairs, candidate.passage.passage_id)
            self._weigh_intent(query, candidate)
        candidates.sort(key=lambda c: -c.score)
        return candidates

    def _proximity(self, pairs: list[tuple[set[str], set[str], float]], passage_id: int) -> float:
        """Bonus for question terms that stand next to each other in the sentence too."""
        terms = self.index.passage_terms(passage_id)
        bonus = 0.0
        for first, second, weight in pairs:
            places = [i for i, term in enumerate(terms) if term in first]
            if any(term in second for i in places for term in terms[max(0, i - 2) : i + 3]):
                bonus += weight
        return bonus

    def _title_scores(self, term: QueryTerm, articles: NDArray[np.int64]) -> NDArray[np.float64]:
        """A share of the term's weight for candidates whose headline has it."""
        scores = np.zeros(len(articles))
        for variant, weight in term.variants().items():
            titled = self.index.title_articles(variant)
            if not len(titled):
                continue
            mask = np.zeros(len(self.index.articles), dtype=bool)
            mask[titled] = True
            having = mask[articles]
            credit = TITLE_SHARE * weight * self.index.idf(variant)
            np.maximum(scores, having * credit, out=scores)
        return scores

    def _in_article(self, hits: TermHits, articles: NDArray[np.int64]) -> NDArray[np.bool_]:
        """For each candidate, whether its article has the term anywhere."""
        if len(hits.passages) == 0:
            return np.zeros(len(articles), dtype=bool)
        first, after = self.index.first_passage[articles], self.index.first_passage[articles + 1]
        at = np.searchsorted(hits.passages, first)
        inside: NDArray[np.bool_] = at < len(hits.passages)
        starts_before: NDArray[np.bool_] = (
            hits.passages[at.clip(max=len(hits.passages) - 1)] < after
        )
        return inside & starts_before

    def _date_scores(
        self, term: QueryTerm, weight: float, articles: NDArray[np.int64]
    ) -> NDArray[np.float64]:
        """Credit for a month or year in the question, in articles published then."""
        if term.month is None and term.year is None:
            return np.zeros(len(articles))
        match = np.ones(len(articles), dtype=bool)
        if term.month is not None:
            match &= self.index.published_month[articles] == term.month
        if term.year is not None:
            match &= self.index.published_year[articles] == term.year
        return match * (CONTEXT_SHARE * weight)

    def _weigh_intent(self, query: Query, candidate: Candidate) -> None:
        text = candidate.passage.text
        intent = query.intent
        if intent == "quantity":
            self._weigh_figures(query, candidate)
        elif intent == "when":
            spans = features.dates(text)
            candidate.factor = 1.5 if spans else 0.7
            candidate.highlights = tuple(spans)
        elif intent == "who":
            known = frozenset(t.term for t in query.terms)
            spans = features.names(text, known)
            candidate.factor = 1.3 if spans else 0.8
            candidate.highlights = tuple(spans)
        elif intent == "where":
            spans, located = features.places(text)
            candidate.factor = 1.3 if located else 1.0 if spans else 0.8
            candidate.highlights = tuple(spans)

    def _weigh_figures(self, query: Query, candidate: Candidate) -> None:
        """A "how many X" question wants a figure of X (or of a synonym of X)."""
        text = candidate.passage.text
        exact_units = frozenset(t.term for t in query.unit_terms)
        same_units = frozenset(v for t in query.unit_terms for v in t.same_thing())
        found = features.figures(text, same_units)
        counted = [f for f in found if f.counts_unit]
        if counted:
            exact = any(f.counts_unit for f in features.figures(text, exact_units))
            candidate.factor = 1.8 if exact else 1.6
            first = counted[0]
            if not any(ch.isdigit() for ch in text[first.start : first.end]):
                candidate.factor -= 0.4  # "thousands of troops" says less than "10,000"
            candidate.highlights = tuple(f.span() for f in counted)
            candidate.figure = text[first.start : first.unit_end]
            candidate.figure_key = _figure_key(candidate.figure)
        elif found and not same_units:
            candidate.factor = 1.4  # "how much did it cost?": any figure may answer
            candidate.highlights = tuple(f.span() for f in found)
        else:
            candidate.factor = 0.9 if found else 0.5

    def _answers(self, query: Query, best: Candidate, candidates: list[Candidate]) -> bool:
        """Whether the corpus answers the question at all."""
        unknown_names = [
            t
            for t in query.terms
            if t.is_name and not any(self.index.knows(v) for v in t.variants())
        ]
        if unknown_names:
            return False
        # "How many tanks": without a figure of tanks anywhere, there is no answer,
        # however well the rest of the question matches.
        counted = any(c.figure is not None for c in candidates[:10])
        if query.intent == "quantity" and query.unit_terms and not counted:
            return False
        # "When will the war end?": a sentence that matches every word but names no
        # time does not answer a "when" question; likewise "who" without a name.
        if query.intent in ("when", "who") and not best.highlights:
            return False
        return best.context_coverage >= MIN_COVERAGE

    def _choose(self, query: Query, candidates: list[Candidate], limit: int) -> list[Candidate]:
        """Best first, near-duplicates dropped, each differing figure near the top."""
        best = candidates[0]
        pool = [
            c for c in candidates if c.score >= MIN_RELATIVE_SCORE * best.score and c.coverage > 0
        ]
        chosen: list[Candidate] = []
        seen_terms: list[set[str]] = []
        for candidate in pool:
            if len(chosen) >= 3 * limit:
                break
            terms = set(self.index.passage_terms(candidate.passage.passage_id))
            if any(_overlap(terms, other) >= DUPLICATE_OVERLAP for other in seen_terms):
                continue
            seen_terms.append(terms)
            chosen.append(candidate)
        if query.intent == "quantity":
            chosen = _distinct_figures_first(chosen, best.score)
        return chosen[:limit]


def _adjacent_pairs(
    terms: list[QueryTerm], weights: NDArray[np.float64]
) -> list[tuple[set[str], set[str], float]]:
    """Neighbouring terms of the question, for finding them side by side in a sentence."""
    strong = [(t, float(w)) for t, w in zip(terms, weights, strict=True) if t.weight >= 1]
    return [
        (set(a.variants()), set(b.variants()), PROXIMITY_SHARE * min(wa, wb))
        for (a, wa), (b, wb) in itertools.pairwise(strong)
    ]


def _sorted_union(arrays: list[NDArray[np.int64]]) -> NDArray[np.int64]:
    """The distinct values of sorted arrays, ascending."""
    if len(arrays) == 1:
        return arrays[0]
    merged = np.sort(np.concatenate(arrays))
    keep = np.ones(len(merged), dtype=bool)
    keep[1:] = merged[1:] != merged[:-1]
    return merged[keep]


def _overlap(a: set[str], b: set[str]) -> float:
    return len(a & b) / max(1, min(len(a), len(b)))


SCALE = {"million": 1e6, "billion": 1e9, "thousand": 1e3}
FIGURE_NUMBER_RE = re.compile(r"(\d[\d,]*(?:\.\d+)?)(?:\s+(million|billion|thousand))?")


def _figure_key(figure: str) -> tuple[str, ...]:
    """The numbers a figure gives: "more than 10,000" and "over 10,000" agree."""
    values = [
        f"{float(m.group(1).replace(',', '')) * SCALE.get(m.group(2) or '', 1.0):g}"
        for m in FIGURE_NUMBER_RE.finditer(figure)
    ]
    return tuple(values) or (figure.split()[0].lower(),)


def _distinct_figures_first(chosen: list[Candidate], best_score: float) -> list[Candidate]:
    """Quotes grouped by the figure they give, groups in order of their best quote, so
    that agreeing sources stand together and each differing figure is near the top."""
    groups: dict[tuple[str, ...], list[Candidate]] = {}
    rest: list[Candidate] = []
    for candidate in chosen:
        key = candidate.figure_key
        if key is not None and (key in groups or candidate.score >= 0.4 * best_score):
            groups.setdefault(key, []).append(candidate)
        else:
            rest.append(candidate)
    return [c for group in groups.values() for c in group] + rest


def _figure_reports(chosen: list[Candidate]) -> tuple[FigureReport, ...]:
    """Each distinct figure among the quotes, with the quotes that give it."""
    reports: dict[tuple[str, ...], tuple[str, list[int]]] = {}
    for position, candidate in enumerate(chosen):
        if candidate.figure is None or candidate.figure_key is None:
            continue
        reports.setdefault(candidate.figure_key, (candidate.figure, []))[1].append(position)
    return tuple(FigureReport(figure, tuple(quotes)) for figure, quotes in reports.values())
