"""The two halves of a chunk's round trip, for the OpenAI Batch API.

A batch job writes one request per chunk into a JSONL file and reads the
answers back later; these functions make that path give the same facts as
the online one: the request body is the one the online path sends first,
and the answer goes through the same normalisation and validation.  A
batch cannot re-ask, so an answer that fails validation is a failed chunk.
"""

from __future__ import annotations

from typing import Any

from ...chunking import Chunk
from ...schema import ChunkAttempt, Usage
from ...settings import Settings
from ..base import ChunkFacts, ChunkFailed, DocContext
from .backend import protocol_for, summarize_error
from .protocol import ChatProtocol, MalformedResponse, answer_text, completion_from_body
from .response_model import ChunkAnswer


def build_chat_request(chunk: Chunk, context: DocContext, settings: Settings) -> dict[str, Any]:
    """The ``/v1/chat/completions`` body for ``chunk``: model, messages, tool schema
    and ``tool_choice`` (``mode=tools``) or ``response_format`` (``mode=json``),
    temperature and max_tokens, exactly as the online backend sends it."""
    return protocol_for(settings).request_body(chunk, context)


def parse_chat_response(
    body: dict[str, Any] | str | bytes, context: DocContext, settings: Settings, *, chunk: int | None = None
) -> ChunkFacts:
    """Validated facts from a raw chat-completion response body.

    Usage counts one call with the body's token counts.  Raises
    :class:`ChunkFailed` (with the answer as its one attempt) when the body
    holds no valid answer.
    """
    protocol = protocol_for(settings)
    answer, usage = parse_chat_answer(body, protocol, chunk=chunk)
    return protocol.facts(answer, context, usage)


def parse_chat_answer(
    body: dict[str, Any] | str | bytes, protocol: ChatProtocol, *, chunk: int | None = None
) -> tuple[ChunkAnswer, Usage]:
    """The validated answer of a raw response body and its usage, before it
    becomes facts: what the response cache stores.  Raises as
    :func:`parse_chat_response` does."""
    usage = Usage(calls=1)
    try:
        completion = completion_from_body(body)
    except MalformedResponse as exc:
        raw = body if isinstance(body, str) else body.decode("utf-8", "replace") if isinstance(body, bytes) else None
        raise ChunkFailed(str(exc), chunk=chunk, attempts=[ChunkAttempt(error=str(exc), response=raw)], usage=usage) from None
    if completion.usage is not None:
        usage.prompt_tokens = int(completion.usage.prompt_tokens or 0)
        usage.completion_tokens = int(completion.usage.completion_tokens or 0)
    try:
        completion = protocol.normalize(completion)
        answer = protocol.parse(completion)
    except Exception as exc:  # pydantic, JSON, or instructor's parse errors (no tool call, a refusal)
        message = summarize_error(exc)
        attempt = ChunkAttempt(error=message, response=answer_text(completion))
        raise ChunkFailed(message, chunk=chunk, attempts=[attempt], usage=usage) from None
    return answer, usage
