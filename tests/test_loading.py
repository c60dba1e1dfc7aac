"""Bytes to text: encodings are detected, non-reports are refused with a reason."""

from __future__ import annotations

import codecs

import pytest

from extractor.errors import InputError
from extractor.loading import decode_bytes, load_text_file

SAMPLE = "一、2023年工作回顾\n地区生产总值增长6.5%，新建基站１２０个。\n"


@pytest.mark.parametrize(
    "encoded",
    [
        SAMPLE.encode("utf-8"),
        codecs.BOM_UTF8 + SAMPLE.encode("utf-8"),
        SAMPLE.encode("gb18030"),
        SAMPLE.encode("gbk"),
        SAMPLE.encode("utf-16"),  # with BOM
        codecs.BOM_UTF16_BE + SAMPLE.encode("utf-16-be"),
    ],
    ids=["utf8", "utf8-bom", "gb18030", "gbk", "utf16", "utf16-be"],
)
def test_encodings_decode_to_the_same_text(encoded):
    loaded = decode_bytes(encoded)
    assert loaded.text == SAMPLE
    # The hash is of the text, so a re-encoded report is the same document.
    assert loaded.sha256 == decode_bytes(SAMPLE.encode("utf-8")).sha256


@pytest.mark.parametrize(
    "data, reason",
    [
        (b"", "empty"),
        (b"  \n\t \r\n", "whitespace"),
        (b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4, "PNG"),
        (bytes(range(256)) * 16, "binary"),
        (b"\x00\x01\x02\x03" * 500, "binary"),
    ],
    ids=["empty", "whitespace", "png", "bytes", "nul-runs"],
)
def test_non_reports_are_refused_with_a_reason(data, reason):
    with pytest.raises(InputError, match=reason):
        decode_bytes(data, path="x.txt")


def test_missing_file_and_directory_are_input_errors(tmp_path):
    with pytest.raises(InputError, match="no such file"):
        load_text_file(tmp_path / "absent.txt")
    with pytest.raises(InputError, match="directory"):
        load_text_file(tmp_path)


def test_error_names_the_file(tmp_path):
    empty = tmp_path / "空 报告.txt"
    empty.write_bytes(b"")
    with pytest.raises(InputError) as info:
        load_text_file(empty)
    assert "空 报告.txt" in str(info.value)


def test_offsets_index_the_text_as_loaded():
    # CRLF line ends and full-width digits stay as they are.
    text = "第一行\r\n新建基站１２０个。"
    assert decode_bytes(text.encode("utf-8")).text == text
