"""The Telegram application: `build_application` wires the handlers, `run_bot` runs it.

`python -m bot run` calls `run_bot`; the tests and the load script call
`build_application` and the `*_options` helpers, so they run the same bot.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import signal
import sys
from collections.abc import Callable, Coroutine
from typing import Any, TypeAlias

import httpx
import uvloop
from telegram import (
    Bot,
    BotCommand,
    BotCommandScopeAllGroupChats,
    BotCommandScopeAllPrivateChats,
    LinkPreviewOptions,
    Update,
)
from telegram.constants import ParseMode
from telegram.error import BadRequest, InvalidToken, NetworkError, TelegramError, TimedOut
from telegram.ext import (
    AIORateLimiter,
    Application,
    ApplicationBuilder,
    CallbackQueryHandler,
    CommandHandler,
    Defaults,
    InlineQueryHandler,
    MessageHandler,
    TypeHandler,
    filters,
)

from bot import REPO_ROOT, heap, logs
from bot.components.admin import reload_corpus, show_stats
from bot.components.buttons import press_button
from bot.components.errors import report_error
from bot.components.feedback import FEEDBACK_PATTERN, take_feedback
from bot.components.gatekeeper import (
    drop_unlisted_chats,
    limit_floods,
    refuse_non_text,
    screen_question,
)
from bot.components.inline import offer_quotes
from bot.components.intake import add_links, manage_feeds, schedule_feed_polls
from bot.components.questions import answer_question, show_timeline, unknown_command
from bot.components.services import SERVICES_KEY, Services
from bot.components.sources import (
    PAGE_PATTERN,
    list_sources,
    show_help,
    show_source,
    turn_sources_page,
)
from bot.components.tracing import note_update
from bot.components.watches import Alerts, add_watch, list_watches, remove_watch
from bot.delivery import (
    DurableUpdateQueue,
    FairUpdateProcessor,
    JournalledRequest,
    UpdateJournal,
    give_up_slot,
)
from bot.engine.library import Library
from bot.health import HealthServer, Readiness
from bot.intake.feeds import FeedPoller
from bot.intake.links import Intake
from bot.metrics import Metrics, TelemetryRequest
from bot.settings import Settings, fetch_policy, semantic_parts
from bot.state import SqliteStore, StateError, StateStore, open_state
from bot.webhook import WebhookServer

logger = logging.getLogger(__name__)

BotApplication: TypeAlias = Application[Any, Any, Any, Any, Any, Any]
"""The application as built here (python-telegram-bot's default bot and context types)."""

ALLOWED_UPDATES = [
    Update.MESSAGE,
    Update.CALLBACK_QUERY,
    Update.INLINE_QUERY,
    Update.MY_CHAT_MEMBER,
]
"""Edited messages and channel posts are not questions; Telegram need not send them.
`my_chat_member` tells the bot it was added to a group (which it leaves if not allowed)."""

LONG_POLL_SECONDS = 30
"""How long one getUpdates call may wait for updates; longer means fewer idle requests."""

CONNECTION_POOL_SIZE = 8
"""Kept-alive connections to the Bot API (python-telegram-bot's default is 256).

httpcore's pool does work linear in its size on every request, and under load a big
pool costs more CPU than it saves waiting. One connection per concurrent update
(`BOT_CONCURRENT_UPDATES`, 8 by default) measured best with scripts/load_test.py."""

TRACING_GROUP = -4
ALLOW_LIST_GROUP = -3
FLOOD_GROUP = -2
SCREENING_GROUP = -1

HEALTH_KEY = "health"
"""`bot_data` key of the `HealthServer` (its port, once started, for tests)."""
ALERTS_KEY = "alerts"
"""`bot_data` key of the `Alerts` (new figures for `/watch`; tests wait on it)."""

STOP_KEY = "stop"
"""`bot_data` key of the runner's stop function (`run_bot` sets it): called when
Telegram refuses the token, so that the process exits and its supervisor acts."""

FIRST_RETRY_SECONDS = 1.0
LONGEST_RETRY_SECONDS = 60.0
"""Back-off between attempts to reach the Bot API at start: 1 s, 2 s, 4 s … 60 s."""

PRIVATE_COMMANDS = [
    BotCommand("help", "What I know and how to ask"),
    BotCommand("sources", "The articles I have read"),
    BotCommand("source", "One article: /source N"),
    BotCommand("timeline", "A figure over time: /timeline troops"),
    BotCommand("watch", "Alert this chat to new figures: /watch troops"),
    BotCommand("watches", "This chat's watches"),
    BotCommand("unwatch", "Stop a watch: /unwatch N"),
]
GROUP_COMMANDS = [
    BotCommand("ask", "Ask a question: /ask your question"),
    *PRIVATE_COMMANDS,
]


class PatientRateLimiter(AIORateLimiter):
    """Telegram's flood limits and `RetryAfter` (from `AIORateLimiter`), plus retries
    of server and network errors with exponential backoff.

    Not retried: `BadRequest` (it would fail again), and read/write timeouts, after
    which Telegram may already have sent the message, so a retry could post a
    question's answer twice.
    """

    FIRST_BACKOFF_SECONDS = 0.25

    def __init__(self, settings: Settings) -> None:
        super().__init__(
            overall_max_rate=settings.flood_messages_per_second,
            group_max_rate=settings.flood_group_messages_per_minute,
            max_retries=settings.flood_max_retries,
        )
        self._network_retries = settings.flood_max_retries

    async def process_request(
        self,
        callback: Callable[..., Coroutine[Any, Any, bool | dict[str, Any] | list[dict[str, Any]]]],
        args: Any,
        kwargs: dict[str, Any],
        endpoint: str,
        data: dict[str, Any],
        rate_limit_args: int | None,
    ) -> bool | dict[str, Any] | list[dict[str, Any]]:
        if self._must_wait(data):
            give_up_slot()
        attempt = 0
        while True:
            try:
                return await super().process_request(
                    callback, args, kwargs, endpoint, data, rate_limit_args
                )
            except NetworkError as error:
                if attempt >= self._network_retries or not _worth_retrying(error):
                    raise
                delay = self.FIRST_BACKOFF_SECONDS * 2**attempt
                logger.warning("%s failed (%r); retrying in %.2f s", endpoint, error, delay)
                await asyncio.sleep(delay)
                attempt += 1

    def _must_wait(self, data: dict[str, Any]) -> bool:
        """Whether a request to this chat would now wait for Telegram's limits (a flood
        wait, or the chat's or the bot's share used up). Reads `AIORateLimiter`'s
        limiters, as `AIORateLimiter._run_request` will."""
        if not self._retry_after_event.is_set():
            return True
        chat_id = data.get("chat_id")
        if chat_id is None:
            return False
        base = self._base_limiter
        if base is not None and not base.has_capacity():
            return True
        group = self._group_limiters.get(chat_id) if isinstance(chat_id, int | str) else None
        return group is not None and not group.has_capacity()


def _worth_retrying(error: NetworkError) -> bool:
    if isinstance(error, BadRequest):
        return False
    if isinstance(error, TimedOut):
        # Only timeouts before the request left us are safe to repeat.
        return isinstance(error.__cause__, httpx.ConnectTimeout | httpx.PoolTimeout)
    return True


def open_state_or_memory(settings: Settings) -> tuple[StateStore, str]:
    """The configured state database, or, when it cannot be used, an in-memory one and
    the reason (logged as an error): answers still go out, buttons work until a restart."""
    try:
        return open_state(settings.state_url(), settings.database_timeout), ""
    except StateError as error:
        problem = f"{error}; keeping state in memory until it is fixed"
        logger.error("%s", problem)
        return SqliteStore(":memory:"), problem


def build_application(settings: Settings, library: Library) -> BotApplication:
    """The bot: handlers, defaults, flood control, command menus, state, metrics and the
    health endpoint, and the error handler."""
    if settings.token is None:
        raise ValueError("BOT_TOKEN is not set")
    api_url = settings.api_url.rstrip("/")
    state, state_problem = open_state_or_memory(settings)
    logger.info("State database: %s", state.name)
    metrics = Metrics(library)

    def stopped() -> str:
        """Why no more updates come in: the token refused, or polling ended."""
        if metrics.token_refused:
            return metrics.token_refused
        updater = application.updater
        if settings.mode == "polling" and application.running and not updater_running(updater):
            return "polling has stopped"
        return ""

    readiness = Readiness(
        library,
        metrics,
        settings.mode == "polling",
        lambda: application.bot_data[SERVICES_KEY].current_state_problem(),
        stopped,
    )
    health = HealthServer(readiness, settings.health_listen, settings.health_port)
    token = settings.token.get_secret_value()
    journal = UpdateJournal(state, bot_id_of(token), settings.update_lease_seconds, metrics)
    intake = Intake(
        settings.corpus_dir, fetch_policy(settings), lambda: library.engine.articles, library.root
    )
    feeds = FeedPoller(state, intake, settings.feed_interval, settings.feed_max_backoff)
    alerts = Alerts(library, state)
    heap_keeper = heap.HeapKeeper(settings.freeze_heap)
    library.listeners.append(heap_keeper.on_reload)

    async def register_command_menus(application: BotApplication) -> None:
        await application.bot.set_my_commands(
            PRIVATE_COMMANDS, scope=BotCommandScopeAllPrivateChats()
        )
        await application.bot.set_my_commands(GROUP_COMMANDS, scope=BotCommandScopeAllGroupChats())
        logger.info("Running as @%s", application.bot.username)

    stop_watching = asyncio.Event()
    watchers: list[asyncio.Task[None]] = []
    watchdogs: list[asyncio.Task[None]] = []

    async def stop_when_token_refused(application: BotApplication) -> None:
        # python-telegram-bot ends polling on a 401/404 but keeps the process alive.
        await metrics.token_refused_event.wait()
        logger.critical(
            "%s. Stopping: the supervisor should restart or alert; check BOT_TOKEN "
            "with @BotFather.",
            metrics.token_refused,
        )
        if updater_running(application.updater):
            assert application.updater is not None
            # Collects the polling task, which ended with InvalidToken.
            with contextlib.suppress(TelegramError):
                await application.updater.stop()
        stop = application.bot_data.get(STOP_KEY)
        if stop is not None:
            stop()

    async def warm_up_later() -> None:
        await asyncio.to_thread(library.engine.warm_up_later)
        # The corpus and the word lists are loaded for good: out of the collector's full
        # passes, which would otherwise stall a question now and then.
        heap_keeper.freeze_loaded()

    async def start_up(application: BotApplication) -> None:
        if settings.health_port:
            try:
                await health.start()
                logger.info("Health and metrics on http://%s:%s", health.listen, health.port)
            except OSError as error:
                logger.error(
                    "Health endpoint cannot listen on %s:%s: %s",
                    settings.health_listen,
                    settings.health_port,
                    error,
                )
        watchdogs.append(asyncio.create_task(stop_when_token_refused(application)))
        await register_command_menus(application)
        # Updates an earlier run stored but did not finish are handled first.
        journal.start(application.bot, application.update_queue)
        library.engine.warm_up(settings.example_questions or library.engine.example_questions())
        watchdogs.append(asyncio.create_task(warm_up_later()))
        heap_keeper.start()
        library.schedule_embedding()
        try:
            await feeds.use_setting(settings.feeds)
        except StateError as error:
            logger.error("Feeds from BOT_FEEDS not stored: %s", error)
        schedule_feed_polls(application)
        alerts.start(application.bot)
        if settings.watch_corpus:
            # New, changed and removed article files are picked up while the bot runs.
            # A plain task: `Application.stop` waits for its own tasks to finish.
            watchers.append(asyncio.create_task(library.watch(stop_watching)))

    async def close_down(application: BotApplication) -> None:
        # By now every update taken from Telegram has been answered (`Application.stop`).
        stop_watching.set()
        for watchdog in watchdogs:
            watchdog.cancel()
        await asyncio.gather(*watchers, *watchdogs, return_exceptions=True)
        await alerts.stop()
        await heap_keeper.stop()
        await library.stop_embedding()
        await journal.stop()
        await health.stop()
        await asyncio.to_thread(state.close)
        logger.info("Stopped; state database %s closed", state.name)

    application = (
        ApplicationBuilder()
        .token(token)
        .base_url(f"{api_url}/bot")
        .base_file_url(f"{api_url}/file/bot")
        .defaults(
            Defaults(
                parse_mode=ParseMode.HTML,
                link_preview_options=LinkPreviewOptions(is_disabled=True),
                # Answers quote the question, so in a busy group it is clear what they answer.
                do_quote=True,
                allow_sending_without_reply=True,
            )
        )
        .request(JournalledRequest(journal, metrics, connection_pool_size=CONNECTION_POOL_SIZE))
        .get_updates_request(TelemetryRequest(metrics, connection_pool_size=1))
        .rate_limiter(PatientRateLimiter(settings))
        # Stored before acknowledged (webhook: a database failure answers 500, so
        # Telegram sends it again), claimed once, and handled fairly.
        .update_queue(DurableUpdateQueue(journal, strict=settings.mode == "webhook"))
        .concurrent_updates(FairUpdateProcessor(settings.concurrent_updates, journal))
        .post_init(start_up)
        .post_shutdown(close_down)
        .build()
    )
    application.bot_data[SERVICES_KEY] = Services(
        settings=settings,
        library=library,
        state=state,
        metrics=metrics,
        intake=intake,
        feeds=feeds,
        state_problem=state_problem,
    )
    application.bot_data[HEALTH_KEY] = health
    application.bot_data[ALERTS_KEY] = alerts

    application.add_handler(TypeHandler(Update, note_update), group=TRACING_GROUP)
    application.add_handler(TypeHandler(Update, drop_unlisted_chats), group=ALLOW_LIST_GROUP)
    application.add_handler(TypeHandler(Update, limit_floods), group=FLOOD_GROUP)
    application.add_handlers(
        [
            MessageHandler(
                filters.UpdateType.MESSAGE
                & filters.ChatType.PRIVATE
                & ~filters.TEXT
                & ~filters.StatusUpdate.ALL,
                refuse_non_text,
            ),
            MessageHandler(filters.UpdateType.MESSAGE & filters.TEXT, screen_question),
        ],
        group=SCREENING_GROUP,
    )
    application.add_handlers(
        [
            CommandHandler(["start", "help"], show_help),
            CommandHandler("sources", list_sources),
            CommandHandler("source", show_source),
            CommandHandler("ask", answer_question),
            CommandHandler("timeline", show_timeline),
            CommandHandler("watch", add_watch),
            CommandHandler("watches", list_watches),
            CommandHandler("unwatch", remove_watch),
            CommandHandler("reload", reload_corpus),
            CommandHandler("stats", show_stats),
            CommandHandler("add", add_links),
            CommandHandler("feeds", manage_feeds),
            MessageHandler(
                filters.UpdateType.MESSAGE & filters.TEXT & ~filters.COMMAND, answer_question
            ),
            MessageHandler(filters.ChatType.PRIVATE & filters.COMMAND, unknown_command),
            InlineQueryHandler(offer_quotes),
            CallbackQueryHandler(take_feedback, pattern=FEEDBACK_PATTERN),
            CallbackQueryHandler(turn_sources_page, pattern=PAGE_PATTERN),
            CallbackQueryHandler(press_button),
        ]
    )
    application.add_error_handler(report_error)
    return application


def bot_id_of(token: str) -> int:
    """The bot's id, the part of its token before the colon (0 if it is not a number)."""
    head = token.partition(":")[0]
    return int(head) if head.isdecimal() else 0


def polling_options() -> dict[str, Any]:
    """Arguments shared by `Application.run_polling` and `Updater.start_polling`."""
    return {"allowed_updates": ALLOWED_UPDATES, "timeout": LONG_POLL_SECONDS}


async def start_webhook(application: BotApplication, settings: Settings) -> WebhookServer:
    """Listen for Telegram's POSTs and register the webhook with its secret token
    (Telegram sends it in X-Telegram-Bot-Api-Secret-Token; other requests get 403)."""
    if settings.webhook_url is None or settings.webhook_secret is None:
        raise ValueError("webhook mode needs BOT_WEBHOOK_URL and BOT_WEBHOOK_SECRET")
    secret = settings.webhook_secret.get_secret_value()
    server = WebhookServer(
        application,
        listen=settings.webhook_listen,
        port=settings.webhook_port,
        path=settings.webhook_path,
        secret=secret,
        max_body_bytes=settings.webhook_max_body_bytes,
    )
    await server.start()
    await application.bot.set_webhook(
        settings.webhook_url, secret_token=secret, allowed_updates=ALLOWED_UPDATES
    )
    return server


async def serve_webhook(application: BotApplication, settings: Settings) -> None:
    """Webhook mode until SIGINT or SIGTERM (or a refused token): the same start and
    stop sequence as `Application.run_polling`, with `bot.webhook`'s server."""
    stopping = asyncio.Event()
    loop = asyncio.get_running_loop()
    for number in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(number, stopping.set)
    application.bot_data[STOP_KEY] = stopping.set
    await application.initialize()
    try:
        if application.post_init is not None:
            await application.post_init(application)
        await application.start()
        server = await start_webhook(application, settings)
        await stopping.wait()
        await server.stop()
        await application.stop()
    finally:
        await application.shutdown()
        if application.post_shutdown is not None:
            await application.post_shutdown(application)


def updater_running(updater: Any) -> bool:
    return updater is not None and bool(updater.running)


async def wait_for_telegram(settings: Settings) -> bool:
    """Check the token with `getMe`; while the Bot API cannot be reached, say so in one
    log line and try again with back-off. False when Telegram refuses the token."""
    assert settings.token is not None
    bot = Bot(settings.token.get_secret_value(), base_url=f"{settings.api_url.rstrip('/')}/bot")
    delay = FIRST_RETRY_SECONDS
    while True:
        try:
            async with bot:  # getMe
                return True
        except InvalidToken:
            return False
        except TelegramError as error:
            logger.error(
                "Cannot reach the Bot API at %s (%s); retrying in %.0f s",
                settings.api_url,
                error,
                delay,
            )
        await asyncio.sleep(delay)
        delay = min(2 * delay, LONGEST_RETRY_SECONDS)


TOKEN_REFUSED_MESSAGE = "Telegram rejected BOT_TOKEN. Check the token with @BotFather."


def configure_logging(settings: Settings) -> None:
    """Log to stderr at the configured level (JSON by setting), secrets redacted."""
    logs.configure(settings)


def run_bot(settings: Settings) -> int:
    """Run the bot until interrupted (polling, or webhook by setting); the exit status."""
    if settings.token is None:
        print(
            "BOT_TOKEN is not set. Get a token from @BotFather and set BOT_TOKEN "
            "(see config/README.md).",
            file=sys.stderr,
        )
        return 2
    if settings.mode == "webhook" and (
        settings.webhook_url is None or settings.webhook_secret is None
    ):
        print(
            "Webhook mode needs BOT_WEBHOOK_URL and BOT_WEBHOOK_SECRET (see config/README.md).",
            file=sys.stderr,
        )
        return 2
    configure_logging(settings)
    library = Library(
        settings.corpus_dir,
        REPO_ROOT,
        index_dir=settings.index_dir,
        mode=settings.index_mode,
        settle_seconds=settings.corpus_settle_ms / 1000,
        outside_links=settings.corpus_follow_symlinks_outside,
        **semantic_parts(settings),
    )
    for problem in library.engine.problems:
        logger.warning("Corpus problem: %s", problem)
    if not library.engine.articles:
        reasons = "; ".join(str(problem) for problem in library.engine.problems)
        print(
            f"No usable articles in {settings.corpus_dir}" + (f" ({reasons})." if reasons else "."),
            file=sys.stderr,
        )
        return 2

    # uvloop's event loop does the same work with less CPU per update than asyncio's.
    asyncio.set_event_loop_policy(uvloop.EventLoopPolicy())
    loop = asyncio.new_event_loop()
    asyncio.set_event_loop(loop)  # run_polling runs on it too
    try:
        reachable = loop.run_until_complete(wait_for_telegram(settings))
    except KeyboardInterrupt:
        return 130
    if not reachable:
        # The token itself is never printed; Telegram's description does not contain it.
        print(TOKEN_REFUSED_MESSAGE, file=sys.stderr)
        return 1
    application = build_application(settings, library)
    try:
        if settings.mode == "webhook":
            loop.run_until_complete(serve_webhook(application, settings))
        else:
            application.bot_data[STOP_KEY] = application.stop_running
            application.run_polling(**polling_options())
    except InvalidToken:
        print(TOKEN_REFUSED_MESSAGE, file=sys.stderr)
        return 1
    if application.bot_data[SERVICES_KEY].metrics.token_refused:
        print(TOKEN_REFUSED_MESSAGE, file=sys.stderr)
        return 1
    return 0
