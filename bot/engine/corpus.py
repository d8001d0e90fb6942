"""Reading and writing the corpus folder: one file per article.

An article file is UTF-8 text: a front matter block of `key: value` lines between
`---` lines (title, outlet, byline, published, url, language, original_source),
then the body, one paragraph per line, paragraphs separated by a blank line.
A file without front matter is taken as a raw page dump, as a user might drop
one in, and cleaned by `cleaning.clean_page`.

A file that cannot be used is reported with its name and the reason, and the rest
of the corpus loads. The same article saved twice is loaded once.
"""

from __future__ import annotations

import hashlib
import os
import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from bot.engine.cleaning import CleanedPage, clean_page, fold
from bot.engine.models import Article, CorpusProblem

ARTICLE_SUFFIXES = frozenset({".txt", ".md", ".text"})
MAX_FILE_BYTES = 5 * 1024 * 1024
METADATA_KEYS = ("title", "outlet", "byline", "published", "url", "language", "original_source")
FRONT_MATTER_RE = re.compile(r"\A---[ \t]*\n(?P<meta>.*?)\n---[ \t]*\n", re.DOTALL)


class CorpusError(ValueError):
    """A file that is not a usable article; the message says why."""


@dataclass(frozen=True)
class LoadedCorpus:
    articles: list[Article]
    problems: list[CorpusProblem]


def display_path(path: Path, root: Path | None) -> str:
    """`path` relative to `root` when it lies below it, else absolute."""
    resolved = path.resolve()
    if root is not None:
        try:
            return resolved.relative_to(root.resolve()).as_posix()
        except ValueError:
            pass
    return resolved.as_posix()


def _decode(path: Path) -> str:
    size = path.stat().st_size
    if size > MAX_FILE_BYTES:
        raise CorpusError(f"too large ({size:,} bytes; the limit is {MAX_FILE_BYTES:,})")
    data = path.read_bytes()
    if b"\x00" in data:
        raise CorpusError("binary data, not text (it contains NUL bytes)")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise CorpusError(f"not UTF-8 text (bad byte at offset {error.start})") from None


def _parse_front_matter(block: str) -> dict[str, str]:
    meta: dict[str, str] = {}
    for number, line in enumerate(block.split("\n"), start=2):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        key, sep, value = line.partition(":")
        key = key.strip().lower()
        if not sep or key not in METADATA_KEYS:
            raise CorpusError(f"front matter line {number} is not a known `key: value` ({line!r})")
        meta[key] = value.strip()
    return meta


def _parse_date(value: str | None) -> date | None:
    if not value:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise CorpusError(f"published {value!r} is not a YYYY-MM-DD date") from None


def read_article(path: Path, root: Path | None = None) -> Article:
    """One article file, with or without front matter. Raises CorpusError."""
    text = _decode(path).replace("\r\n", "\n")
    source_file = display_path(path, root)
    match = FRONT_MATTER_RE.match(text)
    if text.startswith("---") and match is None:
        raise CorpusError("front matter is not closed by a `---` line")
    if match is not None:
        meta = _parse_front_matter(match.group("meta"))
        body = text[match.end() :].strip()
        if not meta.get("title"):
            raise CorpusError("front matter has no title")
        return Article(
            article_id=source_file,
            path=path,
            source_file=source_file,
            title=meta["title"],
            body=body,
            outlet=meta.get("outlet") or None,
            byline=meta.get("byline") or None,
            published=_parse_date(meta.get("published")),
            url=meta.get("url") or None,
            language=meta.get("language") or "en",
            original_source=meta.get("original_source") or None,
        )
    page = clean_page(text)
    if not page.paragraphs:
        raise CorpusError("no article text found (empty, or only page furniture)")
    return article_from_page(path, source_file, page)


def article_from_page(path: Path, source_file: str, page: CleanedPage) -> Article:
    """The article a cleaned page (text dump or HTML) holds."""
    return Article(
        article_id=path.stem,
        path=path,
        source_file=source_file,
        title=page.title,
        body=page.body,
        outlet=page.outlet,
        byline=page.byline,
        published=page.published,
        url=page.url,
        language=page.language or "en",
        original_source=page.original_source,
    )


def article_files(corpus_dir: Path) -> list[Path]:
    """Article files below `corpus_dir`, in a stable order; READMEs and hidden files skipped."""
    found = []
    for folder, subfolders, files in os.walk(corpus_dir):
        subfolders[:] = sorted(d for d in subfolders if not d.startswith("."))
        for name in sorted(files):
            path = Path(folder) / name
            if (
                path.suffix.lower() in ARTICLE_SUFFIXES
                and not name.startswith(".")
                and not name.upper().startswith("README")
            ):
                found.append(path)
    return found


def body_fingerprint(body: str) -> str:
    """Same text, same fingerprint, whatever the case, spacing or punctuation."""
    return hashlib.sha1(fold(body).encode()).hexdigest()


def missing_folder(corpus_dir: Path) -> CorpusProblem:
    return CorpusProblem(str(corpus_dir), "corpus folder does not exist")


def load_corpus(corpus_dir: Path, root: Path | None = None) -> LoadedCorpus:
    """Every usable article below `corpus_dir`, and a problem for each file that is not."""
    if not corpus_dir.is_dir():
        return LoadedCorpus([], [missing_folder(corpus_dir)])
    return load_files(article_files(corpus_dir), root)


def load_files(paths: Iterable[Path], root: Path | None = None) -> LoadedCorpus:
    articles: list[Article] = []
    problems: list[CorpusProblem] = []
    seen: dict[str, Article] = {}
    for path in paths:
        name = display_path(path, root)
        try:
            article = read_article(path, root)
        except CorpusError as error:
            problems.append(CorpusProblem(name, str(error)))
            continue
        except OSError as error:
            problems.append(CorpusProblem(name, f"cannot be read ({error.strerror or error})"))
            continue
        fingerprint = body_fingerprint(article.body)
        if fingerprint in seen:
            first = seen[fingerprint].source_file
            problems.append(CorpusProblem(name, f"same article as {first}; loaded once", False))
            continue
        seen[fingerprint] = article
        articles.append(article)
    return LoadedCorpus(articles, problems)


def render_article_file(article: Article) -> str:
    """The text of an article file in the corpus format."""
    meta = {
        "title": article.title,
        "outlet": article.outlet,
        "byline": article.byline,
        "published": article.published.isoformat() if article.published else None,
        "url": article.url,
        "language": article.language,
        "original_source": article.original_source,
    }
    # One line per key: a title with a line break or odd spaces would break the format.
    header = "\n".join(f"{key}: {' '.join(value.split())}" for key, value in meta.items() if value)
    return f"---\n{header}\n---\n\n{article.body.strip()}\n"
