"""Choosing: which of the scored candidates to quote, in which order.

Best first, near-duplicates dropped (agreeing outlets still both show), and for a
"how many" question each differing figure near the top, so that sources that
disagree stand side by side.
"""

from __future__ import annotations

from bot.engine.deciding import matches_question
from bot.engine.index import SentenceIndex
from bot.engine.models import FigureReport
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
        key = candidate.figure_key
        if key is not None and (
            key in groups
            or (candidate.score >= FIGURE_SHARE * best_score and matches_question(query, candidate))
        ):
            groups.setdefault(key, []).append(candidate)
        else:
            rest.append(candidate)
    return [c for group in groups.values() for c in group] + rest


def figure_reports(chosen: list[Candidate]) -> tuple[FigureReport, ...]:
    """Each distinct figure among the quotes, with the quotes that give it."""
    reports: dict[tuple[str, ...], tuple[str, list[int]]] = {}
    for position, candidate in enumerate(chosen):
        if candidate.figure is None or candidate.figure_key is None:
            continue
        reports.setdefault(candidate.figure_key, (candidate.figure, []))[1].append(position)
    return tuple(FigureReport(figure, tuple(quotes)) for figure, quotes in reports.values())
