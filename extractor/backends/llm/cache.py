"""The response cache: one SQLite file of validated answers, keyed by the request.

The key hashes everything that determines an answer: the full request body
as sent (model, every message, the tool schema or response format,
temperature, max_tokens), the prompt version and the answer schema.  The API
key and the server address are not part of it (a recorded run can be
replayed anywhere), and nothing secret is stored: only the answer, its
token usage and the names needed to review it.

SQLite calls run in worker threads behind one lock, so any number of
coroutines (and processes: WAL mode, busy timeout) can share the file.
"""

from __future__ import annotations

import asyncio
import hashlib
import json
import sqlite3
import threading
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from platformdirs import user_cache_dir
from pydantic import BaseModel

from ...errors import ConfigError
from ...schema import Usage

CACHE_FILE = "responses.sqlite3"
# Bumped when what is stored, or how the key is made, changes.
KEY_VERSION = 1

_SCHEMA = """
CREATE TABLE IF NOT EXISTS answers (
    key TEXT PRIMARY KEY,
    model TEXT,
    prompt TEXT,
    mode TEXT,
    answer TEXT NOT NULL,
    usage TEXT NOT NULL,
    created TEXT NOT NULL
)
"""


def default_cache_dir() -> Path:
    """The user cache folder (XDG_CACHE_HOME on Linux) for this tool."""
    return Path(user_cache_dir("govreport-extractor", appauthor=False)) / "llm"


def request_key(body: dict[str, Any], *, prompt: str, answer_schema: str) -> str:
    blob = json.dumps(
        {"v": KEY_VERSION, "prompt": prompt, "schema": answer_schema, "request": body},
        sort_keys=True,
        ensure_ascii=False,
        separators=(",", ":"),
    )
    return hashlib.sha256(blob.encode("utf-8")).hexdigest()


class CachedAnswer(BaseModel):
    answer: str  # the validated answer, as JSON
    usage: Usage  # what it cost when it was first asked


class ResponseCache:
    def __init__(self, folder: Path | None = None, *, must_exist: bool = False) -> None:
        self.folder = Path(folder) if folder is not None else default_cache_dir()
        self.path = self.folder / CACHE_FILE
        if must_exist and not self.path.exists():
            raise ConfigError(
                f"no response cache at {self.path}",
                hint="replay answers from a cache an earlier --backend openai run filled; "
                "pass that run's --cache-dir",
            )
        self._lock = threading.Lock()
        self._conn: sqlite3.Connection | None = None
        with self._lock:
            self._db()  # fail now, with a clear message, rather than on the first chunk

    def _db(self) -> sqlite3.Connection:
        # Opened again after close(), so a backend outlives one pipeline run.
        if self._conn is None:
            try:
                self.folder.mkdir(parents=True, exist_ok=True)
                conn = sqlite3.connect(self.path, check_same_thread=False, timeout=30.0, isolation_level=None)
                conn.execute("PRAGMA journal_mode=WAL")
                conn.execute(_SCHEMA)
            except (OSError, sqlite3.Error) as exc:
                raise ConfigError(
                    f"cannot open the response cache {self.path} ({exc})",
                    hint="pass a writable --cache-dir, or --no-cache",
                ) from None
            self._conn = conn
        return self._conn

    def get_sync(self, key: str) -> CachedAnswer | None:
        with self._lock:
            row = self._db().execute("SELECT answer, usage FROM answers WHERE key = ?", (key,)).fetchone()
        if row is None:
            return None
        return CachedAnswer(answer=row[0], usage=Usage.model_validate_json(row[1]))

    def put_sync(self, key: str, entry: CachedAnswer, *, model: str, prompt: str, mode: str) -> None:
        created = datetime.now(timezone.utc).isoformat(timespec="seconds")
        with self._lock:
            self._db().execute(
                "INSERT OR REPLACE INTO answers (key, model, prompt, mode, answer, usage, created)"
                " VALUES (?, ?, ?, ?, ?, ?, ?)",
                (key, model, prompt, mode, entry.answer, entry.usage.model_dump_json(), created),
            )

    async def get(self, key: str) -> CachedAnswer | None:
        return await asyncio.to_thread(self.get_sync, key)

    async def put(self, key: str, entry: CachedAnswer, *, model: str, prompt: str, mode: str) -> None:
        await asyncio.to_thread(self.put_sync, key, entry, model=model, prompt=prompt, mode=mode)

    def __len__(self) -> int:
        with self._lock:
            return int(self._db().execute("SELECT COUNT(*) FROM answers").fetchone()[0])

    def close(self) -> None:
        with self._lock:
            if self._conn is not None:
                self._conn.close()
                self._conn = None
