"""Retrieval: which sentences are worth scoring for a question.

Two sources feed one pool:
- lexical: the BM25 postings of the question's terms (each term with its related
  words, counted once), rarest terms first, up to a cap;
- semantic: sentences whose vectors lie nearest the question's, searched inside the
  articles nearest to the question (by their mean vector) and the articles the
  lexical side found. This finds the sentence that shares no word with the question
  ("make" for "manufacture") at a cost that does not grow with the corpus.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from bot.engine.index import SentenceIndex
from bot.engine.query import QueryTerm
from bot.engine.vectors import FloatMatrix, SentenceVectors

POOL_LIMIT = 20_000  # passages scored lexically for one question
EXPANSION_LIMIT = 0.01  # share of all passages above which a related word is not used
PRESELECT = 2_000  # of those, passages whose context is read too
NEAREST_ARTICLES = 10  # articles searched by vector (more changed no answer on any set)
LEXICAL_ARTICLES = 10  # best lexical articles searched by vector too
SEMANTIC_POOL = 150  # sentences the semantic side adds
# A news lead may describe someone before naming them ("A tennis player was refused a
# visa …", then "The player, Ina Berg, …"): the name follows within this many sentences.
DELAYED_NAME_REACH = 2

IntArray = NDArray[np.int64]


@dataclass
class TermHits:
    """Where one question term (with its related words) scores: passages ascending."""

    passages: IntArray
    scores: NDArray[np.float64]

    def lookup(self, passages: IntArray) -> NDArray[np.float64]:
        """The term's score in each of `passages` (ascending and distinct), 0 where it
        does not occur."""
        if len(self.passages) == 0:
            return np.zeros(len(passages))
        if len(self.passages) < len(passages):
            # Fewer postings than passages asked about: each posting is looked for
            # among the passages, not the other way round.
            at = np.searchsorted(passages, self.passages).clip(max=len(passages) - 1)
            found = passages[at] == self.passages
            scores = np.zeros(len(passages))
            scores[at[found]] = self.scores[found]
            return scores
        where = np.searchsorted(self.passages, passages).clip(max=len(self.passages) - 1)
        return np.where(self.passages[where] == passages, self.scores[where], 0.0)

    def lookup_with_neighbours(
        self, passages: IntArray, last: int
    ) -> tuple[NDArray[np.float64], NDArray[np.float64], NDArray[np.float64]]:
        """The term's score in each of `passages` (ascending), in the passage before
        each and in the one after (a passage at either end, 0 or `last`, counts as its
        own neighbour there): one binary search for the three."""
        count = len(self.passages)
        if count == 0:
            zeros = np.zeros(len(passages))
            return zeros, zeros, zeros
        at = np.searchsorted(self.passages, passages)
        inside = at.clip(max=count - 1)
        here_hit = self.passages[inside] == passages
        here = np.where(here_hit, self.scores[inside], 0.0)
        # The posting before a passage's place is the largest below it; the one after
        # the passage (itself skipped) the smallest above it.
        before_at = (at - 1).clip(min=0)
        before = np.where(
            (at > 0) & (self.passages[before_at] == passages - 1), self.scores[before_at], 0.0
        )
        after_at = at + here_hit
        after_in = after_at.clip(max=count - 1)
        after = np.where(
            (after_at < count) & (self.passages[after_in] == passages + 1),
            self.scores[after_in],
            0.0,
        )
        before = np.where(passages == 0, here, before)
        after = np.where(passages == last, here, after)
        return here, before, after

    def counts_in_articles(self, edges: IntArray) -> IntArray:
        """For each article, how many of its passages hold the term (`edges`: the
        articles' `article_edges`)."""
        at = np.searchsorted(self.passages, edges)
        counts: IntArray = at[1::2] - at[::2]
        return counts


def article_edges(index: SentenceIndex, articles: IntArray) -> IntArray:
    """Each of `articles` (ascending) as its first passage and the one after its last,
    in turn: ascending too, so each term finds them all by one binary search (and the
    edges are worked out once for all the terms of a question)."""
    edges = np.empty(2 * len(articles), dtype=np.int64)
    edges[::2] = index.first_passage[articles]
    edges[1::2] = index.first_passage[articles + 1]
    return edges


NO_HITS = TermHits(np.zeros(0, dtype=np.int64), np.zeros(0))


def term_hits(index: SentenceIndex, term: QueryTerm) -> TermHits:
    """The term's scores, each passage taking its best variant (related words count less)."""
    # A stand-in word found in a large share of all sentences says little and costs
    # much to merge: in a big corpus, "say" does not stand in for "announce".
    common = max(EXPANSION_LIMIT * index.live_size, 50)
    found = [
        (passages, weight * scores)
        for variant, weight in term.variants().items()
        for passages, scores in [index.postings(variant)]
        if len(passages) and (variant == term.term or len(passages) <= common)
    ]
    if not found:
        return NO_HITS
    if len(found) == 1:
        return TermHits(*found[0])
    if sum(len(p) for p, _ in found) > index.size // 5:
        # Postings for a fifth of all passages: one pass over a dense array beats
        # sorting them (below that, sorting wins: at 30,000 articles, 80,000 postings
        # merge in 1.7 ms by sorting and 7 ms by the dense pass).
        dense = np.zeros(index.size)
        present = np.zeros(index.size, dtype=bool)
        for passages, scores in found:
            dense[passages] = np.maximum(dense[passages], scores)
            present[passages] = True
        passages = np.flatnonzero(present)
        return TermHits(passages, dense[passages])
    passages = np.concatenate([p for p, _ in found])
    scores = np.concatenate([s for _, s in found])
    # Each variant's postings are already in order: a stable sort merges the runs
    # (8× faster than sorting by passage and score together).
    order = np.argsort(passages, kind="stable")
    passages, scores = passages[order], scores[order]
    first = np.ones(len(passages), dtype=bool)
    first[1:] = passages[1:] != passages[:-1]
    starts = np.flatnonzero(first)
    return TermHits(passages[starts], np.maximum.reduceat(scores, starts))


def lexical_pool(
    index: SentenceIndex, hits: list[TermHits]
) -> tuple[IntArray, NDArray[np.float64]]:
    """Passages worth scoring, and each one's BM25 on its own: those with the
    question's rarer terms, up to a cap, and of those the `PRESELECT` that score best.

    In a large corpus the commonest terms ("Russia") are in a good share of all
    passages; candidates come from the rarest terms first (from a term commoner than
    the cap, its best-scoring passages), and every term still counts in the score of
    each candidate.
    """
    by_rarity = sorted((h for h in hits if len(h.passages)), key=lambda h: len(h.passages))
    pool: list[IntArray] = []
    size = 0
    for term in by_rarity:
        passages = term.passages
        if size + len(passages) > POOL_LIMIT:
            if pool:
                break
            best = np.argpartition(-term.scores, POOL_LIMIT)[:POOL_LIMIT]
            passages = np.sort(passages[best])
        pool.append(passages)
        size += len(passages)
    if not pool:
        return np.zeros(0, dtype=np.int64), np.zeros(0)
    passages = sorted_union(pool)
    passages = passages[~index.heading[passages]]
    alone = np.sum(lookup_each(hits, passages, index.size), axis=0)
    if len(passages) > PRESELECT:
        # Context only adds a share to what a sentence scores itself: read the
        # context of the sentences that already score best.
        keep = np.sort(np.argpartition(-alone, PRESELECT)[:PRESELECT])
        passages, alone = passages[keep], alone[keep]
    return passages, alone


def lead_of(index: SentenceIndex, articles: IntArray) -> IntArray:
    """Each article's first sentence: its first passage that is not a heading."""
    leads = index.first_passage[articles].astype(np.int64)
    ends = index.first_passage[articles + 1]
    # Headings come first (a headline, perhaps a subhead): up to three are skipped.
    for _ in range(3):
        heading = (leads < ends - 1) & index.heading[leads]
        if not heading.any():
            break
        leads = leads + heading
    return leads


def delayed_name_leads(index: SentenceIndex, name_hits: list[TermHits], pool: IntArray) -> IntArray:
    """The first sentences of the pool's articles that may speak of someone the question
    names without writing the name (the news lead with a delayed identification): none
    of the question's names is in the lead, it does not open with a name of its own
    (`SentenceIndex.opens_name`), and every one is in the `DELAYED_NAME_REACH`
    sentences after it. They join the pool (ascending), which holds only sentences with
    the question's words or near it in meaning; `Scorer` credits them with the names."""
    if not name_hits or not len(pool):
        return np.zeros(0, dtype=np.int64)
    articles = sorted_distinct(index.article_of[pool]).astype(np.int64)
    leads = lead_of(index, articles)
    ends = index.first_passage[articles + 1]
    keep = ~index.heading[leads] & ~index.opens_name[leads]
    # Each test is read only for the leads that passed those before it: most leads of
    # a large pool drop out early, and the rest are looked up in fewer postings.
    leads, ends = leads[keep], ends[keep]
    for hits in name_hits:
        unnamed = hits.lookup(leads) == 0
        leads, ends = leads[unnamed], ends[unnamed]
        named_after = np.zeros(len(leads), dtype=bool)
        for step in range(1, DELAYED_NAME_REACH + 1):
            later = leads + step
            inside = later < ends
            named_after |= inside & (hits.lookup(later.clip(max=index.size - 1)) > 0)
        leads, ends = leads[named_after], ends[named_after]
    return leads


def semantic_pool(
    index: SentenceIndex,
    vectors: SentenceVectors,
    question: FloatMatrix,
    near: FloatMatrix,
    lexical_articles: IntArray,
) -> IntArray:
    """The sentences nearest the question, among the articles nearest to it (`near`:
    each article's similarity to the question) and those the lexical side found."""
    count = min(NEAREST_ARTICLES, len(near))
    articles = np.argpartition(-near, count - 1)[:count] if count else near[:0].astype(np.int64)
    articles = np.union1d(articles, lexical_articles).astype(np.int64)
    starts, ends = index.first_passage[articles], index.first_passage[articles + 1]
    spans = [np.arange(s, e, dtype=np.int64) for s, e in zip(starts, ends, strict=True)]
    passages: IntArray = np.concatenate(spans) if spans else np.zeros(0, dtype=np.int64)
    passages = passages[~index.heading[passages] & vectors.present[passages]]
    if len(passages) <= SEMANTIC_POOL:
        return passages
    similarity = vectors.similarity(question, passages)
    return np.sort(passages[np.argpartition(-similarity, SEMANTIC_POOL)[:SEMANTIC_POOL]])


def best_articles(
    index: SentenceIndex, passages: IntArray, scores: NDArray[np.float64]
) -> IntArray:
    """The distinct articles of the best-scoring passages, up to `LEXICAL_ARTICLES`."""
    order = np.argsort(-scores, kind="stable")
    articles = index.article_of[passages[order]]
    _, first = np.unique(articles, return_index=True)
    found: IntArray = articles[np.sort(first)][:LEXICAL_ARTICLES].astype(np.int64)
    return found


def sorted_union(arrays: list[IntArray]) -> IntArray:
    """The distinct values of sorted arrays, ascending (as `np.union1d` gives them)."""
    if len(arrays) == 1:
        return arrays[0]
    # A stable sort (timsort, for integers) merges the sorted runs in linear time: at
    # 30,000 articles a pool of 18,000 passages from three terms sorts in 0.03 ms, and
    # in 0.5 ms by the default quicksort. Integers sort to the same order either way.
    return sorted_distinct(np.sort(np.concatenate(arrays), kind="stable"))


def sorted_distinct(values: IntArray) -> IntArray:
    """The distinct values of an ascending (non-decreasing) array: what `np.unique`
    gives, without hashing or sorting again (the articles of an ascending pool of
    passages are ascending: an article's passages are numbered one after another)."""
    distinct: IntArray = values[run_starts(values)]
    return distinct


def run_starts(values: IntArray) -> NDArray[np.bool_]:
    """Where each run of equal values of an ascending array starts: its distinct values
    (`sorted_distinct`), and with a cumulative sum, each value's place among them."""
    starts = np.ones(len(values), dtype=bool)
    starts[1:] = values[1:] != values[:-1]
    return starts


class _Places(threading.local):
    """Each thread's map from a passage to its place in the pool being looked up (-1
    for a passage not in it): `lookup_each`. Set for a pool's passages and back to -1
    once read, so it is all -1 between uses. Four bytes a passage (4 MB at 30,000
    articles) for each thread that answers."""

    def __init__(self) -> None:
        self.places: NDArray[np.int32] = np.zeros(0, dtype=np.int32)

    def of_size(self, size: int) -> NDArray[np.int32]:
        if len(self.places) < size:
            self.places = np.full(size, -1, dtype=np.int32)
        return self.places


_PLACES = _Places()


def lookup_each(hits: list[TermHits], passages: IntArray, size: int) -> list[NDArray[np.float64]]:
    """Each term's score in each of `passages` (ascending, distinct, all below
    `size`), 0 where it does not occur: `TermHits.lookup` of each, by one map.

    The pool of a large corpus holds many passages (18,000 at 30,000 articles), and
    a binary search per passage per term took a third of the slowest answers'
    retrieval (1.7 ms for seven terms): here each term's postings are read once, in
    order, against a map from passage to place in the pool (0.5 ms). The scores are
    the same values either way."""
    places = _PLACES.of_size(size)
    try:
        places[passages] = np.arange(len(passages), dtype=np.int32)
        found = []
        for hits_of_term in hits:
            scores = np.zeros(len(passages))
            at = places[hits_of_term.passages]
            # Positions, not a mask: a mask of postings mostly outside the pool indexes
            # three times slower (0.25 ms for a term in 130,000 passages).
            inside = np.flatnonzero(at >= 0)
            scores[at[inside]] = hits_of_term.scores[inside]
            found.append(scores)
        return found
    finally:
        places[passages] = -1
