"""Time in questions: periods, 'latest' and 'first', outlets, timelines and new figures,
on the seed corpus and on a second story written here (nothing is special-cased)."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest

from bot.engine import Article, Engine, timeframe
from bot.engine.features import only_since
from bot.engine.filters import _outlet_typos_mended, read_filters
from bot.engine.timeframe import (
    month_number,
    parse_date,
    read_time,
    stated_date,
    told_by_calendar,
    year_unsaid,
)
from tests.conftest import written_article
from tests.engine.test_cli import run_cli

TODAY = date(2025, 7, 1)
TROOPS_LATEST = "What is the latest figure for North Korean troops in Russia?"

FLOOD = {
    "a1": ("Riverside Gazette", "2023-03-02", "About 500 residents were evacuated from Lowmarsh."),
    "a2": (
        "Valley Post",
        "2023-03-09",
        "More than 2,000 residents have been evacuated from Lowmarsh, the mayor said.",
    ),
    "a3": (
        "Coast Radio",
        "2023-03-09",
        "Emergency services said 1,200 residents were evacuated from Lowmarsh.",
    ),
    "a4": (
        "Riverside Gazette",
        "2023-04-20",
        "As of April 18, 3,500 residents had been evacuated from Lowmarsh, officials said.",
    ),
    "a5": ("Coast Radio", "2023-03-10", "Some 2,000 residents were evacuated from Lowmarsh."),
}


def write_story(folder: Path, ids: list[str]) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for article_id in ids:
        outlet, published, body = FLOOD[article_id]
        (folder / f"{article_id}.txt").write_text(
            f"---\ntitle: Lowmarsh flood update {article_id}\noutlet: {outlet}\n"
            f"published: {published}\n---\n\nThe river burst its banks near Lowmarsh. {body}\n"
            "Rain is expected to continue.\n",
            encoding="utf-8",
        )
    return folder


def count(figure: str | None) -> str:
    """A figure without the thing counted: "3,500 residents had…" is "3,500"."""
    return str(figure).split(" residents")[0]


@pytest.fixture(scope="module")
def flood(tmp_path_factory: pytest.TempPathFactory) -> Engine:
    folder = write_story(tmp_path_factory.mktemp("flood") / "corpus", list(FLOOD))
    return Engine.from_dir(folder, root=folder.parent)


@pytest.mark.parametrize(
    ("question", "first", "last", "rest"),
    [
        ("How many troops by November 2024?", None, date(2024, 11, 30), "How many troops ?"),
        ("troops in March 2025", date(2025, 3, 1), date(2025, 3, 31), "troops"),
        ("troops since June", date(2025, 6, 1), None, "troops"),
        ("troops last week", date(2025, 6, 24), date(2025, 7, 1), "troops"),
        ("troops before 2024", None, date(2023, 12, 31), "troops"),
        ("troops between May and July 2024", date(2024, 5, 1), date(2024, 7, 31), "troops"),
        ("troops on 5 June 2025", date(2025, 6, 5), date(2025, 6, 5), "troops"),
        ("troops on June 5, 2025", date(2025, 6, 5), date(2025, 6, 5), "troops"),
        ("troops from 2024-11 to 2025-01", date(2024, 11, 1), date(2025, 1, 31), "troops"),
        # A year told relative to another: to the year written beside it, else today's.
        (
            "troops between August last year and January 2024",
            date(2023, 8, 1),
            date(2024, 1, 31),
            "troops",
        ),
        ("troops since August last year", date(2024, 8, 1), None, "troops"),
        ("troops in March of this year", date(2025, 3, 1), date(2025, 3, 31), "troops"),
        # News "from" a period was published in it; anything else "from" it is since.
        ("news from November 2024", date(2024, 11, 1), date(2024, 11, 30), "news"),
        ("Any stories from March 2025?", date(2025, 3, 1), date(2025, 3, 31), "Any stories ?"),
        ("troops from June 2025", date(2025, 6, 1), None, "troops"),
    ],
)
def test_periods_are_read_relative_to_today(
    question: str, first: date | None, last: date | None, rest: str
) -> None:
    asked, remaining = read_time(question, TODAY)
    assert asked.window is not None
    assert (asked.window.first, asked.window.last) == (first, last)
    assert remaining == rest


def test_a_range_of_months_across_a_new_year_ends_in_the_last_of_its_second_month() -> None:
    """ "between August and January", asked in December: from the August before the
    last January, not from this August back to that January."""
    asked, rest = read_time("troops between August and January", date(2025, 12, 7))
    assert asked.window is not None
    assert (asked.window.first, asked.window.last) == (date(2024, 8, 1), date(2025, 1, 31))
    assert rest == "troops"


def test_order_now_and_no_time() -> None:
    latest, rest = read_time(TROOPS_LATEST, TODAY)
    assert (latest.order, latest.now, rest) == (
        "latest",
        True,
        "What is the figure for North Korean troops in Russia?",
    )
    assert read_time("What was the first figure reported for troops?", TODAY)[0].order == "first"
    assert read_time("How many troops are there now?", TODAY)[0].now
    plain, rest = read_time("How many troops may be sent by 10,000 ships?", TODAY)
    assert not plain.given and rest == "How many troops may be sent by 10,000 ships?"
    plain, rest = read_time("How many troops may next year be sent?", TODAY)
    assert not plain.given and rest == "How many troops may next year be sent?"
    # A month without a year is that month of any year.
    in_march = read_time("How many containers in March?", TODAY)[0].window
    assert in_march is not None and in_march.holds(date(2024, 3, 9))
    assert not in_march.holds(date(2024, 4, 9))


def test_one_date_helper_for_pages_sentences_and_questions() -> None:
    assert parse_date("Published July 19, 2024 at 10:00") == date(2024, 7, 19)
    assert parse_date("19 Sept. 2024") == date(2024, 9, 19)
    assert parse_date("no date 10, 2024 here") is None
    assert month_number("Nov.") == 11 and month_number("may") == 5 and month_number("Mai") is None
    assert stated_date("As of January, 11,000 troops were there.", date(2025, 6, 5)) == date(
        2025, 1, 31
    )
    assert stated_date("Troops were there.", date(2025, 6, 5)) is None


def test_options_and_outlets_in_plain_words() -> None:
    outlets = ["BreakingNews.ie", "Newslooks"]
    found, rest = read_filters(
        "/x from:2024-11 to:2025-01 outlet:newslooks how many troops", outlets, TODAY
    )
    assert found.outlet == "Newslooks" and rest == "/x how many troops"
    assert found.window is not None
    assert (found.window.first, found.window.last) == (date(2024, 11, 1), date(2025, 1, 31))
    assert read_filters("How many troops in BreakingNews.ie?", outlets, TODAY)[0].outlet == (
        "BreakingNews.ie"
    )
    assert read_filters("according to breakingnews, how many?", outlets, TODAY)[0].outlet
    missing = read_filters("according to the Daily Planet, how many troops?", outlets, TODAY)[0]
    assert missing.missing_outlet == "Daily Planet"
    # "according to" a person or an agency is no outlet filter.
    people, rest = read_filters("According to Ukrainian intelligence, how many?", outlets, TODAY)
    assert people.outlet is None and people.missing_outlet is None and "intelligence" in rest


@pytest.mark.parametrize(
    ("question", "outlet", "rest"),
    [
        (
            "What does Newslooks say about the troops?",
            "Newslooks",
            "What does say about the troops?",
        ),
        ("What did BreakingNews.ie report on Kim?", "BreakingNews.ie", "What did report on Kim?"),
        ("How many troops, says the Lund Post?", "The Lund Post", "How many troops, says the ?"),
        # the name as the outlet writes it: "people" is no magazine called People
        ("What do people say about the troops?", None, "What do people say about the troops?"),
        # an outlet spoken of, or spoken to, not speaking
        ("What did Kim say about Newslooks?", None, "What did Kim say about Newslooks?"),
        ("What did the mayor tell Newslooks?", None, "What did the mayor tell Newslooks?"),
    ],
)
def test_an_outlet_that_says_or_reports_limits_the_answer_to_it(
    question: str, outlet: str | None, rest: str
) -> None:
    """ "What does Newslooks say about …?" had been declined: no article mentions
    Newslooks, whose name stands only in its articles' metadata."""
    outlets = ["BreakingNews.ie", "Newslooks", "People", "The Lund Post"]
    found, left = read_filters(question, outlets, TODAY)
    assert found.outlet == outlet
    assert " ".join(left.split()) == rest


