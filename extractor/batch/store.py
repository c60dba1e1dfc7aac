"""The output JSONL of a job: what it already holds, appending, and final order.

A job appends each finished line with one write and never rewrites a line in
place, so a crash or kill at any moment leaves every finished line intact; at
worst the last line is torn, and the next run cuts it off.  A re-run indexes
the lines already there by doc_id, text hash and configuration hash, skips
the documents they cover, and appends the rest.

When the job ends, the file must equal what one uninterrupted run would have
written: the job's documents in input order and nothing else.  When it does
not (documents re-done after failed chunks, a changed configuration, lines of
documents no longer among the inputs) it is rewritten in input order into a
temporary file that atomically replaces it.  Lines the rewrite leaves out go
to the ``.removed.jsonl`` side file rather than being lost.
"""

from __future__ import annotations

import json
import os
import time
from dataclasses import dataclass
from pathlib import Path

from ..errors import ExtractorError, InputError

try:  # POSIX; elsewhere two jobs on one output are not detected
    import fcntl
except ImportError:  # pragma: no cover
    fcntl = None  # type: ignore[assignment]

# A finished line reaches the disk at the latest this long after it is written
# (the OS has it at once, so only a machine crash can lose it meanwhile).
_FSYNC_INTERVAL_S = 2.0
_COPY_BLOCK = 1 << 20


@dataclass(frozen=True)
class LineRef:
    """Where one line (with its newline) lies in the output file."""

    offset: int
    length: int


@dataclass(frozen=True)
class _LineInfo:
    doc_id: str | None
    sha256: str | None
    config_hash: str | None
    complete: bool


def removed_path(out: Path) -> Path:
    """results.jsonl → results.removed.jsonl, next to it."""
    return out.with_name(out.stem + ".removed" + (out.suffix or ".jsonl"))


def _rewrite_path(out: Path) -> Path:
    return out.with_name("." + out.name + ".rewrite")


def _describe(raw: bytes) -> _LineInfo | None:
    """What a line says about itself; None if it is not a document line."""
    try:
        data = json.loads(raw)
    except ValueError:
        return None
    if not isinstance(data, dict) or not isinstance(data.get("doc_id"), str):
        return None
    prov = data.get("provenance") if isinstance(data.get("provenance"), dict) else {}
    diag = data.get("diagnostics") if isinstance(data.get("diagnostics"), dict) else {}
    return _LineInfo(
        doc_id=data["doc_id"],
        sha256=prov.get("source_sha256"),
        config_hash=prov.get("config_hash"),
        # A document with failed chunks is not done: a re-run retries it.
        complete=not diag.get("failed_chunks"),
    )


