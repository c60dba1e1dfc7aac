"""The LLM backends: ``openai`` (any OpenAI-compatible server) and ``replay`` (cache only).

For each chunk: build the request (:mod:`.protocol`), answer from the cache
when it holds this exact request, else ask through instructor, whose
re-asks fix schema-invalid answers while :mod:`.client` retries transport
faults.  A chunk that cannot be answered raises :class:`ChunkFailed` with
every try and the tokens spent; the pipeline records it and carries on.
"""

from __future__ import annotations

import json
import logging
from typing import Any, ClassVar

from pydantic import ValidationError

from ...chunking import Chunk
from ...errors import ConfigError
from ...schema import Usage
from ...settings import Settings
from ..base import BackendInfo, ChunkFacts, ChunkFailed, DocContext
from .cache import CachedAnswer, ResponseCache, request_key
from .client import CallTally, Transport, TransportFailed, resolve_base_url, url_host
from .pricing import load_price
from .prompts import load_prompt
from .protocol import ChatProtocol, MalformedResponse
from .ratelimit import RateLimiter
from .response_model import ChunkAnswer, answer_schema_hash
from .retry import RetryPolicy

log = logging.getLogger("extractor.llm")

# instructor logs every failed chunk at ERROR; the backend reports failures
# itself, with the attempt history, so instructor's lines would only repeat
# them without the chunk they belong to.
logging.getLogger("instructor.v2.retry").setLevel(logging.CRITICAL)


def protocol_for(settings: Settings) -> ChatProtocol:
    if not settings.model:
        raise ConfigError(
            "an LLM backend needs a model name",
            hint="pass --model NAME (or set EXTRACTOR_MODEL, or model in the config file)",
        )
    return ChatProtocol(
        load_prompt(settings.prompt),
        model=settings.model,
        mode=settings.mode,
        temperature=settings.temperature,
        max_tokens=settings.max_tokens,
    )


def summarize_error(exc: BaseException) -> str:
    """One line for a rejected answer: what instructor re-asks about."""
    if isinstance(exc, ValidationError):
        parts = []
        for err in exc.errors()[:3]:
            loc = ".".join(str(p) for p in err.get("loc", ()))
            parts.append(f"{loc}: {err.get('msg')}" if loc else str(err.get("msg")))
        more = f" (+{exc.error_count() - 3} more)" if exc.error_count() > 3 else ""
        return f"invalid answer: {'; '.join(parts)}{more}"
    if isinstance(exc, json.JSONDecodeError):
        return f"answer is not valid JSON ({exc.msg}: character {exc.pos})"
    text = " ".join(str(exc).split())
    return text[:300] if text else type(exc).__name__


