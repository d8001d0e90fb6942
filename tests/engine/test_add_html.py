"""`python -m bot add` on saved HTML pages: main text and metadata, furniture dropped."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
from pathlib import Path

import pytest

from bot import REPO_ROOT
from bot.engine.corpus import read_article
from bot.engine.html_page import extract_html_page

ARTICLE_PAGE = """<!DOCTYPE html>
<html lang="en-GB">
<head>
  <meta charset="utf-8">
  <title>Harbour &amp; rail works to begin in Portmere | The Coastal Herald</title>
  <meta property="og:title" content="Harbour &amp; rail works to begin in Portmere">
  <meta property="og:site_name" content="The Coastal Herald">
  <meta property="og:url" content="https://coastalherald.example/news/2024/03/harbour-rail">
  <link rel="canonical" href="https://coastalherald.example/news/2024/03/harbour-rail">
  <meta name="author" content="Maria Okafor">
  <meta property="article:published_time" content="2024-03-14T09:30:00Z">
  <script>window.dataLayer = window.dataLayer || [];
    function track(name) { dataLayer.push({event: name}); }</script>
  <style>.cookie-banner { position: fixed; bottom: 0; }</style>
</head>
<body>
  <div class="cookie-banner" id="cookie-consent">
    <p>We use cookies to improve your experience on our site. By continuing you accept
    our cookie policy.</p>
    <button>Accept all cookies</button> <button>Manage preferences</button>
  </div>
  <header>
    <nav class="main-nav">
      <ul>
        <li><a href="/">Home</a></li><li><a href="/news">News</a></li>
        <li><a href="/business">Business</a></li><li><a href="/sport">Sport</a></li>
        <li><a href="/opinion">Opinion</a></li><li><a href="/subscribe">Subscribe today</a></li>
      </ul>
    </nav>
  </header>
  <div class="ad-slot advertisement" id="top-ad">
    <p>Advertisement</p>
    <p>Holiday deals in Spain: save up to 40% on flights this spring with SunnyTravel.</p>
  </div>
  <main>
    <article class="story">
      <h1>Harbour &amp; rail works to begin in Portmere</h1>
      <p class="byline">By <a href="/authors/maria-okafor">Maria Okafor</a></p>
      <time datetime="2024-03-14">14 March 2024</time>
      <div class="share-buttons">
        <a href="#">Share on Facebook</a> <a href="#">Share on X</a>
        <a href="#">Email this story</a>
      </div>
      <div class="article-body">
        <p>Work on the new deep-water harbour &amp; the rail link to Portmere will begin
        next month, the regional council said on Thursday, after a decade of delays.</p>
        <p>The project, valued at about &pound;1.2 billion, is expected to employ more than
        2,400 workers at its peak, according to figures published by Harbour &amp; Rail
        Partners.</p>
        <script>track("mid-article");</script>
        <p>&ldquo;This is the largest investment the town has seen since the 1960s,&rdquo;
        council leader Tomas Varga told reporters at the quayside.</p>
        <p>Environmental groups have warned that dredging the estuary could harm seagrass
        beds that shelter around 30 species of fish &amp; shellfish.</p>
        <p>The first ships are due to dock at the new terminal in the spring of 2027, two
        years later than originally planned.</p>
      </div>
      <div class="newsletter-signup">
        <p>Sign up to our morning newsletter and get the day's top stories in your inbox.</p>
        <form><input type="email" placeholder="Your email"><button>Sign up</button></form>
      </div>
    </article>
    <aside class="related">
      <h2>Related stories</h2>
      <ul>
        <li><a href="/news/ferry-fares">Ferry fares to rise by 8% from April</a></li>
        <li><a href="/news/bridge">Bridge closure causes long queues on the coast road</a></li>
      </ul>
    </aside>
  </main>
  <footer>
    <p>&copy; The Coastal Herald 2024. All rights reserved.</p>
    <ul><li><a href="/privacy">Privacy policy</a></li><li><a href="/terms">Terms of use</a></li>
    <li><a href="/contact">Contact us</a></li></ul>
  </footer>
