"""Bytes to text: encoding detection, HTML and PDF text, and the rejection of
what is not a report.

Offsets everywhere index the string this module returns.  For plain text,
decoding is the only transformation applied: no newline, width or whitespace
normalisation.  For HTML the text is the page's main text as trafilatura
extracts it, and for PDF the text layer as pypdf extracts it; their hash is
the hash of that text, so a re-run that reads the same text skips the file.
"""

from __future__ import annotations

import codecs
import hashlib
import io
import logging
import re
from dataclasses import dataclass
from pathlib import Path

from .errors import InputError

log = logging.getLogger("extractor.loading")

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
    _reject_empty_or_binary(data, path, "a text report")
    if data.startswith(b"%PDF"):
        raise InputError("this is a PDF; give it a .pdf name so its text layer is read", path=path)

    if _control_byte_share(data) > _MAX_CONTROL_SHARE and not data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)) and not _bomless_utf16(data):
        raise InputError("the file is binary data, not text", path=path)
    text, encoding = _decode(data, path)
    if not text.strip():
        raise InputError("the file holds only whitespace", path=path)
    if _looks_binary(text):
        raise InputError("the file is binary data, not text", path=path)
    return LoadedText(text=text, encoding=encoding, sha256=text_sha256(text))


def _decode(data: bytes, path: str | Path | None) -> tuple[str, str]:
    if data.startswith(codecs.BOM_UTF8):
        return _lenient(data[len(codecs.BOM_UTF8):], ("utf-8",), path, label="utf-8-sig")
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return _lenient(data, ("utf-16",), path)
    utf16 = _bomless_utf16(data)
    if utf16:
        return _lenient(data, (utf16,), path)
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError as exc:
        if exc.start >= len(data) - 3 and exc.end == len(data):
            # UTF-8 whose last character was cut off (an interrupted
            # download), not GB18030 that happens to decode: drop the stub.
            log.warning("%s: the last character is cut off (%d byte(s) dropped)", path or "text", len(data) - exc.start)
            return _decode(data[: exc.start], path)
    # GB18030 is a superset of GBK and GB2312, the usual encodings of Chinese
    # government web pages; it still rejects byte salad.
    try:
        return data.decode("gb18030"), "gb18030"
    except UnicodeDecodeError:
        pass
    return _lenient(data, ("utf-8", "gb18030"), path)


def _lenient(data: bytes, encodings: tuple[str, ...], path: str | Path | None, label: str | None = None) -> tuple[str, str]:
    """The decoding with the fewest undecodable bytes, if they are few.

    A download cut inside a character, a flipped byte or a lone UTF-16
    surrogate should not cost the whole report: up to 1 character in 100
    may be undecodable, and each becomes U+FFFD (a warning says how many).
    More than that is another encoding, binary data or a mix of encodings.
    """
    best: tuple[int, str, str] | None = None  # (bad, text, encoding)
    for encoding in encodings:
        text = data.decode(encoding, errors="replace")
        bad = text.count("\ufffd")
        if bad:  # U+FFFD the bytes spell out themselves is no decoding error
            bad -= data.decode(encoding, errors="ignore").count("\ufffd")
        if best is None or bad < best[0]:
            best = (bad, text, encoding)
    assert best is not None
    bad, text, encoding = best
    if bad == 0:
        return text, label or encoding
    first_bad = _first_bad_byte(data, encoding)
    if bad * _MAX_BAD_SHARE <= max(len(text), _MAX_BAD_SHARE):
        log.warning(
            "%s: %d undecodable byte sequence(s) replaced by U+FFFD (the first at byte %d)",
            path or "text", bad, first_bad,
        )
        return text, f"{label or encoding} (damaged)"
    detail = f"{bad} byte sequence(s) do not decode, the first at byte {first_bad}"
    if len(encodings) > 1:
        raise InputError(f"the text is neither UTF-8, UTF-16 nor GB18030/GBK ({detail}); re-save it as UTF-8", path=path)
    raise InputError(f"the text is damaged {encodings[0].upper()} ({detail}); re-save it as UTF-8", path=path)


