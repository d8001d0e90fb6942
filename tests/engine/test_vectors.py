"""The semantic stage: the vector store, embedding what is missing, and answers that
use the vectors, fall back to BM25 without them, and say why they decline."""

from __future__ import annotations

import itertools
import json
import mmap
import os
import select
import signal
from collections.abc import Sequence
from pathlib import Path

import numpy as np
import pytest
from threadpoolctl import threadpool_info

from bot.engine import Engine, vectors
from bot.engine.models import Article
from bot.engine.vectors import (
    MAX_SEGMENTS,
    E5Embedder,
    FloatMatrix,
    VectorStore,
    embed_missing,
    page_runs,
    sentence_key,
    sentence_keys,
)
from tests.conftest import CORPUS_DIR, quoted_first

DIM = E5Embedder.dim


def unit_vectors(count: int, seed: int = 0) -> FloatMatrix:
    vectors = np.random.default_rng(seed).normal(size=(count, DIM)).astype(np.float32)
    unit: FloatMatrix = vectors / np.linalg.norm(vectors, axis=1, keepdims=True)
    return unit


def test_the_store_finds_each_vector_by_its_sentence_across_segments_and_restarts(
    tmp_path: Path,
) -> None:
    store = VectorStore(tmp_path, DIM)
    texts = [f"Sentence number {n}." for n in range(50)]
    vectors = unit_vectors(50)
    store.add(sentence_keys(texts[:30]), vectors[:30])
    store.add(sentence_keys(texts[30:]), vectors[30:])
    reopened = VectorStore(tmp_path, DIM)
    segment, row = reopened.locate(sentence_keys([*texts, "never stored"]))
    assert (segment[:50] >= 0).all() and segment[50] == -1
    found = reopened.gather(segment, row)
    assert np.allclose(found[:50], vectors, atol=2e-3)  # float16 on disk
    assert not found[50].any()


