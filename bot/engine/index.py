"""The sentence index: every sentence of every article, scored with BM25.

rank-bm25's `BM25Okapi` computes idf as log((N - n + 0.5) / (n + 0.5)), which is zero
or negative for a term in half the passages or more, and then floors it at a fraction
of the average idf. In a news corpus about one story the names of the story's actors
("North Korea", "Russia") are in most sentences, and that floor makes their weight
depend on the rest of the vocabulary. `LuceneBM25` keeps rank-bm25's term-frequency
part and uses Lucene's idf, log(1 + (N - n + 0.5) / (n + 0.5)): always positive,
falling smoothly as a term gets more common.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray
from rank_bm25 import BM25Okapi

from bot.engine.analysis import analyze
from bot.engine.models import Article, Passage
from bot.engine.sentences import split_sentences

K1 = 1.2
B = 0.75


class LuceneBM25(BM25Okapi):  # type: ignore[misc]
    """BM25Okapi scoring with Lucene's always-positive idf."""

    def _calc_idf(self, nd: dict[str, int]) -> None:
        for word, freq in nd.items():
            self.idf[word] = math.log(1 + (self.corpus_size - freq + 0.5) / (freq + 0.5))
        self.average_idf = sum(self.idf.values()) / max(len(self.idf), 1)


def lucene_idf(passages: int, frequency: float) -> float:
    """The idf of a term found in `frequency` passages (0.5 for one found in none)."""
    return math.log(1 + (passages - frequency + 0.5) / (frequency + 0.5))


@dataclass
class SentenceIndex:
    """Passages (sentences and headings) of a set of articles, with their terms."""

    articles: list[Article]
    passages: list[Passage]
    terms: list[list[str]]
    title_terms: dict[str, frozenset[str]]
    scorer: LuceneBM25 | None
    document_frequency: dict[str, int]

    @classmethod
    def build(cls, articles: Sequence[Article]) -> SentenceIndex:
        passages: list[Passage] = []
        terms: list[list[str]] = []
        for article in articles:
            for span in split_sentences(article.body):
                passage = Passage(
                    passage_id=len(passages),
                    article=article,
                    start=span.start,
                    end=span.end,
                    paragraph=span.paragraph,
                    is_heading=span.is_heading,
                )
                passages.append(passage)
                terms.append([t.term for t in analyze(passage.text)])
        frequency: dict[str, int] = {}
        for passage_terms in terms:
            for term in set(passage_terms):
                frequency[term] = frequency.get(term, 0) + 1
        scorer = LuceneBM25(terms, k1=K1, b=B) if passages else None
        titles = {a.article_id: frozenset(t.term for t in analyze(a.title)) for a in articles}
        return cls(list(articles), passages, terms, titles, scorer, frequency)

    def __post_init__(self) -> None:
        article_of = np.array([id(p.article) for p in self.passages], dtype=np.int64)
        # neighbour_ok[step][i]: passage i + step exists and is in the same article.
        self.neighbour_ok: dict[int, NDArray[np.bool_]] = {}
        for step in (-1, 1):
            same = np.zeros(self.size, dtype=bool)
            if self.size > 1:
                if step > 0:
                    same[:-1] = article_of[:-1] == article_of[1:]
                else:
                    same[1:] = article_of[1:] == article_of[:-1]
            self.neighbour_ok[step] = same
        self.heading_mask = np.array([p.is_heading for p in self.passages], dtype=bool)
        self.article_rows: dict[str, NDArray[np.int64]] = {}
        rows: dict[str, list[int]] = {}
        for passage in self.passages:
            rows.setdefault(passage.article.article_id, []).append(passage.passage_id)
        self.article_rows = {key: np.array(value) for key, value in rows.items()}

    @property
    def size(self) -> int:
        return len(self.passages)

    def idf(self, term: str) -> float:
        return lucene_idf(self.size, self.document_frequency.get(term, 0.5))

    def term_scores(self, term: str) -> NDArray[np.float64]:
        """BM25 score of `term` in every passage."""
        if self.scorer is None or term not in self.document_frequency:
            return np.zeros(self.size)
        scores: NDArray[np.float64] = self.scorer.get_scores([term])
        return scores

    def neighbours(self, passage_id: int, window: int) -> list[Passage]:
        """Passages within `window` sentences of `passage_id`, in the same article."""
        article = self.passages[passage_id].article
        low, high = max(0, passage_id - window), min(self.size, passage_id + window + 1)
        return [p for p in self.passages[low:high] if p.article is article]
