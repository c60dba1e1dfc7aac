"""Report formats and encodings: text, HTML main text, PDF text layer, and what fails."""

from __future__ import annotations

import codecs
import json

import pytest

from extractor.errors import InputError
from extractor.inputs import read_report, resolve_inputs
from extractor.loading import decode_html, decode_pdf, load_text_file, text_sha256

from batch_helpers import make_pdf, run_cli

REPORT = "2023年工作回顾\n全市地区生产总值增长5.5%，新建学校12所。\n2024年主要目标\n城镇新增就业3万人以上。\n"

PAGE = """<!DOCTYPE html>
<html><head><meta http-equiv="Content-Type" content="text/html; charset={charset}">
<title>某市人民政府门户网站</title>
<style>.nav {{ color: red }} 样式里的数字99个</style>
<script>var hits = "脚本里的数字88个";</script></head>
<body>
<nav><ul><li><a href="/">首页</a></li><li><a href="/gk">政务公开</a></li><li><a href="/hd">互动交流</a></li></ul></nav>
<article>
<h1>政府工作报告</h1>
<p>各位代表：现在，我代表市人民政府，向大会报告工作，请予审议，并请市政协委员提出意见。</p>
<p>过去一年，全市地区生产总值增长5.5%，一般公共预算收入达到120亿元，城乡居民收入稳步提高。</p>
<p>今年主要预期目标是：地区生产总值增长6%左右，城镇新增就业3万人以上，粮食产量稳定在80万吨。</p>
<p>我们将新建改造农村公路300公里，建成5G基站1200个，新增养老床位500张，改造老旧小区40个。</p>
</article>
<footer>版权所有：某市人民政府办公室 网站标识码1234567890</footer>
</body></html>
"""


def test_utf8_with_and_without_bom_read_the_same(tmp_path):
    plain, bom = tmp_path / "a.txt", tmp_path / "b.txt"
    plain.write_bytes(REPORT.encode("utf-8"))
    bom.write_bytes(codecs.BOM_UTF8 + REPORT.encode("utf-8"))
    assert read_report(plain).text == read_report(bom).text == REPORT


@pytest.mark.parametrize("encoding", ["gb18030", "gbk", "utf-16"])
def test_chinese_encodings_decode(tmp_path, encoding):
    f = tmp_path / "r.txt"
    f.write_bytes(REPORT.encode(encoding))
    loaded = read_report(f)
    assert loaded.text == REPORT
    assert loaded.sha256 == text_sha256(REPORT)


def test_load_text_file_still_reads_plain_text(tmp_path):
    f = tmp_path / "r.txt"
    f.write_text(REPORT, encoding="utf-8")
    assert load_text_file(f).text == REPORT


@pytest.mark.parametrize(
    ("name", "data", "reason"),
    [
        ("empty.txt", b"", "empty"),
        ("image.txt", b"\x89PNG\r\n\x1a\n" + bytes(200), "PNG"),
        ("salad.txt", bytes(range(128, 256)) * 8, "neither UTF-8"),
        ("scan.pdf", make_pdf([], text_layer=False), "no text layer"),
        ("fake.pdf", "这不是PDF文件".encode("utf-8"), "not a PDF"),
        ("broken.pdf", b"%PDF-1.4\n1 0 obj\n<< /Type /Catal", "cannot be read"),
        ("image.html", b"\x89PNG\r\n\x1a\n" + bytes(200), "PNG"),
        ("blank.html", b"<html><body><script>var a = 1;</script></body></html>", "no main text"),
    ],
)
def test_unreadable_files_say_why(tmp_path, name, data, reason):
    f = tmp_path / name
    f.write_bytes(data)
    with pytest.raises(InputError) as err:
        read_report(f)
    assert reason in err.value.message


@pytest.mark.parametrize("charset", ["gbk", "gb2312", "utf-8"])
def test_html_main_text_by_declared_charset(tmp_path, charset):
    f = tmp_path / "page.html"
    f.write_bytes(PAGE.format(charset=charset).encode("gb18030" if charset != "utf-8" else "utf-8"))
    text = read_report(f).text
    assert "过去一年，全市地区生产总值增长5.5%" in text
    assert "新增养老床位500张" in text
    assert "脚本里的数字" not in text and "样式里的数字" not in text


def test_html_with_a_wrong_declared_charset_is_still_decoded():
    page = PAGE.format(charset="utf-8").encode("gb18030")  # says UTF-8, is GB18030
    assert "城镇新增就业3万人以上" in decode_html(page, path="x.html").text


def test_pdf_text_layer_in_chinese(tmp_path):
    f = tmp_path / "report.pdf"
    f.write_bytes(make_pdf(REPORT.splitlines()))
    loaded = read_report(f)
    assert loaded.text.split() == REPORT.split()
    assert loaded.encoding == "pdf"


def test_pdf_named_txt_is_read_as_pdf(tmp_path):
    f = tmp_path / "report.txt"
    f.write_bytes(make_pdf(["城镇新增就业3万人以上。"]))
    assert "城镇新增就业3万人以上" in read_report(f).text


def test_encrypted_pdf_without_password_reports_it():
    data = make_pdf(["全市地区生产总值增长5.5%。"])
    from io import BytesIO

    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter(clone_from=PdfReader(BytesIO(data)))
    writer.encrypt(user_password="secret", owner_password="owner")
    buf = BytesIO()
    writer.write(buf)
    with pytest.raises(InputError) as err:
        decode_pdf(buf.getvalue(), path="locked.pdf")
    assert "password" in err.value.message


def test_folders_pick_up_html_and_pdf(tmp_path):
    (tmp_path / "a.txt").write_text(REPORT, encoding="utf-8")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "b.html").write_text(PAGE.format(charset="utf-8"), encoding="utf-8")
    (tmp_path / "sub" / "c.pdf").write_bytes(make_pdf(REPORT.splitlines()))
    (tmp_path / "sub" / "d.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    found = [p.relative_to(tmp_path).as_posix() for p in resolve_inputs([tmp_path])]
    assert found == ["a.txt", "sub/b.html", "sub/c.pdf"]


def test_job_over_mixed_formats_extracts_html_and_pdf(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "page.htm").write_bytes(PAGE.format(charset="gbk").encode("gbk"))
    (folder / "paper.pdf").write_bytes(make_pdf(REPORT.splitlines()))
    (folder / "scan.pdf").write_bytes(make_pdf([], text_layer=False))
    out = tmp_path / "results.jsonl"
    assert run_cli("extract", folder, "--out", out, "--quiet") == 1
    docs = {d["doc_id"]: d for d in map(json.loads, out.read_text(encoding="utf-8").splitlines())}
    assert sorted(docs) == ["page", "paper"]
    for doc in docs.values():
        assert any(f["indicator"] == "gdp" and f["value"] == 5.5 for f in doc["indicators"])
    failures = [json.loads(line) for line in out.with_name("results.failures.jsonl").read_text().splitlines()]
    assert [f["doc_id"] for f in failures] == ["scan"]
    assert "no text layer" in failures[0]["error"]
