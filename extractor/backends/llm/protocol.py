"""The chat-completion contract: a chunk in, a request body out; a response in, facts out.

Both the online path (instructor over the openai client) and the Batch API
path go through this one class, so a request built for a batch file is
exactly what the online path sends, and a batch result is validated exactly
as an online answer is.  Request preparation and parsing are instructor's
(its OpenAI handlers for tool calling or JSON mode); what is ours is the
message layout and the normalisation of answers servers give in the wrong
place (JSON in the text instead of a tool call) or in prose.
"""

from __future__ import annotations

import copy
import json
import logging
import re
from typing import Any, Literal

from instructor import Mode
from instructor.v2.core.providers import Provider
from instructor.v2.core.registry import mode_registry
from instructor.v2.core.response_model import prepare_response_model
from openai.types.chat import ChatCompletion
from openai.types.chat.chat_completion_message_function_tool_call import ChatCompletionMessageFunctionToolCall, Function

from ...chunking import Chunk
from ...schema import Usage
from ..base import ChunkFacts, DocContext
from .prompts import Prompt, PromptExample
from .response_model import EMPTY_ANSWER, TOOL_NAME, ChunkAnswer, to_facts

# JSON mode asks for the schema through response_format (json_schema), not in
# the messages: the schema would otherwise be resent as text with every chunk.
log = logging.getLogger("extractor.llm")

MODES: dict[str, Mode] = {"tools": Mode.TOOLS, "json": Mode.JSON_SCHEMA}
_FENCE = re.compile(r"^```(?:json)?\s*(.*?)\s*```$", re.S)
_EXAMPLE_RESULT = "已记录"
# instructor turns an empty assistant text into an empty content array, which
# strict servers reject; the example tool call carries a word of text instead.
_EXAMPLE_PREFACE = "好的。"


class MalformedResponse(Exception):
    """A 200 answer that is not a usable chat completion (no choices, not JSON)."""