</body>
</html>
"""

NO_ARTICLE_PAGE = """<!DOCTYPE html>
<html lang="en"><head><title>Page not found | The Coastal Herald</title></head>
<body>
<div class="cookie-banner"><p>We use cookies. Accept all cookies?</p><button>Accept</button></div>
<nav><ul><li><a href="/">Home</a></li><li><a href="/news">News</a></li>
<li><a href="/sport">Sport</a></li></ul></nav>
<main><h1>Page not found</h1></main>
<footer><p>&copy; The Coastal Herald 2024</p><a href="/privacy">Privacy</a></footer>
</body></html>
"""

PARAGRAPHS = [
    "Work on the new deep-water harbour & the rail link to Portmere will begin next month, "
    "the regional council said on Thursday, after a decade of delays.",
    "The project, valued at about £1.2 billion, is expected to employ more than 2,400 workers "
    "at its peak, according to figures published by Harbour & Rail Partners.",
    "“This is the largest investment the town has seen since the 1960s,” council leader "
    "Tomas Varga told reporters at the quayside.",
    "Environmental groups have warned that dredging the estuary could harm seagrass beds that "
    "shelter around 30 species of fish & shellfish.",
    "The first ships are due to dock at the new terminal in the spring of 2027, two years "
    "later than originally planned.",
]

FURNITURE = [
    "cookie",
    "Accept",
    "Home",
    "Subscribe",
    "Advertisement",
    "Holiday deals",
    "SunnyTravel",
    "Share on",
    "Email this story",
    "newsletter",
    "Sign up",
    "Related stories",
    "Ferry fares",
    "Bridge closure",
    "©",
    "All rights reserved",
    "Privacy",
    "Contact us",
    "dataLayer",
    "track(",
    "&amp;",
    "&ldquo;",
    "<",
]


def run_add(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "bot", "add", *args],
        capture_output=True,
        text=True,
        cwd=REPO_ROOT,
        env={**os.environ, "BOT_TOKEN": ""},
        timeout=120,
        check=False,
    )


def split_file(text: str) -> tuple[dict[str, str], str]:
    assert text.startswith("---\n")
    header, _, body = text[4:].partition("\n---\n")
    meta = dict(line.split(": ", 1) for line in header.splitlines())
    return meta, body


def test_add_extracts_the_article_and_its_metadata_from_an_html_page(tmp_path: Path) -> None:
    page = tmp_path / "harbour.html"
    page.write_text(ARTICLE_PAGE, encoding="utf-8")
    dest = tmp_path / "corpus"
    result = run_add(str(page), "--dest", str(dest))
    assert result.returncode == 0, result.stderr
    assert "→" in result.stdout
    written = (dest / "harbour.txt").read_text(encoding="utf-8")
    meta, body = split_file(written)
    assert meta == {
        "title": "Harbour & rail works to begin in Portmere",
        "outlet": "The Coastal Herald",
        "byline": "Maria Okafor",
        "published": "2024-03-14",
        "url": "https://coastalherald.example/news/2024/03/harbour-rail",
        "language": "en",
    }
    # One paragraph per <p>, entities decoded, lines inside a <p> joined by single spaces.
    assert body.strip().split("\n\n") == PARAGRAPHS
    for furniture in FURNITURE:
        assert furniture not in body, furniture
    # The headline is the title, not a body paragraph.
    assert "Harbour & rail works to begin" not in body
    # The written file is a corpus article like any other.
    article = read_article(dest / "harbour.txt")
    assert article.title == "Harbour & rail works to begin in Portmere"
    assert article.outlet == "The Coastal Herald" and str(article.published) == "2024-03-14"


def test_an_html_page_without_an_article_is_named_and_skipped(tmp_path: Path) -> None:
    good = tmp_path / "harbour.htm"
    good.write_text(ARTICLE_PAGE, encoding="utf-8")
    empty = tmp_path / "missing.html"
    empty.write_text(NO_ARTICLE_PAGE, encoding="utf-8")
    dest = tmp_path / "corpus"
    result = run_add(str(empty), str(good), "--dest", str(dest))
    assert result.returncode == 1
    assert f"{empty}: skipped: no article text found" in result.stderr
    assert sorted(p.name for p in dest.iterdir()) == ["harbour.txt"]


def test_command_line_metadata_wins_over_the_page(tmp_path: Path) -> None:
    page = tmp_path / "harbour.html"
    page.write_text(ARTICLE_PAGE, encoding="utf-8")
    dest = tmp_path / "corpus"
    result = run_add(
        str(page),
        "--dest",
        str(dest),
        "--title",
        "Portmere harbour works approved",
        "--outlet",
        "Example Times",
        "--published",
        "2024-03-15",
        "--byline",
        "Staff reporter",
        "--url",
        "https://example.com/harbour",
    )
    assert result.returncode == 0, result.stderr
    meta, body = split_file((dest / "harbour.txt").read_text(encoding="utf-8"))
    assert meta["title"] == "Portmere harbour works approved"
    assert meta["outlet"] == "Example Times"
    assert meta["published"] == "2024-03-15"
    assert meta["byline"] == "Staff reporter"
    assert meta["url"] == "https://example.com/harbour"
    assert "more than 2,400 workers" in " ".join(body.split())


def test_html_saved_with_a_text_suffix_is_read_as_html(tmp_path: Path) -> None:
    page = tmp_path / "saved-page.txt"
    page.write_text(ARTICLE_PAGE, encoding="utf-8")
    dest = tmp_path / "corpus"
    result = run_add(str(page), "--dest", str(dest))
    assert result.returncode == 0, result.stderr
    meta, body = split_file((dest / "saved-page.txt").read_text(encoding="utf-8"))
    assert meta["outlet"] == "The Coastal Herald"
    assert "<p>" not in body and "Advertisement" not in body
    assert "harbour & the rail link" in body


def test_a_bad_published_date_is_refused(tmp_path: Path) -> None:
    page = tmp_path / "harbour.html"
    page.write_text(ARTICLE_PAGE, encoding="utf-8")
    result = run_add(str(page), "--dest", str(tmp_path / "c"), "--published", "14/03/2024")
    assert result.returncode == 2
    assert "not a YYYY-MM-DD date" in result.stderr


def test_extraction_never_touches_the_network(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("the network was used")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", refuse)
    page = extract_html_page(ARTICLE_PAGE.encode("utf-8"))
    assert page.url == "https://coastalherald.example/news/2024/03/harbour-rail"
    assert page.paragraphs == PARAGRAPHS
