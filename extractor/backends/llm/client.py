"""The wire: the openai client, wrapped with retries, rate limits and accounting.

:meth:`Transport.sender` gives instructor its ``create`` function.  Each call
of it is one logical request: it sends, retries transport faults (tenacity,
:mod:`.retry`), counts every HTTP call and the tokens of every completion,
and hands instructor a normalised completion, or raises
:class:`TransportFailed`, which instructor does not retry.  Re-asks happen
above it, in instructor; each re-ask is a new call of the sender, so tokens
are summed over all tries of a chunk.

The API key lives only in the client's headers; every message that leaves
this module, and the answer text itself, passes :func:`redact` in case a
server echoed the key back.
"""

from __future__ import annotations

import asyncio
import json
import logging
import os
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

from tenacity import RetryCallState

from ...schema import ChunkAttempt, Usage
from ...settings import Settings
from .pricing import Price
from .protocol import ChatProtocol, MalformedResponse, answer_text
from .ratelimit import RateLimiter
from .retry import RetryPolicy, describe, is_transient

log = logging.getLogger("extractor.llm")

DEFAULT_BASE_URL = "https://api.openai.com/v1"
# Servers that need no key (vLLM, Ollama, llama.cpp) still get a bearer
# token: the openai client insists on one.
NO_KEY = "no-key"
# A completion's share of the token estimate when max_tokens is not set.
_COMPLETION_ALLOWANCE = 1024


class TransportFailed(Exception):
    """Every try at a request failed, or the failure was not worth a retry."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def redact(text: str, secret: str | None) -> str:
    if secret and len(secret) >= 4 and secret in text:
        return text.replace(secret, "***")
    return text


def resolve_base_url(settings: Settings) -> str:
    return settings.base_url or os.environ.get("OPENAI_BASE_URL") or DEFAULT_BASE_URL


def url_host(url: str | None) -> str | None:
    if not url:
        return None
    parts = urlsplit(url)
    return parts.netloc.rpartition("@")[2] or None  # never user:password@


@dataclass
class CallTally:
    """What one chunk's calls cost, and how each failed try went."""

    calls: int = 0
    prompt_tokens: int = 0
    completion_tokens: int = 0
    attempts: list[ChunkAttempt] = field(default_factory=list)
    last_completion: Any = None
    cut_off: int = 0  # answers that hit the token limit (finish_reason=length)

    def usage(self, price: Price | None) -> Usage:
        return Usage(
            calls=self.calls,
            prompt_tokens=self.prompt_tokens,
            completion_tokens=self.completion_tokens,
            retries=max(0, self.calls - 1),
            cost_usd=price.cost(self.prompt_tokens, self.completion_tokens) if price else None,
        )


def estimate_tokens(kwargs: dict[str, Any]) -> int:
    """A generous guess of a request's tokens, for the tokens-per-minute limit.

    Chinese text runs about one token per character; JSON and English less.
    """
    chars = sum(len(m.get("content") or "") for m in kwargs.get("messages", []) if isinstance(m, dict))
    chars += len(json.dumps(kwargs.get("tools", ""), ensure_ascii=False)) // 3
    return chars + (kwargs.get("max_tokens") or _COMPLETION_ALLOWANCE)