def test_what_an_outlet_says_is_quoted_from_it_alone(engine: Engine) -> None:
    answer = engine.ask("What does Newslooks say about the troops?", today=TODAY)
    assert answer.answered and answer.limited_to == "from Newslooks"
    assert {q.passage.article.outlet for q in answer.quotes} == {"Newslooks"}


def _ferry_stories() -> list[Article]:
    """Two invented tellings of one ferry story: a wire story that a paper carries,
    credited in its byline, and a page that credits the site it came from."""
    wire = replace(
        written_article(
            "wire",
            "Brekka ferry toll rises",
            "The Brekka ferry toll rose to 40 kroner on Monday, the operator said.",
            "Commuters said the rise would cost them 300 kroner a month.",
        ),
        outlet="Fjordposten",
        byline="Ina Berg, Nordic Press",
    )
    page = replace(
        written_article(
            "page",
            "Ferry operator defends toll",
            "The Brekka ferry toll rose to 45 kroner, the operator's rivals said.",
            "Lars Vik said the operator had lost money for three years.",
            "A Nordic Press photographer rode the first ferry.",
        ),
        original_source="lundnews.example.com",
    )
    return [wire, page]


@pytest.mark.parametrize(
    ("question", "credited"),
    [
        # an agency that a byline names, by name or by its initials in capitals
        ("According to Nordic Press, what is the Brekka ferry toll?", "wire"),
        ("what is the brekka ferry toll acording to NP", "wire"),
        # the site a page credits, by its domain's first part
        ("according to lundnews, what is the Brekka ferry toll?", "page"),
        # a name that no article's text has, wherever it stands and in any case
        ("fjordposten brekka ferry toll", "wire"),
        ("Did the Brekka ferry toll rise, as of the fjordposten report?", "wire"),
        # ... and typed a letter off ("Fjordpsten", "fjordpostne")
        ("Fjordpsten brekka ferry toll", "wire"),
        ("what is the brekka ferry toll acording to fjordpostne", "wire"),
    ],
)
def test_an_outlet_a_byline_or_a_credited_site_limits_the_answer(
    question: str, credited: str
) -> None:
    """Before, "Nordic Press", "NP" and "lundnews" stood in no article's text and in
    no outlet field, so the question was declined for naming what no article has; and
    "acording to" (so typed) and a bare "fjordposten" were no outlet at all."""
    answer = Engine.from_articles(_ferry_stories()).ask(question, today=TODAY)
    assert answer.answered, answer.decline_reason
    assert {quote.article.article_id for quote in answer.quotes} == {credited}


