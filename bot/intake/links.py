"""A link becomes an article file in the corpus folder, once.

The page is fetched (`fetch`), its text and metadata extracted with trafilatura
(`html_page.extract_html_page`, the same as `python -m bot add page.html`), and the
article written into the corpus folder atomically (a hidden temporary file renamed
into place, so the watcher never reads half a file). The same story is added once:
a link whose URL, with tracking parameters removed, is already in the corpus is not
even fetched, and a page whose text, normalised, is already there (a wire story
re-sent by another outlet) is not written.
"""

from __future__ import annotations

import asyncio
import hashlib
import os
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path
from typing import Literal
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from bot.engine.cleaning import clean_page
from bot.engine.corpus import (
    article_from_page,
    body_fingerprint,
    display_path,
    render_article_file,
)
from bot.engine.html_page import HtmlPageError, extract_html_page
from bot.engine.models import Article
from bot.intake.fetch import FetchError, FetchPolicy, fetch, host_of

TRACKING_PARAMETER = re.compile(
    r"^(utm_[a-z_]+|fbclid|gclid|dclid|gbraid|wbraid|msclkid|yclid|twclid|igshid|mc_cid|mc_eid"
    r"|_ga|_gl|_hsenc|_hsmi|mkt_tok|oly_anon_id|oly_enc_id|vero_id|ref_src|cmpid|ocid|ncid"
    r"|smid|sh|at_medium|at_campaign|at_custom\d|cid|icid|ito|traffic_source)$",
    re.IGNORECASE,
)
"""Query parameters that say where a reader came from, not which page they read."""

PAGE_TYPES = frozenset({"text/html", "application/xhtml+xml", "text/plain", ""})
MAX_PARALLEL_FETCHES = 4


def canonical_url(url: str) -> str:
    """`url` without tracking parameters or fragment, host lowercased, default port
    dropped, remaining parameters sorted: the form stored in an article's front matter."""
    parts = urlsplit(url.strip())
    scheme = parts.scheme.lower()
    host = (parts.hostname or "").lower().rstrip(".")
    if ":" in host:
        host = f"[{host}]"
    default_port = {"http": 80, "https": 443}.get(scheme)
    netloc = host if parts.port in (None, default_port) else f"{host}:{parts.port}"
    query = sorted(
        (key, value)
        for key, value in parse_qsl(parts.query, keep_blank_values=True)
        if not TRACKING_PARAMETER.match(key)
    )
    return urlunsplit((scheme, netloc, parts.path or "/", urlencode(query), ""))


def story_key(url: str) -> str:
    """What makes two links the same story: the canonical URL, whatever the scheme, a
    leading "www." or a trailing slash."""
    parts = urlsplit(canonical_url(url))
    netloc = parts.netloc.removeprefix("www.")
    path = parts.path.rstrip("/") or "/"
    return urlunsplit(("", netloc, path, parts.query, ""))


def file_name_for(url: str) -> str:
    """The corpus file name of the article at `url`: its site, and a digest of its
    story key, so that the same story always lands in the same file."""
    digest = hashlib.sha1(story_key(url).encode()).hexdigest()[:12]
    site = re.sub(r"[^a-z0-9.-]+", "-", host_of(url)).strip(".-")[:60] or "link"
    return f"{site}-{digest}.txt"


@dataclass(frozen=True)
class Hints:
    """What a feed item says about its page, used where the page itself says nothing."""

    title: str | None = None
    published: date | None = None
    outlet: str | None = None


@dataclass(frozen=True)
class Outcome:
    """What became of one link: `added` (with the file), `duplicate` (the story is in
    the corpus already: `detail` names the file) or `failed` (`detail` says why;
    `lasting` whether trying again later could help)."""

    url: str
    status: Literal["added", "duplicate", "failed"]
    detail: str = ""
    path: Path | None = None
    title: str | None = None
    lasting: bool = True

    def __str__(self) -> str:
        if self.status == "added":
            return f"{self.url} → {self.detail} ({self.title!r})"
        if self.status == "duplicate":
            return f"{self.url}: already in the corpus ({self.detail})"
        return f"{self.url}: skipped: {self.detail}"


class Catalog:
    """Which stories the corpus holds: by story key of their URL, and by normalised text.

    Built from the articles in service, plus the files written since that the index
    has not read yet; fingerprints are kept per article, so a sync over a large corpus
    only hashes what is new.
    """

    def __init__(self) -> None:
        self._fingerprints: dict[tuple[str, int], str] = {}
        self._urls: dict[str, str] = {}
        self._texts: dict[str, str] = {}
        self._written: dict[str, tuple[str, str | None, str]] = {}  # by absolute path

    def sync(self, articles: Sequence[Article]) -> None:
        """Take the corpus in service now (call before `url_seen` and `text_seen`)."""
        fingerprints: dict[tuple[str, int], str] = {}
        urls: dict[str, str] = {}
        texts: dict[str, str] = {}
        for article in articles:
            key = (article.article_id, hash(article.body))
            fingerprint = self._fingerprints.get(key) or body_fingerprint(article.body)
            fingerprints[key] = fingerprint
            texts.setdefault(fingerprint, article.source_file)
            if article.url:
                urls.setdefault(story_key(article.url), article.source_file)
        if self._written:
            # Written files the index has read are among the articles now; removed
            # ones are gone from the corpus, so their story may come again.
            loaded = {os.path.abspath(article.path) for article in articles}
            self._written = {
                path: entry
                for path, entry in self._written.items()
                if path not in loaded and os.path.exists(path)
            }
        for name, url, fingerprint in self._written.values():
            texts.setdefault(fingerprint, name)
            if url:
                urls.setdefault(story_key(url), name)
        self._fingerprints, self._urls, self._texts = fingerprints, urls, texts

    def url_seen(self, url: str) -> str | None:
        """The file holding the story at `url`, if the corpus has it."""
        return self._urls.get(story_key(url))

    def text_seen(self, body: str) -> str | None:
        """The file holding the same text (case, spacing and punctuation aside), if any."""
        return self._texts.get(body_fingerprint(body))

    def note(self, path: Path, name: str, article: Article) -> None:
        """Remember a file just written, until the index has read it."""
        fingerprint = body_fingerprint(article.body)
        self._written[os.path.abspath(path)] = (name, article.url, fingerprint)
        self._texts.setdefault(fingerprint, name)
        if article.url:
            self._urls.setdefault(story_key(article.url), name)


