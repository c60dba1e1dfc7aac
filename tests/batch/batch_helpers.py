"""Helpers for the batch tests: a generated corpus, a CLI runner, a PDF writer.

The corpus is made at test time: each document mixes paragraphs drawn from
the bundled reports (read, never copied into code) with sentences written
here, so documents differ in names, text and facts.
"""

from __future__ import annotations

import json
import random
import sys
from pathlib import Path

from extractor.cli import main

ROOT = Path(__file__).resolve().parents[2]
REPORTS_DIR = ROOT / "eval" / "reports"

# Sentences written for these tests, with numbers varied per document.
_OWN_SENTENCES = (
    "去年全市地区生产总值增长{a}.{b}%，城镇新增就业{c}万人。",
    "新建改造农村公路{d}公里，建成5G基站{e}个。",
    "今年地区生产总值预期增长{a}%左右，粮食产量稳定在{f}万吨以上。",
    "一般公共预算收入完成{g}亿元，居民人均可支配收入增长{b}.{a}%。",
    "计划新增城镇就业{c}万人，森林覆盖率达到{h}%。",
)


def _paragraph_pool() -> list[str]:
    pool: list[str] = []
    for f in sorted(REPORTS_DIR.glob("*.txt")):
        pool.extend(line for line in f.read_text(encoding="utf-8").splitlines() if 40 <= len(line) <= 900)
    return pool


def generate_corpus(folder: Path, n: int, *, paragraphs: int = 4, bad: bool = True) -> list[Path]:
    """``n`` report files (plus two unreadable ones when ``bad``), sorted as the job reads them."""
    folder.mkdir(parents=True, exist_ok=True)
    pool = _paragraph_pool()
    rng = random.Random(20240601)
    for i in range(n):
        nums = {k: rng.randint(1, 9) for k in "ab"} | {
            "c": rng.randint(2, 30),
            "d": rng.randint(50, 900),
            "e": rng.randint(100, 5000),
            "f": rng.randint(100, 900),
            "g": rng.randint(20, 800),
            "h": rng.randint(30, 70),
        }
        lines = [f"{2020 + i % 5}年政府工作报告（测试文稿第{i}号）", f"{2019 + i % 5}年工作回顾"]
        lines += [rng.choice(pool) for _ in range(paragraphs)]
        lines += [s.format(**nums) for s in rng.sample(_OWN_SENTENCES, 3)]
        # Sub-folders exercise the recursive search; names vary in form.
        sub = folder / f"batch{i // 100}"
        sub.mkdir(exist_ok=True)
        (sub / f"report_{i:04d}.txt").write_text("\n".join(lines) + "\n", encoding="utf-8")
    if bad:
        (folder / "batch0" / "report_0000a_empty.txt").write_bytes(b"")
        (folder / "batch0" / "report_0000b_image.txt").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4)
    return sorted((p for p in folder.rglob("*.txt")), key=lambda p: p.as_posix())


def run_cli(*args: object) -> int:
    """Run `extractor ARGS` in this process; its exit status."""
    try:
        main([str(a) for a in args])
    except SystemExit as exc:
        return exc.code if isinstance(exc.code, int) else 0
    return 0


def cli_command(*args: object) -> list[str]:
    """`extractor ARGS` as a subprocess command line."""
    return [sys.executable, "-m", "extractor", *map(str, args)]


def doc_ids(jsonl: Path) -> list[str]:
    return [json.loads(line)["doc_id"] for line in jsonl.read_text(encoding="utf-8").splitlines()]


def make_pdf(lines: list[str], *, text_layer: bool = True) -> bytes:
    """A one-page PDF whose text layer holds ``lines`` (any CJK text).

    The text is drawn in the standard Adobe-GB1 font STSong-Light through the
    predefined UniGB-UCS2-H CMap, so each character code is its UCS-2 value
    and readers map it back to Unicode without an embedded font.  Without a
    text layer the page only draws a rectangle, as a scan's page holds only
    an image.
    """
    if text_layer:
        ops = ["BT", "/F1 12 Tf", "16 TL", "40 800 Td"]
        ops += [f"<{line.encode('utf-16-be').hex().upper()}> Tj T*" for line in lines]
        ops.append("ET")
    else:
        ops = ["0.5 g", "40 40 500 700 re f"]
    content = "\n".join(ops).encode("ascii")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
        b"/Resources << /Font << /F1 5 0 R >> >> /Contents 4 0 R >>",
        b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream",
        b"<< /Type /Font /Subtype /Type0 /BaseFont /STSong-Light /Encoding /UniGB-UCS2-H /DescendantFonts [6 0 R] >>",
        b"<< /Type /Font /Subtype /CIDFontType0 /BaseFont /STSong-Light "
        b"/CIDSystemInfo << /Registry (Adobe) /Ordering (GB1) /Supplement 2 >> /FontDescriptor 7 0 R >>",
        b"<< /Type /FontDescriptor /FontName /STSong-Light /Flags 6 /FontBBox [-25 -254 1000 880] "
        b"/ItalicAngle 0 /Ascent 880 /Descent -120 /CapHeight 880 /StemV 93 >>",
    ]
    pdf = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(len(pdf))
        pdf += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(pdf)
    pdf += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    pdf += b"".join(b"%010d 00000 n \n" % off for off in offsets)
    pdf += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(pdf)