def test_initials_and_bare_names_are_read_only_where_they_can_only_be_an_outlet() -> None:
    """ "np" in lower case is no agency's initials, and "Nordic Press", which a page
    writes, is an outlet only where a cue names it so."""
    engine = Engine.from_articles(_ferry_stories())
    assert engine.unwritten_outlets >= {"Fjordposten", "NP", "lundnews"}
    assert "Nordic Press" not in engine.unwritten_outlets
    for question in ("what is the toll np says", "what did the nordic press photographer ride"):
        found, _ = read_filters(question, engine.outlets, TODAY, engine.unwritten_outlets)
        assert found.outlet is None


def test_latest_figure_comes_first_and_is_named_newest(lexical_engine: Engine) -> None:
    answer = lexical_engine.ask(TROOPS_LATEST, 5, TODAY)
    assert answer.answered
    assert answer.quotes[0].article.published == date(2025, 6, 5)
    assert answer.quotes[0].figure is not None
    days = [q.article.published for q in answer.quotes if q.article.published]
    assert days == sorted(days, reverse=True)
    assert "2025-06-05" in answer.newest and answer.time_sensitive


def test_by_november_2024_uses_only_articles_published_by_then(engine: Engine) -> None:
    answer = engine.ask("How many troops had North Korea sent by November 2024?", 5, TODAY)
    assert answer.answered and answer.quotes
    assert all(q.article.published <= date(2024, 11, 30) for q in answer.quotes)  # type: ignore[operator]
    assert "10,000" in " ".join(q.text for q in answer.quotes)
    assert answer.limited_to == "published up to 2024-11-30"


