"""Scoring the engine on a question file (the format of shared/eval/questions.jsonl).

hit@1, hit@3, hit@5: share of answerable questions whose first (first three, five)
quotes contain a gold string, case, white space, curly quotes and dashes ignored.
False declines: answerable questions declined. Declined correctly: unanswerable
questions declined. Quote integrity: share of quotes that stand word for word in the
file they cite. Each figure is given overall and by kind; a run can be saved as JSON
and compared with an earlier one, question by question.
"""

from __future__ import annotations

import json
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from bot import REPO_ROOT
from bot.engine import Answer, Engine
from bot.engine.casing import capitalise_words

FOLDS = str.maketrans({"“": '"', "”": '"', "‘": "'", "’": "'", "–": "-", "—": "-", "\u00a0": " "})
DEPTHS = (1, 3, 5)


def normalise(text: str) -> str:
    return " ".join(text.translate(FOLDS).lower().split())


@dataclass
class Outcome:
    """What happened to one question."""

    ident: str
    kind: str
    question: str
    answerable: bool
    answered: bool
    gold_at: int | None  # 1-based position of the first quote with a gold string
    quotes: int
    verbatim: int
    decline_reason: str | None
    first_quote: str

    @property
    def correct(self) -> bool:
        if not self.answerable:
            return not self.answered
        return self.gold_at == 1


