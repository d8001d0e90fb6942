"""Links fetched from a real HTTP server on 127.0.0.1: the article lands in the corpus
folder once, and every unsafe or broken link is refused with its reason."""

from __future__ import annotations

import ipaddress
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from bot import REPO_ROOT
from bot.engine.corpus import read_article
from bot.intake.fetch import FetchError, FetchPolicy, IpAddress, address_problem, fetch
from bot.intake.links import Intake, canonical_url, story_key
from tests.news_site import NewsSite, Route, article_page, running_site, town_story

OPEN = FetchPolicy(timeout=3.0, max_bytes=1024 * 1024, max_redirects=3, allow_private=True)


@pytest.fixture
def site() -> Iterator[NewsSite]:
    with running_site() as running:
        yield running


def intake_for(corpus: Path, policy: FetchPolicy = OPEN) -> Intake:
    return Intake(corpus, policy, lambda: [])


def story_page(index: int, **extra: str) -> bytes:
    title, paragraphs, _question, _figure = town_story(index)
    return article_page(title, paragraphs, **extra)


async def test_a_link_becomes_an_article_file_with_its_metadata(
    site: NewsSite, tmp_path: Path
) -> None:
    site.routes["/news/altbury-library"] = Route(story_page(0))
    link = site.url("/news/altbury-library?utm_source=newsletter&utm_medium=email&id=7")
    [outcome] = await intake_for(tmp_path).add_links([link])
    assert outcome.status == "added", outcome
    assert outcome.path is not None and outcome.path.parent == tmp_path
    article = read_article(outcome.path)
    assert article.title == "Altbury approves new library after long debate"
    assert article.outlet == "The Coastal Herald"
    assert article.published is not None and article.published.isoformat() == "2025-03-14"
    assert article.url == site.url("/news/altbury-library?id=7")  # trackers gone
    assert "11 cranes would be used to put up the Altbury library" in article.body
    assert "Advertisement" not in article.body and "Share on" not in article.body
    # Written by rename: nothing half-written or temporary is left beside it.
    assert sorted(p.name for p in tmp_path.iterdir()) == [outcome.path.name]


async def test_the_same_story_is_added_once(site: NewsSite, tmp_path: Path) -> None:
    site.routes["/news/brenmoor"] = Route(story_page(1))
    # A wire story: the same text under another outlet's name and address.
    site.routes["/wire/brenmoor-copy"] = Route(story_page(1, site_name="Wire Service"))
    intake = intake_for(tmp_path)
    first, tracked, wire = [
        await intake.add_link(url)
        for url in (
            site.url("/news/brenmoor?utm_campaign=spring"),
            site.url("/news/brenmoor/?fbclid=IwAR0abc&gclid=xyz#comments"),
            site.url("/wire/brenmoor-copy"),
        )
    ]
    assert first.status == "added"
    assert (tracked.status, tracked.detail) == ("duplicate", f"same link as {first.detail}")
    assert (wire.status, wire.detail) == ("duplicate", f"same text as {first.detail}")
    assert len(site.requests_for("/news/brenmoor")) == 1  # the tracked link was not fetched
    assert len(list(tmp_path.glob("*.txt"))) == 1


async def test_duplicates_are_found_in_the_corpus_in_service(
    site: NewsSite, tmp_path: Path
) -> None:
    site.routes["/news/caldwick"] = Route(story_page(2))
    first = await intake_for(tmp_path).add_link(site.url("/news/caldwick"))
    assert first.status == "added" and first.path is not None
    # A new intake (a restarted bot) knows the story from the articles in service.
    served = [read_article(first.path)]
    again = await Intake(tmp_path, OPEN, lambda: served).add_link(site.url("/news/caldwick"))
    assert again.status == "duplicate"
    # A removed article's story may come back.
    first.path.unlink()
    back = await Intake(tmp_path, OPEN, lambda: []).add_link(site.url("/news/caldwick"))
    assert back.status == "added"