def test_according_to_an_outlet_quotes_that_outlet_only(engine: Engine) -> None:
    answer = engine.ask("According to Newslooks, how many troops has North Korea sent?")
    assert answer.answered and answer.quotes
    assert {q.article.outlet for q in answer.quotes} == {"Newslooks"}


def test_timeline_of_troops_in_date_order(engine: Engine) -> None:
    answer = engine.ask("How has the number of North Korean troops in Russia changed?")
    timeline = answer.timeline
    days = [entry.day for entry in timeline]
    assert days == sorted(days)  # type: ignore[type-var]
    by_day = {day: " | ".join(e.figure for e in timeline if e.day == day) for day in days}
    assert "thousands" in by_day[date(2024, 11, 30)]
    assert "10,000" in by_day[date(2024, 11, 30)]
    assert "10,000 to 12,000" in by_day[date(2025, 6, 5)]
    assert "3,000 additional" in by_day[date(2025, 6, 5)]
    for entry in timeline:
        assert entry.quote.text in entry.quote.article.body
    later = [e for e in timeline if e.day == date(2025, 6, 5)]
    assert all(e.revises and "10,000" in e.revises for e in later)
    assert engine.timeline("troops").timeline[0].day == date(2024, 11, 30)


def test_time_the_corpus_cannot_answer_is_declined_with_a_reason(engine: Engine) -> None:
    empty = engine.ask("How many troops had North Korea sent in March 2023?", 5, TODAY)
    assert (empty.answered, empty.decline_reason) == (False, "period_empty")
    assert "2023-03-01" in empty.message
    outlet = engine.ask("outlet:dailyplanet how many troops?", 5, TODAY)
    assert (outlet.answered, outlet.decline_reason) == (False, "outlet_absent")
    latest = engine.ask("What is the latest number of tanks North Korea has sent?", 5, TODAY)
    assert (latest.answered, latest.decline_reason) == (False, "counted_thing_absent")


def test_another_story_latest_timeline_period_and_outlet(flood: Engine) -> None:
    question = "What is the latest number of residents evacuated from Lowmarsh?"
    latest = flood.ask(question, 5, date(2023, 5, 1))
    assert str(latest.quotes[0].figure).startswith("3,500 residents")
    assert "2023-04-18" in latest.newest  # the sentence's own date counts
    early = flood.ask("How many residents were evacuated by March 5?", 5, date(2023, 5, 1))
    assert [count(q.figure) for q in early.quotes] == ["About 500"]
    valley = flood.ask("How many residents were evacuated, according to Valley Post?")
    assert {q.article.outlet for q in valley.quotes} == {"Valley Post"}
    recent = flood.ask("How many residents were evacuated last week?", 5, date(2023, 4, 22))
    assert {q.article.outlet for q in recent.quotes} == {"Riverside Gazette"}
    timeline = flood.timeline("residents evacuated", today=date(2023, 5, 1)).timeline
    assert [(e.day, count(e.figure)) for e in timeline] == [
        (date(2023, 3, 2), "About 500"),
        (date(2023, 3, 9), "More than 2,000"),
        (date(2023, 3, 9), "1,200"),
        (date(2023, 4, 18), "3,500"),
    ]
    assert [e.disagrees for e in timeline] == [False, True, True, False]
    assert count(timeline[3].revises) == "More than 2,000"