class ChatProtocol:
    """How one chunk is asked and how its answer is read, for one prompt and mode."""

    def __init__(
        self,
        prompt: Prompt,
        *,
        model: str,
        mode: Literal["tools", "json"] = "tools",
        temperature: float = 0.0,
        max_tokens: int | None = None,
    ) -> None:
        self.prompt = prompt
        self.model = model
        self.mode = MODES[mode]
        self.temperature = temperature
        self.max_tokens = max_tokens
        self.handlers = mode_registry.get_handlers(Provider.OPENAI, self.mode)
        # Prepared once: instructor would otherwise wrap the model anew per call.
        self.response_model: type[ChunkAnswer] = prepare_response_model(ChunkAnswer)
        self._static = self._static_messages()

    # -- requests ---------------------------------------------------------

    def _static_messages(self) -> list[dict[str, Any]]:
        """System prompt and few-shot turns: identical for every chunk."""
        messages: list[dict[str, Any]] = [{"role": "system", "content": self.prompt.system}]
        for n, example in enumerate(self.prompt.examples, 1):
            messages.extend(self._example_turns(example, n))
        return messages

    def _example_turns(self, example: PromptExample, n: int) -> list[dict[str, Any]]:
        answer = json.dumps(
            _whole_numbers(example.answer.model_dump(mode="json")), ensure_ascii=False, separators=(",", ":")
        )
        user = {"role": "user", "content": self.prompt.render_example(example)}
        if self.mode is not Mode.TOOLS:
            return [user, {"role": "assistant", "content": answer}]
        call_id = f"example_{n}"
        return [
            user,
            {
                "role": "assistant",
                "content": _EXAMPLE_PREFACE,
                "tool_calls": [
                    {"id": call_id, "type": "function", "function": {"name": TOOL_NAME, "arguments": answer}}
                ],
            },
            {"role": "tool", "tool_call_id": call_id, "content": _EXAMPLE_RESULT},
        ]

    def messages(self, chunk: Chunk, context: DocContext) -> list[dict[str, Any]]:
        user = {"role": "user", "content": self.prompt.render_chunk(chunk, context)}
        return [*copy.deepcopy(self._static), user]

    def create_kwargs(self, chunk: Chunk, context: DocContext) -> dict[str, Any]:
        """What the online path hands instructor (before it adds the schema)."""
        kwargs: dict[str, Any] = {
            "model": self.model,
            "messages": self.messages(chunk, context),
            "temperature": self.temperature,
        }
        if self.max_tokens is not None:
            kwargs["max_tokens"] = self.max_tokens
        return kwargs

    def request_body(self, chunk: Chunk, context: DocContext) -> dict[str, Any]:
        """The exact ``/v1/chat/completions`` body of a chunk's first attempt.

        Prepared by the same instructor handler the online path uses, so it
        carries the same tool schema and ``tool_choice`` (tools mode) or
        ``response_format`` and schema instructions (JSON mode).
        """
        _, body = self.handlers.request_handler(response_model=self.response_model, kwargs=self.create_kwargs(chunk, context))
        if self.handlers.message_converter and "messages" in body:
            body["messages"] = self.handlers.message_converter(body["messages"], autodetect_images=False)
        return body

    # -- responses --------------------------------------------------------

    def normalize(self, completion: ChatCompletion) -> ChatCompletion:
        """Put a usable answer where instructor looks for it.

        A JSON answer written as text in tools mode becomes the tool call; an
        answer in prose (a model saying there is nothing to extract) becomes
        the empty answer rather than a failure; a cut-off answer
        (``finish_reason=length``) goes to validation, which re-asks.
        Raises :class:`MalformedResponse` when there is no answer at all.
        """
        if not getattr(completion, "choices", None):
            raise MalformedResponse("the response has no choices")
        choice = completion.choices[0]
        message = choice.message
        if message is None:
            raise MalformedResponse("the response has no message")
        if choice.finish_reason == "length":
            choice.finish_reason = "stop"
        if self.mode is Mode.TOOLS:
            if message.tool_calls or getattr(message, "function_call", None):
                return completion
            text = _json_part(message.content or "")
            if text is None:
                return completion  # nothing at all: let validation re-ask
            message.tool_calls = [
                ChatCompletionMessageFunctionToolCall(
                    id="from_text", type="function", function=Function(name=TOOL_NAME, arguments=text)
                )
            ]
            return completion
        text = _json_part(message.content or "")
        if text is not None:
            message.content = text
        return completion

    def parse(self, completion: ChatCompletion) -> ChunkAnswer:
        """Validate a normalised completion (raises what instructor re-asks on)."""
        return self.handlers.response_parser(
            response=completion,
            response_model=self.response_model,
            validation_context=None,
            strict=False,
            stream=False,
            is_async=False,
        )

    def facts(self, answer: ChunkAnswer, context: DocContext, usage: Usage | None = None) -> ChunkFacts:
        indicators, items, dropped = to_facts(answer, context.meta)
        if dropped:
            log.debug("%s: %d entries the guidelines rule out were dropped", context.doc_id, dropped)
        return ChunkFacts(indicators=indicators, items=items, usage=usage or Usage())


def _whole_numbers(node: Any) -> Any:
    """800 rather than 800.0 in an example, as reports and the guidelines write it."""
    if isinstance(node, float) and node.is_integer():
        return int(node)
    if isinstance(node, dict):
        return {k: _whole_numbers(v) for k, v in node.items()}
    if isinstance(node, list):
        return [_whole_numbers(v) for v in node]
    return node


def _json_part(text: str) -> str | None:
    """The JSON object in a text answer; the empty answer for prose; None for nothing."""
    stripped = text.strip()
    if not stripped:
        return None
    fenced = _FENCE.match(stripped)
    if fenced:
        stripped = fenced.group(1)
    start = stripped.find("{")
    if start < 0:
        return EMPTY_ANSWER
    end = stripped.rfind("}")
    # A cut-off object has no closing brace: keep it whole for validation to reject.
    return stripped[start : end + 1] if end > start else stripped[start:]


def answer_text(completion: Any) -> str | None:
    """The raw answer of a completion, for attempt histories and the cache."""
    try:
        message = completion.choices[0].message
    except (AttributeError, IndexError, TypeError):
        return None
    calls = getattr(message, "tool_calls", None) or []
    if calls:
        return calls[0].function.arguments
    return message.content


def completion_from_body(body: dict[str, Any] | str | bytes) -> ChatCompletion:
    """A raw ``/v1/chat/completions`` response body as the openai type."""
    if isinstance(body, (str, bytes)):
        try:
            body = json.loads(body)
        except json.JSONDecodeError as exc:
            raise MalformedResponse(f"the response body is not JSON ({exc})") from None
    if not isinstance(body, dict):
        raise MalformedResponse("the response body is not a JSON object")
    # Built the way the openai client builds responses: leniently, so a
    # server that leaves out fields the answer does not need is still read.
    return ChatCompletion.construct(**body)
