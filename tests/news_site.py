"""A small news site for tests: real HTTP on 127.0.0.1 (a threading `http.server`),
serving article pages and RSS/Atom feeds written here, and the faults a real site has:
slow answers, errors, redirects (loops too), huge pages, conditional requests."""

from __future__ import annotations

import html
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from email.utils import formatdate
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import urlsplit

TOWNS = [
    "Altbury", "Brenmoor", "Caldwick", "Dunmere", "Elstowe", "Farnleigh", "Glenholt",
    "Harwick", "Ilsworth", "Jorvale", "Kelmsby", "Lunford", "Marrowby", "Netherfold",
    "Oakhurst", "Pellinor", "Quarrington", "Rookhaven", "Sallowby", "Thistlecombe",
]  # fmt: skip
"""Invented towns: each test article is about one, so a question names exactly one."""


@dataclass
class Route:
    """What the site answers on one path (the query string does not matter)."""

    body: bytes = b""
    content_type: str = "text/html; charset=utf-8"
    status: int = 200
    headers: dict[str, str] = field(default_factory=dict)
    delay: float = 0.0
    etag: str | None = None
    """When set, the ETag sent, and a request with a matching If-None-Match gets 304."""
    filler_bytes: int = 0
    """When set, this many bytes of page are streamed with no Content-Length."""


@dataclass(frozen=True)
class Request:
    path: str
    headers: dict[str, str]


class NewsSite:
    """`site.routes[path] = Route(...)`; `site.url(path)`; `site.requests` is the log."""

    def __init__(self) -> None:
        self.routes: dict[str, Route] = {}
        self.requests: list[Request] = []
        site = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                site.answer(self)

            def log_message(self, format: str, *args: object) -> None:
                pass

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._server.daemon_threads = True
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    @property
    def port(self) -> int:
        return int(self._server.server_address[1])

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.port}{path}"

    def requests_for(self, path: str) -> list[Request]:
        return [request for request in self.requests if urlsplit(request.path).path == path]

    def start(self) -> NewsSite:
        self._thread.start()
        return self

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()

    def answer(self, handler: BaseHTTPRequestHandler) -> None:
        self.requests.append(Request(handler.path, dict(handler.headers.items())))
        route = self.routes.get(urlsplit(handler.path).path)
        try:
            if route is None:
                self._send(handler, 404, "text/plain", b"not found", {})
                return
            if route.delay:
                time.sleep(route.delay)
            headers = dict(route.headers)
            if route.etag is not None:
                headers["ETag"] = route.etag
                if handler.headers.get("If-None-Match") == route.etag:
                    self._send(handler, 304, None, b"", headers)
                    return
            if route.filler_bytes:
                handler.send_response(200)
                handler.send_header("Content-Type", route.content_type)
                handler.end_headers()
                chunk = b"<p>" + b"filler text " * 5000 + b"</p>\n"
                sent = 0
                while sent < route.filler_bytes:
                    handler.wfile.write(chunk)
                    sent += len(chunk)
                return
            self._send(handler, route.status, route.content_type, route.body, headers)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the client gave up (a timeout or a size limit): that is the point

    @staticmethod
    def _send(
        handler: BaseHTTPRequestHandler,
        status: int,
        content_type: str | None,
        body: bytes,
        headers: dict[str, str],
    ) -> None:
        handler.send_response(status)
        if content_type is not None:
            handler.send_header("Content-Type", content_type)
        for name, value in headers.items():
            handler.send_header(name, value)
        handler.send_header("Content-Length", str(len(body)))
        handler.end_headers()
        handler.wfile.write(body)


@contextmanager
def running_site() -> Iterator[NewsSite]:
    site = NewsSite().start()
    try:
        yield site
    finally:
        site.stop()


