"""BM25 over the sentence index: one formula, computed over a term's postings.

The index computes each term's BM25 when a question asks for it, from the counts in
its postings and the statistics of the live corpus (how many passages, their average
length, how many contain the term). Nothing is precomputed with statistics that a
later addition or removal would make stale: a corpus that grew article by article
scores exactly as one built at once.

rank-bm25's `BM25Okapi` computes idf as log((N - n + 0.5) / (n + 0.5)), which is zero
or negative for a term in half the passages or more, and then floors it at a fraction
of the average idf. In a news corpus about one story the names of the story's actors
("North Korea", "Russia") are in most sentences, and that floor makes their weight
depend on the rest of the vocabulary. `LuceneBM25` keeps rank-bm25's term-frequency
part and uses Lucene's idf, log(1 + (N - n + 0.5) / (n + 0.5)): always positive,
falling smoothly as a term gets more common. It is the reference the index's own
scores are tested against.
"""

from __future__ import annotations

from typing import Any

import numpy as np
from numpy.typing import NDArray
from rank_bm25 import BM25Okapi

K1 = 1.2
B = 0.75
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


def bm25(
    idf: float, counts: NDArray[Any], lengths: NDArray[Any], average_length: float
) -> FloatArray:
    """A term's BM25 in passages where it occurs `counts` times and that are `lengths`
    terms long: its idf times its saturated, length-normalised count."""
    counts = counts.astype(np.float64)
    norm = K1 * (1 - B + B * lengths / average_length)
    scores: FloatArray = idf * (counts * (K1 + 1) / (counts + norm))
    return scores
