"""Where the bundled data lives: in a checkout, or inside an installed wheel.

The repository keeps prompts/ and eval/ at its top level; the wheel carries
copies under extractor/_bundled/ (see pyproject.toml).  A checkout wins so an
editable install always uses the files being edited.
"""

from __future__ import annotations

from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent
_CHECKOUT = _PACKAGE.parent
_BUNDLED = _PACKAGE / "_bundled"


def _pick(*relative: str) -> Path:
    checkout = _CHECKOUT.joinpath(*relative)
    if checkout.exists() and (_CHECKOUT / "pyproject.toml").exists():
        return checkout
    return _BUNDLED.joinpath(*relative)


def prompts_dir() -> Path:
    return _pick("prompts")


def eval_dir() -> Path:
    return _pick("eval")


def gold_dir() -> Path:
    return eval_dir() / "gold"


def reports_dir() -> Path:
    return eval_dir() / "reports"
