"""A Telegram bot that answers questions about news articles with cited, verbatim quotes."""
