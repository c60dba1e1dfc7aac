"""Bytes to text: encoding detection and the rejection of what is not a report.

Offsets everywhere index the string this module returns, so decoding is the
only transformation applied: no newline, width or whitespace normalisation.
"""

from __future__ import annotations

import codecs
import hashlib
from dataclasses import dataclass
from pathlib import Path

from .errors import InputError

# Magic numbers of formats people rename to .txt by mistake.
_BINARY_MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"\x89PNG\r\n\x1a\n", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF8", "a GIF image"),
    (b"PK\x03\x04", "a ZIP archive (DOCX/XLSX?)"),
    (b"\x1f\x8b", "a gzip archive"),
    (b"\xd0\xcf\x11\xe0", "an old Office document"),
    (b"\x7fELF", "an executable"),
)


@dataclass(frozen=True)
class LoadedText:
    text: str
    encoding: str
    sha256: str


def text_sha256(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def decode_bytes(data: bytes, *, path: str | Path | None = None) -> LoadedText:
    """Decode a report's bytes, or raise :class:`InputError` saying why not."""
    if not data:
        raise InputError("the file is empty", path=path)
    for magic, what in _BINARY_MAGIC:
        if data.startswith(magic):
            raise InputError(f"this is {what}, not a text report", path=path)
    if data.startswith(b"%PDF"):
        raise InputError("this is a PDF; give it a .pdf name so its text layer is read", path=path)

    if _control_byte_share(data) > 0.1 and not data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)) and not _bomless_utf16(data):
        raise InputError("the file is binary data, not text", path=path)
    text, encoding = _decode(data, path)
    if not text.strip():
        raise InputError("the file holds only whitespace", path=path)
    if _looks_binary(text):
        raise InputError("the file is binary data, not text", path=path)
    return LoadedText(text=text, encoding=encoding, sha256=text_sha256(text))


def _decode(data: bytes, path: str | Path | None) -> tuple[str, str]:
    if data.startswith(codecs.BOM_UTF8):
        return data[len(codecs.BOM_UTF8):].decode("utf-8", errors="replace"), "utf-8-sig"
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return data.decode("utf-16"), "utf-16"
        except UnicodeDecodeError as exc:
            raise InputError(f"UTF-16 text that does not decode ({exc.reason})", path=path) from None
    utf16 = _bomless_utf16(data)
    if utf16:
        return data.decode(utf16), utf16
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    # GB18030 is a superset of GBK and GB2312, the usual encodings of Chinese
    # government web pages; it still rejects byte salad.
    try:
        return data.decode("gb18030"), "gb18030"
    except UnicodeDecodeError:
        pass
    raise InputError(
        "the text is neither UTF-8, UTF-16 nor GB18030/GBK; re-save it as UTF-8", path=path
    )


def _bomless_utf16(data: bytes) -> str | None:
    # UTF-16 without a BOM shows as NUL every other byte for ASCII lines.
    sample = data[:4096]
    if len(sample) < 4:
        return None
    even_nul = sample[0::2].count(0) / max(1, len(sample[0::2]))
    odd_nul = sample[1::2].count(0) / max(1, len(sample[1::2]))
    for enc, ok in (("utf-16-le", odd_nul > 0.3 and even_nul < 0.05), ("utf-16-be", even_nul > 0.3 and odd_nul < 0.05)):
        if ok:
            try:
                data.decode(enc)
            except UnicodeDecodeError:
                return None
            return enc
    return None


def _control_byte_share(data: bytes) -> float:
    sample = data[:8192]
    return sum(1 for b in sample if b < 32 and b not in b"\t\n\r\f\v") / len(sample)


def _looks_binary(text: str) -> bool:
    sample = text[:8192]
    bad = sum(
        1
        for ch in sample
        if (ord(ch) < 32 and ch not in "\t\n\r\f\v") or ch == "\ufffd" or 0xE000 <= ord(ch) <= 0xF8FF
    )
    return bad / len(sample) > 0.05


def load_text_file(path: str | Path) -> LoadedText:
    """Read and decode a plain-text report from disk."""
    p = Path(path)
    try:
        data = p.read_bytes()
    except FileNotFoundError:
        raise InputError("no such file", path=p) from None
    except IsADirectoryError:
        raise InputError("is a directory, expected a file", path=p) from None
    except PermissionError:
        raise InputError("permission denied", path=p) from None
    except OSError as exc:
        raise InputError(f"cannot be read ({exc.strerror or exc})", path=p) from None
    return decode_bytes(data, path=p)
