"""Transport retries, in one place: tenacity with exponential backoff and jitter.

Retried: rate limits (429, honouring Retry-After), server errors (5xx, 408,
409), timeouts, dropped connections, and 200 answers that are not a usable
completion (a truncated body, no choices).  Not retried: what another try
cannot fix (400, 401, 403, 404, 422).  The openai client's own retries are
off and instructor never sees a transport error it could retry, so a fault
is never retried twice over.  A schema-invalid answer is not a transport
fault: instructor re-asks it.
"""

from __future__ import annotations

import asyncio
import email.utils
import json
import random
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

import openai
from tenacity import AsyncRetrying, RetryCallState, retry_if_exception, stop_after_attempt

from .protocol import MalformedResponse

# Defaults for real servers; tests shrink them (module attributes, read when a
# policy is made from settings).
BACKOFF_INITIAL_S = 1.0
BACKOFF_MAX_S = 60.0
RETRY_AFTER_MAX_S = 120.0

_RETRY_STATUS = frozenset({408, 409, 425, 429})

Sleep = Callable[[float], Awaitable[None]]


@dataclass
class RetryPolicy:
    max_attempts: int = 5
    initial_s: float = BACKOFF_INITIAL_S
    max_s: float = BACKOFF_MAX_S
    retry_after_max_s: float = RETRY_AFTER_MAX_S
    sleep: Sleep = asyncio.sleep

    @classmethod
    def from_settings(cls, max_attempts: int) -> "RetryPolicy":
        return cls(
            max_attempts=max_attempts,
            initial_s=BACKOFF_INITIAL_S,
            max_s=BACKOFF_MAX_S,
            retry_after_max_s=RETRY_AFTER_MAX_S,
        )

    def wait_s(self, attempt_number: int, exc: BaseException | None) -> float:
        """Seconds before the next try: the server's Retry-After, else backoff with jitter."""
        told = retry_after_s(exc)
        if told is not None:
            return min(max(told, 0.0), self.retry_after_max_s)
        ceiling = min(self.max_s, self.initial_s * 2 ** (attempt_number - 1))
        # Half fixed, half random: spreads a burst of 429s without ever
        # retrying at once.
        return ceiling / 2 + random.uniform(0, ceiling / 2)

    def retrying(self, before_sleep: Callable[[RetryCallState], Any] | None = None) -> AsyncRetrying:
        def wait(state: RetryCallState) -> float:
            exc = state.outcome.exception() if state.outcome else None
            return self.wait_s(state.attempt_number, exc)

        return AsyncRetrying(
            stop=stop_after_attempt(self.max_attempts),
            wait=wait,
            retry=retry_if_exception(is_transient),
            sleep=self.sleep,
            before_sleep=before_sleep,
            reraise=True,
        )


def is_transient(exc: BaseException) -> bool:
    """Whether another try at the same request may succeed."""
    if isinstance(exc, (openai.APITimeoutError, openai.APIConnectionError)):
        return True
    if isinstance(exc, openai.APIStatusError):
        return exc.status_code in _RETRY_STATUS or exc.status_code >= 500
    return isinstance(exc, (MalformedResponse, json.JSONDecodeError, openai.APIResponseValidationError))


def retry_after_s(exc: BaseException | None) -> float | None:
    """The wait a 429/503 asks for (Retry-After or retry-after-ms), in seconds."""
    response = getattr(exc, "response", None)
    headers = getattr(response, "headers", None)
    if headers is None:
        return None
    millis = headers.get("retry-after-ms")
    if millis is not None:
        try:
            return float(millis) / 1000
        except ValueError:
            pass
    value = headers.get("retry-after")
    if value is None:
        return None
    try:
        return float(value)
    except ValueError:
        pass
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return max(0.0, when.timestamp() - time.time())


def describe(exc: BaseException) -> str:
    """One line saying what went wrong with a request (no headers, no key)."""
    if isinstance(exc, openai.APITimeoutError):
        return "the request timed out"
    if isinstance(exc, openai.APIConnectionError):
        cause = exc.__cause__
        detail = f": {type(cause).__name__}" if cause is not None else ""
        return f"connection failed{detail}"
    if isinstance(exc, openai.APIStatusError):
        hint = _STATUS_HINTS.get(exc.status_code, "")
        message = _short(_status_message(exc))
        return f"HTTP {exc.status_code}{': ' + message if message else ''}{hint}"
    if isinstance(exc, json.JSONDecodeError):
        return f"the response body is not valid JSON ({exc.msg} at {exc.pos})"
    return _short(f"{type(exc).__name__}: {exc}" if not isinstance(exc, MalformedResponse) else str(exc))


_STATUS_HINTS = {
    401: " (check the API key: OPENAI_API_KEY)",
    403: " (the key may not have access to this model)",
    404: " (check --model and --base-url)",
}


def _status_message(exc: openai.APIStatusError) -> str:
    body = exc.body
    if isinstance(body, dict):
        inner = body.get("error", body)
        if isinstance(inner, dict) and isinstance(inner.get("message"), str):
            return inner["message"]
        if isinstance(inner, str):
            return inner
    return exc.message if isinstance(exc.message, str) else ""


def _short(text: str, limit: int = 300) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"