def test_new_figures_of_added_articles(flood: Engine) -> None:
    # a4 gives a new figure; a5 repeats a2's "2,000" in other words.
    ids = {Path(a.source_file).stem: a.article_id for a in flood.articles}
    old = {ids["a1"], ids["a2"], ids["a3"]}
    new, previous = flood.new_figures("residents evacuated", old)
    assert [(count(e.figure), e.quote.article.article_id) for e in new] == [("3,500", ids["a4"])]
    assert previous is not None and previous.day == date(2023, 3, 9)
    assert flood.new_figures("residents evacuated", old | {ids["a4"]})[0] == []
    assert flood.new_figures("residents evacuated", set(ids.values()))[0] == []


def test_ask_json_carries_the_timeline() -> None:
    (line,) = run_cli("ask", "--json", "How has the number of troops changed?").splitlines()
    answer = json.loads(line)
    assert answer["timeline"]
    first = answer["timeline"][0]
    assert set(first) >= {"date", "figure", "quote", "source"}
    assert first["date"] == "2024-11-30"


@pytest.mark.parametrize(
    "base",
    [date(2025, 6, 30), date(2025, 3, 5), date(2025, 3, 4), date(2024, 2, 28), date(2026, 1, 1)],
)
def test_plain_dates_are_read_as_dateparser_reads_them(base: date) -> None:
    """The quick reading of common dates gives dateparser's spans (a missing year: the
    latest such day not after the article's date); other dates are left to dateparser."""
    written = [
        "2009", "March", "sept.", "Nov. 2024", "March 5", "March 4", "March 5, 2009",
        "5 March 2009", "5 March", "December 31", "January 1st", "June 3rd, 2010", "1 Jan",
    ]  # fmt: skip
    for text in written:
        span = timeframe._plain_span(text, base)
        found = timeframe._parser(base).get_date_data(text)
        assert span is not None and found.date_obj is not None, text
        assert span.first <= found.date_obj.date() <= span.last, (text, span, found)
        assert (span.first == span.last) == (found.period == "day"), text
        assert (span.first.month != span.last.month) == (found.period == "year"), text
    for text in ("Feb 30", "the 1990s", "last March", "Monday"):
        assert timeframe._plain_span(text, base) is None


@pytest.mark.parametrize(
    ("today", "unit", "count", "first"),
    [
        (date(2025, 7, 1), "week", 1, date(2025, 6, 24)),
        (date(2025, 3, 1), "day", 3, date(2025, 2, 26)),
        (date(2025, 3, 31), "month", 1, date(2025, 2, 28)),
        (date(2025, 1, 15), "month", 3, date(2024, 10, 15)),
        (date(2024, 2, 29), "year", 1, date(2023, 2, 28)),
        (date(2025, 12, 31), "year", 2, date(2023, 12, 31)),
    ],
)
def test_the_last_so_many_units_start_that_many_calendar_units_back(
    today: date, unit: str, count: int, first: date
) -> None:
    assert timeframe.units_before(today, unit, count) == first
    window, _ = read_time(f"How many in the last {count} {unit}s?", today)
    assert window.window is not None and (window.window.first, window.window.last) == (first, today)


