"""BM25 over the sentence index: one formula, two scorers.

Two scorers read the index, with one formula, so answers do not depend on which is used:
- `RankBM25Scorer`, rank-bm25 itself, for small corpora (the shipped one). It scores
  every passage in Python for every term, which stops being fast at tens of thousands
  of passages.
- `PostingsScorer`, the same BM25 computed with numpy over a term's postings only,
  for large corpora.

rank-bm25's `BM25Okapi` computes idf as log((N - n + 0.5) / (n + 0.5)), which is zero
or negative for a term in half the passages or more, and then floors it at a fraction
of the average idf. In a news corpus about one story the names of the story's actors
("North Korea", "Russia") are in most sentences, and that floor makes their weight
depend on the rest of the vocabulary. `LuceneBM25` keeps rank-bm25's term-frequency
part and uses Lucene's idf, log(1 + (N - n + 0.5) / (n + 0.5)): always positive,
falling smoothly as a term gets more common.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Protocol

import numpy as np
from numpy.typing import NDArray
from rank_bm25 import BM25Okapi

if TYPE_CHECKING:
    from bot.engine.index import SentenceIndex

K1 = 1.2
B = 0.75
IntArray = NDArray[np.int64]
FloatArray = NDArray[np.float64]


def lucene_idf(passages: int, frequency: Any) -> Any:
    """The idf of a term found in `frequency` passages (0.5 for one found in none);
    `frequency` may be a number or an array of them."""
    return np.log1p((passages - frequency + 0.5) / (frequency + 0.5))


class LuceneBM25(BM25Okapi):  # type: ignore[misc]
    """BM25Okapi scoring with Lucene's always-positive idf."""

    def _calc_idf(self, nd: dict[str, int]) -> None:
        for word, freq in nd.items():
            self.idf[word] = float(lucene_idf(self.corpus_size, freq))
        self.average_idf = sum(self.idf.values()) / max(len(self.idf), 1)


class Scorer(Protocol):
    def postings(self, term: str) -> tuple[IntArray, FloatArray]:
        """Passages that contain `term` (ascending) and the term's BM25 score in each."""


RANK_BM25_LIMIT = 5_000  # passages; above this rank-bm25 scoring every passage in Python is slow


class RankBM25Scorer:
    """BM25 from rank-bm25 itself, for small corpora."""

    def __init__(self, index: SentenceIndex) -> None:
        self.index = index
        documents = [index.passage_terms(i) for i in range(index.size)]
        self.bm25 = LuceneBM25(documents, k1=K1, b=B) if documents else None
        # The index never changes, so a term's postings are computed once. Only the
        # corpus's own terms are kept: the cache is bounded by its vocabulary, however
        # many made-up words questions bring.
        self._cache: dict[str, tuple[IntArray, FloatArray]] = {}

    def postings(self, term: str) -> tuple[IntArray, FloatArray]:
        found = self._cache.get(term)
        if found is None:
            if self.bm25 is None or not self.index.knows(term):
                return np.zeros(0, dtype=np.int64), np.zeros(0)
            scores = np.asarray(self.bm25.get_scores([term]), dtype=np.float64)
            passages = np.flatnonzero(scores)
            found = self._cache[term] = passages, scores[passages]
        return found


class PostingsScorer:
    """The same BM25, computed with numpy over the passages that contain the term."""

    def __init__(self, index: SentenceIndex) -> None:
        self.index = index
        self.scores = index.arrays["posting_scores"]

    def postings(self, term: str) -> tuple[IntArray, FloatArray]:
        index = self.index
        number = index.term_ids.get(term)
        if number is None:
            return np.zeros(0, dtype=np.int64), np.zeros(0)
        low, high = index.posting_offsets[number], index.posting_offsets[number + 1]
        passages = index.posting_passages[low:high].astype(np.int64)
        return passages, self.scores[low:high].astype(np.float64)


def bm25_scores(arrays: dict[str, NDArray[Any]]) -> NDArray[np.float32]:
    """BM25 of each posting, computed once when the index is built (as bm25s does): the
    term's idf times its saturated, length-normalised count in the passage."""
    lengths = arrays["lengths"]
    frequency = np.diff(arrays["posting_offsets"])
    idf = lucene_idf(len(lengths), frequency)
    counts = arrays["posting_counts"].astype(np.float64)
    passage_lengths = lengths[arrays["posting_passages"]]
    average = lengths.mean() if len(lengths) else 1.0
    norm = K1 * (1 - B + B * passage_lengths / average)
    impact = counts * (K1 + 1) / (counts + norm)
    scores: NDArray[np.float32] = (np.repeat(idf, frequency) * impact).astype(np.float32)
    return scores
