"""Loading the corpus folder: front matter, raw dumps, bad files and duplicates."""

from __future__ import annotations

import os
import shutil
from datetime import date
from pathlib import Path

import pytest

from bot.engine import Engine
from bot.engine.corpus import (
    CorpusError,
    load_corpus,
    read_article,
    render_article_file,
    scan_folder,
    scan_names,
)
from tests.conftest import CORPUS_DIR, HOSTILE_ENTRIES, RAW_SEEDS, add_hostile_entries

ARTICLE = """---
title: Talks resume in Geneva
outlet: Example Times
published: 2025-02-01
url: https://example.com/talks
---

Negotiators met in Geneva on Friday. They agreed to meet again in March.
"""


def test_the_shipped_corpus_loads_without_problems() -> None:
    loaded = load_corpus(CORPUS_DIR)
    assert loaded.problems == []
    assert len(loaded.articles) == 5
    outlets = {a.outlet for a in loaded.articles}
    assert {"BreakingNews.ie", "Newslooks", "Ukrainska Pravda"} <= outlets
    assert all(a.published is not None for a in loaded.articles)


def test_front_matter_is_read(tmp_path: Path) -> None:
    path = tmp_path / "talks.txt"
    path.write_text(ARTICLE, encoding="utf-8")
    article = read_article(path, tmp_path)
    assert article.title == "Talks resume in Geneva"
    assert article.outlet == "Example Times"
    assert article.published == date(2025, 2, 1)
    assert article.url == "https://example.com/talks"
    assert article.source_file == "talks.txt"
    assert article.body.startswith("Negotiators met in Geneva on Friday.")


def test_an_article_file_round_trips(tmp_path: Path) -> None:
    original = read_article(CORPUS_DIR / RAW_SEEDS[1].name)
    path = tmp_path / "copy.txt"
    path.write_text(render_article_file(original), encoding="utf-8")
    copy = read_article(path)
    assert (copy.title, copy.outlet, copy.byline, copy.published, copy.body) == (
        original.title,
        original.outlet,
        original.byline,
        original.published,
        original.body,
    )


def test_a_raw_dump_dropped_in_is_cleaned_and_answers(tmp_path: Path) -> None:
    (tmp_path / "raw.txt").write_bytes(RAW_SEEDS[1].read_bytes())
    engine = Engine.from_dir(tmp_path, root=tmp_path)
    assert [a.outlet for a in engine.articles] == ["BreakingNews.ie"]
    answer = engine.ask("How many troops has North Korea sent to Russia?")
    assert answer.answered
    assert "10,000" in answer.quotes[0].text
    assert answer.quotes[0].text in (tmp_path / "raw.txt").read_text(encoding="utf-8")


def test_bad_files_are_named_with_a_reason_and_the_rest_loads(tmp_path: Path) -> None:
    (tmp_path / "good.txt").write_text(ARTICLE, encoding="utf-8")
    (tmp_path / "binary.txt").write_bytes(b"\x00\x01\x02 not text")
    (tmp_path / "latin1.txt").write_bytes("Caf\xe9 society".encode("latin-1"))
    (tmp_path / "unclosed.txt").write_text("---\ntitle: Oops\nbody without end", encoding="utf-8")
    (tmp_path / "baddate.txt").write_text(
        "---\ntitle: T\npublished: yesterday\n---\nText.", encoding="utf-8"
    )
    (tmp_path / "unknownkey.txt").write_text("---\ntitle: T\ncolour: red\n---\nText.")
    (tmp_path / "empty.txt").write_text("\n\n", encoding="utf-8")
    (tmp_path / "notes.json").write_text("{}", encoding="utf-8")  # not an article file
    loaded = load_corpus(tmp_path, tmp_path)
    assert [a.title for a in loaded.articles] == ["Talks resume in Geneva"]
    reasons = {p.file: p.reason for p in loaded.problems}
    assert set(reasons) == {
        "binary.txt",
        "latin1.txt",
        "unclosed.txt",
        "baddate.txt",
        "unknownkey.txt",
        "empty.txt",
    }
    assert "binary" in reasons["binary.txt"]
    assert "UTF-8" in reasons["latin1.txt"]
    assert "not closed" in reasons["unclosed.txt"]
    assert "yesterday" in reasons["baddate.txt"]
    assert "colour" in reasons["unknownkey.txt"]
    assert "no article text" in reasons["empty.txt"]


