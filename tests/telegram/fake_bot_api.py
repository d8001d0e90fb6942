"""A small Telegram Bot API server for tests: real HTTP on 127.0.0.1, real JSON shapes.

The bot under test talks to it exactly as to api.telegram.org (python-telegram-bot's
own HTTP stack, `BOT_API_URL` pointing here). A test acts as users: it sends
messages, presses buttons and types inline queries, which become updates served by
`getUpdates` (long polling) or POSTed to the bot's webhook. Every method call is
recorded, so a test can assert the exact replies. Faults can be injected: an error
status (429 with `retry_after`, 500, …) or a slow response, for the next N calls of
a method; calls of a method can be held until released; the whole server can go
down (its port closed) and come back on the same port, keeping its pending updates.

`getUpdates` follows Telegram's offset rules: an update is confirmed, and never sent
again, once `getUpdates` is called with an offset higher than its id; updates handed
out but not confirmed are handed out again, to the next poller (a restarted bot).

Like Telegram, the server checks what it is sent: HTML must parse under Telegram's
rules (only its tags, every `<`, `>` and `&` in text escaped, tags balanced), texts
must be at most 4096 characters after parsing, callback data at most 64 bytes.
Violations get Telegram's `400 Bad Request` answers.
"""

from __future__ import annotations

import asyncio
import collections
import itertools
import json
import re
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from html.parser import HTMLParser
from typing import Any

import httpx
import tornado.httpserver
import tornado.netutil
import tornado.web

JSON = dict[str, Any]

TEXT_LIMIT = 4096
CALLBACK_DATA_LIMIT = 64
MESSAGE_IDS_PER_CHAT = 1_000_000

# Form-encoded parameters arrive as strings; python-telegram-bot JSON-encodes every
# parameter except those that are strings already, so these must not be decoded.
_STRING_PARAMETERS = {
    "text",
    "parse_mode",
    "action",
    "callback_query_id",
    "inline_query_id",
    "url",
    "secret_token",
    "next_offset",
    "language_code",
}


class ApiError(Exception):
    """A Bot API error answer: HTTP status, description and optional parameters."""

    def __init__(self, status: int, description: str, parameters: JSON | None = None) -> None:
        super().__init__(description)
        self.status = status
        self.description = description
        self.parameters = parameters


def bad_request(reason: str) -> ApiError:
    return ApiError(400, f"Bad Request: {reason}")


@dataclass
class ApiCall:
    """One request the bot made: method, decoded parameters, HTTP status and result.

    `status` is None while the request is still being answered."""

    method: str
    params: JSON
    at: float
    status: int | None = None
    result: Any = None


@dataclass
class _Fault:
    method: str
    remaining: int
    status: int | None = None
    retry_after: int | None = None
    delay: float = 0.0


@dataclass
class _Chat:
    info: JSON
    next_message_id: itertools.count[int]