class OutputStore:
    """Owns one output file for the length of a job (and locks it)."""

    def __init__(self, path: Path, config_hash: str, *, resume: bool = True) -> None:
        # Without resume every document is re-done; the old lines still end
        # up in the .removed side file, not lost.
        self.path = path
        self.config_hash = config_hash
        self.resume = resume
        # doc_id → {text hash → line} for finished lines of this configuration.
        self._done: dict[str, dict[str, LineRef]] = {}
        self._fd: int | None = None
        self._size = 0
        self._last_sync = 0.0
        self.lines_found = 0
        self.torn_bytes = 0
        self.removed_lines = 0
        self.rewritten = False

    # --- opening: lock, repair, index --------------------------------------

    def open(self) -> "OutputStore":
        self.path.parent.mkdir(parents=True, exist_ok=True)
        try:
            self._fd = os.open(self.path, os.O_RDWR | os.O_APPEND | os.O_CREAT, 0o644)
        except OSError as exc:
            raise InputError(f"cannot open the output ({exc.strerror or exc})", path=self.path) from None
        self._lock()
        _rewrite_path(self.path).unlink(missing_ok=True)  # left by a crash mid-rewrite
        self._scan()
        return self

    def _lock(self) -> None:
        if fcntl is None or self._fd is None:
            return
        try:
            fcntl.flock(self._fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            self.close()
            raise ExtractorError(
                "another extractor job is writing this output",
                path=self.path,
                hint="give each job (each --shard) its own --out",
            ) from None
        except OSError:
            pass  # file systems without locks (some NFS): go on unguarded

    def _scan(self) -> None:
        offset = 0
        with open(self.path, "rb") as fh:
            for raw in fh:
                if not raw.endswith(b"\n"):
                    # Torn by a crash mid-write: cut it off; its document is re-done.
                    self.torn_bytes = len(raw)
                    break
                info = _describe(raw)
                self.lines_found += 1
                if (
                    self.resume
                    and info is not None
                    and info.complete
                    and info.sha256
                    and info.config_hash == self.config_hash
                ):
                    self._done.setdefault(info.doc_id or "", {})[info.sha256] = LineRef(offset, len(raw))
                offset += len(raw)
        if self.torn_bytes:
            os.ftruncate(self._fd, offset)
            os.fsync(self._fd)
        self._size = offset

    # --- during the job ------------------------------------------------------

    def done_shas(self, doc_id: str) -> tuple[str, ...]:
        """Text hashes of ``doc_id`` that already have a finished line."""
        return tuple(self._done.get(doc_id, ()))

    def ref_for(self, doc_id: str, sha256: str) -> LineRef:
        return self._done[doc_id][sha256]

    def append(self, line: str) -> LineRef:
        """Write one line whole; return where it lies."""
        assert self._fd is not None, "store not open"
        data = (line + "\n").encode("utf-8")
        view = memoryview(data)
        while view:
            written = os.write(self._fd, view)
            view = view[written:]
        ref = LineRef(self._size, len(data))
        self._size += len(data)
        now = time.monotonic()
        if now - self._last_sync >= _FSYNC_INTERVAL_S:
            os.fsync(self._fd)
            self._last_sync = now
        return ref

    # --- closing: put in order ----------------------------------------------

    def finish(self, wanted: list[LineRef]) -> None:
        """Make the file hold exactly ``wanted``, in that order."""
        assert self._fd is not None, "store not open"
        os.fsync(self._fd)
        if self._is_exactly(wanted):
            return
        self._rewrite(wanted)
        self.rewritten = True

    def _is_exactly(self, wanted: list[LineRef]) -> bool:
        expected = 0
        for ref in wanted:
            if ref.offset != expected:
                return False
            expected += ref.length
        return expected == self._size

    def _rewrite(self, wanted: list[LineRef]) -> None:
        tmp = _rewrite_path(self.path)
        keep = {ref.offset for ref in wanted}
        with open(self.path, "rb") as src:
            with open(tmp, "wb") as dst:
                for ref in wanted:
                    src.seek(ref.offset)
                    _copy(src, dst, ref.length)
                dst.flush()
                os.fsync(dst.fileno())
            self._set_aside(src, keep)
        os.replace(tmp, self.path)
        _fsync_dir(self.path.parent)

    def _set_aside(self, src, keep: set[int]) -> None:
        """Copy every line the rewrite leaves out to the .removed side file."""
        src.seek(0)
        offset = 0
        removed = None
        try:
            for raw in src:
                if offset not in keep:
                    if removed is None:
                        removed = open(removed_path(self.path), "ab")
                    removed.write(raw)
                    self.removed_lines += 1
                offset += len(raw)
        finally:
            if removed is not None:
                removed.flush()
                os.fsync(removed.fileno())
                removed.close()

    def close(self) -> None:
        if self._fd is not None:
            os.close(self._fd)  # also releases the lock
            self._fd = None

    def __enter__(self) -> "OutputStore":
        return self.open()

    def __exit__(self, *exc: object) -> None:
        self.close()


def _copy(src, dst, length: int) -> None:
    while length > 0:
        block = src.read(min(length, _COPY_BLOCK))
        if not block:
            raise ExtractorError("the output file changed while the job was writing it")
        dst.write(block)
        length -= len(block)


def _fsync_dir(folder: Path) -> None:
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)