# At most one undecodable character in this many is replaced, not refused.
_MAX_BAD_SHARE = 100


def _first_bad_byte(data: bytes, encoding: str) -> int:
    try:
        data.decode(encoding)
    except UnicodeDecodeError as exc:
        return exc.start
    return -1


def _bomless_utf16(data: bytes) -> str | None:
    """UTF-16 without a BOM, told by where its NUL bytes fall."""
    sample = data[: min(len(data), 4096) // 2 * 2]
    if len(sample) < 4:
        return None
    even_nul = sample[0::2].count(0) / (len(sample) // 2)
    odd_nul = sample[1::2].count(0) / (len(sample) // 2)
    for encoding, zeros, others in (("utf-16-le", odd_nul, even_nul), ("utf-16-be", even_nul, odd_nul)):
        # ASCII-heavy text has a NUL in every other byte; Chinese text has
        # them only in its line breaks, digits and ASCII punctuation, and
        # then must read as Chinese (UTF-8 or GB18030 bytes do not).
        if zeros > 0.3 and others < 0.05:
            return encoding
        if zeros >= 0.01 and others * 5 < zeros and _reads_as_chinese(sample.decode(encoding, errors="replace")):
            return encoding
    return None


def _reads_as_chinese(text: str) -> bool:
    usual = sum(
        1
        for ch in text
        if "\u4e00" <= ch <= "\u9fff" or "\u3000" <= ch <= "\u303f" or "\uff00" <= ch <= "\uffef"
        or " " <= ch <= "~" or ch in "\n\r\t"
    )
    return usual >= 0.95 * len(text)


# Text in any of the encodings read has no control bytes but its whitespace
# (UTF-16 aside, which is told apart first).
_MAX_CONTROL_SHARE = 0.03


# Control bytes and characters other than whitespace; counted with C-level
# calls (bytes.translate, a regex) rather than a Python loop over 8 KB a file.
_NOT_CONTROL_BYTES = bytes(b for b in range(256) if not (b < 32 and b not in b"\t\n\r\f\v"))
# Control characters, U+FFFD and the private use area (fonts without a Unicode map).
_BINARY_CHARS = re.compile("[\x00-\x08\x0e-\x1f\ufffd\ue000-\uf8ff]")


def _control_byte_share(data: bytes) -> float:
    sample = data[:8192]
    return len(sample.translate(None, _NOT_CONTROL_BYTES)) / len(sample)


def _looks_binary(text: str) -> bool:
    sample = text[:8192]
    return len(_BINARY_CHARS.findall(sample)) / len(sample) > 0.05


def load_text_file(path: str | Path) -> LoadedText:
    """Read and decode a plain-text report from disk."""
    return decode_bytes(read_bytes(path), path=path)


# --- HTML and PDF -----------------------------------------------------------

HTML_SUFFIXES = (".html", ".htm", ".shtml", ".xhtml")
PDF_SUFFIXES = (".pdf",)

_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.IGNORECASE)
_XML_ENCODING = re.compile(rb"""^\s*<\?xml[^>]+encoding\s*=\s*["']([A-Za-z0-9_.:-]+)""", re.IGNORECASE)
# Pages declare these, but GB18030 decodes all of them and more.
_GB_FAMILY = {"gb2312", "gbk", "x-gbk", "gb_2312-80", "cp936", "euc-cn", "hz-gb-2312", "gb18030"}


def _declared_charset(data: bytes) -> str | None:
    head = data[:4096]
    match = _XML_ENCODING.search(head) or _META_CHARSET.search(head)
    if not match:
        return None
    name = match.group(1).decode("ascii", "replace").lower()
    if name in _GB_FAMILY:
        return "gb18030"
    try:
        return codecs.lookup(name).name
    except LookupError:
        return None


def _decode_html(data: bytes, path: str | Path | None) -> tuple[str, str]:
    if data.startswith((codecs.BOM_UTF8, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return _decode(data, path)
    declared = _declared_charset(data)
    if declared:
        try:
            return data.decode(declared), declared
        except UnicodeDecodeError:
            pass  # a wrong declaration is common; fall back to detection
    return _decode(data, path)


def html_main_text(html: str) -> str | None:
    """The main text of a page (navigation, footers and scripts dropped)."""
    try:
        import trafilatura
    except ImportError as exc:  # a broken install (e.g. lxml without its cleaner)
        raise InputError(
            f"reading HTML needs trafilatura, which cannot be imported ({exc})",
            hint="reinstall the project: pip install -e .",
        ) from None
    # Recall over precision: a work report is one long article, and losing
    # a paragraph of it costs more than keeping a line of navigation.
    return trafilatura.extract(
        html,
        include_comments=False,
        include_tables=True,
        include_images=False,
        favor_recall=True,
        deduplicate=False,
    )


def decode_html(data: bytes, *, path: str | Path | None = None) -> LoadedText:
    """An HTML page's main text, decoded by its BOM, declared charset or content."""
    _reject_empty_or_binary(data, path, "an HTML page")
    html, encoding = _decode_html(data, path)
    if _looks_binary(html[:8192] or " "):
        raise InputError("the file is binary data, not an HTML page", path=path)
    text = html_main_text(html)
    if not text or not text.strip():
        raise InputError("no main text found in the HTML page", path=path)
    return LoadedText(text=text, encoding=encoding, sha256=text_sha256(text))


def decode_pdf(data: bytes, *, path: str | Path | None = None) -> LoadedText:
    """A PDF's text layer, pages joined by newlines."""
    if not data:
        raise InputError("the file is empty", path=path)
    if b"%PDF" not in data[:1024]:
        raise InputError("this is not a PDF (no %PDF header)", path=path)
    from pypdf import PdfReader

    # pypdf warns about every small flaw in real-world PDFs; the text is what counts.
    logging.getLogger("pypdf").setLevel(logging.ERROR)
    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted and not reader.decrypt(""):
            raise InputError("the PDF is encrypted with a password", path=path)
        text = "\n".join(page.extract_text() or "" for page in reader.pages)
    except InputError:
        raise
    except Exception as exc:  # pypdf raises many kinds on damaged files
        raise InputError(f"the PDF cannot be read ({type(exc).__name__}: {exc})", path=path) from None
    if not text.strip():
        raise InputError(
            "the PDF has no text layer (a scan?)", path=path, hint="run OCR on it first, or give the text as .txt"
        )
    if _looks_binary(text):
        raise InputError("the PDF's text layer does not decode to readable text (fonts without a Unicode map)", path=path)
    return LoadedText(text=text, encoding="pdf", sha256=text_sha256(text))


def _reject_empty_or_binary(data: bytes, path: str | Path | None, expected: str) -> None:
    if not data:
        raise InputError("the file is empty", path=path)
    for magic, what in _BINARY_MAGIC:
        if data.startswith(magic):
            raise InputError(f"this is {what}, not {expected}", path=path)


def decode_report(data: bytes, *, path: str | Path) -> LoadedText:
    """A report's text from its bytes, read as its file name (or a PDF header) says."""
    suffix = Path(path).suffix.lower()
    if suffix in PDF_SUFFIXES or data.startswith(b"%PDF"):
        return decode_pdf(data, path=path)
    if suffix in HTML_SUFFIXES:
        return decode_html(data, path=path)
    return decode_bytes(data, path=path)


def read_bytes(path: str | Path) -> bytes:
    """A file's bytes, or :class:`InputError` saying why it cannot be read."""
    p = Path(path)
    try:
        return p.read_bytes()
    except FileNotFoundError:
        raise InputError("no such file", path=p) from None
    except IsADirectoryError:
        raise InputError("is a directory, expected a file", path=p) from None
    except PermissionError:
        raise InputError("permission denied", path=p) from None
    except OSError as exc:
        raise InputError(f"cannot be read ({exc.strerror or exc})", path=p) from None


def load_report_file(path: str | Path) -> LoadedText:
    """Read a report from disk: plain text, HTML or PDF."""
    return decode_report(read_bytes(path), path=path)
