"""Test doubles that speak real protocols on 127.0.0.1.

:mod:`tests.fakes.openai_server` is a fake OpenAI-compatible server: scripted
answers, fault injection and a "perfect model" that answers with the gold
facts.  See its module docstring for the API.
"""

from .openai_server import (
    CHAT_PATH,
    Action,
    CloseConnection,
    Delay,
    EmptyChoices,
    FailFirst,
    FakeOpenAIServer,
    HttpError,
    JsonResponse,
    PerfectModel,
    Prose,
    RateLimited,
    Reply,
    Request,
    SchemaInvalid,
    ServerError,
    TruncatedAnswer,
    TruncatedBody,
    completion_body,
    default_faults,
    empty_answer,
)

__all__ = [
    "CHAT_PATH",
    "Action",
    "CloseConnection",
    "Delay",
    "EmptyChoices",
    "FailFirst",
    "FakeOpenAIServer",
    "HttpError",
    "JsonResponse",
    "PerfectModel",
    "Prose",
    "RateLimited",
    "Reply",
    "Request",
    "SchemaInvalid",
    "ServerError",
    "TruncatedAnswer",
    "TruncatedBody",
    "completion_body",
    "default_faults",
    "empty_answer",
]