@dataclass
class Report:
    answerable: int = 0
    unanswerable: int = 0
    hits: dict[int, int] = field(default_factory=lambda: dict.fromkeys(DEPTHS, 0))
    false_declines: int = 0
    declined_correctly: int = 0
    quotes: int = 0
    verbatim_quotes: int = 0
    seconds: float = 0.0
    times: list[float] = field(default_factory=list)
    outcomes: list[Outcome] = field(default_factory=list)
    misses: list[str] = field(default_factory=list)

    @property
    def hit1(self) -> int:
        return self.hits[1]

    @property
    def hit3(self) -> int:
        return self.hits[3]

    @property
    def hit5(self) -> int:
        return self.hits[5]

    def add(self, outcome: Outcome, seconds: float) -> None:
        self.outcomes.append(outcome)
        self.seconds += seconds
        self.times.append(seconds)
        self.quotes += outcome.quotes
        self.verbatim_quotes += outcome.verbatim
        if outcome.verbatim < outcome.quotes:
            self.misses.append(f"{outcome.ident}: a quote is not verbatim in its file")
        label = f"{outcome.ident} [{outcome.kind}] {outcome.question!r}"
        if not outcome.answerable:
            self.unanswerable += 1
            if outcome.answered:
                self.misses.append(f"{label}: should decline, answered {outcome.first_quote!r}")
            else:
                self.declined_correctly += 1
            return
        self.answerable += 1
        if not outcome.answered:
            self.false_declines += 1
            self.misses.append(f"{label}: declined ({outcome.decline_reason})")
            return
        for depth in DEPTHS:
            self.hits[depth] += outcome.gold_at is not None and outcome.gold_at <= depth
        if outcome.gold_at != 1:
            where = f"gold at {outcome.gold_at}" if outcome.gold_at else "no gold in top 5"
            self.misses.append(f"{label}: {where}; first: {outcome.first_quote!r}")

    def summary(self) -> dict[str, float | None]:
        def share(part: int, whole: int) -> float | None:
            return round(part / whole, 3) if whole else None

        return {
            **{f"hit@{d}": share(self.hits[d], self.answerable) for d in DEPTHS},
            "false declines": share(self.false_declines, self.answerable),
            "declined correctly": share(self.declined_correctly, self.unanswerable),
            "quote integrity": share(self.verbatim_quotes, self.quotes),
        }

    def lines(self) -> list[str]:
        def share(part: int, whole: int) -> str:
            return f"{part / whole:.3f} ({part}/{whole})" if whole else "n/a"

        asked = self.answerable + self.unanswerable
        times = sorted(self.times) or [0.0]
        p50 = times[len(times) // 2]
        p99 = times[min(len(times) - 1, int(0.99 * len(times)))]
        reasons = Counter(o.decline_reason for o in self.outcomes if not o.answered)
        lines = [
            f"questions: {asked} ({self.answerable} answerable, {self.unanswerable} unanswerable)",
            *(f"hit@{d}: {share(self.hits[d], self.answerable)}" for d in DEPTHS),
            f"false declines: {share(self.false_declines, self.answerable)}",
            f"declined correctly: {share(self.declined_correctly, self.unanswerable)}",
            f"quote integrity: {share(self.verbatim_quotes, self.quotes)}",
            f"time per question: mean {1000 * self.seconds / max(asked, 1):.2f} ms, "
            f"p50 {1000 * p50:.2f} ms, p99 {1000 * p99:.2f} ms",
            "decline reasons: "
            + (", ".join(f"{r} {n}" for r, n in reasons.most_common()) or "none"),
            "by kind:",
            *self._kind_lines(),
            "misses:" if self.misses else "misses: none",
            *(f"  {miss}" for miss in self.misses),
        ]
        return lines

    def _kind_lines(self) -> list[str]:
        kinds: dict[str, Report] = {}
        for outcome in self.outcomes:
            kinds.setdefault(outcome.kind, Report()).add(outcome, 0.0)
        lines = []
        for kind, report in sorted(kinds.items()):
            if report.answerable:
                figures = " ".join(
                    f"hit@{d} {report.hits[d] / report.answerable:.2f}" for d in DEPTHS
                )
                figures += f", declined {report.false_declines}"
            else:
                figures = f"declined {report.declined_correctly}/{report.unanswerable}"
            lines.append(f"  {kind} ({report.answerable + report.unanswerable}): {figures}")
        return lines

    def to_json(self) -> dict[str, Any]:
        return {"summary": self.summary(), "outcomes": [asdict(o) for o in self.outcomes]}


def compare(report: Report, earlier: dict[str, Any]) -> list[str]:
    """How this run differs from a saved one: the figures, then each question that changed."""
    lines = ["compared with the saved run:"]
    before = earlier["summary"]
    for name, value in report.summary().items():
        old = before.get(name)
        if value is None or old is None:
            continue
        lines.append(f"  {name}: {old:.3f} → {value:.3f} ({value - old:+.3f})")
    previous = {o["ident"]: o for o in earlier["outcomes"]}
    for outcome in report.outcomes:
        old = previous.get(outcome.ident)
        if old is None:
            continue
        was = Outcome(**old)
        if was.correct != outcome.correct or was.gold_at != outcome.gold_at:
            change = (
                "better"
                if outcome.correct and not was.correct
                else ("worse" if was.correct and not outcome.correct else "moved")
            )
            lines.append(
                f"  {change}: {outcome.ident} {outcome.question!r}: "
                f"{_state(was)} → {_state(outcome)}"
            )
    return lines


def _state(outcome: Outcome) -> str:
    if not outcome.answered:
        return f"declined ({outcome.decline_reason})"
    return f"gold at {outcome.gold_at}" if outcome.gold_at else "no gold in top 5"


def quote_is_verbatim(text: str, source_file: str, root: Path = REPO_ROOT) -> bool:
    """Whether `text` stands, character for character, in the file `source_file`."""
    path = Path(source_file)
    if not path.is_absolute():
        path = root / path
    try:
        return text in path.read_text(encoding="utf-8-sig")
    except OSError:
        return False


# How the questions are typed for a run: as written, or as people in a hurry type them.
TYPINGS: dict[str, Callable[[str], str]] = {
    "as-written": str,
    "lower": str.lower,
    "upper": str.upper,
    "title": capitalise_words,
}


def evaluate(engine: Engine, questions_file: Path, typed: str = "as-written") -> Report:
    report = Report()
    retype = TYPINGS[typed]
    for number, line in enumerate(questions_file.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        item = json.loads(line)
        item["question"] = retype(item["question"])
        started = time.perf_counter()
        # "after": the question asked just before, for a follow-up ("When did he die?").
        answer = engine.ask(item["question"], max_quotes=5, previous=item.get("after"))
        seconds = time.perf_counter() - started
        report.add(_outcome(item, answer, str(item.get("id", f"line {number}"))), seconds)
    return report


def _outcome(item: dict[str, Any], answer: Answer, ident: str) -> Outcome:
    quotes = answer.quotes[:5]
    gold = [normalise(str(g)) for g in item.get("gold") or []]
    hits = [any(g in normalise(q.text) for g in gold) for q in quotes]
    return Outcome(
        ident=ident,
        kind=str(item.get("kind", "?")),
        question=item["question"],
        answerable=bool(item["answerable"]),
        answered=answer.answered and bool(quotes),
        gold_at=hits.index(True) + 1 if any(hits) else None,
        quotes=len(quotes),
        verbatim=sum(quote_is_verbatim(q.text, q.article.source_file) for q in quotes),
        decline_reason=answer.decline_reason,
        first_quote=quotes[0].text[:90] if quotes else "",
    )