def test_the_same_article_twice_is_loaded_once(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(ARTICLE, encoding="utf-8")
    (tmp_path / "b.txt").write_text(ARTICLE.replace("Geneva on", "Geneva  on"), encoding="utf-8")
    loaded = load_corpus(tmp_path, tmp_path)
    assert len(loaded.articles) == 1
    assert [(p.file, p.fatal) for p in loaded.problems] == [("b.txt", False)]
    assert "same article as a.txt" in loaded.problems[0].reason


def test_a_missing_corpus_folder_is_a_problem_not_a_crash(tmp_path: Path) -> None:
    engine = Engine.from_dir(tmp_path / "nowhere")
    assert engine.articles == []
    assert "does not exist" in engine.problems[0].reason
    assert not engine.ask("How many troops?").answered


def hostile_folder(tmp_path: Path) -> tuple[Path, Path]:
    """A corpus folder with one good article (in a subfolder, and a symlink to it) and
    every kind of entry that must not be read; and the article file outside it."""
    corpus = tmp_path / "corpus"
    (corpus / "sub").mkdir(parents=True)
    (corpus / "sub" / "good.txt").write_text(ARTICLE, encoding="utf-8")
    (corpus / "inside.txt").symlink_to(corpus / "sub" / "good.txt")
    # A readable article, so that only the refusal keeps it out.
    outside = tmp_path / "passwd"
    outside.write_text(ARTICLE.replace("Geneva", "Vienna"), encoding="utf-8")
    add_hostile_entries(corpus, outside)
    return corpus, outside


def test_special_files_are_skipped_with_what_they_are(tmp_path: Path) -> None:
    corpus, _secret = hostile_folder(tmp_path)
    loaded = load_corpus(corpus, tmp_path)
    reasons = {p.file: p.reason for p in loaded.problems}
    assert [a.source_file for a in loaded.articles] == ["corpus/inside.txt"]
    assert reasons == {f"corpus/{name}": reason for name, reason in HOSTILE_ENTRIES.items()} | {
        "corpus/sub/good.txt": "same article as corpus/inside.txt; loaded once"
    }


def test_outside_symlinks_are_read_only_when_allowed_and_devices_never(tmp_path: Path) -> None:
    corpus, _secret = hostile_folder(tmp_path)
    (corpus / "zero.txt").symlink_to("/dev/zero")
    loaded = load_corpus(corpus, tmp_path, outside_links=True)
    reasons = {p.file: p.reason for p in loaded.problems}
    assert sorted(a.source_file for a in loaded.articles) == [
        "corpus/inside.txt",
        "corpus/passwd.txt",
    ]
    assert reasons["corpus/zero.txt"] == "a character device, not a regular file; skipped"
    engine = Engine.from_dir(corpus, root=tmp_path, outside_links=True)
    assert len(engine.articles) == 2
    assert "corpus/zero.txt" in {p.file for p in engine.problems}


def test_the_size_limit_holds_while_reading_not_only_by_stat(tmp_path: Path) -> None:
    # A FIFO with a writer, or a device, reports size 0: reading itself must stop.
    for name, kind in (("/dev/zero", "a character device"), ("/dev/null", "a character device")):
        with pytest.raises(CorpusError, match=f"{kind}, not a regular file"):
            read_article(Path(name))
    pipe = tmp_path / "pipe.txt"
    os.mkfifo(pipe)
    writer = os.open(pipe, os.O_RDWR | os.O_NONBLOCK)  # a writer is present: no EOF
    try:
        os.write(writer, b"A sentence. " * 1000)
        with pytest.raises(CorpusError, match="a FIFO"):
            read_article(pipe)
    finally:
        os.close(writer)
    big = tmp_path / "big.txt"
    big.write_bytes(b"All the news. " * 400_000)
    with pytest.raises(CorpusError, match=r"too large \(5,600,000 bytes"):
        read_article(big)


def test_looking_at_some_names_finds_what_a_scan_of_the_folder_finds(tmp_path: Path) -> None:
    """The watcher's changed files are looked at alone: each is taken, refused or left
    out exactly as a scan of the whole folder would."""
    corpus, outside = tmp_path / "corpus", tmp_path / "passwd.txt"
    shutil.copytree(CORPUS_DIR, corpus)
    outside.write_text("root:x:0:0", "utf-8")
    add_hostile_entries(corpus, outside)
    (corpus / "sub").mkdir()
    (corpus / "sub" / "inner.txt").write_text("Inner.\n\nA sentence.\n", "utf-8")
    (corpus / ".hidden").mkdir()
    (corpus / ".hidden" / "secret.txt").write_text("Secret.\n\nA sentence.\n", "utf-8")
    (corpus / "linked").symlink_to(corpus / "sub", target_is_directory=True)
    (corpus / "README.txt").write_text("not an article", "utf-8")
    (corpus / "folder.txt").mkdir()
    names = {
        str(path.relative_to(corpus))
        for path in corpus.rglob("*")
        if not path.is_dir() or path.is_symlink()
    } | {"linked/inner.txt", "gone.txt", "folder.txt"}
    full = scan_folder(corpus)
    some = scan_names(corpus, names)
    assert some.files == full.files and some.refused == full.refused
    assert "sub/inner.txt" in some.files and len(some.refused) == len(HOSTILE_ENTRIES)
    assert scan_names(corpus, ["sub/inner.txt"]).files == {
        "sub/inner.txt": full.files["sub/inner.txt"]
    }
