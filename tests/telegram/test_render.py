"""Rendering: escaping, highlights, and the 4096-character limit, by example and by property."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from bot.components import render
from bot.engine import Answer, Article, Passage, Quote
from bot.engine.models import FigureReport
from tests.telegram.fake_bot_api import parse_html


def make_quote(text: str, highlights: tuple[tuple[int, int], ...] = (), **article: object) -> Quote:
    fields: dict[str, object] = {
        "article_id": "a1",
        "path": Path("a1.txt"),
        "source_file": "a1.txt",
        "title": "Title",
        "body": text,
        "outlet": "Outlet",
        "published": date(2024, 11, 30),
        **article,
    }
    passage = Passage(passage_id=1, article=Article(**fields), start=0, end=len(text), paragraph=0)  # type: ignore[arg-type]
    return Quote(passage=passage, score=1.0, highlights=highlights)


def test_highlights_are_bold_and_every_piece_is_escaped() -> None:
    text = "A <b> & 10,000 > 5"
    start = text.index("10,000")
    assert (
        render.highlighted(text, [(start, start + 6)]) == "A &lt;b&gt; &amp; <b>10,000</b> &gt; 5"
    )


def test_overlapping_and_out_of_range_highlights_are_merged_and_clipped() -> None:
    assert (
        render.highlighted("abcdef", [(1, 3), (2, 4), (5, 99), (-3, 0)]) == "a<b>bcd</b>e<b>f</b>"
    )


def test_only_http_links_are_linked() -> None:
    assert render.safe_url("https://example.com/x") == "https://example.com/x"
    assert render.safe_url("javascript:alert(1)") is None
    assert render.safe_url("example.com") is None
    quote = make_quote("Text.", url='https://e.com/?a=1&b="2"')
    assert '<a href="https://e.com/?a=1&amp;b=&quot;2&quot;">Title</a>' in render.quote_block(quote)


def test_answer_pages_stop_at_the_limit_and_continue_where_they_stopped() -> None:
    quotes = tuple(make_quote(f"Sentence {n} " + "word " * 300) for n in range(10))
    answer = Answer(question="q?", answered=True, quotes=quotes)

    first = render.answer_page(answer, 0, page_size=5)
    second = render.answer_page(answer, first.end, page_size=5)

    assert render.fits(first.text) and render.fits(second.text)
    assert 0 < first.end < 5
    assert second.start == first.end
    assert f"Quotes 1–{first.end} of 10" in first.text


def test_quotes_of_other_stories_are_named_under_the_figures() -> None:
    quotes = (
        make_quote("About 3,500 people were evacuated.", ((0, 18),)),
        make_quote("Some 4,000 people were evacuated.", ((0, 17),), article_id="a2"),
        make_quote("Around 120 people were evacuated.", ((0, 17),), article_id="a3"),
    )
    figures = (FigureReport("About 3,500 people", (0,)), FigureReport("Some 4,000 people", (1,)))
    answer = Answer(
        question="How many people were evacuated?",
        answered=True,
        quotes=quotes,
        figures=figures,
        other_stories=(2,),
    )
    text, _ = parse_html(render.answer_page(answer, 0, page_size=5).text)
    assert "The sources give different figures:" in text
    assert "ℹ️ Quote 3 is from another story: its figure is not compared." in text.split("\n")


def test_split_messages_cuts_only_between_blocks() -> None:
    blocks = [f"<b>{n}</b> " + "x" * 1000 for n in range(9)]
    messages = render.split_messages("head", blocks)
    assert len(messages) == 3
    assert "\n".join(messages) == "\n".join(["head", *blocks])
    assert render.split_messages("", ["a", "b"], separator="\n\n") == ["a\n\nb"]
    assert all(render.fits(message) for message in messages)


corpus_text = st.text(
    alphabet=st.characters(codec="utf-8", categories=["L", "N", "P", "S", "Zs"])
    | st.sampled_from("<>&\"'"),
    min_size=1,
    max_size=6000,
)


@st.composite
def quotes(draw: st.DrawFn) -> Quote:
    text = draw(corpus_text)
    spans = draw(
        st.lists(
            st.tuples(st.integers(-5, len(text) + 5), st.integers(-5, len(text) + 5)), max_size=4
        )
    )
    title = draw(st.text(min_size=1, max_size=400))
    outlet = draw(st.none() | st.text(max_size=120))
    url = draw(st.none() | st.just("https://example.com/?q=<&>") | st.text(max_size=50))
    return make_quote(text, tuple(spans), title=title, outlet=outlet, url=url)


@settings(max_examples=150, deadline=None)
@given(
    question=corpus_text,
    quotes=st.lists(quotes(), min_size=1, max_size=8),
    figures=st.lists(corpus_text, max_size=8),
)
def test_every_answer_page_is_valid_telegram_html_within_the_limit(
    question: str, quotes: list[Quote], figures: list[str]
) -> None:
    reports = tuple(
        FigureReport(figure, tuple(range(number % len(quotes), len(quotes))))
        for number, figure in enumerate(figures)
    )
    answer = Answer(question, answered=True, quotes=tuple(quotes), figures=reports)
    start = 0
    while start < len(quotes):
        page = render.answer_page(answer, start, page_size=5)
        assert render.fits(page.text)
        shown_text, _ = parse_html(page.text)  # raises on unescaped or unbalanced HTML
        for quote in quotes[page.start : page.end]:
            if render.fits(quote.text, 3000):
                assert quote.text in shown_text
        assert page.end > start
        start = page.end


@settings(max_examples=100, deadline=None)
@given(texts=st.lists(corpus_text, min_size=1, max_size=6))
def test_context_and_article_details_are_valid_html_within_the_limit(texts: list[str]) -> None:
    body = " ".join(texts)
    article = Article("a", Path("a"), "a", "T<i>", body, outlet="O&O", url="https://x.y/<>")
    passages = []
    offset = 0
    for number, text in enumerate(texts):
        passages.append(Passage(number, article, offset, offset + len(text), paragraph=number % 2))
        offset += len(text) + 1
    for html_text in (render.context_view(passages, 0), render.article_details(1, article, body)):
        assert render.fits(html_text)
        parse_html(html_text)
