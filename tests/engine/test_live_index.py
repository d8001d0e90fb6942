"""The live index: any run of additions, changes and removals answers (and scores)
as a fresh build over the same files does; replaced indexes and engines are freed."""

from __future__ import annotations

import gc
import os
import shutil
import tempfile
import weakref
from pathlib import Path

import numpy as np
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.engine import Engine
from bot.engine.build import LiveCorpus, build_index
from bot.engine.library import Library
from bot.engine.models import Answer
from scripts.gen_corpus import generate_article, make_questions, render
from tests.conftest import CORPUS_DIR

SEED = 7
POOL = 12  # generated articles the random runs draw from
QUESTIONS = [
    *make_questions(SEED, POOL, 12),
    "How many troops has North Korea sent?",
    "Who said the talks would resume?",
]
TERMS = ["said", "minister", "troops", "percent", "talks", "north korea"]


def article_text(number: int, name: str) -> str:
    return render(generate_article(SEED, number), Path(name))


def quotes_by_score(answer: Answer) -> list[tuple[float, list[tuple[str, str]]]]:
    """The quotes grouped by score: equal scores may come in either order."""
    groups: dict[float, list[tuple[str, str]]] = {}
    for quote in answer.quotes:
        groups.setdefault(quote.score, []).append((quote.passage.article.source_file, quote.text))
    return [(score, sorted(found)) for score, found in groups.items()]


def sentence_openings(engine: Engine) -> list[tuple[str, bool]]:
    """Each live sentence with whether the index holds it to open with a name."""
    index = engine.index
    live = ~index.dead_articles[index.article_of]
    return sorted(
        (index.passage(int(p)).text, bool(index.opens_name[p])) for p in np.flatnonzero(live)
    )


def assert_same_answers(live: Engine, fresh: Engine) -> None:
    assert sorted(a.source_file for a in live.articles) == sorted(
        a.source_file for a in fresh.articles
    )
    assert live.index.live_size == fresh.index.live_size
    assert live.index.average_length == fresh.index.average_length
    assert live.index.surface_words == fresh.index.surface_words
    for term in TERMS:
        assert live.index.knows(term) == fresh.index.knows(term)
        assert live.index.idf(term) == fresh.index.idf(term)
        live_passages, live_scores = live.index.postings(term)
        fresh_passages, fresh_scores = fresh.index.postings(term)
        texts = [live.index.passage(int(p)).text for p in live_passages]
        assert sorted(zip(texts, live_scores.round(9), strict=True)) == sorted(
            zip(
                [fresh.index.passage(int(p)).text for p in fresh_passages],
                fresh_scores.round(9),
                strict=True,
            )
        )
    assert sentence_openings(live) == sentence_openings(fresh)
    for question in QUESTIONS:
        mine, theirs = live.ask(question), fresh.ask(question)
        assert (mine.answered, mine.decline_reason) == (theirs.answered, theirs.decline_reason)
        assert np.allclose([q.score for q in mine.quotes], [q.score for q in theirs.quotes])
        # A tie at the cut-off may keep either of two equal quotes; the rest match.
        assert quotes_by_score(mine)[:-1] == quotes_by_score(theirs)[:-1]


operation = st.tuples(
    st.sampled_from(["add", "change", "remove", "copy", "merge"]),
    st.integers(0, POOL - 1),
    st.integers(0, 5),
)


@settings(max_examples=40, deadline=None, suppress_health_check=list(HealthCheck))
@given(st.lists(operation, min_size=1, max_size=12), st.booleans(), st.booleans())
def test_any_run_of_changes_answers_as_a_fresh_build(
    operations: list[tuple[str, int, int]], saved: bool, watched: bool
) -> None:
    """`watched`: each update looks only at the file changed, as under the watcher."""
    with tempfile.TemporaryDirectory() as scratch:
        corpus, index_dir = Path(scratch) / "corpus", Path(scratch) / "index"
        corpus.mkdir()
        for number in range(3):
            (corpus / f"start{number}.txt").write_text(article_text(number, "x"), "utf-8")
        live = LiveCorpus(corpus, Path(scratch), index_dir, mode="disk" if saved else "memory")
        for kind, article, slot in operations:
            path = corpus / f"file{slot}.txt"
            if kind == "add":
                path.write_text(article_text(article, path.name), "utf-8")
            elif kind == "change" and path.exists():
                path.write_text(article_text((article + 1) % POOL, path.name), "utf-8")
            elif kind == "remove":
                path.unlink(missing_ok=True)
            elif kind == "copy":  # the same article in two files is loaded once
                shutil.copy(corpus / "start0.txt", path)
            elif kind == "merge":
                live.merge_step()
            live.update({path.name} if watched and kind != "merge" else None)
        fresh = Engine(build_index(corpus, Path(scratch)).index)
        assert_same_answers(Engine(live.index), fresh)
        problems = build_index(corpus, Path(scratch)).problems
        assert [str(p) for p in live.problems()] == [str(p) for p in problems]
        if saved:  # a restart reads the saved segments and answers the same
            restarted = LiveCorpus(corpus, Path(scratch), index_dir, mode="disk")
            assert restarted.loaded_from_disk
            assert_same_answers(Engine(restarted.index), fresh)


def test_replaced_indexes_and_engines_are_freed(tmp_path: Path) -> None:
    shutil.copytree(CORPUS_DIR, tmp_path / "corpus")
    library = Library(tmp_path / "corpus", tmp_path)
    first_engine = weakref.ref(library.engine)
    first_index = weakref.ref(library.engine.index)
    olds = []
    for number in range(20):
        path = tmp_path / "corpus" / f"new{number}.txt"
        path.write_text(article_text(number % POOL, path.name), "utf-8")
        if number % 3 == 2:
            os.remove(tmp_path / "corpus" / f"new{number - 1}.txt")
        library.reload()
        olds.append((weakref.ref(library.engine), weakref.ref(library.engine.index)))
        library.engine.ask("How many troops has North Korea sent?")
    gc.collect()
    assert first_engine() is None and first_index() is None
    alive = [n for n, (engine, index) in enumerate(olds[:-1]) if engine() or index()]
    assert alive == []
    # Without the collector too: nothing refers back to the engine or index that holds it.
    gc.disable()
    try:
        engine = weakref.ref(library.engine)
        (tmp_path / "corpus" / "last.txt").write_text(article_text(1, "last.txt"), "utf-8")
        library.reload()
        assert engine() is None
    finally:
        gc.enable()