class Transport:
    def __init__(
        self,
        settings: Settings,
        protocol: ChatProtocol,
        policy: RetryPolicy,
        limiter: RateLimiter | None = None,
    ) -> None:
        self.settings = settings
        self.protocol = protocol
        self.policy = policy
        self.limiter = limiter
        self.base_url = resolve_base_url(settings)
        self._secret = (settings.api_key.get_secret_value() if settings.api_key else None) or os.environ.get(
            "OPENAI_API_KEY"
        )
        # Made with the transport, before any job starts: building the client
        # and loading the SDK's chat resources (which it imports on first
        # use) take most of a second, and inside a job every first request
        # would wait on them.  The first loop to use the client adopts it.
        self._client: Any = self._new_client()
        self._client.chat.completions  # noqa: B018 - loads the resources now
        self._loop: asyncio.AbstractEventLoop | None = None

    def redact(self, text: str) -> str:
        return redact(text, self._secret)

    def client(self) -> Any:
        # An async HTTP client belongs to the loop it was made on; the sync
        # API runs one loop per call, so make one per loop.
        loop = asyncio.get_running_loop()
        if self._client is None or self._loop not in (None, loop):
            self._client = self._new_client()
        self._loop = loop
        return self._client

    def _new_client(self) -> Any:
        import openai

        return openai.AsyncOpenAI(
            api_key=self._secret or NO_KEY,
            base_url=self.base_url,
            timeout=self.settings.timeout_s,
            max_retries=0,  # retries are ours (retry.py), not the client's
        )

    def sender(self, tally: CallTally, label: str) -> Callable[..., Awaitable[Any]]:
        """instructor's ``create`` for one chunk: retried, limited, counted."""

        def log_retry(state: RetryCallState) -> None:
            exc = state.outcome.exception() if state.outcome else None
            wait = state.next_action.sleep if state.next_action else 0.0
            log.info(
                "%s: try %d/%d failed (%s); retrying in %.2fs",
                label,
                state.attempt_number,
                self.policy.max_attempts,
                self.redact(describe(exc)) if exc else "?",
                wait,
            )

        async def send(*args: Any, **kwargs: Any) -> Any:
            estimate = estimate_tokens(kwargs)
            tries = 0
            try:
                async for attempt in self.policy.retrying(before_sleep=log_retry):
                    with attempt:
                        tries += 1
                        return await self._send_once(tally, label, estimate, args, kwargs)
            except Exception as exc:
                message = self.redact(describe(exc))
                if is_transient(exc):
                    message = f"{tries} {'try' if tries == 1 else 'tries'} failed; last: {message}"
                raise TransportFailed(message) from None
            raise TransportFailed("no try was made")  # pragma: no cover - tenacity always tries once

        return send

    async def _send_once(self, tally: CallTally, label: str, estimate: int, args: tuple, kwargs: dict) -> Any:
        ticket = await self.limiter.acquire(estimate) if self.limiter else None
        tally.calls += 1
        log.info("%s: request %d to %s (model %s)", label, tally.calls, url_host(self.base_url), kwargs.get("model"))
        try:
            completion = await self.client().chat.completions.create(*args, **kwargs)
            if isinstance(completion, str):
                raise MalformedResponse("the server did not answer with JSON")
        except Exception as exc:
            tally.attempts.append(ChunkAttempt(error=self.redact(describe(exc))))
            raise
        prompt_tokens, completion_tokens = _usage_of(completion)
        tally.prompt_tokens += prompt_tokens
        tally.completion_tokens += completion_tokens
        if ticket is not None and (prompt_tokens or completion_tokens):
            RateLimiter.settle(ticket, prompt_tokens + completion_tokens)
        if _finish_reason(completion) == "length":
            tally.cut_off += 1
        self._scrub(completion)
        try:
            completion = self.protocol.normalize(completion)
        except MalformedResponse as exc:
            tally.attempts.append(ChunkAttempt(error=str(exc), response=self.redact(_raw(completion))))
            raise
        tally.last_completion = completion
        return completion

    def _scrub(self, completion: Any) -> None:
        """Redact the key from the answer text itself.

        A server (or a proxy in front of it) that echoes the request's
        headers into the answer would otherwise put the key into a fact's
        subject, and from there into the output, the cache and reports.
        """
        if not self._secret:
            return
        for choice in getattr(completion, "choices", None) or []:
            message = getattr(choice, "message", None)
            if message is None:
                continue
            if isinstance(getattr(message, "content", None), str):
                message.content = self.redact(message.content)
            for call in getattr(message, "tool_calls", None) or []:
                function = getattr(call, "function", None)
                if function is not None and isinstance(function.arguments, str):
                    function.arguments = self.redact(function.arguments)

    def record_invalid(self, tally: CallTally, error: str) -> None:
        """A re-ask: the last answer failed validation (called from instructor's hook)."""
        raw = answer_text(tally.last_completion)
        tally.attempts.append(ChunkAttempt(error=self.redact(error), response=self.redact(raw) if raw else raw))

    async def aclose(self) -> None:
        client, self._client = self._client, None
        if client is not None:
            try:
                await client.close()
            except RuntimeError:  # made on a loop that is gone; nothing left to close
                pass


def _usage_of(completion: Any) -> tuple[int, int]:
    usage = getattr(completion, "usage", None)
    if usage is None:
        return 0, 0
    return int(getattr(usage, "prompt_tokens", 0) or 0), int(getattr(usage, "completion_tokens", 0) or 0)


def _finish_reason(completion: Any) -> str | None:
    try:
        return completion.choices[0].finish_reason
    except (AttributeError, IndexError, TypeError):
        return None


def _raw(completion: Any) -> str:
    try:
        return completion.model_dump_json()[:2000]
    except Exception:  # not a model: show what it is
        return repr(completion)[:2000]
