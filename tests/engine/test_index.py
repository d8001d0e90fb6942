"""The index: its BM25 is rank-bm25's, and a saved index answers as the in-memory one does."""

from __future__ import annotations

import json
import os
import pickle
import re
import shutil
import subprocess
import sys
from pathlib import Path

import numpy as np

from bot import REPO_ROOT
from bot.engine import Engine
from bot.engine.analysis import terms_of
from bot.engine.bm25 import K1, B, LuceneBM25
from bot.engine.build import build_index, load_saved, open_index, save_built
from bot.engine.features import opens_with_name
from bot.engine.index import Segment, SentenceIndex
from bot.engine.models import Article
from bot.engine.retrieval import TermHits
from tests.conftest import CORPUS_DIR, DATA_DIR, written_article


def all_questions() -> list[str]:
    return [
        json.loads(line)["question"]
        for path in sorted(DATA_DIR.glob("*questions.jsonl"))
        for line in path.read_text(encoding="utf-8").splitlines()
    ]


def test_lucene_idf_stays_positive_for_terms_in_most_passages() -> None:
    bm25 = LuceneBM25([["korea", "troops"], ["korea"], ["korea", "shells"]])
    assert 0 < bm25.idf["korea"] < bm25.idf["troops"] == bm25.idf["shells"]


def test_the_index_scores_as_rank_bm25_does() -> None:
    index = Engine.from_dir(CORPUS_DIR).index
    documents = [index.passage_terms(i) for i in range(index.size)]
    reference = LuceneBM25(documents, k1=K1, b=B)
    for term in ["prk_country", "troop", "10000", "krivoruchko"]:
        passages, scores = index.postings(term)
        expected = np.asarray(reference.get_scores([term]))
        assert np.array_equal(passages, np.flatnonzero(expected))
        assert np.allclose(scores, expected[passages], rtol=1e-12)


def test_a_saved_index_loads_and_answers_the_same(tmp_path: Path) -> None:
    built = build_index(CORPUS_DIR, REPO_ROOT, workers=2)
    save_built(built, tmp_path / "index", CORPUS_DIR)
    loaded = load_saved(tmp_path / "index", CORPUS_DIR)
    assert loaded is not None and loaded.loaded_from_disk
    memory, disk = Engine(built.index), Engine(loaded.index, loaded.problems)
    assert disk.articles == memory.articles
    # The loaded articles hold no body: each is read from the saved file when asked for.
    assert all("body" not in vars(a) for a in disk.articles)
    assert [a.body_digest for a in disk.articles] == [a.body_digest for a in memory.articles]
    for question in all_questions():
        assert disk.ask(question).to_json() == memory.ask(question).to_json()
    # A loaded article pickles (for a process pool) with its body in full.
    again = pickle.loads(pickle.dumps(disk.articles[0]))
    assert again == memory.articles[0] and "body" in vars(again)


def test_whether_each_sentence_opens_with_a_name_is_kept_with_the_index(tmp_path: Path) -> None:
    built = build_index(CORPUS_DIR, REPO_ROOT, workers=2)
    save_built(built, tmp_path / "index", CORPUS_DIR)
    loaded = load_saved(tmp_path / "index", CORPUS_DIR)
    assert loaded is not None
    for index in (built.index, loaded.index):
        worked_out = [opens_with_name(index.passage(p).text) for p in range(index.size)]
        assert index.opens_name.tolist() == worked_out
        assert 0 < sum(worked_out) < index.size  # both kinds are there to tell apart


