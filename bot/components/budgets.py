"""Flood budgets: how many updates a user or a group may send a minute, and how often
a flooding user is told to slow down."""

from __future__ import annotations

import time
from collections import OrderedDict
from collections.abc import Hashable

NOTICE_EVERY_SECONDS = 60.0
"""A flooding user hears "slow down" at most this often."""


class Budgets:
    """A budget of `per_minute` per key (a user, a group), refilled continuously.

    Memory stays bounded: past `max_keys` the longest-idle key is forgotten (and
    starts again with a full budget, as a new user would)."""

    def __init__(self, per_minute: float, max_keys: int = 100_000) -> None:
        self._per_second = per_minute / 60.0
        self._capacity = float(per_minute)
        self._max_keys = max_keys
        self._levels: OrderedDict[Hashable, tuple[float, float]] = OrderedDict()

    def take(self, key: Hashable, now: float | None = None) -> bool:
        """Spend one from `key`'s budget; False when it has nothing left."""
        at = time.monotonic() if now is None else now
        level, then = self._levels.pop(key, (self._capacity, at))
        level = min(self._capacity, level + (at - then) * self._per_second)
        allowed = level >= 1.0
        self._levels[key] = (level - 1.0 if allowed else level, at)
        if len(self._levels) > self._max_keys:
            self._levels.popitem(last=False)
        return allowed


class FloodGuard:
    """Per-user and per-group budgets for every update, and when to say "slow down"."""

    def __init__(self, user_per_minute: int, group_per_minute: int) -> None:
        self.users = Budgets(user_per_minute)
        self.groups = Budgets(group_per_minute)
        self._notices = Budgets(60.0 / NOTICE_EVERY_SECONDS)

    def may_notify(self, user_id: int) -> bool:
        """Whether a flooding user may be told to slow down now (once a minute at most)."""
        return self._notices.take(user_id)
