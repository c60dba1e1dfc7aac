"""One settings object carries the configuration of a run.

Values come, in rising priority, from defaults, a TOML config file
(``--config`` or ``EXTRACTOR_CONFIG``), environment variables
(``EXTRACTOR_*``; the key also from ``OPENAI_API_KEY``) and the command line.
"""

from __future__ import annotations

import os
import re
import tomllib
from pathlib import Path
from typing import Any, Literal

from pydantic import AliasChoices, Field, SecretStr, ValidationError, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from .errors import ConfigError


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="EXTRACTOR_", extra="ignore", validate_assignment=True)

    backend: str = "rules"

    # Chunking; None takes the backend's own preference.
    chunk_size: int | None = Field(default=None, ge=20)
    chunk_overlap: int | None = Field(default=None, ge=0)
    # Let a chunk run on into the next short section of the same kind; None
    # takes the backend's preference (LLM backends pack: fewer requests).
    pack_sections: bool | None = None
    # Chunks with no Arabic or Chinese numeral hold nothing to extract.
    prefilter: bool = True

    # How many backend calls may be in flight at once, over the whole job.
    concurrency: int = Field(default=8, ge=1, le=1024)

    # LLM backends.
    model: str | None = None
    base_url: str | None = None
    api_key: SecretStr | None = Field(
        default=None, validation_alias=AliasChoices("EXTRACTOR_API_KEY", "OPENAI_API_KEY", "api_key")
    )
    mode: Literal["tools", "json"] = "tools"
    temperature: float = 0.0
    max_tokens: int | None = Field(default=None, ge=1)
    # Re-asks after a schema-invalid answer (instructor) ...
    max_reasks: int = Field(default=2, ge=0, le=10)
    # ... and tries per request on transport faults (tenacity).
    max_attempts: int = Field(default=5, ge=1, le=20)
    timeout_s: float = Field(default=120.0, gt=0)
    requests_per_minute: int | None = Field(default=None, ge=1)
    tokens_per_minute: int | None = Field(default=None, ge=1)
    prompt: str = "extract"

    # Response cache.
    cache: bool = True
    cache_dir: Path | None = None
    # Answer from the cache only; a miss fails the chunk instead of calling.
    offline: bool = False
    # A TOML table of prices per million tokens, for cost accounting.
    prices_file: Path | None = None

    verbose: bool = False

    @field_validator("backend")
    @classmethod
    def _backend_name(cls, v: str) -> str:
        v = v.strip().lower()
        if not v:
            raise ValueError("backend name is empty")
        return v

    @field_validator("base_url")
    @classmethod
    def _http_url(cls, v: str | None) -> str | None:
        # Caught here, not as five failed tries per chunk.
        if v is not None and not re.match(r"^https?://[^/\s]+", v.strip()):
            raise ValueError(f"{v!r} is not an http:// or https:// URL (e.g. http://localhost:8000/v1)")
        return v.strip() if v is not None else v

    @classmethod
    def load(cls, config: str | Path | None = None, **overrides: Any) -> "Settings":
        """Settings from config file, environment and explicit overrides."""
        values: dict[str, Any] = {}
        path = config or os.environ.get("EXTRACTOR_CONFIG")
        if path:
            values.update(_read_config(Path(path)))
        values.update({k: v for k, v in overrides.items() if v is not None})
        try:
            return cls(**values)
        except ValidationError as exc:
            first = exc.errors()[0]
            field = ".".join(str(p) for p in first.get("loc", ())) or "settings"
            raise ConfigError(f"invalid setting {field}: {first.get('msg')}") from None


def _read_config(path: Path) -> dict[str, Any]:
    try:
        with path.open("rb") as fh:
            data = tomllib.load(fh)
    except FileNotFoundError:
        raise ConfigError("config file not found", path=path) from None
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"config file is not valid TOML ({exc})", path=path) from None
    # Accept either top-level keys or an [extractor] table.
    table = data.get("extractor", data)
    if not isinstance(table, dict):
        raise ConfigError("config file must hold a table of settings", path=path)
    return table
