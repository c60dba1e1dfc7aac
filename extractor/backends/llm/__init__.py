"""LLM backends over any OpenAI-compatible server, through instructor.

``openai`` asks a server (OpenAI, vLLM, Ollama, llama.cpp, a gateway) for
each chunk's facts; ``replay`` answers from the response cache only.  For
the OpenAI Batch API, :func:`build_chat_request` gives the exact
``/v1/chat/completions`` body the online path sends for a chunk, and
:func:`parse_chat_response` validates a raw response body into
:class:`~extractor.backends.base.ChunkFacts` the way the online path does.
"""

from __future__ import annotations

from .backend import OpenAIBackend, ReplayBackend
from .batch import build_chat_request, parse_chat_response
from .prompts import Prompt, load_prompt
from .response_model import ChunkAnswer

__all__ = [
    "ChunkAnswer",
    "OpenAIBackend",
    "Prompt",
    "ReplayBackend",
    "build_chat_request",
    "load_prompt",
    "parse_chat_response",
]