def article_page(
    title: str,
    paragraphs: list[str],
    *,
    site_name: str = "The Coastal Herald",
    published: str = "2025-03-14",
    canonical: str | None = None,
    author: str = "Maria Okafor",
) -> bytes:
    """A news article page as sites publish them: metadata in the head, navigation,
    an advertisement, share buttons, a newsletter box and a footer around the story."""
    body = "\n".join(f"        <p>{html.escape(p)}</p>" for p in paragraphs)
    link = f'<link rel="canonical" href="{html.escape(canonical)}">' if canonical else ""
    return f"""<!DOCTYPE html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <title>{html.escape(title)} | {html.escape(site_name)}</title>
  <meta property="og:title" content="{html.escape(title)}">
  <meta property="og:site_name" content="{html.escape(site_name)}">
  {link}
  <meta name="author" content="{html.escape(author)}">
  <meta property="article:published_time" content="{published}T08:00:00Z">
</head>
<body>
  <header><nav><ul><li><a href="/">Home</a></li><li><a href="/news">News</a></li>
  <li><a href="/sport">Sport</a></li><li><a href="/subscribe">Subscribe today</a></li>
  </ul></nav></header>
  <div class="ad-slot advertisement"><p>Advertisement</p></div>
  <main>
    <article>
      <h1>{html.escape(title)}</h1>
      <p class="byline">By {html.escape(author)}</p>
      <div class="share"><a href="#">Share on Facebook</a> <a href="#">Share on X</a></div>
      <div class="article-body">
{body}
      </div>
      <div class="newsletter"><p>Sign up to our morning newsletter.</p></div>
    </article>
  </main>
  <footer><p>&copy; 2025 {html.escape(site_name)}. All rights reserved.</p></footer>
</body>
</html>
""".encode()


def town_story(index: int) -> tuple[str, list[str], str, str]:
    """A story about one invented town: title, paragraphs, a question it answers and the
    figure the answer must quote."""
    town = TOWNS[index]
    cranes = 11 + 3 * index
    title = f"{town} approves new library after long debate"
    paragraphs = [
        f"The council of {town} approved a new public library on Monday after a debate "
        "that lasted most of the winter.",
        f"Builders said {cranes} cranes would be used to put up the {town} library, "
        "which is due to open in the spring of next year.",
        f"Residents of {town} have asked for a library since the old reading room closed "
        "a decade ago, the mayor told reporters outside the town hall.",
        "The project will be paid for by a regional fund and a local appeal that has "
        "raised money from shops and schools.",
    ]
    question = f"How many cranes will be used to put up the {town} library?"
    return title, paragraphs, question, f"{cranes} cranes"


def rss_feed(title: str, items: list[tuple[str, str, str]]) -> bytes:
    """An RSS 2.0 document; items are (guid, link, title)."""
    entries = "\n".join(
        f"""    <item>
      <title>{html.escape(item_title)}</title>
      <link>{html.escape(link)}</link>
      <guid isPermaLink="false">{html.escape(guid)}</guid>
      <pubDate>{formatdate(1741939200 + n * 60, usegmt=True)}</pubDate>
      <description>{html.escape(item_title)}.</description>
    </item>"""
        for n, (guid, link, item_title) in enumerate(items)
    )
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0">
  <channel>
    <title>{html.escape(title)}</title>
    <link>https://coastalherald.example/</link>
    <description>The latest news.</description>
{entries}
  </channel>
</rss>
""".encode()


def atom_feed(title: str, items: list[tuple[str, str, str]]) -> bytes:
    """An Atom 1.0 document; items are (id, link, title)."""
    entries = "\n".join(
        f"""  <entry>
    <id>{html.escape(entry_id)}</id>
    <title>{html.escape(entry_title)}</title>
    <link rel="alternate" href="{html.escape(link)}"/>
    <updated>2025-03-14T08:0{n % 10}:00Z</updated>
  </entry>"""
        for n, (entry_id, link, entry_title) in enumerate(items)
    )
    return f"""<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom">
  <title>{html.escape(title)}</title>
  <id>urn:example:feed</id>
  <updated>2025-03-14T08:00:00Z</updated>
{entries}
</feed>
""".encode()
