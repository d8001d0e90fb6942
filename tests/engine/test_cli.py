"""The command line as other tools and people use it: `python -m bot …`."""

from __future__ import annotations

import json
import os
import select
import subprocess
import sys
from pathlib import Path

from bot import REPO_ROOT
from bot.console import render_answer
from bot.engine import Answer, Article, Engine, Passage, Quote
from bot.engine.models import FigureReport
from tests.conftest import DATA_DIR, STORIES_OF_EVACUATIONS

QUOTE_FIELDS = {"text": str, "source_file": str, "title": str, "score": float}


def run_cli(*args: str, stdin: str = "", env: dict[str, str] | None = None) -> str:
    result = subprocess.run(
        [sys.executable, "-m", "bot", *args],
        input=stdin,
        capture_output=True,
        text=True,
        cwd=REPO_ROOT,
        env={**os.environ, "BOT_TOKEN": "", **(env or {})},
        timeout=60,
        check=True,
    )
    return result.stdout


def check_contract(obj: dict[str, object]) -> None:
    assert isinstance(obj["question"], str) and isinstance(obj["answered"], bool)
    quotes = obj["quotes"]
    assert isinstance(quotes, list) and len(quotes) <= 5
    for quote in quotes:
        for name, kind in QUOTE_FIELDS.items():
            assert isinstance(quote[name], kind), name
        assert quote["outlet"] is None or isinstance(quote["outlet"], str)
        published = quote["published"]
        assert published is None or (isinstance(published, str) and len(published) == 10)
        body = (REPO_ROOT / quote["source_file"]).read_text(encoding="utf-8")
        assert quote["text"] in body
    scores = [q["score"] for q in quotes]
    assert scores == sorted(scores, reverse=True) or obj.get("sources_differ")


def test_ask_json_reads_stdin_and_writes_one_object_per_line_in_order() -> None:
    questions = [
        "How many troops has North Korea sent to Russia?",
        "",
        "What is the capital of France?",
        "Who is the head of Ukraine's army?",
    ]
    lines = run_cli("ask", "--json", "-", stdin="\n".join(questions) + "\n").splitlines()
    objects = [json.loads(line) for line in lines]
    assert [o["question"] for o in objects] == questions
    for obj in objects:
        check_contract(obj)
    assert [o["answered"] for o in objects] == [True, False, False, True]
    assert objects[0]["quotes"][0]["source_file"].startswith("corpus/")
    assert "Syrskyi" in objects[3]["quotes"][0]["text"]
    assert objects[2]["quotes"] == []


def test_ask_json_flushes_each_answer_before_the_next_question_arrives() -> None:
    process = subprocess.Popen(
        [sys.executable, "-m", "bot", "ask", "--json", "-"],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
        cwd=REPO_ROOT,
        env={**os.environ, "BOT_TOKEN": ""},
    )
    assert process.stdin is not None and process.stdout is not None
    try:
        process.stdin.write("how many troops?\n")
        process.stdin.flush()
        ready, _, _ = select.select([process.stdout], [], [], 30)
        assert ready, "no answer while stdin is still open"
        assert json.loads(process.stdout.readline())["answered"] is True
    finally:
        process.stdin.close()
        process.wait(timeout=30)


def test_ask_json_with_one_question_writes_one_object() -> None:
    (line,) = run_cli("ask", "--json", "Who is North Korea's defence minister?").splitlines()
    obj = json.loads(line)
    check_contract(obj)
    assert "No Kwang Chol" in obj["quotes"][0]["text"]


def test_ask_json_says_which_words_were_read_otherwise() -> None:
    (line,) = run_cli("ask", "--json", "Who is Nroth Korea's defence minister?").splitlines()
    obj = json.loads(line)
    check_contract(obj)
    assert obj["notes"] == ["“Nroth” read as “North”"]


def test_ask_reads_as_a_person_would() -> None:
    out = run_cli("ask", "How many troops has North Korea sent to Russia?")
    assert "The sources give different figures:" in out
    assert "**over 10,000 troops**" in out
    assert "BreakingNews.ie · 2024-11-30 — Kim Jong Un vows North Korean support" in out


def test_sources_lists_the_articles_numbered() -> None:
    out = run_cli("sources").splitlines()
    assert out[0] == "5 articles:"
    assert out[1].startswith("1. unnamed outlet · 2024-07-19 — North Korea pledges")
    assert any(line.startswith("5. Ukrainska Pravda · 2024-06-19") for line in out)


def test_the_corpus_folder_is_a_setting(tmp_path: Path) -> None:
    (tmp_path / "one.txt").write_text(
        "---\ntitle: Harbour works begin\noutlet: Example Times\n---\n\n"
        "Work on the new harbour began on Monday with 200 workers.\n",
        encoding="utf-8",
    )
    (tmp_path / "broken.txt").write_bytes(b"\xff\xfe\x00junk")
    result = subprocess.run(
        [sys.executable, "-m", "bot", "ask", "--json", "How many workers?"],
        capture_output=True,
        text=True,
        cwd=REPO_ROOT,
        timeout=60,
        check=True,
        env={**os.environ, "BOT_TOKEN": "", "BOT_CORPUS_DIR": str(tmp_path)},
    )
    answer = json.loads(result.stdout)
    assert (
        answer["quotes"][0]["text"] == "Work on the new harbour began on Monday with 200 workers."
    )
    assert "broken.txt" in result.stderr and "binary" in result.stderr


