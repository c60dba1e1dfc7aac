"""Token counts to dollars, from a user's price table (TOML, USD per million tokens).

    [models."gpt-4o-mini"]
    prompt = 0.15        # or: input
    completion = 0.60    # or: output

    [models."qwen*"]     # shell-style patterns match too; an exact name wins
    prompt = 0.0
    completion = 0.0

Prices change and differ between providers, so none are built in: without a
table, or for a model the table does not name, cost stays unknown (None).
"""

from __future__ import annotations

import fnmatch
import logging
import tomllib
from dataclasses import dataclass
from pathlib import Path

from ...errors import ConfigError

log = logging.getLogger(__name__)

_PROMPT_KEYS = ("prompt", "input")
_COMPLETION_KEYS = ("completion", "output")


@dataclass(frozen=True)
class Price:
    prompt: float  # USD per million prompt tokens
    completion: float  # USD per million completion tokens

    def cost(self, prompt_tokens: int, completion_tokens: int) -> float:
        return round((prompt_tokens * self.prompt + completion_tokens * self.completion) / 1e6, 6)


class PriceTable:
    def __init__(self, prices: dict[str, Price]) -> None:
        self.prices = prices

    @classmethod
    def load(cls, path: Path) -> "PriceTable":
        try:
            data = tomllib.loads(Path(path).read_text(encoding="utf-8"))
        except FileNotFoundError:
            raise ConfigError("prices file not found", path=path) from None
        except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
            raise ConfigError(f"prices file is not valid TOML ({exc})", path=path) from None
        table = data.get("models", data)
        if not isinstance(table, dict):
            raise ConfigError("prices file needs a [models.\"<name>\"] table per model", path=path)
        prices = {}
        for model, entry in table.items():
            prices[model] = _price(model, entry, path)
        return cls(prices)

    def price_for(self, model: str) -> Price | None:
        if model in self.prices:
            return self.prices[model]
        for pattern in sorted(self.prices, key=len, reverse=True):
            if fnmatch.fnmatchcase(model, pattern):
                return self.prices[pattern]
        return None


def _price(model: str, entry: object, path: Path) -> Price:
    if not isinstance(entry, dict):
        raise ConfigError(f"prices for {model!r} must be a table with prompt and completion", path=path)
    values = []
    for keys in (_PROMPT_KEYS, _COMPLETION_KEYS):
        value = next((entry[k] for k in keys if k in entry), None)
        if isinstance(value, bool) or not isinstance(value, (int, float)) or value < 0:
            raise ConfigError(
                f"prices for {model!r} need a non-negative number for {' or '.join(keys)}", path=path
            )
        values.append(float(value))
    return Price(prompt=values[0], completion=values[1])


def load_price(path: Path | None, model: str) -> Price | None:
    """The price of ``model`` from the table at ``path``; None without one."""
    if path is None:
        return None
    price = PriceTable.load(path).price_for(model)
    if price is None:
        log.warning("the prices file %s has no entry for model %r; cost is not reported", path, model)
    return price
