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
