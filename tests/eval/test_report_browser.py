"""report.html in a real browser: headless Chromium renders it without errors.

Runs where Chromium is installed (`.ci/install-chromium.sh` installs it).
"""

from __future__ import annotations

import os
import re
import shutil
import struct
import subprocess
import zlib
from pathlib import Path

import pytest
from eval_builders import hostile_case

from extractor.evaluation.outputs import write_outputs

BROWSER = next((p for n in ("chromium", "chromium-browser", "google-chrome") if (p := shutil.which(n))), None)
pytestmark = pytest.mark.skipif(BROWSER is None, reason="Chromium is not installed (run .ci/install-chromium.sh)")

FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--enable-logging=stderr",
    "--v=0",
    "--virtual-time-budget=3000",
]


@pytest.fixture(scope="module")
def report(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("report")
    write_outputs(hostile_case(), out)
    return out / "report.html"


def chromium(tmp_path: Path, *args: str) -> subprocess.CompletedProcess:
    profile = tmp_path / "profile"
    env = {**os.environ, "HOME": str(tmp_path)}
    return subprocess.run(
        [BROWSER, *FLAGS, f"--user-data-dir={profile}", *args],
        capture_output=True,
        text=True,
        timeout=180,
        env=env,
        cwd=tmp_path,
    )


def console_problems(stderr: str) -> list[str]:
    lines = [line for line in stderr.splitlines() if "CONSOLE" in line]
    return [line for line in lines if re.search(r"Uncaught|Failed to load|Refused to|ERR_", line)]


def png_pixels(data: bytes) -> tuple[int, int, bytes]:
    """Width, height and the raw (filtered) scanlines of a PNG."""
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = struct.unpack(">II", data[16:24])
    pos, idat = 8, b""
    while pos < len(data):
        length, kind = struct.unpack(">I4s", data[pos:pos + 8])
        if kind == b"IDAT":
            idat += data[pos + 8:pos + 8 + length]
        pos += 12 + length
    return width, height, zlib.decompress(idat)


def test_screenshot_of_the_report_is_taken_without_errors(report, tmp_path):
    shot = tmp_path / "report.png"
    run = chromium(tmp_path, "--window-size=1280,2400", "--hide-scrollbars", f"--screenshot={shot}", report.as_uri())
    assert run.returncode == 0, run.stderr[-2000:]
    assert console_problems(run.stderr) == []
    width, height, raw = png_pixels(shot.read_bytes())
    assert (width, height) == (1280, 2400)
    # A page that rendered has many colours; a blank one has one or two.
    assert len(set(raw[::7])) > 20


def test_markup_in_reports_does_not_run_and_the_filters_do(report, tmp_path):
    run = chromium(tmp_path, "--dump-dom", report.as_uri())
    assert run.returncode == 0, run.stderr[-2000:]
    assert console_problems(run.stderr) == []
    dom = run.stdout
    assert "<title>Extraction review</title>" in dom  # no injected script renamed the page
    assert "PWNED" in dom and "&lt;script&gt;document.title='PWNED'&lt;/script&gt;" in dom
    assert "<img" not in dom and "<b>图书馆" not in dom
    # Our own script ran: it enables the filter checkboxes it drives.
    boxes = re.findall(r"<input[^>]*data-hide[^>]*>", dom)
    assert boxes and not [b for b in boxes if "disabled" in b]
