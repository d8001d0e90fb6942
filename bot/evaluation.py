"""Scoring the engine on a question file (the format of shared/eval/questions.jsonl).

hit@1, hit@3: share of answerable questions whose first (first three) quotes contain
a gold string, case, white space, curly quotes and dashes ignored. False declines:
answerable questions declined. Declined correctly: unanswerable questions declined.
Quote integrity: share of quotes that stand word for word in the file they cite.
"""

from __future__ import annotations

import json
import time
from dataclasses import dataclass, field
from pathlib import Path

from bot.engine import Answer, Engine
from bot.settings import REPO_ROOT

FOLDS = str.maketrans({"“": '"', "”": '"', "‘": "'", "’": "'", "–": "-", "—": "-", "\u00a0": " "})


def normalise(text: str) -> str:
    return " ".join(text.translate(FOLDS).lower().split())


@dataclass
class Report:
    answerable: int = 0
    unanswerable: int = 0
    hit1: int = 0
    hit3: int = 0
    false_declines: int = 0
    declined_correctly: int = 0
    quotes: int = 0
    verbatim_quotes: int = 0
    seconds: float = 0.0
    misses: list[str] = field(default_factory=list)

    def lines(self) -> list[str]:
        def share(part: int, whole: int) -> str:
            return f"{part / whole:.3f} ({part}/{whole})" if whole else "n/a"

        asked = self.answerable + self.unanswerable
        return [
            f"questions: {asked} ({self.answerable} answerable, {self.unanswerable} unanswerable)",
            f"hit@1: {share(self.hit1, self.answerable)}",
            f"hit@3: {share(self.hit3, self.answerable)}",
            f"false declines: {share(self.false_declines, self.answerable)}",
            f"declined correctly: {share(self.declined_correctly, self.unanswerable)}",
            f"quote integrity: {share(self.verbatim_quotes, self.quotes)}",
            f"mean time per question: {1000 * self.seconds / max(asked, 1):.2f} ms",
            "misses:" if self.misses else "misses: none",
            *(f"  {miss}" for miss in self.misses),
        ]


def quote_is_verbatim(text: str, source_file: str, root: Path = REPO_ROOT) -> bool:
    """Whether `text` stands, character for character, in the file `source_file`."""
    path = Path(source_file)
    if not path.is_absolute():
        path = root / path
    try:
        return text in path.read_text(encoding="utf-8-sig")
    except OSError:
        return False


def evaluate(engine: Engine, questions_file: Path) -> Report:
    report = Report()
    for number, line in enumerate(questions_file.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        item = json.loads(line)
        started = time.perf_counter()
        answer = engine.ask(item["question"], max_quotes=5)
        report.seconds += time.perf_counter() - started
        _score(report, item, answer, item.get("id", f"line {number}"))
    return report


def _score(report: Report, item: dict[str, object], answer: Answer, ident: object) -> None:
    for quote in answer.quotes[:5]:
        report.quotes += 1
        if quote_is_verbatim(quote.text, quote.article.source_file):
            report.verbatim_quotes += 1
        else:
            report.misses.append(f"{ident}: quote not verbatim in {quote.article.source_file}")
    label = f"{ident} [{item.get('kind', '?')}] {item['question']!r}"
    if not item["answerable"]:
        report.unanswerable += 1
        if answer.answered:
            first = answer.quotes[0].text[:80] if answer.quotes else ""
            report.misses.append(f"{label}: should decline, answered {first!r}")
        else:
            report.declined_correctly += 1
        return
    report.answerable += 1
    gold = [normalise(str(g)) for g in item["gold"]]  # type: ignore[attr-defined]
    hits = [any(g in normalise(q.text) for g in gold) for q in answer.quotes[:3]]
    if not answer.answered:
        report.false_declines += 1
        report.misses.append(f"{label}: declined")
        return
    report.hit1 += bool(hits and hits[0])
    report.hit3 += any(hits)
    if not (hits and hits[0]):
        where = f"gold at {hits.index(True) + 1}" if any(hits) else "no gold in top 3"
        report.misses.append(f"{label}: {where}; first: {answer.quotes[0].text[:90]!r}")
