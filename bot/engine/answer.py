"""From a question to quotes: retrieve, score, decide, choose.

- `retrieval`: the sentences worth scoring (BM25 postings, and the nearest vectors);
- `scoring`: how well each answers, read with its context and weighed by intent;
- `deciding`: whether the best one answers at all, and if not, why not;
- `choosing`: which to quote, near-duplicates dropped, differing figures side by side.
"""

from __future__ import annotations

import numpy as np

from bot.engine.choosing import choose, figure_reports
from bot.engine.deciding import Decline, NameCheck, decide, declined
from bot.engine.index import SentenceIndex
from bot.engine.models import Answer, Quote
from bot.engine.query import Query
from bot.engine.retrieval import best_articles, lexical_pool, semantic_pool, term_hits
from bot.engine.scoring import Scorer
from bot.engine.vectors import FloatMatrix, SentenceVectors


class Answerer:
    """Answers questions over one `SentenceIndex` (and its sentence vectors, if any)."""

    def __init__(self, index: SentenceIndex, vectors: SentenceVectors | None = None) -> None:
        self.index = index
        self.vectors = vectors
        self.scorer = Scorer(index, vectors)

    def answer(
        self, query: Query, max_quotes: int, question_vector: FloatMatrix | None = None
    ) -> Answer:
        if not query.terms or all(t.weight < 1 for t in query.terms):
            return self._declined(query, declined("empty_question"))
        if self.index.live_size == 0:
            return self._declined(query, declined("no_articles"))
        index = self.index
        if query.intent == "when":
            # A date answers for the event named in words: a date in a sentence near in
            # meaning is when something else happened. "When" is answered by words.
            question_vector = None
        hits = [term_hits(index, term) for term in query.terms]
        pool, alone = lexical_pool(index, hits)
        near = None
        if self.vectors is not None and question_vector is not None:
            seeds = best_articles(index, pool, alone)
            near = semantic_pool(index, self.vectors, question_vector, seeds)
            pool = np.union1d(pool, near).astype(np.int64)
        names = NameCheck(query)
        candidates = names.first(self.scorer.candidates(query, hits, pool, question_vector, near))
        decline = decide(index, query, candidates, names)
        if decline is not None:
            return self._declined(query, decline)
        chosen = choose(index, query, candidates, max_quotes)
        notes = tuple(f"“{wrong}” read as “{right}”" for wrong, right in query.corrections.items())
        return Answer(
            question=query.text,
            answered=True,
            quotes=tuple(
                Quote(c.passage, round(c.score, 4), c.highlights, c.figure) for c in chosen
            ),
            intent=query.intent,
            figures=figure_reports(chosen),
            notes=notes,
        )

    @staticmethod
    def _declined(query: Query, decline: Decline) -> Answer:
        return Answer(
            query.text,
            False,
            intent=query.intent,
            message=decline.message,
            decline_reason=decline.reason,
        )
