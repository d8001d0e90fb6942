"""Reading and writing the corpus folder: one file per article.

An article file is UTF-8 text: a front matter block of `key: value` lines between
`---` lines (title, outlet, byline, published, url, language, original_source),
then the body, one paragraph per line, paragraphs separated by a blank line.
A file without front matter is taken as a raw page dump, as a user might drop
one in, and cleaned by `cleaning.clean_page`.

A file that cannot be used is reported with its name and the reason, and the rest
of the corpus loads. The same article saved twice is loaded once.

A corpus folder is not trusted: only regular files are read, and no more than
`MAX_FILE_BYTES` of them (counted while reading, since a FIFO or a device reports no
size); symlinks are followed only to files inside the folder unless the caller allows
more; symlink loops, broken symlinks, FIFOs, sockets and devices are skipped, each
reported with what it is.
"""

from __future__ import annotations

import errno
import hashlib
import os
import re
import stat
from collections.abc import Iterable
from dataclasses import dataclass, field
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
    """`path` relative to `root` when it lies below it, else absolute. A symlink is
    named as itself (its folder resolved, not its target): a loop cannot be resolved."""
    resolved = path.parent.resolve() / path.name
    if root is not None:
        try:
            return resolved.relative_to(root.resolve()).as_posix()
        except ValueError:
            pass
    return resolved.as_posix()


def special_kind(mode: int) -> str | None:
    """What a file that is not a regular file is ("a FIFO (named pipe)"…), from its
    `st_mode`; None for a regular file."""
    if stat.S_ISREG(mode):
        return None
    if stat.S_ISFIFO(mode):
        return "a FIFO (named pipe)"
    if stat.S_ISSOCK(mode):
        return "a socket"
    if stat.S_ISCHR(mode):
        return "a character device"
    if stat.S_ISBLK(mode):
        return "a block device"
    if stat.S_ISDIR(mode):
        return "a folder"
    return "not a regular file"


def _too_large(size: str) -> CorpusError:
    return CorpusError(f"too large ({size} bytes; the limit is {MAX_FILE_BYTES:,})")


def _read_regular_file(path: Path) -> bytes:
    """The bytes of `path`, which must be a regular file of at most `MAX_FILE_BYTES`.

    The checks are made on the open file, not on the name: a file swapped for a FIFO
    after the folder was scanned neither hangs the open (O_NONBLOCK) nor gets read,
    and a file that grows past the limit is cut off at the limit while reading."""
    try:
        descriptor = os.open(path, os.O_RDONLY | os.O_NONBLOCK | os.O_CLOEXEC)
    except OSError as error:
        if error.errno == errno.ENXIO:  # what opening a unix socket gives
            raise CorpusError("a socket, not a regular file; skipped") from None
        if error.errno == errno.ELOOP:
            raise CorpusError("a symlink loop; skipped") from None
        raise
    with os.fdopen(descriptor, "rb") as file:
        status = os.fstat(descriptor)
        kind = special_kind(status.st_mode)
        if kind is not None:
            raise CorpusError(f"{kind}, not a regular file; skipped")
        if status.st_size > MAX_FILE_BYTES:
            raise _too_large(f"{status.st_size:,}")
        data = file.read(MAX_FILE_BYTES + 1)
    if len(data) > MAX_FILE_BYTES:
        raise _too_large(f"more than {MAX_FILE_BYTES:,}")
    return data


def _decode(path: Path) -> str:
    data = _read_regular_file(path)
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


Stamp = list[int]  # size, modification time, change time (ns)


@dataclass
class FolderScan:
    """The article files below a corpus folder (relative names, in corpus order) with
    their stamps, and the article-named entries not safe to read, with the reason."""

    files: dict[str, Stamp] = field(default_factory=dict)
    refused: dict[str, str] = field(default_factory=dict)

    def paths(self, corpus_dir: Path) -> list[Path]:
        return [corpus_dir / name for name in self.files]

    def problems(self, corpus_dir: Path, root: Path | None) -> dict[str, CorpusProblem]:
        """A problem, naming the entry and the reason, for each entry refused."""
        return {
            name: CorpusProblem(display_path(corpus_dir / name, root), f"{reason}; skipped")
            for name, reason in self.refused.items()
        }


def scan_folder(corpus_dir: Path, outside_links: bool = False) -> FolderScan:
    """Each article file below `corpus_dir` with its stamp, listed without a Path
    object per file (a scan of 30,000 files runs at every change). Only regular files
    count; a symlink is followed only to a file inside the folder (anywhere with
    `outside_links`); loops, broken links, FIFOs, sockets and devices are refused."""
    scan = FolderScan()
    inside = corpus_dir.resolve()

    def walk(folder: str, prefix: str) -> None:
        try:
            entries = sorted(os.scandir(folder), key=lambda e: e.name)
        except OSError:
            return
        folders = []
        for entry in entries:
            try:
                is_dir = entry.is_dir(follow_symlinks=False)
            except OSError:
                continue
            if is_dir:
                if not entry.name.startswith("."):  # as os.walk, which skips linked folders
                    folders.append(entry)
                continue
            if not is_article_name(entry.name):
                continue
            try:
                _take(scan, prefix + entry.name, entry, inside, outside_links)
            except OSError:
                continue
        for entry in folders:
            walk(entry.path, f"{prefix}{entry.name}/")

    walk(str(corpus_dir), "")
    return scan


