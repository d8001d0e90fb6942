"""Command line: `python -m bot [ask|chat|sources|eval|add|run]`.

With no command it runs the Telegram bot when BOT_TOKEN is set, and otherwise opens
a console chat over the same engine.
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import sys
import time
from collections.abc import Iterable
from datetime import date
from pathlib import Path
from typing import Any

from bot.console import chat, render_answer, render_sources
from bot.engine import Engine
from bot.engine.build import Progress
from bot.engine.corpus import CorpusError, read_article, render_article_file
from bot.settings import REPO_ROOT, Settings

log = logging.getLogger("bot")


def load_engine(settings: Settings, progress: Progress | None = None) -> Engine:
    """The engine over the configured corpus; unusable files are named on stderr."""
    engine = Engine.from_dir(
        settings.corpus_dir,
        index_dir=settings.index_dir,
        mode=settings.index_mode,
        progress=progress,
    )
    for problem in engine.problems:
        print(f"corpus: {problem}", file=sys.stderr)
    return engine


def command_ask(args: argparse.Namespace, settings: Settings) -> int:
    engine = load_engine(settings)
    questions: Iterable[str] = (
        (line.rstrip("\n") for line in sys.stdin) if args.question == "-" else [args.question]
    )
    for question in questions:
        answer = engine.ask(question, max_quotes=max(settings.max_quotes, 10))
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
    from bot.evaluation import evaluate

    report = evaluate(load_engine(settings), Path(args.file))
    print("\n".join(report.lines()))
    return 0


def command_add(args: argparse.Namespace, settings: Settings) -> int:
    """Clean raw page dumps and HTML pages and write them into the corpus in its format."""
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
    failures = 0
    for name in args.paths:
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


def command_index(args: argparse.Namespace, settings: Settings) -> int:
    """Build (or bring up to date) the on-disk index, with a progress bar."""
    from tqdm import tqdm

    from bot.engine.build import build_index, load_saved, save_built

    started = time.perf_counter()
    if not args.force and load_saved(settings.index_dir, settings.corpus_dir) is not None:
        print(f"index in {settings.index_dir} is up to date")
        return 0
    with tqdm(total=0, unit="article", desc="indexing", file=sys.stderr) as bar:

        def progress(done: int, total: int) -> None:
            bar.total = total
            bar.update(done - bar.n)

        built = build_index(settings.corpus_dir, REPO_ROOT, progress=progress)
    save_built(built, settings.index_dir, settings.corpus_dir)
    for problem in built.problems:
        print(f"corpus: {problem}", file=sys.stderr)
    index = built.index
    print(
        f"indexed {len(index.articles):,} articles, {index.size:,} sentences, "
        f"{len(index.vocabulary):,} terms in {time.perf_counter() - started:.1f} s "
        f"→ {settings.index_dir}"
    )
    return 0


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
    ask.set_defaults(handler=command_ask)

    commands.add_parser("chat", help="console chat over the engine").set_defaults(
        handler=command_chat
    )
    commands.add_parser("sources", help="list the corpus articles").set_defaults(
        handler=command_sources
    )

    evaluate = commands.add_parser("eval", help="score a question file")
    evaluate.add_argument("file")
    evaluate.set_defaults(handler=command_eval)

    add = commands.add_parser(
        "add", help="clean raw page dumps or HTML pages (.html/.htm) into the corpus"
    )
    add.add_argument("paths", nargs="+", help="text dumps or saved HTML pages")
    add.add_argument("--dest", help="corpus folder to write to (default: BOT_CORPUS_DIR)")
    add.add_argument("--force", action="store_true", help="replace existing files")
    for key in ("title", "outlet", "byline", "url", "language"):
        add.add_argument(f"--{key}")
    add.add_argument("--published", help="YYYY-MM-DD")
    add.set_defaults(handler=command_add)

    index = commands.add_parser("index", help="build the on-disk index ahead of time")
    index.add_argument("--force", action="store_true", help="rebuild even if up to date")
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
