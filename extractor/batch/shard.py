"""``--shard I/N``: the I-th of N contiguous, nearly equal parts of a corpus.

Contiguous parts of the (sorted, deterministic) input list make the shard
outputs, concatenated in shard order, equal the unsharded output; every
machine of a job array computes the same split from the same inputs.
"""

from __future__ import annotations

import re
from typing import Sequence, TypeVar

from pydantic import BaseModel, Field, model_validator

from ..errors import ConfigError

T = TypeVar("T")

_SHARD = re.compile(r"^\s*(\d+)\s*/\s*(\d+)\s*$")


class Shard(BaseModel):
    index: int = Field(ge=0)
    count: int = Field(ge=1)

    @model_validator(mode="after")
    def _index_in_range(self) -> "Shard":
        if self.index >= self.count:
            raise ValueError(f"shard index {self.index} must be below the shard count {self.count}")
        return self

    @classmethod
    def parse(cls, text: str) -> "Shard":
        match = _SHARD.match(text)
        if not match:
            raise ConfigError(
                f"--shard takes I/N (e.g. 0/4 for the first of four parts), got {text!r}"
            )
        index, count = int(match.group(1)), int(match.group(2))
        if count < 1 or index >= count:
            raise ConfigError(f"--shard {text}: I must be 0 … N-1 and N at least 1")
        return cls(index=index, count=count)

    def bounds(self, total: int) -> tuple[int, int]:
        """[start, stop) of this shard among ``total`` inputs."""
        return total * self.index // self.count, total * (self.index + 1) // self.count

    def select(self, items: Sequence[T]) -> list[T]:
        start, stop = self.bounds(len(items))
        return list(items[start:stop])

    def __str__(self) -> str:
        return f"{self.index}/{self.count}"