class FakeBotApi:
    """The server and its world: one bot, users, chats, messages and pending updates."""

    def __init__(
        self, token: str = "123456789:TEST-token-not-a-real-one", bot_username: str = "NewsQuoteBot"
    ) -> None:
        self.token = token
        self.bot_user: JSON = {
            "id": int(token.split(":")[0]),
            "is_bot": True,
            "first_name": "News Quotes",
            "username": bot_username,
            "can_join_groups": True,
            "can_read_all_group_messages": False,
            "supports_inline_queries": True,
        }
        self.calls: list[ApiCall] = []
        self.ok_counts: collections.Counter[str] = collections.Counter()
        self.commands: dict[str, list[JSON]] = {}
        self.webhook: JSON | None = None
        self.webhook_refusals: list[int] = []
        self._pending: list[JSON] = []
        self._update_ids = itertools.count(1)
        self._user_ids = itertools.count(1001)
        self._group_ids = itertools.count(1)
        self._query_ids = itertools.count(1)
        self._chats: dict[int, _Chat] = {}
        self._messages: dict[tuple[int, int], JSON] = {}
        self._open_queries: set[str] = set()
        self._faults: list[_Fault] = []
        self._last_created_update = 0
        self._last_confirmed_update = 0
        self._changed = asyncio.Event()
        self._stopping = False
        self._server: tornado.httpserver.HTTPServer | None = None
        self._app: tornado.web.Application | None = None
        self._down = False
        self._refusal: ApiError | None = None
        self._held: dict[str, asyncio.Event] = {}
        self.left_chats: list[int] = []
        self.admins: set[tuple[int, int]] = set()
        self._webhook_client: httpx.AsyncClient | None = None
        self._deliveries: set[asyncio.Task[None]] = set()
        self.port = 0
        self.round_trip = 0.0
        """Network time of every call, half on the way in and half on the way out: a
        call is carried out (a message sent) before the bot hears that it was."""

    # -- running -----------------------------------------------------------------

    async def start(self) -> None:
        """Listen on 127.0.0.1 on a free port."""
        self._app = tornado.web.Application(
            [(r"/bot([^/]+)/(\w+)", _MethodHandler, {"api": self})],
            # The server records every call itself; tornado's access log would only
            # repeat them, token in the URL included.
            log_function=lambda handler: None,
        )
        self._listen()
        self._webhook_client = httpx.AsyncClient(timeout=10)

    def _listen(self) -> None:
        sockets = tornado.netutil.bind_sockets(self.port, "127.0.0.1")
        self.port = sockets[0].getsockname()[1]
        self._server = tornado.httpserver.HTTPServer(self._app)
        self._server.add_sockets(sockets)

    async def go_down(self) -> None:
        """Close the port and every connection, as an unreachable server; what users
        send meanwhile waits in the queue."""
        self._down = True
        self._notify()  # Ends pending long polls.
        assert self._server is not None
        self._server.stop()
        await self._server.close_all_connections()

    def come_back(self) -> None:
        """Listen again on the same port."""
        self._down = False
        self._listen()

    def refuse_token(self, status: int = 401) -> None:
        """From now on answer every call, pending long polls included, as Telegram does
        for a revoked token (401 Unauthorized) or a deleted bot (404 Not Found)."""
        description = "Unauthorized" if status == 401 else "Not Found"
        self._refusal = ApiError(status, description)
        self._notify()  # Ends pending long polls.

    @property
    def down(self) -> bool:
        return self._down

    async def stop(self) -> None:
        self._stopping = True
        self._notify()  # Ends pending long polls.
        if self._server is not None:
            self._server.stop()
            await self._server.close_all_connections()
        for task in list(self._deliveries):
            task.cancel()
        if self._webhook_client is not None:
            await self._webhook_client.aclose()

    @property
    def url(self) -> str:
        """The value for `BOT_API_URL`."""
        return f"http://127.0.0.1:{self.port}"

    def _notify(self) -> None:
        """Wake everyone waiting for a change. Each waiter holds the event it started
        waiting on and none is ever cleared, so no wake-up is lost to another's clear."""
        self._changed.set()
        self._changed = asyncio.Event()

    # -- faults ------------------------------------------------------------------

    def fail(
        self, method: str, status: int = 500, *, retry_after: int | None = None, times: int = 1
    ) -> None:
        """Answer the next `times` calls of `method` with `status` (429: with `retry_after`)."""
        self._faults.append(_Fault(method, times, status=status, retry_after=retry_after))

    def slow_down(self, method: str, seconds: float, *, times: int = 1) -> None:
        """Delay the answer to the next `times` calls of `method` by `seconds`."""
        self._faults.append(_Fault(method, times, delay=seconds))

    def hold(self, method: str) -> None:
        """Keep calls of `method` waiting (recorded, unanswered) until `release`."""
        self._held[method] = asyncio.Event()

    def release(self, method: str) -> None:
        """Answer the held calls of `method`, and later ones at once."""
        self._held.pop(method).set()

    def waiting(self, method: str) -> int:
        """Calls of `method` received and not yet answered."""
        return sum(1 for call in self.calls if call.method == method and call.status is None)

    def _next_fault(self, method: str) -> _Fault | None:
        for fault in self._faults:
            if fault.method == method and fault.remaining > 0:
                fault.remaining -= 1
                return fault
        return None

    # -- acting as users -----------------------------------------------------------

    def user(self, first_name: str, username: str | None = None) -> JSON:
        user: JSON = {"id": next(self._user_ids), "is_bot": False, "first_name": first_name}
        if username:
            user["username"] = username
        return user

    def private_chat(self, user: JSON) -> JSON:
        info = {"id": user["id"], "type": "private", "first_name": user["first_name"]}
        return self._add_chat(info)

    def group(self, title: str) -> JSON:
        chat_id = -1001000000000 - next(self._group_ids)
        return self._add_chat({"id": chat_id, "type": "supergroup", "title": title})

    def make_admin(self, chat: JSON, user: JSON) -> None:
        """Make `user` an administrator of the group `chat` (for `getChatMember`)."""
        self.admins.add((chat["id"], user["id"]))

    def _add_chat(self, info: JSON) -> JSON:
        if info["id"] not in self._chats:
            # Message ids count per chat, as in Telegram, but each chat's from its own
            # base: a reply sent to the wrong chat then points at no message there.
            first_id = len(self._chats) * MESSAGE_IDS_PER_CHAT + 1
            self._chats[info["id"]] = _Chat(info, itertools.count(first_id))
        return self._chats[info["id"]].info

    def send_text(
        self,
        chat: JSON,
        user: JSON,
        text: str,
        reply_to: JSON | None = None,
        via_bot: bool = False,
        entities: list[JSON] | None = None,
    ) -> JSON:
        """`user` writes `text` in `chat` (optionally replying, or sending an inline
        result of the bot's, or with formatting `entities` of its own); returns the message."""
        message = self._new_message(chat, user, reply_to)
        message["text"] = text
        if via_bot:
            message["via_bot"] = self.bot_user
        entities = sorted(
            _entities_of(text) + (entities or []), key=lambda e: (e["offset"], -e["length"])
        )
        if entities:
            message["entities"] = entities
        self._queue({"message": message})
        return message

    def send_sticker(self, chat: JSON, user: JSON) -> JSON:
        message = self._new_message(chat, user)
        message["sticker"] = {
            "file_id": "sticker-file",
            "file_unique_id": "sticker-unique",
            "type": "regular",
            "width": 512,
            "height": 512,
            "is_animated": False,
            "is_video": False,
        }
        self._queue({"message": message})
        return message

    def send_photo(self, chat: JSON, user: JSON, caption: str | None = None) -> JSON:
        message = self._new_message(chat, user)
        message["photo"] = [
            {"file_id": "photo-file", "file_unique_id": "photo-unique", "width": 90, "height": 90}
        ]
        if caption:
            message["caption"] = caption
        self._queue({"message": message})
        return message

    def add_bot_to(self, chat: JSON, user: JSON) -> None:
        """`user` adds the bot to the group `chat` (a `my_chat_member` update)."""
        member = {"user": self.bot_user, "status": "member"}
        self._queue(
            {
                "my_chat_member": {
                    "chat": chat,
                    "from": user,
                    "date": int(time.time()),
                    "old_chat_member": {**member, "status": "left"},
                    "new_chat_member": member,
                }
            }
        )

    def press_button(self, user: JSON, message: JSON, data: str) -> str:
        """`user` presses a button with callback `data` under the bot's `message`."""
        query_id = f"cb{next(self._query_ids)}"
        self._open_queries.add(query_id)
        stored = self.latest(message)
        self._queue(
            {
                "callback_query": {
                    "id": query_id,
                    "from": user,
                    "message": stored,
                    "chat_instance": f"ci{message['chat']['id']}",
                    "data": data,
                }
            }
        )
        return query_id

    def inline_query(self, user: JSON, query: str) -> str:
        """`user` types `@Bot query` in some chat."""
        query_id = f"iq{next(self._query_ids)}"
        self._open_queries.add(query_id)
        self._queue(
            {
                "inline_query": {
                    "id": query_id,
                    "from": user,
                    "query": query,
                    "offset": "",
                    "chat_type": "sender",
                }
            }
        )
        return query_id

    def _new_message(self, chat: JSON, user: JSON, reply_to: JSON | None = None) -> JSON:
        message: JSON = {
            "message_id": next(self._chats[chat["id"]].next_message_id),
            "from": user,
            "chat": chat,
            "date": int(time.time()),
        }
        if reply_to is not None:
            message["reply_to_message"] = self._messages[(chat["id"], reply_to["message_id"])]
        self._messages[(chat["id"], message["message_id"])] = message
        return message

    def _queue(self, payload: JSON) -> None:
        update = {"update_id": next(self._update_ids), **payload}
        self._last_created_update = update["update_id"]
        self._pending.append(update)
        self._notify()
        if self.webhook is not None:
            self._deliver_by_webhook()

    # -- what the bot did -----------------------------------------------------------

    def ok_calls(self, method: str | None = None) -> list[ApiCall]:
        """Successful calls, optionally of one method, in the order they arrived."""
        return [
            call
            for call in self.calls
            if call.status == 200 and (method is None or call.method == method)
        ]

    def sent_in(self, chat: JSON) -> list[JSON]:
        """The messages the bot sent to `chat`, as stored now (after any edits)."""
        return [
            self._messages[(chat["id"], call.result["message_id"])]
            for call in self.ok_calls("sendMessage")
            if call.result["chat"]["id"] == chat["id"]
        ]

    def replies_to(self, message: JSON) -> list[JSON]:
        """The bot's messages in reply to `message`."""
        return [
            sent
            for sent in self.sent_in(message["chat"])
            if sent.get("reply_to_message", {}).get("message_id") == message["message_id"]
        ]

    def latest(self, message: JSON) -> JSON:
        """`message` as it is now, after any edits."""
        return self._messages[(message["chat"]["id"], message["message_id"])]

    def confirmed_updates(self) -> int:
        """The highest update id the bot has confirmed (acknowledged) so far."""
        return self._last_confirmed_update

    def html_of(self, message: JSON) -> str:
        """The HTML the bot last sent (or edited) as `message`'s text."""
        return str(message["_html"])

    async def wait_until(self, condition: Callable[[], bool], timeout: float = 120) -> None:
        """Wait until `condition()` holds, checking after every request; for bots run
        out of process, whose update queue the test cannot see. `timeout` bounds a hang,
        not speed: a process start on a loaded 2-core machine takes tens of seconds."""
        async with asyncio.timeout(timeout):
            while True:
                change = self._changed
                if condition():
                    return
                await change.wait()

    async def all_delivered(self) -> None:
        """Wait until the bot has confirmed receipt of every update created so far."""
        while True:
            change = self._changed
            if self._last_confirmed_update >= self._last_created_update:
                return
            await change.wait()

    # -- the Bot API methods -------------------------------------------------------

    async def handle(self, token: str, method: str, params: JSON) -> tuple[int, JSON]:
        if self.round_trip:
            await asyncio.sleep(self.round_trip / 2)
        status, body = await self._carry_out(token, method, params)
        if self.round_trip:
            await asyncio.sleep(self.round_trip / 2)
        return status, body

    async def _carry_out(self, token: str, method: str, params: JSON) -> tuple[int, JSON]:
        call = ApiCall(method=method, params=params, at=time.perf_counter())
        self.calls.append(call)
        self._notify()
        try:
            if token != self.token:
                raise ApiError(401, "Unauthorized")
            if self._refusal is not None:
                raise self._refusal
            held = self._held.get(method)
            if held is not None:
                await held.wait()
            fault = self._next_fault(method)
            if fault is not None:
                await asyncio.sleep(fault.delay)
                if fault.status == 429:
                    raise ApiError(
                        429,
                        f"Too Many Requests: retry after {fault.retry_after}",
                        {"retry_after": fault.retry_after},
                    )
                if fault.status is not None:
                    raise ApiError(fault.status, "Internal Server Error")
            implementation = self._methods().get(method)
            if implementation is None:
                raise ApiError(404, "Not Found: method not found")
            call.result = await implementation(params)
            call.status = 200
            self.ok_counts[method] += 1
            self._notify()
        except ApiError as error:
            call.status = error.status
            body: JSON = {"ok": False, "error_code": error.status, "description": error.description}
            if error.parameters:
                body["parameters"] = error.parameters
            return error.status, body
        return 200, {"ok": True, "result": call.result}

    def _methods(self) -> dict[str, Callable[[JSON], Awaitable[Any]]]:
        return {
            "getMe": self._get_me,
            "getUpdates": self._get_updates,
            "setWebhook": self._set_webhook,
            "deleteWebhook": self._delete_webhook,
            "setMyCommands": self._set_my_commands,
            "sendChatAction": self._send_chat_action,
            "sendMessage": self._send_message,
            "editMessageText": self._edit_message_text,
            "answerCallbackQuery": self._answer_query,
            "answerInlineQuery": self._answer_inline_query,
            "leaveChat": self._leave_chat,
            "getChatMember": self._get_chat_member,
        }

    async def _get_me(self, params: JSON) -> JSON:
        return self.bot_user

    async def _get_updates(self, params: JSON) -> list[JSON]:
        if self.webhook is not None:
            raise ApiError(
                409,
                "Conflict: can't use getUpdates method while webhook is active; "
                "use deleteWebhook to delete the webhook first",
            )
        offset = int(params.get("offset", 0))
        if offset:
            self._confirm(offset - 1)
        deadline = time.monotonic() + float(params.get("timeout", 0))
        while True:
            change = self._changed
            if (
                self._pending
                or self._stopping
                or self._down
                or self._refusal is not None
                or time.monotonic() >= deadline
            ):
                break
            try:
                await asyncio.wait_for(change.wait(), deadline - time.monotonic())
            except TimeoutError:
                break
        if self._refusal is not None:
            raise self._refusal
        allowed = params.get("allowed_updates") or None
        limit = int(params.get("limit", 100))
        return [
            update
            for update in self._pending[:limit]
            if allowed is None or any(kind in update for kind in allowed)
        ]

    def _confirm(self, update_id: int) -> None:
        self._pending = [update for update in self._pending if update["update_id"] > update_id]
        self._last_confirmed_update = max(self._last_confirmed_update, update_id)
        self._notify()

    async def _set_webhook(self, params: JSON) -> bool:
        if not str(params.get("url", "")).startswith(("http://", "https://")):
            raise bad_request("bad webhook: An HTTPS URL must be provided for webhook")
        self.webhook = {"url": params["url"], "secret_token": params.get("secret_token")}
        self._deliver_by_webhook()
        return True

    async def _delete_webhook(self, params: JSON) -> bool:
        self.webhook = None
        return True

    def _deliver_by_webhook(self) -> None:
        while self._pending:
            task = asyncio.ensure_future(self._post_update(self._pending.pop(0)))
            self._deliveries.add(task)
            task.add_done_callback(self._deliveries.discard)

    async def _post_update(self, update: JSON) -> None:
        assert self.webhook is not None and self._webhook_client is not None
        headers = {}
        if self.webhook["secret_token"]:
            headers["X-Telegram-Bot-Api-Secret-Token"] = self.webhook["secret_token"]
        response = await self._webhook_client.post(
            self.webhook["url"], json=update, headers=headers
        )
        if response.status_code != 200:
            self.webhook_refusals.append(response.status_code)
        self._confirm(update["update_id"])

    async def _set_my_commands(self, params: JSON) -> bool:
        scope = params.get("scope") or {"type": "default"}
        self.commands[scope["type"]] = params["commands"]
        return True

    async def _leave_chat(self, params: JSON) -> bool:
        chat = self._chat(params["chat_id"])
        if chat.info["type"] == "private":
            raise bad_request("chat member status can't be changed in private chats")
        self.left_chats.append(chat.info["id"])
        return True

    async def _get_chat_member(self, params: JSON) -> JSON:
        chat = self._chat(params["chat_id"])
        user_id = int(params["user_id"])
        user = {"id": user_id, "is_bot": False, "first_name": f"User {user_id}"}
        if (chat.info["id"], user_id) not in self.admins:
            return {"status": "member", "user": user}
        rights = (
            "can_be_edited is_anonymous can_manage_chat can_delete_messages"
            " can_manage_video_chats can_restrict_members can_promote_members can_change_info"
            " can_invite_users can_post_stories can_edit_stories can_delete_stories"
        ).split()
        return {"status": "administrator", "user": user} | dict.fromkeys(rights, False)

    async def _send_chat_action(self, params: JSON) -> bool:
        self._chat(params["chat_id"])
        return True

    async def _send_message(self, params: JSON) -> JSON:
        chat = self._chat(params["chat_id"])
        if chat.info["id"] in self.left_chats:
            raise ApiError(403, "Forbidden: bot is not a member of the supergroup chat")
        message: JSON = {
            "message_id": next(chat.next_message_id),
            "from": self.bot_user,
            "chat": chat.info,
            "date": int(time.time()),
        }
        self._set_text(message, params)
        reply = params.get("reply_parameters")
        if reply is not None:
            replied = self._messages.get((chat.info["id"], reply["message_id"]))
            if replied is not None:
                message["reply_to_message"] = _public(replied)
            elif not reply.get("allow_sending_without_reply"):
                raise bad_request("message to be replied not found")
        self._messages[(chat.info["id"], message["message_id"])] = message
        return _public(message)

    async def _edit_message_text(self, params: JSON) -> JSON:
        key = (int(params["chat_id"]), int(params["message_id"]))
        message = self._messages.get(key)
        if message is None or message["from"]["id"] != self.bot_user["id"]:
            raise bad_request("message to edit not found")
        before = (message.get("_html"), message.get("reply_markup"))
        edited = dict(message)
        self._set_text(edited, params)
        if (edited.get("_html"), edited.get("reply_markup")) == before:
            raise bad_request(
                "message is not modified: specified new message content and reply markup "
                "are exactly the same as a current content and reply markup of the message"
            )
        edited["edit_date"] = int(time.time())
        self._messages[key] = edited
        return _public(edited)

    def _set_text(self, message: JSON, params: JSON) -> None:
        source = str(params.get("text", ""))
        if params.get("parse_mode") == "HTML":
            text, entities = parse_html(source)
        else:
            text, entities = source, []
        if not text.strip():
            raise bad_request("message text is empty")
        if _utf16_len(text) > TEXT_LIMIT:
            raise bad_request("message is too long")
        message["text"] = text
        message["_html"] = source
        message.pop("entities", None)
        if entities:
            message["entities"] = entities
        markup = params.get("reply_markup")
        message.pop("reply_markup", None)
        if markup is not None:
            _check_keyboard(markup)
            message["reply_markup"] = markup

    async def _answer_query(self, params: JSON) -> bool:
        self._close_query(params["callback_query_id"])
        if len(str(params.get("text", ""))) > 200:
            raise bad_request("MESSAGE_TOO_LONG")
        return True

    async def _answer_inline_query(self, params: JSON) -> bool:
        self._close_query(params["inline_query_id"])
        results = params.get("results", [])
        if len(results) > 50:
            raise bad_request("RESULTS_TOO_MUCH")
        for result in results:
            content = result["input_message_content"]
            if content.get("parse_mode") == "HTML":
                text, _ = parse_html(content["message_text"])
                if _utf16_len(text) > TEXT_LIMIT:
                    raise bad_request("MESSAGE_TOO_LONG")
        return True

    def _close_query(self, query_id: str) -> None:
        if query_id not in self._open_queries:
            raise bad_request(
                "query is too old and response timeout expired or query ID is invalid"
            )
        self._open_queries.discard(query_id)

    def _chat(self, chat_id: Any) -> _Chat:
        try:
            return self._chats[int(chat_id)]
        except (KeyError, ValueError):
            raise bad_request("chat not found") from None


