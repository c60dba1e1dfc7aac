#!/bin/sh
# Install headless Chromium (Debian package) for the report-rendering tests
# (tests/eval/test_report_browser.py), unless a Chromium or Chrome is already
# on PATH. CJK fonts come along so screenshots show the reports' Chinese.
# Usage: .ci/install-chromium.sh        (as root, or with sudo available)
set -eu

for name in chromium chromium-browser google-chrome google-chrome-stable; do
    if command -v "$name" >/dev/null 2>&1; then
        echo "install-chromium: found $(command -v "$name")"
        exit 0
    fi
done

if ! command -v apt-get >/dev/null 2>&1; then
    echo "install-chromium: no apt-get here; install Chromium by hand (the browser test then runs)" >&2
    exit 1
fi

SUDO=""
if [ "$(id -u)" != "0" ]; then
    SUDO="sudo"
fi

export DEBIAN_FRONTEND=noninteractive
# The package lists may be stale or unreachable on an offline runner; try the
# install from what is there before giving up.
if ! $SUDO apt-get install -y -q chromium; then
    $SUDO apt-get update -q
    $SUDO apt-get install -y -q chromium
fi
# Fonts are a nicety for screenshots, not a requirement of the tests.
$SUDO apt-get install -y -q fonts-noto-cjk || echo "install-chromium: no CJK fonts; screenshots will show boxes" >&2

chromium --version
