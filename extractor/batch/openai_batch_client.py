"""The wire of the Batch API: upload, create, retrieve, download.

A thin layer over the openai client that turns every way a call can fail
into a :class:`BatchJobError` of one line that names the server and what
was being done, with the key redacted.  The openai client's own retries
(with backoff on 429 and 5xx) are enough here: these are a handful of calls
per job, not one per chunk.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

from ..backends.llm.client import NO_KEY, redact, url_host
from ..settings import Settings
from .openai_batch_job import CHAT_URL, COMPLETION_WINDOW, BatchJobError

T = TypeVar("T")

OPENAI_HOST = "api.openai.com"
# Uploads and downloads of files up to 200 MB need longer than a chat call.
FILE_TIMEOUT_S = 900.0
CLIENT_RETRIES = 3
_KEY_HINT = "set OPENAI_API_KEY in the environment (it is never written to the job folder)"


class BatchClient:
    def __init__(self, settings: Settings, base_url: str) -> None:
        import openai

        self.base_url = base_url
        self.host = url_host(base_url) or base_url
        key = (settings.api_key.get_secret_value() if settings.api_key else None) or os.environ.get("OPENAI_API_KEY")
        if not key and self.host == OPENAI_HOST:
            raise BatchJobError(f"no API key for {self.host}", hint=_KEY_HINT)
        self._secret = key
        self._openai = openai
        self._client = openai.OpenAI(
            api_key=key or NO_KEY, base_url=base_url, timeout=settings.timeout_s, max_retries=CLIENT_RETRIES
        )

    def upload(self, path: Path) -> str:
        """Upload a request file (purpose ``batch``); its file id."""
        with path.open("rb") as fh:
            made = self._call(
                f"uploading {path.name}",
                lambda: self._client.files.create(file=fh, purpose="batch", timeout=FILE_TIMEOUT_S),
            )
        return made.id

    def create(self, file_id: str, metadata: dict[str, str]) -> Any:
        return self._call(
            f"creating a batch for file {file_id}",
            lambda: self._client.batches.create(
                input_file_id=file_id, endpoint=CHAT_URL, completion_window=COMPLETION_WINDOW, metadata=metadata
            ),
            missing=f"file {file_id} is not on {self.host}",
        )

    def retrieve(self, batch_id: str) -> Any:
        return self._call(
            f"asking about batch {batch_id}",
            lambda: self._client.batches.retrieve(batch_id),
            missing=f"unknown batch {batch_id} on {self.host}",
        )

    def download(self, file_id: str, dest: Path) -> None:
        """Stream a result file to ``dest`` (whole, or not at all)."""
        tmp = dest.with_name(dest.name + ".part")

        def fetch() -> None:
            with self._client.files.with_streaming_response.content(file_id, timeout=FILE_TIMEOUT_S) as response:
                response.stream_to_file(tmp)

        self._call(f"downloading file {file_id}", fetch, missing=f"file {file_id} is no longer on {self.host}")
        self._redact_file(tmp)
        os.replace(tmp, dest)

    def _redact_file(self, path: Path) -> None:
        """A server that echoes the Authorization header into an answer must not
        put the key into the job folder (and from there into facts and cache)."""
        secret = self._secret
        if not secret or len(secret) < 4:
            return
        needle = secret.encode("utf-8")
        with path.open("rb") as fh:
            if not any(needle in line for line in fh):
                return
        clean = path.with_name(path.name + ".clean")
        with path.open("rb") as src, clean.open("wb") as dst:
            for line in src:
                dst.write(line.replace(needle, b"***"))
        os.replace(clean, path)

    def _call(self, what: str, fn: Callable[[], T], *, missing: str | None = None) -> T:
        openai = self._openai
        try:
            return fn()
        except openai.AuthenticationError:
            raise BatchJobError(f"{self.host} refused the API key while {what}", hint=_KEY_HINT) from None
        except openai.NotFoundError as exc:
            message = missing or f"{self.host} found nothing while {what} ({self._detail(exc)})"
            raise BatchJobError(
                message, hint="batches and files live on the server they were submitted to: check --base-url"
            ) from None
        except openai.APIStatusError as exc:
            raise BatchJobError(
                f"{self.host} answered HTTP {exc.status_code} while {what}: {self._detail(exc)}",
                hint="try again later; what is done is kept in the job folder and the command goes on from there",
            ) from None
        except openai.APIConnectionError as exc:
            raise BatchJobError(
                f"cannot reach {self.host} while {what} ({self._redact(str(exc))})",
                hint="check --base-url and the network, then run the same command again",
            ) from None

    def _detail(self, exc: Any) -> str:
        body = getattr(exc, "body", None)
        message = None
        if isinstance(body, dict):
            inner = body.get("error") if isinstance(body.get("error"), dict) else body
            message = inner.get("message")
        text = " ".join(str(message or getattr(exc, "message", "") or type(exc).__name__).split())
        return self._redact(text[:300])

    def _redact(self, text: str) -> str:
        return redact(text, self._secret)

    def close(self) -> None:
        self._client.close()
