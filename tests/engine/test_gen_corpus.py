"""The benchmark's corpus generator (deterministic, loadable, varied) and its real-corpus
report (its form, not its timings)."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

from bot import REPO_ROOT
from bot.engine.corpus import load_corpus
from bot.engine.sentences import split_sentences
from scripts.gen_corpus import generate_article, make_questions, write_corpus

FIGURE_RE = re.compile(r"\b\d{1,3}(?:,\d{3})+\b|\b\d+(?:\.\d+)? (?:million|billion)\b|\d+%")


def read_all(folder: Path) -> dict[str, str]:
    return {path.name: path.read_text(encoding="utf-8") for path in sorted(folder.glob("*.txt"))}


def test_the_same_seed_writes_the_same_corpus_whatever_the_workers(tmp_path: Path) -> None:
    write_corpus(60, tmp_path / "a", seed=7, workers=1)
    write_corpus(60, tmp_path / "b", seed=7, workers=2)
    write_corpus(60, tmp_path / "c", seed=8, workers=1)
    first, second, other = (read_all(tmp_path / name) for name in "abc")
    assert len(first) == 60
    assert first == second
    assert first != other
    assert generate_article(7, 5) == generate_article(7, 5)


def test_the_files_load_as_a_corpus_without_problems(tmp_path: Path) -> None:
    write_corpus(120, tmp_path, seed=3, workers=1)
    loaded = load_corpus(tmp_path)
    assert loaded.problems == []
    assert len(loaded.articles) == 120
    for article in loaded.articles:
        assert article.title and article.outlet and article.byline and article.published
        assert 15 <= len(split_sentences(article.body)) <= 45 + 5


def test_the_text_is_varied(tmp_path: Path) -> None:
    write_corpus(200, tmp_path, seed=1, workers=1)
    loaded = load_corpus(tmp_path)
    sentences = [
        article.body[span.start : span.end]
        for article in loaded.articles
        for span in split_sentences(article.body)
    ]
    # About 33 sentences an article, nearly all of them different.
    assert 28 <= len(sentences) / len(loaded.articles) <= 38
    assert len(set(sentences)) >= 0.9 * len(sentences)
    text = "\n".join(a.body for a in loaded.articles)
    figures = set(FIGURE_RE.findall(text))
    assert len(figures) >= 500
    words = {w.lower() for w in re.findall(r"[A-Za-z]+", text)}
    assert len(words) >= 4000
    assert len({a.title for a in loaded.articles}) == len(loaded.articles)
    assert len({a.outlet for a in loaded.articles}) >= 20
    assert len({a.published for a in loaded.articles}) >= 150


def test_questions_are_varied_and_mostly_about_the_corpus() -> None:
    questions = make_questions(seed=1, articles=500, count=200)
    assert len(questions) == 200
    assert len(set(questions)) >= 190
    assert questions == make_questions(seed=1, articles=500, count=200)
    starts = {q.split()[0] for q in questions}
    assert {"How", "Who", "What", "When"} <= starts


def test_the_command_line_writes_the_files(tmp_path: Path) -> None:
    subprocess.run(
        [sys.executable, "scripts/gen_corpus.py", "--articles", "25", "--out", str(tmp_path)],
        cwd=REPO_ROOT,
        check=True,
        capture_output=True,
        timeout=120,
    )
    assert len(list(tmp_path.glob("*.txt"))) == 25


def test_the_benchmark_times_a_real_corpus_index_and_its_questions(tmp_path: Path) -> None:
    questions = tmp_path / "questions.jsonl"
    questions.write_text(
        '{"question": "How many troops did North Korea send?"}\n\n'
        '{"question": "Who leads North Korea?"}\n',
        encoding="utf-8",
    )
    command = [
        sys.executable,
        "scripts/benchmark.py",
        "--sizes",
        "",
        "--workdir",
        str(tmp_path / "work"),
        "--real",
        str(REPO_ROOT / "corpus"),
        "--real-questions",
        str(questions),
        "--real-vectors",
        str(tmp_path / "vectors"),
    ]
    done = subprocess.run(command, cwd=REPO_ROOT, capture_output=True, text=True, check=True)
    lines = done.stdout.splitlines()
    assert lines[0] == f"real corpus {REPO_ROOT / 'corpus'}:"
    index_line = r"  `python -m bot index`: [\d.]+ s, peak [\d,]+ MB \(indexed .*\)"
    assert re.fullmatch(index_line, lines[1])
    assert re.search(r"vectors: \d+ sentences and \d+ words embedded", lines[1])
    assert re.fullmatch(
        r"  2 questions \(semantic stage on, after the warm-up\): "
        r"p50 [\d.]+ ms, p99 [\d.]+ ms, answered 2",
        lines[2],
    )
