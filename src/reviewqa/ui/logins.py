"""Logins that cannot stall the app. The password check (one scrypt: ~35 ms of CPU and 16 MB) runs in a worker
thread, one check at a time, never on the event loop that serves every page. Attempts are limited per client
address and per user name: past a few failures each further attempt waits twice as long as the one before (up to
MAX_WAIT), and an attempt that comes too early is answered 429 after a short hold, without a check, so a flood of
made-up logins costs the server next to nothing.
"""

from __future__ import annotations

import math
import threading
import time
from collections import OrderedDict
from collections.abc import Awaitable, Callable

# Failures allowed before the waits start: a classroom behind one address mistypes more than one person does.
FREE_FAILURES = {"address": 20, "name": 5}
FIRST_WAIT = 1.0
MAX_WAIT = 60.0
FORGET_AFTER = 900.0  # a key's failures are forgotten this long after its last one
HOLD = 2.0  # an early attempt is answered after at most this long (slows the client's loop, costs the server nothing)
MAX_HELD = 64  # early attempts held at once; beyond this they are answered at once
MAX_KEYS = 10_000  # addresses and names remembered (the least recently failed are forgotten first)


class LoginLimiter:
    """Failed attempts per ('address', a) and ('name', n); `wait` says how long before the next may be tried."""

    def __init__(self, clock: Callable[[], float] = time.monotonic):
        self.clock = clock
        self._failures: OrderedDict[tuple[str, str], tuple[int, float]] = OrderedDict()  # key -> (count, last)
        self._lock = threading.Lock()
        self.held = 0

    def _keys(self, address: str, name: str) -> list[tuple[str, str]]:
        return [("address", address), ("name", name.strip().casefold())]

    def wait(self, address: str, name: str) -> float:
        """Seconds before an attempt from `address` for `name` is checked (0: now)."""
        now = self.clock()
        with self._lock:
            return max(self._wait(key, now) for key in self._keys(address, name))

    def _wait(self, key: tuple[str, str], now: float) -> float:
        count, last = self._failures.get(key, (0, -math.inf))
        if now - last > FORGET_AFTER:
            return 0.0
        over = count - FREE_FAILURES[key[0]]
        if over < 0:
            return 0.0
        return max(0.0, last + min(MAX_WAIT, FIRST_WAIT * 2.0**over) - now)

    def attempt(self, address: str, name: str) -> None:
        """An attempt is being checked: it counts as a failure until `succeeded` says otherwise (so attempts made
        at once cannot all slip in before the first failure is known)."""
        now = self.clock()
        with self._lock:
            for key in self._keys(address, name):
                count, last = self._failures.pop(key, (0, -math.inf))
                self._failures[key] = (1 if now - last > FORGET_AFTER else count + 1, now)
            while len(self._failures) > MAX_KEYS:
                self._failures.popitem(last=False)

    def succeeded(self, address: str, name: str) -> None:
        """The password was right: the name's failures are forgotten, the address's attempt is not held against it."""
        with self._lock:
            address_key, name_key = self._keys(address, name)
            self._failures.pop(name_key, None)
            count, last = self._failures.get(address_key, (1, 0.0))
            if count <= 1:
                self._failures.pop(address_key, None)
            else:
                self._failures[address_key] = (count - 1, last)


def too_early(wait: float) -> str:
    """What an early attempt is told."""
    return f"too many login attempts: try again in {math.ceil(wait)} s"


def threaded_check(check: Callable[[str, str], bool]) -> Callable[[str, str], Awaitable[bool]]:
    """`check(user, password)` as a coroutine function Gradio awaits: run in a worker thread, one at a time."""
    import anyio.to_thread

    limiter: list[anyio.CapacityLimiter] = []  # made on first use, inside the server's event loop

    async def checked(user: str, password: str) -> bool:
        if not limiter:
            limiter.append(anyio.CapacityLimiter(1))
        return await anyio.to_thread.run_sync(check, user, password, limiter=limiter[0])

    return checked
