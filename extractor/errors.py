"""One exception root for everything the tool reports to a user.

Each subclass carries the context a user needs to act (which file, which chunk,
which offset) and a hint saying what to do.  The CLI prints ``str(error)`` and
the hint on one or two lines; nothing below it needs to know about the CLI.
"""

from __future__ import annotations

from pathlib import Path


class ExtractorError(Exception):
    """Root of every error the tool raises on purpose."""

    hint: str = ""

    def __init__(
        self,
        message: str,
        *,
        path: str | Path | None = None,
        chunk: int | None = None,
        offset: int | None = None,
        hint: str | None = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.path = str(path) if path is not None else None
        self.chunk = chunk
        self.offset = offset
        if hint is not None:
            self.hint = hint

    def __str__(self) -> str:
        where = []
        if self.path:
            where.append(self.path)
        if self.chunk is not None:
            where.append(f"chunk {self.chunk}")
        if self.offset is not None:
            where.append(f"offset {self.offset}")
        prefix = ": ".join(where)
        return f"{prefix}: {self.message}" if prefix else self.message


class InputError(ExtractorError):
    """A report cannot be read: missing, empty, binary, undecodable."""

    hint = "check the path and that the file is a text, HTML or PDF report"


class ConfigError(ExtractorError):
    """Settings, backend names or options do not make sense."""

    hint = "see `extractor --help` for the accepted options"


class BackendError(ExtractorError):
    """A backend failed on a chunk after its retries."""

    hint = "re-run the same command: finished work is kept and only failed chunks are retried"


class MissingDependencyError(ConfigError):
    """An optional dependency is needed for what was asked."""


class PromptError(ConfigError):
    """A prompt file is missing or malformed."""

    hint = "check the files under prompts/ (see prompts/README.md)"


class GoldError(ExtractorError):
    """A gold or prediction file does not follow GUIDELINES.md."""

    hint = "gold and prediction files follow eval/GUIDELINES.md"