def test_the_warm_up_readies_dateparser_though_common_dates_never_reach_it() -> None:
    timeframe._parser.cache_clear()
    timeframe.warm_up()
    assert timeframe._parser.cache_info().currsize == 1


def test_a_question_that_names_only_a_period_or_outlet_gets_its_articles_leads() -> None:
    """ "What happened in May 2025?", "What's new from the Fjord Herald?", "What's the
    latest?" had been told to ask a question ("news", "headlines" had been words for an
    answer to hold): each is answered by the first sentence of each of its articles,
    newest first; a period without articles says so."""

    def dated(ident: str, lead: str, day: date, outlet: str) -> Article:
        story = written_article(ident, f"Story {ident}", lead, "More follows below.")
        return replace(story, published=day, outlet=outlet)

    engine = Engine.from_articles(
        [
            dated(
                "a", "The Nordlys line sent two ferries to Lund.", date(2025, 5, 2), "Fjord Herald"
            ),
            dated("b", "Voltiq opened a plant near Voss.", date(2025, 5, 20), "Lund Post"),
            dated("c", "Ina Berg won the Lund mayoral election.", date(2025, 7, 1), "Fjord Herald"),
            written_article("d", "Undated", "Dock workers in Lund walked out over pay."),
            # a subhead above the first sentence is not quoted for it
            dated("e", "Harbour update", date(2025, 5, 10), "Lund Post"),
        ]
    )
    may = engine.ask("What happened in May 2025?", today=date(2025, 8, 1))
    assert [q.text for q in may.quotes] == [
        "Voltiq opened a plant near Voss.",
        "More follows below.",
        "The Nordlys line sent two ferries to Lund.",
    ]
    assert may.limited_to == "published from 2025-05-01 to 2025-05-31"
    for asked in ("What's new from the Fjord Herald?", "Any news from the Fjord Herald?"):
        herald = engine.ask(asked, today=date(2025, 8, 1))
        assert [q.text for q in herald.quotes] == [
            "Ina Berg won the Lund mayoral election.",
            "The Nordlys line sent two ferries to Lund.",
        ]
    for asked in ("What's the latest?", "What are the latest headlines?", "latest news"):
        latest = engine.ask(asked, today=date(2025, 8, 1))
        assert latest.quotes[0].text == "Ina Berg won the Lund mayoral election."
    assert "Dock workers" not in " ".join(q.text for q in latest.quotes)  # undated
    empty = engine.ask("What happened in March 2020?", today=date(2025, 8, 1))
    assert empty.decline_reason == "period_empty"
    assert engine.ask("What happened?").decline_reason == "empty_question"


def test_a_window_overlaps_a_span_that_shares_a_day_with_it() -> None:
    """ "in 2025" overlaps June 2025 but does not lie within it; March does neither;
    "in March" of any year overlaps a span from February to April."""
    june = timeframe.Window(date(2025, 6, 1), date(2025, 6, 30))
    year = timeframe.Span(date(2025, 1, 1), date(2025, 12, 31))
    march = timeframe.Span(date(2025, 3, 1), date(2025, 3, 31))
    assert june.overlaps(year) and not june.within(year)
    assert not june.overlaps(march)
    any_march = timeframe.Window(month=3)
    assert any_march.overlaps(timeframe.Span(date(2024, 2, 10), date(2024, 4, 2)))
    assert not any_march.overlaps(timeframe.Span(date(2024, 4, 1), date(2024, 6, 30)))
    assert any_march.overlaps(timeframe.Span(date(2024, 5, 1), date(2025, 4, 30)))