def write_atomically(path: Path, text: str) -> None:
    """Write `text` to `path` so that a reader sees the old file or the whole new one:
    a hidden temporary file beside it (the watcher ignores it), synced, then renamed."""
    temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        with temporary.open("w", encoding="utf-8") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temporary, path)
    finally:
        temporary.unlink(missing_ok=True)


def article_from_fetched(body: bytes, content_type: str, url: str, path: Path) -> Article:
    """The article a fetched page holds (HTML through trafilatura, plain text through the
    furniture rules). Raises HtmlPageError."""
    if content_type == "text/plain":
        page = clean_page(body.decode("utf-8", errors="replace"))
        if not page.paragraphs:
            raise HtmlPageError("no article text found (empty, or only page furniture)")
    else:
        page = extract_html_page(body, url=url)
    return article_from_page(path, path.name, page)


class Intake:
    """Adds links to a corpus folder: fetch, extract, check for the same story, write.

    `articles` gives the corpus in service (the library's engine's articles), which the
    duplicate check reads; files written since are remembered until it holds them.
    """

    def __init__(
        self,
        corpus_dir: Path,
        policy: FetchPolicy,
        articles: Callable[[], Sequence[Article]],
        root: Path | None = None,
    ) -> None:
        self.corpus_dir = corpus_dir
        self.policy = policy
        self.root = root
        self._articles = articles
        self._catalog = Catalog()
        self._writing = asyncio.Lock()
        self._parallel = asyncio.Semaphore(MAX_PARALLEL_FETCHES)

    def _name(self, path: Path) -> str:
        return display_path(path, self.root)

    async def add_links(self, urls: Sequence[str], hints: Sequence[Hints] = ()) -> list[Outcome]:
        """`add_link` for each URL, a few at a time; the outcomes in the same order."""
        given = list(hints) + [Hints()] * (len(urls) - len(hints))
        return list(await asyncio.gather(*map(self.add_link, urls, given)))

    async def add_link(self, url: str, hints: Hints | None = None) -> Outcome:
        """Fetch the page at `url` and write its article into the corpus folder, unless
        the corpus has the same story already."""
        url = url.strip()
        async with self._writing:
            await self._sync_catalog()
            if (seen := self._catalog.url_seen(url)) is not None:
                return Outcome(url, "duplicate", f"same link as {seen}")
        async with self._parallel:
            try:
                fetched = await fetch(url, self.policy)
            except FetchError as error:
                return Outcome(url, "failed", error.reason, lasting=error.lasting)
            if fetched.content_type not in PAGE_TYPES:
                return Outcome(url, "failed", f"not a web page ({fetched.content_type})")
            try:
                article = await asyncio.to_thread(
                    self._article, fetched.body, fetched.content_type, fetched.url, hints
                )
            except HtmlPageError as error:
                return Outcome(url, "failed", str(error))
        async with self._writing:
            await self._sync_catalog()
            return await self._write_once(url, article)

    async def _sync_catalog(self) -> None:
        # In a thread: the first sync over a large corpus hashes every article's text.
        # The catalog is only touched under `_writing`, which the caller holds.
        await asyncio.to_thread(self._catalog.sync, self._articles())

    def _article(self, body: bytes, content_type: str, url: str, hints: Hints | None) -> Article:
        # The page's own canonical URL wins over the link that led to it (minus trackers).
        placeholder = self.corpus_dir / "page.txt"
        article = article_from_fetched(body, content_type, url, placeholder)
        hints = hints or Hints()
        final_url = canonical_url(article.url or url)
        path = self.corpus_dir / file_name_for(final_url)
        return replace(
            article,
            article_id=path.stem,
            path=path,
            source_file=self._name(path),
            url=final_url,
            title=article.title or hints.title or "",
            published=article.published or hints.published,
            outlet=article.outlet or hints.outlet or host_of(final_url),
        )

    async def _write_once(self, url: str, article: Article) -> Outcome:
        """Write `article` unless the corpus has its story (the caller holds `_writing`)."""
        assert article.url is not None
        seen = self._catalog.url_seen(article.url)
        if seen is None and article.path.exists():
            seen = self._name(article.path)
        if seen is not None:
            return Outcome(url, "duplicate", f"same link as {seen}")
        seen = self._catalog.text_seen(article.body)
        if seen is not None:
            return Outcome(url, "duplicate", f"same text as {seen}")
        self.corpus_dir.mkdir(parents=True, exist_ok=True)
        await asyncio.to_thread(write_atomically, article.path, render_article_file(article))
        self._catalog.note(article.path, article.source_file, article)
        return Outcome(url, "added", article.source_file, article.path, article.headline)
