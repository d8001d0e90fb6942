"""The answer engine: corpus → index → answer, free of any Telegram code."""

from bot.engine.engine import Engine
from bot.engine.models import Answer, Article, CorpusProblem, Passage, Quote

__all__ = ["Answer", "Article", "CorpusProblem", "Engine", "Passage", "Quote"]