def _public(message: JSON) -> JSON:
    """A stored message without the server's private bookkeeping keys."""
    return {key: value for key, value in message.items() if not key.startswith("_")}


def _check_keyboard(markup: JSON) -> None:
    for row in markup.get("inline_keyboard", []):
        for button in row:
            data = button.get("callback_data")
            if data is not None and not 1 <= len(data.encode()) <= CALLBACK_DATA_LIMIT:
                raise bad_request("BUTTON_DATA_INVALID")


class _MethodHandler(tornado.web.RequestHandler):
    def initialize(self, api: FakeBotApi) -> None:
        self.api = api

    async def post(self, token: str, method: str) -> None:
        status, body = await self.api.handle(token, method, self._params())
        self.set_status(status)
        self.set_header("Content-Type", "application/json")
        self.finish(json.dumps(body))

    def _params(self) -> JSON:
        if self.request.headers.get("Content-Type", "").startswith("application/json"):
            loaded: JSON = json.loads(self.request.body or b"{}")
            return loaded
        params: JSON = {}
        for name, values in self.request.body_arguments.items():
            raw = values[-1].decode()
            params[name] = raw if name in _STRING_PARAMETERS else _json_or_text(raw)
        return params


def _json_or_text(raw: str) -> Any:
    try:
        return json.loads(raw)
    except ValueError:
        return raw