def scan_names(corpus_dir: Path, names: Iterable[str], outside_links: bool = False) -> FolderScan:
    """What `scan_folder` would find for these relative names alone (a name it would
    not list is left out), without listing the whole folder."""
    scan = FolderScan()
    inside = corpus_dir.resolve()
    for name in sorted(names, key=corpus_order):
        *folders, file = name.split("/")
        if not is_article_name(file) or any(f.startswith(".") or not f for f in folders):
            continue
        path = corpus_dir / name
        try:
            # Only real folders are walked (as os.walk, which skips linked folders).
            if not all(
                stat.S_ISDIR(os.lstat(corpus_dir.joinpath(*folders[: n + 1])).st_mode)
                for n in range(len(folders))
            ):
                continue
            _take(scan, name, _Entry(path), inside, outside_links)
        except OSError:
            continue
    return scan


def is_article_name(name: str) -> bool:
    """Whether a file of this name is read as an article (by its suffix; hidden files
    and READMEs are not)."""
    dot = name.rfind(".")  # a suffix as `os.path.splitext` reads it, at a quarter of its cost
    return (
        dot > 0
        and name[dot:].lower() in ARTICLE_SUFFIXES
        and not name.startswith(".")
        and name[:6].upper() != "README"
    )


class _Entry:
    """A path read as `os.DirEntry` is (for a name not listed from its folder)."""

    def __init__(self, path: Path) -> None:
        self.path = str(path)
        self._lstat = os.lstat(path)

    def is_dir(self, follow_symlinks: bool = True) -> bool:
        return stat.S_ISDIR((self.stat() if follow_symlinks else self._lstat).st_mode)

    def is_symlink(self) -> bool:
        return stat.S_ISLNK(self._lstat.st_mode)

    def stat(self, follow_symlinks: bool = True) -> os.stat_result:
        return os.stat(self.path) if follow_symlinks else self._lstat


def _take(
    scan: FolderScan,
    name: str,
    entry: os.DirEntry[str] | _Entry,
    inside: Path,
    outside_links: bool,
) -> None:
    """Record one file entry in `scan`: its stamp, or why it is refused."""
    if entry.is_dir(follow_symlinks=False):
        return
    if entry.is_symlink():
        reason = refusal(Path(entry.path), inside, outside_links)
        found = None
    else:
        found = entry.stat(follow_symlinks=False)  # not a link: what it points to, too
        reason = special_kind(found.st_mode)
        reason = reason and f"{reason}, not a regular file"
    if reason is not None:
        scan.refused[name] = reason
        return
    if found is None:
        found = entry.stat()
    scan.files[name] = [found.st_size, found.st_mtime_ns, found.st_ctime_ns]


def corpus_order(name: str) -> tuple[tuple[int, str], ...]:
    """A sort key for relative file names that puts them in `article_files` order: a
    folder's files first, then its subfolders', each by name."""
    parts = name.split("/")
    return (*((1, part) for part in parts[:-1]), (0, parts[-1]))


def refusal(path: Path, folder: Path, outside_links: bool) -> str | None:
    """Why the entry `path` of the corpus `folder` (resolved) is not read, if it is not."""
    try:
        target = path.resolve(strict=True)
        mode = target.stat().st_mode
    except RuntimeError:  # what pathlib raises for a loop (3.11 and 3.12)
        return "a symlink loop"
    except FileNotFoundError:
        return "a broken symlink (its target does not exist)"
    except OSError as error:
        if error.errno == errno.ELOOP:
            return "a symlink loop"
        return f"cannot be read ({error.strerror or error})"
    if not outside_links and not target.is_relative_to(folder):
        return (
            "a symlink to a file outside the corpus folder "
            "(allowed only by BOT_CORPUS_FOLLOW_SYMLINKS_OUTSIDE)"
        )
    kind = special_kind(mode)
    return None if kind is None else f"{kind}, not a regular file"


def article_files(corpus_dir: Path, outside_links: bool = False) -> list[Path]:
    """The article files below `corpus_dir` that are safe to read (see `scan_folder`)."""
    return scan_folder(corpus_dir, outside_links).paths(corpus_dir)


def body_fingerprint(body: str) -> str:
    """Same text, same fingerprint, whatever the case, spacing or punctuation."""
    return hashlib.sha1(fold(body).encode()).hexdigest()


def missing_folder(corpus_dir: Path) -> CorpusProblem:
    return CorpusProblem(str(corpus_dir), "corpus folder does not exist")


def load_corpus(
    corpus_dir: Path, root: Path | None = None, outside_links: bool = False
) -> LoadedCorpus:
    """Every usable article below `corpus_dir`, and a problem for each file that is not."""
    if not corpus_dir.is_dir():
        return LoadedCorpus([], [missing_folder(corpus_dir)])
    scan = scan_folder(corpus_dir, outside_links)
    loaded = load_files(scan.paths(corpus_dir), root)
    return LoadedCorpus(
        loaded.articles, [*scan.problems(corpus_dir, root).values(), *loaded.problems]
    )


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