def test_canonical_urls_drop_what_tracks_the_reader() -> None:
    assert (
        canonical_url("HTTPS://News.Example:443/a/b?utm_source=x&b=2&a=1&fbclid=q#top")
        == "https://news.example/a/b?a=1&b=2"
    )
    assert story_key("http://www.news.example/a/") == story_key("https://news.example/a?gclid=1")
    assert story_key("https://news.example/a?id=1") != story_key("https://news.example/a?id=2")


async def test_a_page_of_20_mb_is_refused_while_it_streams(site: NewsSite, tmp_path: Path) -> None:
    site.routes["/huge"] = Route(filler_bytes=20 * 1024 * 1024)
    site.routes["/huge-declared"] = Route(b"x" * (2 * 1024 * 1024))
    streamed, declared = await intake_for(tmp_path).add_links(
        [site.url("/huge"), site.url("/huge-declared")]
    )
    assert (streamed.status, streamed.detail) == ("failed", "too large (more than 1,048,576 bytes)")
    assert declared.detail == "too large (2,097,152 bytes; the limit is 1,048,576)"
    assert list(tmp_path.iterdir()) == []


async def test_redirects_are_capped_and_loops_refused(site: NewsSite, tmp_path: Path) -> None:
    site.routes["/loop-a"] = Route(status=302, headers={"Location": "/loop-b"})
    site.routes["/loop-b"] = Route(status=302, headers={"Location": "/loop-a"})
    for hop in range(6):
        site.routes[f"/hop{hop}"] = Route(status=301, headers={"Location": f"/hop{hop + 1}"})
    site.routes["/hop6"] = Route(story_page(3))
    site.routes["/moved"] = Route(status=308, headers={"Location": "/hop5"})
    loop, chain, short = await intake_for(tmp_path).add_links(
        [site.url("/loop-a"), site.url("/hop0"), site.url("/moved")]
    )
    assert loop.detail == f"redirects in a loop (back to {site.url('/loop-a')})"
    assert chain.detail == "more than 3 redirects"
    assert short.status == "added"  # two redirects, within the limit


@pytest.mark.parametrize(
    ("address", "kind"),
    [
        ("127.0.0.1", "a loopback"),
        ("::1", "a loopback"),
        ("10.2.3.4", "a private"),
        ("192.168.1.20", "a private"),
        ("172.16.0.9", "a private"),
        ("169.254.169.254", "a link-local"),  # cloud metadata
        ("fe80::1", "a link-local"),
        ("224.0.0.251", "a multicast"),
        ("0.0.0.0", "an unspecified"),
        ("240.0.0.1", "a reserved"),
        ("::ffff:127.0.0.1", "a loopback"),
        ("100.64.0.1", "not a public"),
    ],
)
def test_non_public_addresses_are_named(address: str, kind: str) -> None:
    problem = address_problem(ipaddress.ip_address(address))
    assert problem is not None and kind in problem
    assert address_problem(ipaddress.ip_address("93.184.216.34")) is None


async def test_private_addresses_are_refused_unless_allowed(site: NewsSite, tmp_path: Path) -> None:
    site.routes["/news/dunmere"] = Route(story_page(3))
    closed = FetchPolicy(timeout=3.0)
    direct, by_name = await intake_for(tmp_path, closed).add_links(
        [site.url("/news/dunmere"), f"http://localhost:{site.port}/news/dunmere"]
    )
    assert direct.status == "failed"
    assert direct.detail == "refused: 127.0.0.1 resolves to 127.0.0.1 is a loopback address"
    assert by_name.detail.startswith("refused: localhost resolves to ")
    assert "loopback address" in by_name.detail
    assert site.requests == []  # nothing was even sent

    async def resolver(host: str, port: int) -> list[IpAddress]:
        return [ipaddress.ip_address("93.184.216.34"), ipaddress.ip_address("10.0.0.8")]

    with pytest.raises(FetchError, match=r"news\.example resolves to 10\.0\.0\.8 is a private"):
        await fetch("http://news.example/story", closed, resolver=resolver)