def test_eval_prints_the_scores_and_misses() -> None:
    out = run_cli("eval", str(DATA_DIR / "dev_questions.jsonl"))
    assert "hit@1: " in out and "hit@3: 1.000 (22/22)" in out
    assert "declined correctly: 1.000 (5/5)" in out
    assert "quote integrity: 1.000" in out
    assert "misses:" in out


def test_without_a_token_the_default_command_is_the_console_chat() -> None:
    out = run_cli(stdin="how many troops?\n/sources\nwhat is the capital of france?\n/quit\n")
    assert "console chat over 5 articles" in out
    assert "BOT_TOKEN" in out
    assert "10,000" in out
    assert "5 articles:" in out
    assert "None of the articles I have mentions “France”, so I won't guess." in out


def test_the_console_chat_follows_on_from_the_last_question() -> None:
    follow_up = "When did he visit Pyongyang?\n"
    out = run_cli(stdin=f"{follow_up}Who is Andrei Belousov?\n{follow_up}")
    first, _, rest = out.partition("bot> ")[2].partition("bot> ")
    assert first.split("\n")[0] == "I can't tell who “he” is here. Please ask again with the name."
    follow_up = rest.partition("bot> ")[2]
    assert follow_up.startswith(
        "(read with your last question: “When did Andrei Belousov visit Pyongyang?”)\n1. “"
    )
    assert "Belousov" in follow_up.split("\n")[1]


def test_eval_asks_a_follow_up_after_its_question() -> None:
    """A question file's "after" is the question asked just before the follow-up."""
    out = run_cli("eval", str(DATA_DIR / "follow_up_questions.jsonl"))
    assert "hit@3: 1.000 (10/10)" in out
    assert "declined correctly: 1.000 (3/3)" in out
    assert "unclear_pronoun 1" in out  # "When did he die?", asked after nothing


def test_ask_answers_a_follow_up_after_the_question_given() -> None:
    out = run_cli("ask", "--json", "--after", "Who is No Kwang Chol?", "Who did he meet?")
    answer = json.loads(out)
    assert answer["question"] == "Who did he meet?"
    assert answer["read_as"] == "Who did No Kwang Chol meet?"
    assert "Belousov" in answer["quotes"][0]["text"]


def test_add_cleans_a_raw_page_into_the_corpus_format(tmp_path: Path) -> None:
    raw = sorted((DATA_DIR / "raw").glob("*.txt"))[4]
    out = run_cli("add", str(raw), "--dest", str(tmp_path), "--outlet", "Ukrainska Pravda")
    assert "→" in out
    written = (tmp_path / raw.name).read_text(encoding="utf-8")
    assert written.startswith("---\ntitle: Putin and Kim Jong Un sign agreement")
    assert "outlet: Ukrainska Pravda\npublished: 2024-06-19\n" in written
    assert "Advertisement" not in written and "Support UP" not in written


def test_eval_asks_the_questions_as_typed_in_capitals() -> None:
    """Shouted, the development questions score as written: capitals mark no names."""
    out = run_cli("eval", "--typed", "upper", str(DATA_DIR / "dev_questions.jsonl"))
    assert "hit@3: 1.000 (22/22)" in out and "declined correctly: 1.000 (5/5)" in out
    assert "false declines: 0.000 (0/22)" in out


def test_the_console_names_the_quotes_of_other_stories() -> None:
    engine = Engine.from_articles(STORIES_OF_EVACUATIONS)
    answer = engine.ask("How many people were evacuated?")
    (fire,) = answer.other_stories
    out = render_answer(answer)
    assert f"(Quote {fire + 1} is from another story: its figure is not compared.)" in out
    assert out.index("The sources give different figures:") < out.index("another story")


def test_a_figure_only_an_unshown_quote_gives_is_not_set_beside_the_shown_ones() -> None:
    """Ten quotes chosen, five shown: the second figure stands only in the sixth."""
    article = Article("a", Path("a.txt"), "a.txt", "Title", "x", outlet="Outlet")
    quotes = tuple(Quote(Passage(n, article, 0, 1, 0), score=1.0, highlights=()) for n in range(6))
    answer = Answer(
        question="How many kroner?",
        answered=True,
        quotes=quotes,
        figures=(FigureReport("3.2 million kroner", (0,)), FigureReport("45 million", (5,))),
    )
    assert "different figures" not in render_answer(answer, limit=5)
    assert "different figures" in render_answer(answer, limit=6)
    shown = answer.to_json(limit=5)
    assert shown["sources_differ"] is False and len(shown["figures"]) == 1
    assert answer.to_json(limit=6)["sources_differ"] is True
