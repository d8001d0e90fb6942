"""Command line: `python -m bot [ask|chat|sources|eval|add|run]`.

With no command it runs the Telegram bot when BOT_TOKEN is set, and otherwise opens
a console chat over the same engine.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import logging
import os
import sys
import time
from collections.abc import Iterable
from datetime import date
from pathlib import Path
from typing import Any

from bot import REPO_ROOT, heap
from bot.console import chat, render_answer, render_sources
from bot.engine import Engine
from bot.engine.build import Progress
from bot.engine.corpus import CorpusError, read_article, render_article_file
from bot.settings import Settings, semantic_parts

log = logging.getLogger("bot")


def load_engine(settings: Settings, progress: Progress | None = None) -> Engine:
    """The engine over the configured corpus; unusable files are named on stderr.

    Sentences without a vector are embedded first when they are few (a new small
    corpus); otherwise they are answered lexically until `python -m bot index` runs.
    """
    engine = Engine.from_dir(
        settings.corpus_dir,
        index_dir=settings.index_dir,
        mode=settings.index_mode,
        progress=progress,
        outside_links=settings.corpus_follow_symlinks_outside,
        **semantic_parts(settings),
    )
    for problem in engine.problems:
        print(f"corpus: {problem}", file=sys.stderr)
    missing = engine.vectors_missing
    if missing and missing <= settings.embed_in_cli_limit:
        print(f"semantic stage: embedding {missing:,} new sentences…", file=sys.stderr)
        engine = engine.embed_missing()
    elif missing:
        print(
            f"semantic stage: {missing:,} sentences have no vector yet and are answered "
            "lexically; `python -m bot index` embeds them",
            file=sys.stderr,
        )
    return engine


def command_ask(args: argparse.Namespace, settings: Settings) -> int:
    engine = load_engine(settings)
    questions: Iterable[str] = (
        (line.rstrip("\n") for line in sys.stdin) if args.question == "-" else [args.question]
    )
    for question in questions:
        answer = engine.ask(question, max_quotes=max(settings.max_quotes, 10), previous=args.after)
        if args.json:
            print(json.dumps(answer.to_json(settings.max_quotes), ensure_ascii=False), flush=True)
        else:
            print(render_answer(answer, ansi=sys.stdout.isatty(), limit=settings.max_quotes))
    return 0


def command_chat(args: argparse.Namespace, settings: Settings) -> int:
    chat(load_engine(settings))
    return 0


def command_sources(args: argparse.Namespace, settings: Settings) -> int:
    print(render_sources(load_engine(settings)))
    return 0


def command_eval(args: argparse.Namespace, settings: Settings) -> int:
    from bot.evaluation import compare, evaluate

    engines: dict[Path, Engine] = {}
    for spec in args.files:
        name, _, corpus = spec.partition("@")
        corpus_dir = Path(corpus) if corpus else settings.corpus_dir
        if corpus_dir not in engines:
            engine = load_engine(_settings_for_corpus(settings, corpus_dir))
            # Timed as the bot answers: after the warm-up it does before anyone asks.
            engine.warm_up(engine.example_questions())
            engine.warm_up_later()
            heap.freeze_alive()
            engines[corpus_dir] = engine
        report = evaluate(engines[corpus_dir], Path(name), args.typed)
        if len(args.files) > 1:
            print(f"== {name}")
        print("\n".join(report.lines()))
        saved = Path(args.save.format(name=Path(name).stem)) if args.save else None
        if args.compare:
            earlier = Path(args.compare.format(name=Path(name).stem))
            try:
                print("\n".join(compare(report, json.loads(earlier.read_text("utf-8")))))
            except (OSError, ValueError, KeyError) as error:
                print(f"cannot compare with {earlier}: {error}", file=sys.stderr)
        if saved is not None:
            saved.parent.mkdir(parents=True, exist_ok=True)
            saved.write_text(json.dumps(report.to_json(), ensure_ascii=False), "utf-8")
    return 0


def _settings_for_corpus(settings: Settings, corpus_dir: Path) -> Settings:
    """The settings with another corpus folder, whose saved index has a folder of its own."""
    if corpus_dir == settings.corpus_dir:
        return settings
    tag = hashlib.sha1(str(corpus_dir.resolve()).encode()).hexdigest()[:8]
    index_dir = settings.index_dir.with_name(f"{settings.index_dir.name}-{tag}")
    return settings.model_copy(update={"corpus_dir": corpus_dir, "index_dir": index_dir})


def command_add(args: argparse.Namespace, settings: Settings) -> int:
    """Clean raw page dumps and HTML pages, or fetch linked pages, and write them into the
    corpus in its format (a link's story once: same URL or same text is skipped)."""
    from dataclasses import replace

    from bot.engine.cleaning import looks_like_html
    from bot.engine.corpus import article_from_page, display_path
    from bot.engine.html_page import HtmlPageError, extract_html_page

    html_suffixes = {".html", ".htm", ".xhtml"}
    max_html_bytes = 20 * 1024 * 1024
    try:
        published = date.fromisoformat(args.published) if args.published else None
    except ValueError:
        print(f"--published {args.published!r} is not a YYYY-MM-DD date", file=sys.stderr)
        return 2
    destination = Path(args.dest) if args.dest else settings.corpus_dir
    destination.mkdir(parents=True, exist_ok=True)
    urls = [name for name in args.paths if "://" in name]
    failures = _add_links(urls, destination, args, published, settings) if urls else 0
    for name in args.paths:
        if "://" in name:
            continue
        path = Path(name)
        try:
            data = path.read_bytes()
            sniffed = data[:4096].decode("utf-8", errors="replace")
            if path.suffix.lower() in html_suffixes or looks_like_html(sniffed):
                if len(data) > max_html_bytes:
                    raise HtmlPageError(
                        f"too large ({len(data):,} bytes; the limit is {max_html_bytes:,})"
                    )
                page = extract_html_page(data)
                article = article_from_page(path, display_path(path, None), page)
            else:
                article = read_article(path)
        except (CorpusError, HtmlPageError, OSError) as error:
            reason = error.strerror if isinstance(error, OSError) and error.strerror else error
            print(f"{path}: skipped: {reason}", file=sys.stderr)
            failures += 1
            continue
        overrides: dict[str, Any] = {
            key: value
            for key in ("title", "outlet", "byline", "url", "language")
            if (value := getattr(args, key))
        }
        if published:
            overrides["published"] = published
        article = replace(article, **overrides)
        target = destination / f"{path.stem}.txt"
        if target.exists() and not args.force:
            print(f"{target}: exists; use --force to replace it", file=sys.stderr)
            failures += 1
            continue
        target.write_text(render_article_file(article), encoding="utf-8")
        print(f"{path} → {target} ({article.title!r})")
    return 1 if failures else 0


def _add_links(
    urls: list[str],
    destination: Path,
    args: argparse.Namespace,
    published: date | None,
    settings: Settings,
) -> int:
    """Fetch the pages at `urls` into `destination`, each story once; the failures."""
    import asyncio

    from bot.engine.corpus import load_corpus
    from bot.intake.links import Hints, Intake
    from bot.settings import fetch_policy
    from bot.state import StateError, open_state

    articles = load_corpus(destination, REPO_ROOT).articles
    intake = Intake(destination, fetch_policy(settings), lambda: articles, REPO_ROOT)
    # --title, --outlet and --published fill in what a page does not say.
    hints = Hints(args.title, published, args.outlet)
    outcomes = asyncio.run(intake.add_links(urls, [hints] * len(urls)))
    for outcome in outcomes:
        print(outcome, file=sys.stdout if outcome.status == "added" else sys.stderr)
    added = [outcome for outcome in outcomes if outcome.status == "added"]
    if added and destination.resolve() == settings.corpus_dir.resolve():
        try:  # counted in /stats as added today
            state = open_state(settings.state_url(), settings.database_timeout)
        except StateError as error:
            print(f"not counted in /stats: {error}", file=sys.stderr)
        else:

            async def record() -> None:
                for outcome in added:
                    await state.record_added(outcome.url, outcome.detail, "link")

            try:
                asyncio.run(record())
            except StateError as error:
                print(f"not counted in /stats: {error}", file=sys.stderr)
            finally:
                state.close()
    return sum(outcome.status == "failed" for outcome in outcomes)


def command_index(args: argparse.Namespace, settings: Settings) -> int:
    """Build (or bring up to date) the on-disk index, with a progress bar."""
    from tqdm import tqdm

    from bot.engine.build import build_index, load_saved, save_built

    started = time.perf_counter()
    outside_links = settings.corpus_follow_symlinks_outside
    saved = (
        None if args.force else load_saved(settings.index_dir, settings.corpus_dir, outside_links)
    )
    if saved is not None:
        print(f"index in {settings.index_dir} is up to date")
        index = saved.index
    else:
        with tqdm(total=0, unit="article", desc="indexing", file=sys.stderr) as bar:
            built = build_index(
                settings.corpus_dir,
                REPO_ROOT,
                progress=_progress_bar(bar),
                outside_links=outside_links,
            )
        save_built(built, settings.index_dir, settings.corpus_dir, outside_links)
        for problem in built.problems:
            print(f"corpus: {problem}", file=sys.stderr)
        index = built.index
        print(
            f"indexed {len(index.live_articles):,} articles, {index.size:,} sentences, "
            f"{index.term_count:,} terms in {time.perf_counter() - started:.1f} s "
            f"→ {settings.index_dir}"
        )
    parts = semantic_parts(settings)
    if parts["embedder"] is None or args.no_vectors:
        return 0
    engine = Engine(index, None, **parts)
    sentences, words = engine.sentences_missing, engine.words_missing
    missing = sentences + words
    started = time.perf_counter()
    with tqdm(total=missing, unit="text", desc="embedding", file=sys.stderr) as bar:
        engine.embed_missing(progress=_progress_bar(bar))
    seconds = time.perf_counter() - started
    rate = f", {missing / seconds:.1f} a second" if missing else ""
    print(
        f"vectors: {sentences:,} sentences and {words:,} words embedded in "
        f"{seconds:.1f} s{rate} → {settings.vectors_dir}"
    )
    # A question reads whole articles' vectors: these should lie together on disk.
    started = time.perf_counter()
    if parts["store"] is not None and parts["store"].arrange(index.keys):
        seconds = time.perf_counter() - started
        print(f"vectors: rewritten in the corpus's order in {seconds:.1f} s")
    return 0


def _progress_bar(bar: Any) -> Progress:
    def progress(done: int, total: int) -> None:
        bar.total = total
        bar.update(done - bar.n)

    return progress


def command_run(args: argparse.Namespace, settings: Settings) -> int:
    from bot.app import run_bot

    return run_bot(settings)


def command_default(args: argparse.Namespace, settings: Settings) -> int:
    if settings.token is None:
        return command_chat(args, settings)
    return command_run(args, settings)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m bot", description=__doc__)
    parser.set_defaults(handler=command_default)
    commands = parser.add_subparsers(title="commands")

    ask = commands.add_parser("ask", help="answer a question (or '-' for one per stdin line)")
    ask.add_argument("question", help="the question, or '-' to read questions from stdin")
    ask.add_argument("--json", action="store_true", help="one JSON object per question")
    ask.add_argument(
        "--after", metavar="QUESTION", help="the question asked just before, for a follow-up"
    )
    ask.set_defaults(handler=command_ask)

    commands.add_parser("chat", help="console chat over the engine").set_defaults(
        handler=command_chat
    )
    commands.add_parser("sources", help="list the corpus articles").set_defaults(
        handler=command_sources
    )

    evaluate = commands.add_parser("eval", help="score a question file")
    evaluate.add_argument(
        "files",
        nargs="+",
        metavar="FILE[@CORPUS_DIR]",
        help="question files; FILE@DIR scores FILE on the corpus in DIR (default: BOT_CORPUS_DIR)",
    )
    evaluate.add_argument("--save", metavar="PATH", help="save the run as JSON ({name}: file stem)")
    evaluate.add_argument("--compare", metavar="PATH", help="compare with a saved run ({name})")
    evaluate.add_argument(
        "--typed",
        choices=["as-written", "lower", "upper", "title"],
        default="as-written",
        help="ask each question as written, or typed in lower case, capitals or title case",
    )
    evaluate.set_defaults(handler=command_eval)

    add = commands.add_parser(
        "add",
        help="clean raw page dumps, HTML pages (.html/.htm) or linked pages (URLs) into the corpus",
    )
    add.add_argument(
        "paths", nargs="+", help="text dumps, saved HTML pages, or http(s) links to fetch"
    )
    add.add_argument("--dest", help="corpus folder to write to (default: BOT_CORPUS_DIR)")
    add.add_argument("--force", action="store_true", help="replace existing files")
    for key in ("title", "outlet", "byline", "url", "language"):
        add.add_argument(f"--{key}")
    add.add_argument("--published", help="YYYY-MM-DD")
    add.set_defaults(handler=command_add)

    index = commands.add_parser("index", help="build the on-disk index ahead of time")
    index.add_argument("--force", action="store_true", help="rebuild even if up to date")
    index.add_argument(
        "--no-vectors",
        action="store_true",
        help="leave embedding the sentences to the bot (it does so in the background)",
    )
    index.set_defaults(handler=command_index)

    commands.add_parser("run", help="run the Telegram bot (needs BOT_TOKEN)").set_defaults(
        handler=command_run
    )
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    settings = Settings()
    handler = args.handler
    try:
        return int(handler(args, settings))
    except BrokenPipeError:
        # The reader went away (`… | head`): stop quietly, as Unix tools do.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0


if __name__ == "__main__":
    sys.exit(main())