async def test_the_connection_goes_to_the_address_that_was_checked(site: NewsSite) -> None:
    site.routes["/story"] = Route(story_page(4))
    resolved: list[str] = []

    async def resolver(host: str, port: int) -> list[IpAddress]:
        resolved.append(host)
        return [ipaddress.ip_address("127.0.0.1")]

    # No system resolver knows this name: the page can only come from the checked address.
    fetched = await fetch(f"http://news.invalid:{site.port}/story", OPEN, resolver=resolver)
    assert fetched.status == 200 and b"Elstowe" in fetched.body
    assert resolved == ["news.invalid"]
    assert site.requests[-1].headers["Host"] == f"news.invalid:{site.port}"


@pytest.mark.parametrize(
    ("link", "reason"),
    [
        ("ftp://127.0.0.1/file.txt", "only http and https links are fetched"),
        ("file:///etc/passwd", "only http and https links are fetched"),
        ("http://user:secret@127.0.0.1/", "links with a user name or password are not fetched"),
        ("http:///nothing", "the link has no host name"),
    ],
)
async def test_only_plain_web_links_are_fetched(link: str, reason: str, tmp_path: Path) -> None:
    [outcome] = await intake_for(tmp_path).add_links([link])
    assert (outcome.status, outcome.detail) == ("failed", reason)
    assert "secret" not in str(outcome.detail)


async def test_slow_broken_and_empty_pages_are_reported(site: NewsSite, tmp_path: Path) -> None:
    site.routes["/slow"] = Route(story_page(5), delay=5)
    site.routes["/broken"] = Route(b"oops", status=500)
    site.routes["/gone"] = Route(b"gone", status=404)
    site.routes["/pdf"] = Route(b"%PDF-1.7", content_type="application/pdf")
    site.routes["/empty"] = Route(b"<html><body><nav>Home</nav></body></html>")
    policy = FetchPolicy(timeout=1.0, allow_private=True)
    slow, broken, gone, pdf, empty = await intake_for(tmp_path, policy).add_links(
        [site.url(path) for path in ("/slow", "/broken", "/gone", "/pdf", "/empty")]
    )
    assert (slow.detail, slow.lasting) == ("no complete answer within 1 s", False)
    assert (broken.detail, broken.lasting) == (
        "the server answered 500 Internal Server Error",
        False,
    )
    assert (gone.detail, gone.lasting) == ("the server answered 404 Not Found", True)
    assert pdf.detail == "not a web page (application/pdf)"
    assert empty.status == "failed" and "no article text" in empty.detail
    assert list(tmp_path.iterdir()) == []


def test_the_add_command_takes_links(site: NewsSite, tmp_path: Path) -> None:
    site.routes["/news/farnleigh"] = Route(story_page(5))
    corpus = tmp_path / "corpus"
    environment = {key: value for key, value in os.environ.items() if not key.startswith("BOT_")}
    environment |= {
        "BOT_CORPUS_DIR": str(corpus),
        "BOT_STATE_DB": str(tmp_path / "state.sqlite3"),
        "PYTHONPATH": str(REPO_ROOT),
    }
    link = site.url("/news/farnleigh?utm_source=x")

    def add(*extra: str, **settings: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "bot", "add", *extra],
            env=environment | settings,
            cwd=tmp_path,
            capture_output=True,
            text=True,
            timeout=120,
        )

    refused = add(link)
    assert refused.returncode == 1
    assert "refused: 127.0.0.1 resolves to 127.0.0.1 is a loopback address" in refused.stderr
    added = add(link, BOT_FETCH_ALLOW_PRIVATE="true")
    assert added.returncode == 0, added.stderr
    assert "Farnleigh approves new library" in added.stdout
    [written] = corpus.glob("*.txt")
    assert read_article(written).url == site.url("/news/farnleigh")
    again = add(link, BOT_FETCH_ALLOW_PRIVATE="true")
    assert again.returncode == 0
    assert f"already in the corpus (same link as {written})" in again.stderr