# -- Telegram's text rules --------------------------------------------------------------

_COMMAND = re.compile(r"^/[A-Za-z0-9_]{1,32}(?:@[A-Za-z0-9_]{5,32})?")
_MENTION = re.compile(r"(?<![\w@])@[A-Za-z0-9_]{5,32}")


def _utf16_len(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


def _entities_of(text: str) -> list[JSON]:
    """The entities Telegram's clients mark in a user's text: a leading command, mentions."""
    entities: list[JSON] = []
    command = _COMMAND.match(text)
    if command:
        entities.append({"type": "bot_command", "offset": 0, "length": len(command[0])})
    for mention in _MENTION.finditer(text):
        if command and mention.start() < command.end():
            continue
        entities.append(
            {
                "type": "mention",
                "offset": _utf16_len(text[: mention.start()]),
                "length": _utf16_len(mention[0]),
            }
        )
    return entities


_ENTITY_OF_TAG = {
    "b": "bold",
    "strong": "bold",
    "i": "italic",
    "em": "italic",
    "u": "underline",
    "ins": "underline",
    "s": "strikethrough",
    "strike": "strikethrough",
    "del": "strikethrough",
    "tg-spoiler": "spoiler",
    "span": "spoiler",
    "a": "text_link",
    "code": "code",
    "pre": "pre",
    "blockquote": "blockquote",
    "tg-emoji": "custom_emoji",
}
_ENTITY_NAMES = {"lt": "<", "gt": ">", "amp": "&", "quot": '"'}


def parse_html(source: str) -> tuple[str, list[JSON]]:
    """Plain text and entities of Telegram HTML, or `ApiError` 400 where Telegram refuses it."""
    parser = _TelegramHtml()
    parser.feed(source)
    parser.close()
    if parser.open_tags:
        raise bad_request(
            "can't parse entities: Can't find end tag corresponding to start tag "
            f'"{parser.open_tags[-1][0]}"'
        )
    return "".join(parser.text), parser.entities


class _TelegramHtml(HTMLParser):
    """Telegram's HTML subset, strictly: raw `<`, `>` or `&` in text is an error."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=False)
        self.text: list[str] = []
        self.entities: list[JSON] = []
        self.open_tags: list[tuple[str, int, JSON]] = []
        self._length = 0

    def _append(self, text: str) -> None:
        self.text.append(text)
        self._length += _utf16_len(text)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag not in _ENTITY_OF_TAG:
            raise bad_request(f'can\'t parse entities: Unsupported start tag "{tag}"')
        entity: JSON = {"type": _ENTITY_OF_TAG[tag]}
        attributes = dict(attrs)
        if tag == "a":
            if not attributes.get("href"):
                raise bad_request("can't parse entities: empty href in <a>")
            entity["url"] = attributes["href"]
        if tag == "blockquote" and "expandable" in attributes:
            entity["type"] = "expandable_blockquote"
        self.open_tags.append((tag, self._length, entity))

    def handle_endtag(self, tag: str) -> None:
        if not self.open_tags or self.open_tags[-1][0] != tag:
            raise bad_request(f'can\'t parse entities: Unmatched end tag "{tag}"')
        _, start, entity = self.open_tags.pop()
        if self._length > start:
            self.entities.append({**entity, "offset": start, "length": self._length - start})

    def handle_data(self, data: str) -> None:
        if any(character in data for character in "<>&"):
            raise bad_request(
                f"can't parse entities: unescaped character in text near {data[:20]!r}"
            )
        self._append(data)

    def handle_entityref(self, name: str) -> None:
        if name not in _ENTITY_NAMES:
            raise bad_request(f'can\'t parse entities: unknown entity "&{name};"')
        self._append(_ENTITY_NAMES[name])

    def handle_charref(self, name: str) -> None:
        code = int(name[1:], 16) if name.lower().startswith("x") else int(name)
        self._append(chr(code))
