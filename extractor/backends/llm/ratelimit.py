"""Client-side rate limits: requests and tokens per minute, over a sliding window.

The pipeline bounds how many calls are in flight; this bounds how many start
per minute, so a job stays under a provider's quota instead of collecting
429s.  A request is admitted with an estimate of its tokens, corrected to
the server's count when the answer arrives.  All bookkeeping happens between
awaits, so one event loop needs no lock.
"""

from __future__ import annotations

import asyncio
import time
from collections import deque
from collections.abc import Awaitable, Callable

WINDOW_S = 60.0


class Ticket:
    """One admitted request in the window; its token count can be corrected."""

    __slots__ = ("at", "tokens")

    def __init__(self, at: float, tokens: int) -> None:
        self.at = at
        self.tokens = tokens


class RateLimiter:
    def __init__(
        self,
        requests_per_minute: int | None = None,
        tokens_per_minute: int | None = None,
        *,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
        window_s: float = WINDOW_S,
    ) -> None:
        self.rpm = requests_per_minute
        self.tpm = tokens_per_minute
        self._clock = clock
        self._sleep = sleep
        self._window = window_s
        self._admitted: deque[Ticket] = deque()

    @property
    def active(self) -> bool:
        return self.rpm is not None or self.tpm is not None

    def _prune(self, now: float) -> None:
        while self._admitted and self._admitted[0].at <= now - self._window:
            self._admitted.popleft()

    def _wait_needed(self, now: float, tokens: int) -> float:
        self._prune(now)
        if not self._admitted:
            return 0.0  # an empty window admits anything, even a request over the token limit
        waits = [0.0]
        if self.rpm is not None and len(self._admitted) >= self.rpm:
            waits.append(self._admitted[len(self._admitted) - self.rpm].at + self._window - now)
        if self.tpm is not None:
            used = sum(t.tokens for t in self._admitted)
            if used + tokens > self.tpm:
                # Wait until enough of the oldest requests have left the window.
                excess = used + tokens - self.tpm
                for ticket in self._admitted:
                    excess -= ticket.tokens
                    if excess <= 0:
                        waits.append(ticket.at + self._window - now)
                        break
                else:
                    waits.append(self._admitted[-1].at + self._window - now)
        return max(waits)

    async def acquire(self, tokens: int) -> Ticket:
        """Wait until a request of about ``tokens`` tokens fits, and admit it."""
        while True:
            now = self._clock()
            wait = self._wait_needed(now, tokens)
            if wait <= 0:
                ticket = Ticket(now, tokens)
                self._admitted.append(ticket)
                return ticket
            await self._sleep(wait)

    @staticmethod
    def settle(ticket: Ticket, tokens: int) -> None:
        """Replace the estimate with the tokens the server counted."""
        ticket.tokens = tokens
