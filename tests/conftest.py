"""Fixtures shared by all tests: the real shipped corpus and an engine over it."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.engine import Engine
from bot.settings import REPO_ROOT

CORPUS_DIR = REPO_ROOT / "corpus"
DATA_DIR = Path(__file__).parent / "data"
RAW_SEEDS = sorted((DATA_DIR / "raw").glob("*.txt"))


@pytest.fixture(scope="session")
def engine() -> Engine:
    """The engine over the corpus the repository ships."""
    return Engine.from_dir(CORPUS_DIR)
