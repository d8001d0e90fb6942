"""A Telegram bot that answers questions about news articles with cited, verbatim quotes."""

from pathlib import Path

# The project folder: article files inside it are cited by their path relative to it.
# Here rather than in `bot.settings`, so that the engine does not import the app's settings.
REPO_ROOT = Path(__file__).resolve().parent.parent