def test_a_saved_index_keeps_articles_whose_text_holds_line_separators(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    body = (
        "The port reopened on Monday.\u2028Ships waited\x85 for three days.\x0cCranes stood idle."
    )
    (corpus / "port.txt").write_text(f"Port reopens\n\n{body}\n", encoding="utf-8")
    (corpus / "mill.txt").write_text("Mill closes\n\nThe mill closed.\n", encoding="utf-8")
    built = build_index(corpus, None, workers=1)
    save_built(built, tmp_path / "index", corpus)
    loaded = load_saved(tmp_path / "index", corpus)
    assert loaded is not None and loaded.loaded_from_disk
    assert [(a.title, a.body, a.path) for a in loaded.index.articles] == [
        (a.title, a.body, a.path) for a in built.index.articles
    ]


def test_a_restart_applies_only_the_changed_files_to_the_saved_index(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    shutil.copytree(CORPUS_DIR, corpus)
    index_dir = tmp_path / "index"
    first = open_index(corpus, tmp_path, index_dir, mode="disk")
    assert not first.loaded_from_disk and (index_dir / "manifest.json").exists()
    assert open_index(corpus, tmp_path, index_dir, mode="disk").loaded_from_disk
    (corpus / "new.txt").write_text(
        "---\ntitle: Port reopens\n---\n\nThe port of Odesa reopened with 40 ships waiting.\n",
        encoding="utf-8",
    )
    rebuilt = open_index(corpus, tmp_path, index_dir, mode="disk")
    assert rebuilt.loaded_from_disk  # and brought up to date, not rebuilt:
    assert [len(s.segment.articles) for s in rebuilt.index.segments] == [5, 1]
    assert len(rebuilt.index.live_articles) == 6
    again = open_index(corpus, tmp_path, index_dir, mode="disk")
    assert [len(s.segment.articles) for s in again.index.segments] == [5, 1]
    answer = Engine(rebuilt.index).ask("How many ships were waiting at the port of Odesa?")
    assert "40 ships" in answer.quotes[0].text


def test_duplicates_across_build_chunks_are_loaded_once(tmp_path: Path) -> None:
    article = (CORPUS_DIR / sorted(os.listdir(CORPUS_DIR))[0]).read_text(encoding="utf-8")
    for number in range(300):  # more than one chunk of work
        (tmp_path / f"a{number:03d}.txt").write_text(
            f"---\ntitle: Item {number}\n---\n\nReport number {number} says {number} things.\n",
            encoding="utf-8",
        )
    (tmp_path / "z_copy.txt").write_text(article, encoding="utf-8")
    (tmp_path / "0_first.txt").write_text(article, encoding="utf-8")
    built = build_index(tmp_path, tmp_path, workers=2)
    assert len(built.index.live_articles) == 301
    assert [(p.file, p.fatal) for p in built.problems] == [("z_copy.txt", False)]
    answer = Engine(built.index).ask("How many things does report number 257 say?")
    assert answer.quotes[0].text == "Report number 257 says 257 things."


def test_the_index_command_builds_and_then_reports_up_to_date(tmp_path: Path) -> None:
    env = {
        **os.environ,
        "BOT_TOKEN": "",
        "BOT_INDEX_DIR": str(tmp_path / "index"),
        "BOT_VECTORS_DIR": str(tmp_path / "vectors"),
    }
    command = [sys.executable, "-m", "bot", "index"]
    first = subprocess.run(
        command, capture_output=True, text=True, env=env, cwd=REPO_ROOT, timeout=120, check=True
    )
    assert "indexed 5 articles" in first.stdout
    assert "indexing" in first.stderr  # the progress bar
    sentences = Engine.from_dir(CORPUS_DIR).index.size
    assert re.search(rf"vectors: {sentences} sentences and [1-9]\d* words embedded", first.stdout)
    second = subprocess.run(
        command, capture_output=True, text=True, env=env, cwd=REPO_ROOT, timeout=120, check=True
    )
    assert "up to date" in second.stdout
    assert "vectors: 0 sentences and 0 words embedded" in second.stdout
    assert SentenceIndex.load(tmp_path / "index").size == Engine.from_dir(CORPUS_DIR).index.size


def test_one_search_finds_a_terms_score_in_each_passage_and_its_neighbours() -> None:
    rng = np.random.default_rng(7)
    last = 199
    for _ in range(50):
        postings = np.sort(rng.choice(last + 1, size=rng.integers(0, 60), replace=False))
        hits = TermHits(postings.astype(np.int64), rng.random(len(postings)) + 0.1)
        score = dict(zip(postings.tolist(), hits.scores.tolist(), strict=True))
        pool = np.sort(rng.choice(last + 1, size=40, replace=False)).astype(np.int64)
        here, before, after = hits.lookup_with_neighbours(pool, last)
        assert here.tolist() == [score.get(p, 0.0) for p in pool.tolist()]
        assert before.tolist() == [score.get(max(p - 1, 0), 0.0) for p in pool.tolist()]
        assert after.tolist() == [score.get(min(p + 1, last), 0.0) for p in pool.tolist()]


def test_a_terms_score_is_found_whether_it_has_fewer_postings_than_passages_or_more() -> None:
    rng = np.random.default_rng(11)
    for postings_count, pool_count in [(0, 30), (6, 300), (200, 30), (150, 150), (40, 60)]:
        postings = np.sort(rng.choice(1_000, size=postings_count, replace=False))
        hits = TermHits(postings.astype(np.int64), rng.random(postings_count) + 0.1)
        score = dict(zip(postings.tolist(), hits.scores.tolist(), strict=True))
        # Passages with the term and without; some of its postings are not asked about.
        with_term = rng.choice(postings, size=min(postings_count // 2, pool_count), replace=False)
        others = rng.choice(1_000, size=pool_count - len(with_term), replace=False)
        pool = np.union1d(with_term, others).astype(np.int64)
        assert hits.lookup(pool).tolist() == [score.get(p, 0.0) for p in pool.tolist()]


def test_the_index_holds_the_terms_analysis_gives_with_names_of_several_words() -> None:
    """The builder reads most words from a table of single words, and a word that may
    start a name of several words together with the words after it: the terms are
    those `terms_of` gives the whole sentence."""
    body = (
        "Officials in New York and North Korea said South Korean troops left.\n\n"
        "New ideas came from north of the river, where the Central Bank of Utopia sits.\n\n"
        "Costa Rica, Cape Verde and the Czech Republic sent envoys; costa and cape did not.\n\n"
        "North"
    )
    article = Article("a", Path("a.txt"), "a.txt", "North Korea and New York", body)
    index = SentenceIndex.build([article])
    for passage_id in range(index.size):
        text = index.passage(passage_id).text
        assert index.passage_terms(passage_id) == terms_of(text), text


def test_an_article_s_terms_are_counted_once_a_sentence() -> None:
    """`article_terms`: how many of an article's sentences hold each term, a word written
    twice in one sentence counted once, another article's words not at all."""
    index = SentenceIndex.build(
        [
            written_article("a", "Ferry", "The ferry left Lund. The ferry, the ferry!"),
            written_article("b", "Port", "The port of Voss closed."),
        ]
    )
    terms, counts, _ = index.article_terms(0)
    found = dict(zip(terms, counts.tolist(), strict=True))
    assert found["ferri"] == 2 and found["lund"] == 1
    assert "voss" not in found
    terms, counts, _ = index.article_terms(1)
    assert dict(zip(terms, counts.tolist(), strict=True))["voss"] == 1


def test_the_warm_up_reads_the_articles_columns_a_filter_needs() -> None:
    """The articles' dates and outlets are read for the first question with a period
    or an outlet (10 ms for 30,000 articles), unless the bot's warm-up read them first
    (`Engine.warm_up_later`); read either way, they are the same."""
    cold, warm = Engine.from_dir(CORPUS_DIR).index, Engine.from_dir(CORPUS_DIR)
    assert "published_days" not in warm.index.__dict__
    assert "article_credits" not in warm.index.__dict__
    warm.warm_up_later()
    assert "published_days" in warm.index.__dict__ and "article_credits" in warm.index.__dict__
    assert (warm.index.published_days == cold.published_days).all()
    assert (cold.published_days > 0).all()
    assert warm.index.article_credits == cold.article_credits


def test_an_articles_word_vector_counts_its_words_in_every_live_segment() -> None:
    """An article's words are weighed by their idf over all live sentences, whichever
    segment holds them: the seed articles split over three segments have the vectors of
    one index of them all; with the first removed, those of an index without it. Each
    vector is of unit length."""
    articles = Engine.from_dir(CORPUS_DIR).index.articles
    assert len(articles) >= 4

    def segment(part: list[Article]) -> Segment:
        return SentenceIndex.build(part).segments[0].segment

    split = (
        SentenceIndex.build(articles[:1])
        .changed(added=segment(articles[1:3]))
        .changed(added=segment(articles[3:]))
    )
    assert len(split.segments) == 3
    for found, expected in [
        (split, SentenceIndex.build(articles)),
        (split.changed(removed=[0]), SentenceIndex.build(articles[1:])),
    ]:
        numbers = {a.article_id: n for n, a in enumerate(found.articles)}
        for number, article in enumerate(expected.articles):
            want = expected.article_vector(number)
            got = found.article_vector(numbers[article.article_id])
            assert got.keys() == want.keys()
            assert all(abs(got[t] - want[t]) < 1e-9 for t in want)
            assert abs(sum(w * w for w in got.values()) - 1) < 1e-9