@pytest.mark.parametrize("offset", [0, 128, 4000])
def test_read_ahead_asks_for_every_page_a_row_lies_on_and_no_page_past_the_file(
    offset: int,
) -> None:
    page = mmap.PAGESIZE
    row_bytes = DIM * 2  # float16
    count = 5_000
    size = offset + count * row_bytes
    rows = np.sort(np.random.default_rng(offset).choice(count, 300, replace=False))
    runs = page_runs(offset, row_bytes, np.r_[rows, count - 1], size)
    assert all(start % page == 0 and start < end <= size for start, end in runs)
    assert all(end < next_start for (_, end), (next_start, _) in itertools.pairwise(runs))
    for row in [*rows, count - 1]:
        first, last = offset + row * row_bytes, offset + (row + 1) * row_bytes - 1
        assert any(start <= first and last < end for start, end in runs)
    # Pages close together are asked for in one call; far apart, in two.
    near = page_runs(0, row_bytes, np.array([0, 3 * page // row_bytes]), size)
    far = page_runs(0, row_bytes, np.array([0, 4_000]), size)
    assert len(near) == 1 and len(far) == 2


def test_vectors_read_back_after_the_kernel_dropped_their_pages(tmp_path: Path) -> None:
    """A bot idle for a while finds its vector files dropped from memory: the pages a
    question needs are asked for ahead (`Segment.read_ahead`) and read back right."""
    store = VectorStore(tmp_path, DIM)
    keys, given = np.arange(1, 2_001, dtype=np.uint64), unit_vectors(2_000)
    store.add(keys, given)
    reopened = VectorStore(tmp_path, DIM)
    for path in tmp_path.glob("seg-*.vectors.npy"):
        descriptor = os.open(path, os.O_RDONLY)
        os.fsync(descriptor)
        os.posix_fadvise(descriptor, 0, 0, os.POSIX_FADV_DONTNEED)
        os.close(descriptor)
    wanted = np.array([1_999, 3, 700, 701, 1_200])
    segment, row = reopened.locate(keys[wanted])
    assert np.allclose(reopened.gather(segment, row), given[wanted], atol=2e-3)


def test_the_locations_of_many_keys_are_cached_until_the_store_changes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(vectors, "LOCATE_CACHE_MIN_KEYS", 10)
    store = VectorStore(tmp_path, DIM)
    keys = np.arange(1, 41, dtype=np.uint64)
    store.add(keys[:20], unit_vectors(20))
    first = store.locate(keys)
    assert len(list(tmp_path.glob("located-*.npz"))) == 1
    # A reopened store reads the cached locations: the same as looked up afresh.
    segment, row = VectorStore(tmp_path, DIM).locate(keys)
    assert np.array_equal(segment, first[0]) and np.array_equal(row, first[1])
    # New vectors change the store: the locations are looked up again, not read stale.
    store.add(keys[20:], unit_vectors(20, seed=1))
    segment, _ = VectorStore(tmp_path, DIM).locate(keys)
    assert (segment >= 0).all() and (first[0][20:] == -1).all()


def test_many_additions_are_merged_into_few_segments(tmp_path: Path) -> None:
    store = VectorStore(tmp_path, DIM)
    for round_number in range(MAX_SEGMENTS + 3):
        store.add(np.array([round_number + 1], dtype=np.uint64), unit_vectors(1, round_number))
    assert len(list(tmp_path.glob("seg-*.keys.npy"))) <= MAX_SEGMENTS
    assert len(store) == MAX_SEGMENTS + 3


def test_vectors_lie_in_the_order_they_were_added_through_merges(tmp_path: Path) -> None:
    """A question reads an article's sentences together: their vectors, embedded in the
    corpus's order, stay in that order on disk, however their keys sort."""
    store = VectorStore(tmp_path, DIM)
    keys = np.arange(5 * (MAX_SEGMENTS + 1), 0, -1, dtype=np.uint64)  # keys sort backwards
    given = unit_vectors(len(keys))
    for start in range(0, len(keys), 5):
        store.add(keys[start : start + 5], given[start : start + 5])
    assert len(list(tmp_path.glob("seg-*.keys.npy"))) == 1  # merged
    segment, row = VectorStore(tmp_path, DIM).locate(keys)
    assert (segment == segment[0]).all()
    assert np.array_equal(row, np.arange(len(keys)))
    assert np.allclose(store.gather(segment, row), given, atol=2e-3)


def test_a_scattered_store_is_rewritten_in_the_corpus_order(tmp_path: Path) -> None:
    """`python -m bot index` rewrites a store whose vectors for the corpus lie scattered
    (written before segments kept their order, or grown piece by piece) in its order."""
    store = VectorStore(tmp_path, DIM)
    corpus = np.arange(1, 41, dtype=np.uint64)
    given = unit_vectors(40)
    other = np.array([500, 600], dtype=np.uint64)  # another corpus's sentences
    shuffled = np.random.default_rng(3).permutation(40)
    store.add(np.concatenate([corpus[shuffled], other]), np.vstack([given[shuffled], given[:2]]))
    assert store.arrange(corpus)
    reopened = VectorStore(tmp_path, DIM)
    segment, row = reopened.locate(corpus)
    assert np.array_equal(row, np.arange(40)) and (segment == 0).all()
    assert np.allclose(reopened.gather(segment, row), given, atol=2e-3)
    segment, row = reopened.locate(other)
    assert np.allclose(reopened.gather(segment, row), given[:2], atol=2e-3)
    assert len(list(tmp_path.glob("seg-*.keys.npy"))) == 1
    assert not reopened.arrange(corpus)  # in order now: left alone


def test_a_store_written_with_sorted_vectors_is_still_read(tmp_path: Path) -> None:
    """Stores written before vectors kept their order: keys sorted, vectors alike."""
    keys = np.array([3, 7, 9], dtype=np.uint64)
    stored = unit_vectors(3)
    np.save(tmp_path / "seg-000001.vectors.npy", stored.astype(np.float16))
    np.save(tmp_path / "seg-000001.keys.npy", keys)
    store = VectorStore(tmp_path, DIM)
    asked = np.array([9, 3, 8], dtype=np.uint64)
    segment, row = store.locate(asked)
    assert list(segment) == [0, 0, -1]
    assert np.allclose(store.gather(segment, row)[:2], stored[[2, 0]], atol=2e-3)
    # Merged with a segment of the new kind, every vector keeps its key.
    for n in range(MAX_SEGMENTS):
        store.add(np.array([100 + n], dtype=np.uint64), unit_vectors(1, seed=n + 1))
    segment, row = VectorStore(tmp_path, DIM).locate(keys)
    assert np.allclose(store.gather(segment, row), stored, atol=2e-3)


def test_a_half_written_segment_is_not_read(tmp_path: Path) -> None:
    store = VectorStore(tmp_path, DIM)
    store.add(sentence_keys(["kept"]), unit_vectors(1))
    np.save(tmp_path / "seg-000009.vectors.npy", unit_vectors(3).astype(np.float16))
    (tmp_path / "seg-000010.keys.npy").write_bytes(b"\x93NUMPY broken")
    reopened = VectorStore(tmp_path, DIM)
    assert len(reopened) == 1
    assert reopened.locate(sentence_keys(["kept"]))[0][0] >= 0


class CountingEmbedder:
    """A stand-in embedder (hash-seeded random vectors) that counts what it embeds."""

    name = "counting"
    dim = DIM

    def __init__(self) -> None:
        self.embedded = 0

    def query(self, text: str) -> FloatMatrix:
        vector: FloatMatrix = unit_vectors(1, sentence_key(text) % 2**32)[0]
        return vector

    def passages(self, texts: Sequence[str]) -> FloatMatrix:
        self.embedded += len(texts)
        return np.stack([self.query(t) for t in texts])


def test_only_sentences_without_a_vector_are_embedded(tmp_path: Path) -> None:
    store = VectorStore(tmp_path, DIM)
    embedder = CountingEmbedder()
    texts = ["One.", "Two.", "One.", "Three."]
    assert embed_missing(texts, store, embedder) == 3
    assert embed_missing([*texts, "Four."], store, embedder) == 1
    assert embedder.embedded == 4


def test_a_new_article_is_answered_lexically_until_its_vectors_exist(tmp_path: Path) -> None:
    store = VectorStore(tmp_path, DIM)
    embedder = E5Embedder.shared()
    first = Article("a", Path("a.txt"), "a.txt", "Harbour cranes", "The port repaired 12 cranes.")
    second = Article(
        "b", Path("b.txt"), "b.txt", "Orchard harvest", "Farmers picked 40 tonnes of apples."
    )
    Engine.from_articles([first], embedder, store).embed_missing()
    engine = Engine.from_articles([first, second], embedder, store)
    assert engine.vectors is not None and not engine.vectors.complete
    assert engine.sentences_without_vectors() == ["Farmers picked 40 tonnes of apples."]
    answer = engine.ask("How many tonnes of apples did farmers pick?")
    assert quoted_first(answer, "Farmers picked 40")
    ready = engine.embed_missing()
    assert ready.vectors is not None and ready.vectors.complete
    assert ready.ask("How many tonnes of apples did farmers pick?").quotes[0].text == (
        "Farmers picked 40 tonnes of apples."
    )


def test_once_e5_is_loaded_numpy_keeps_to_one_blas_thread_beside_it() -> None:
    E5Embedder.shared().query("How many troops were sent?")
    blas = [pool for pool in threadpool_info() if pool["user_api"] == "blas"]
    assert blas and all(pool["num_threads"] == 1 for pool in blas)


def test_the_semantic_stage_finds_a_sentence_in_other_words(tmp_path: Path) -> None:
    """The answer says "manufacture" and "optical discs"; the question "make" and "disks"."""
    articles = [
        Article(
            "t",
            Path("t.txt"),
            "t.txt",
            "Electronics maker changes course",
            "Kovra said on Tuesday it will no longer manufacture optical discs. "
            "The company employs about 900 people in the region. "
            "Its chief executive called the market for Kovra players small.",
        ),
        Article(
            "u",
            Path("u.txt"),
            "u.txt",
            "Kovra opens a store",
            "Kovra opened a store downtown. Shoppers queued for Kovra speakers on Saturday.",
        ),
    ]
    semantic = Engine.from_articles(articles, E5Embedder.shared(), VectorStore(tmp_path, DIM))
    semantic = semantic.embed_missing()
    answer = semantic.ask("What will Kovra stop making?")
    assert answer.answered
    assert answer.quotes[0].text.startswith("Kovra said on Tuesday it will no longer manufacture")


def test_declines_say_why(engine: Engine) -> None:
    reasons = {
        "": "empty_question",
        "How many tanks has North Korea sent to Russia?": "counted_thing_absent",
        "What did Xi Jinping say about the pact?": "name_absent",
        "troops " * 1000: "too_long",
    }
    for question, reason in reasons.items():
        answer = engine.ask(question)
        assert not answer.answered, question
        assert answer.decline_reason == reason, (question, answer.decline_reason)
        assert answer.to_json()["decline_reason"] == reason
        assert answer.message


def test_markup_in_a_question_is_read_past(engine: Engine) -> None:
    plain = engine.ask("how many shells did C4ADS count?")
    marked = engine.ask("<b>how many</b> shells &amp; <script>alert(1)</script> did C4ADS count?")
    assert plain.answered and marked.answered
    assert [q.text for q in marked.quotes] == [q.text for q in plain.quotes]


def test_no_seed_story_in_the_products_own_words(tmp_path: Path) -> None:
    """A newsroom on another story is never told to ask about troops."""
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "port.txt").write_text(
        "---\ntitle: Harbour Authority repairs cranes\n---\n\n"
        "The Harbour Authority said on Monday it repaired 12 cranes at Port Elsworth.\n",
        encoding="utf-8",
    )
    engine = Engine.from_dir(corpus, root=tmp_path)
    examples = engine.example_questions()
    assert examples and any("Harbour Authority" in q or "Port Elsworth" in q for q in examples)
    said = " ".join([*examples, engine.ask("What about dragons?").message, engine.ask("").message])
    for seed_word in ("troops", "North Korea", "Russia", "Kim"):
        assert seed_word not in said


def test_an_article_without_a_headline_is_cited_by_its_first_words(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    body = (
        "ELSWORTH (Wire) -- The harbour authority said Monday it repaired 12 cranes after "
        "the storm. Work on the last two cranes ends next week."
    )
    (corpus / "wire.txt").write_text(body + "\n", encoding="utf-8")
    engine = Engine.from_dir(corpus, root=tmp_path)
    (article,) = engine.articles
    assert article.title == "" and article.outlet == "Wire"
    assert article.headline == "untitled: “ELSWORTH (Wire) -- The harbour authority said Monday…”"
    answer = engine.ask("How many cranes did the harbour authority repair?")
    # The first sentence is body text, quotable, not swallowed as a title.
    assert quoted_first(answer, "ELSWORTH (Wire) -- The harbour")


def test_eval_saves_a_run_and_compares_with_it(tmp_path: Path) -> None:
    from bot.__main__ import main

    questions = tmp_path / "questions.jsonl"
    rows = [
        {
            "id": "q1",
            "question": "How many troops has North Korea sent to Russia?",
            "answerable": True,
            "gold": ["10,000"],
            "kind": "numeric",
        },
        {
            "id": "q2",
            "question": "How many tanks did Belarus send?",
            "answerable": False,
            "gold": [],
            "kind": "unanswerable",
        },
    ]
    questions.write_text("\n".join(json.dumps(r) for r in rows), encoding="utf-8")
    saved = tmp_path / "run.json"
    assert main(["eval", f"{questions}@{CORPUS_DIR}", "--save", str(saved)]) == 0
    run = json.loads(saved.read_text(encoding="utf-8"))
    assert run["summary"]["hit@1"] == 1.0 and run["summary"]["declined correctly"] == 1.0
    run["summary"]["hit@1"] = 0.0
    run["outcomes"][0]["gold_at"] = None
    saved.write_text(json.dumps(run), encoding="utf-8")
    assert main(["eval", f"{questions}@{CORPUS_DIR}", "--compare", str(saved)]) == 0


@pytest.mark.parametrize("configuration", ["engine", "lexical_engine"])
def test_every_quote_stands_in_its_file(configuration: str, request: pytest.FixtureRequest) -> None:
    engine: Engine = request.getfixturevalue(configuration)
    for question in [*engine.example_questions(), "Where are the troops?", "Who is Belousov?"]:
        for quote in engine.ask(question).quotes:
            assert quote.text in (CORPUS_DIR.parent / quote.article.source_file).read_text("utf-8")


def test_a_share_asked_for_in_other_words_is_answered_with_its_figure(tmp_path: Path) -> None:
    """ "What share …" counts no named thing: a figure in a sentence near in meaning
    answers it, though the sentence shares few of its words."""
    articles = [
        Article(
            "n",
            Path("n.txt"),
            "n.txt",
            "Hospital staffing",
            "About 43 percent of nurses in the province quit the profession last year. "
            "The health ministry opened two training colleges in the spring. "
            "Hospitals in the north rely on agency staff.",
        ),
        Article(
            "m",
            Path("m.txt"),
            "m.txt",
            "Province budget",
            "The province raised its budget for roads. Farmers asked for more rail lines.",
        ),
    ]
    engine = Engine.from_articles(articles, E5Embedder.shared(), VectorStore(tmp_path, DIM))
    answer = engine.embed_missing().ask("What percentage of nurses left their jobs?")
    assert answer.answered, answer.message
    assert answer.intent == "quantity"
    assert answer.quotes[0].text.startswith("About 43 percent of nurses")


def test_a_forked_process_still_scans_the_articles_by_vector(tmp_path: Path) -> None:
    """The article scan runs on a thread of its own, which a forked child lacks. (The
    child asks the question the parent asked: e5's OpenMP threads are not fork-safe,
    so its vector must come from the cache.)"""
    articles = [
        Article("k", Path("k.txt"), "k.txt", "Kovra", "Kovra will no longer manufacture discs.")
    ]
    engine = Engine.from_articles(articles, E5Embedder.shared(), VectorStore(tmp_path, DIM))
    engine = engine.embed_missing()
    assert engine.ask("What will Kovra stop making?").answered  # the thread is started
    read_end, write_end = os.pipe()
    child = os.fork()
    if child == 0:  # pragma: no cover - the child reports through the pipe
        os.close(read_end)
        answered = engine.ask("What will Kovra stop making?", max_quotes=1).answered
        os.write(write_end, b"yes" if answered else b"no")
        os._exit(0)
    os.close(write_end)
    try:
        ready, _, _ = select.select([read_end], [], [], 20)
        assert ready, "the forked child's question never finished"
        assert os.read(read_end, 8) == b"yes"
    finally:
        if not ready:
            os.kill(child, signal.SIGKILL)
        os.waitpid(child, 0)
        os.close(read_end)