class OpenAIBackend:
    name: ClassVar[str] = "openai"
    # Sections are short in this genre, so most chunks are a whole section;
    # 3000 characters keeps the few long ones to two or three chunks whose
    # answers still fit a model's output budget.  The overlap repeats the
    # trailing sentences so a fact at a border is read whole once.
    default_chunk_size: ClassVar[int] = 3000
    default_chunk_overlap: ClassVar[int] = 200
    # Short sections of one kind share a chunk: the static prompt prefix is
    # paid per request, so a request per three-line section wastes most of it.
    pack_sections: ClassVar[bool] = True
    offline_only: ClassVar[bool] = False

    def __init__(
        self,
        settings: Settings | None = None,
        *,
        retry_policy: RetryPolicy | None = None,
        rate_limiter: RateLimiter | None = None,
    ) -> None:
        self.settings = settings = settings or Settings()
        self.offline = self.offline_only or settings.offline
        if self.offline and not settings.cache:
            raise ConfigError(
                "answering from the cache only (--offline / --backend replay) needs the cache",
                hint="drop --no-cache",
            )
        self.protocol = protocol_for(settings)
        self.prompt = self.protocol.prompt
        self.answer_schema = answer_schema_hash()
        self.cache = ResponseCache(settings.cache_dir, must_exist=self.offline) if settings.cache else None
        self.price = load_price(settings.prices_file, settings.model or "")
        self.transport: Transport | None = None
        if not self.offline:
            limiter = rate_limiter or RateLimiter(settings.requests_per_minute, settings.tokens_per_minute)
            self.transport = Transport(
                settings,
                self.protocol,
                retry_policy or RetryPolicy.from_settings(settings.max_attempts),
                limiter if limiter.active else None,
            )

    def info(self) -> BackendInfo:
        s = self.settings
        host = url_host(resolve_base_url(s)) if self.transport is not None else url_host(s.base_url)
        return BackendInfo(
            name=self.name,
            model=s.model,
            prompt_version=self.prompt.id,
            base_url_host=host,
            params={
                "mode": s.mode,
                "temperature": f"{s.temperature:g}",
                "max_tokens": str(s.max_tokens) if s.max_tokens is not None else "server default",
                "answer_schema": self.answer_schema,
            },
        )

    async def extract(self, chunk: Chunk, context: DocContext) -> ChunkFacts:
        label = f"{context.doc_id} chunk {chunk.index}"
        key = None
        if self.cache is not None:
            body = self.protocol.request_body(chunk, context)
            key = request_key(body, prompt=self.prompt.id, answer_schema=self.answer_schema)
            hit = await self.cache.get(key)
            if hit is not None:
                facts = self._from_cache(hit, context, chunk, label)
                if facts is not None:
                    return facts
        if self.transport is None:
            raise ChunkFailed(
                f"no cached answer for this chunk (model {self.settings.model}, prompt {self.prompt.id}, "
                f"mode {self.settings.mode}); replay needs the model, mode and prompt of the recorded run",
                chunk=chunk.index,
            )

        answer, tally = await self._ask(chunk, context, label)
        usage = tally.usage(self.price)
        if key is not None and self.cache is not None:
            entry = CachedAnswer(answer=answer.model_dump_json(), usage=usage)
            await self.cache.put(key, entry, model=self.settings.model or "", prompt=self.prompt.id, mode=self.settings.mode)
        facts = self.protocol.facts(answer, context, usage)
        facts.attempts = tally.attempts
        return facts

    def _from_cache(self, hit: CachedAnswer, context: DocContext, chunk: Chunk, label: str) -> ChunkFacts | None:
        try:
            answer = ChunkAnswer.model_validate_json(hit.answer)
        except ValidationError as exc:
            if self.transport is None:
                raise ChunkFailed(f"the cached answer is invalid ({summarize_error(exc)})", chunk=chunk.index) from None
            log.warning("%s: ignoring an invalid cached answer", label)
            return None
        log.debug("%s: answered from the cache", label)
        return self.protocol.facts(answer, context, Usage(cache_hits=1, cost_usd=0.0 if self.price else None))

    async def _ask(self, chunk: Chunk, context: DocContext, label: str) -> tuple[ChunkAnswer, CallTally]:
        import instructor
        from instructor.core.hooks import Hooks

        assert self.transport is not None
        transport = self.transport
        tally = CallTally()

        def on_invalid(error: Exception, **meta: Any) -> None:
            summary = summarize_error(error)
            transport.record_invalid(tally, summary)
            last = meta.get("is_last_attempt")
            log.info("%s: %s; %s", label, transport.redact(summary), "giving up" if last else "re-asking")

        hooks = Hooks()
        hooks.on("parse:error", on_invalid)
        create = instructor.patch(create=transport.sender(tally, label), mode=self.protocol.mode)
        try:
            answer = await create(
                response_model=self.protocol.response_model,
                max_retries=self.settings.max_reasks,
                strict=False,
                hooks=hooks,
                **self.protocol.create_kwargs(chunk, context),
            )
        except Exception as exc:
            message = transport.redact(self._failure_message(exc, tally))
            log.warning("%s: failed: %s", label, message)
            raise ChunkFailed(message, chunk=chunk.index, attempts=tally.attempts, usage=tally.usage(self.price)) from None
        return answer, tally

    def _failure_message(self, exc: BaseException, tally: CallTally) -> str:
        cause = exc.__cause__ if exc.__cause__ is not None else exc
        if isinstance(cause, TransportFailed):
            return cause.message
        if isinstance(cause, MalformedResponse):
            return str(cause)
        tries = getattr(exc, "n_attempts", None) or len(tally.attempts) or 1
        message = f"no valid answer after {tries} {'try' if tries == 1 else 'tries'}: {summarize_error(cause)}"
        if tally.cut_off:
            message += " (an answer was cut off at the token limit: raise max_tokens or lower --chunk-size)"
        return message

    async def aclose(self) -> None:
        if self.transport is not None:
            await self.transport.aclose()
        if self.cache is not None:
            self.cache.close()


class ReplayBackend(OpenAIBackend):
    """Answers only from the response cache: re-score or review a recorded run anywhere."""

    name: ClassVar[str] = "replay"
    offline_only: ClassVar[bool] = True