@pytest.mark.parametrize(
    ("written", "first", "last"),
    [
        ("autumn 2024", date(2024, 9, 1), date(2024, 11, 30)),
        ("the fall of 2024", date(2024, 9, 1), date(2024, 11, 30)),
        ("winter 2024", date(2024, 12, 1), date(2025, 2, 28)),
        # told relative to the day it was written (5 June 2025)
        ("last fall", date(2024, 9, 1), date(2024, 11, 30)),
        ("last winter", date(2024, 12, 1), date(2025, 2, 28)),
        ("this spring", date(2025, 3, 1), date(2025, 5, 31)),
        ("next summer", date(2026, 6, 1), date(2026, 8, 31)),
    ],
)
def test_a_season_is_read_as_its_three_months(written: str, first: date, last: date) -> None:
    assert timeframe.parse_span(written, date(2025, 6, 5)) == timeframe.Span(first, last)


def test_fall_alone_is_no_season() -> None:
    """ "fall" without a year is as often a verb ("prices fall") as a season."""
    assert timeframe.parse_span("fall", date(2025, 6, 5)) is None


def test_a_season_asked_about_limits_the_answer_to_its_months() -> None:
    """ "in autumn 2024" is a period, not two words an answer must hold: it is answered by
    an article of that autumn, or by a later one's sentence dated in it."""
    asked, rest = read_time("How many troops were sent during the fall of 2023?", TODAY)
    assert asked.window is not None
    assert (asked.window.first, asked.window.last) == (date(2023, 9, 1), date(2023, 11, 30))
    assert rest == "How many troops were sent ?"
    later = written_article(
        "later",
        "Lund sends more troops",
        "Lund sent between 1,000 and 1,200 troops to Voss in the fall of 2024, officials said.",
        published=date(2025, 6, 5),
    )
    spring = written_article(
        "spring",
        "Lund troops",
        "Lund sent 300 troops to Voss in April.",
        published=date(2024, 4, 20),
    )
    answer = Engine.from_articles([later, spring]).ask(
        "How many troops did Lund send to Voss in autumn 2024?", today=TODAY
    )
    assert answer.answered
    assert answer.quotes[0].text.startswith("Lund sent between 1,000 and 1,200")
    assert all("300 troops" not in quote.text for quote in answer.quotes)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("In June, Dahl visited Lund, his first stay since 2000.", True),
        ("Dahl has not visited Lund since  2000 .", True),
        ("Dahl first visited Lund in 2000.", False),
        ("Dahl visited Lund in 2000, and has not been back since 2000.", False),
        ("Dahl visited Lund in June.", False),
        ("Some 12000 people have left since 2001.", False),
    ],
)
def test_a_year_written_only_where_a_span_starts(text: str, expected: bool) -> None:
    """ "since 2000" starts a span; a year written otherwise, or not at all, does not."""
    assert only_since(text, 2000) is expected


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        ("Fjordpostne ferry toll", "Fjordposten ferry toll"),
        ("what did fjordpsten's reporter see", "what did Fjordposten's reporter see"),
        # an English word a letter from a name, a short word, two letters off: as typed
        ("what did the harbour master say", "what did the harbour master say"),
        ("what did Fjordpxstxn say", "what did Fjordpxstxn say"),
    ],
)
def test_a_typo_of_an_outlets_name_no_article_writes_is_the_name(
    question: str, expected: str
) -> None:
    """A word a letter from an outlet's one-word name that no article's text has, and
    no English word, is that name; the rest stays as typed."""
    assert _outlet_typos_mended(question, frozenset({"Fjordposten", "Harbours"})) == expected


@pytest.mark.parametrize(
    ("period", "calendar", "unsaid"),
    [
        ("between August and January", True, True),
        ("in the spring", True, True),
        ("last autumn", True, False),
        ("last year", True, False),
        ("in March 2025", True, False),
        ("last week", False, False),
        ("the past month", False, False),
    ],
)
def test_a_period_told_by_month_season_or_year_may_say_of_no_year_which(
    period: str, calendar: bool, unsaid: bool
) -> None:
    """Months, seasons and years are how news dates its stories' events; a month or
    season with no year and nothing relative to today may be any year's."""
    assert told_by_calendar(period) is calendar
    assert year_unsaid(period) is unsaid
