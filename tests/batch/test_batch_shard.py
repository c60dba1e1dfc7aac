"""--shard I/N: contiguous parts that cover the inputs exactly once, in order."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from extractor.batch.shard import Shard
from extractor.errors import ConfigError


@given(total=st.integers(0, 5000), count=st.integers(1, 64))
def test_parts_concatenate_to_the_whole(total, count):
    items = list(range(total))
    parts = [Shard(index=i, count=count).select(items) for i in range(count)]
    assert [x for part in parts for x in part] == items
    sizes = [len(p) for p in parts]
    assert max(sizes) - min(sizes) <= 1


@pytest.mark.parametrize(("text", "index", "count"), [("0/2", 0, 2), ("1/2", 1, 2), (" 3 / 8 ", 3, 8), ("0/1", 0, 1)])
def test_parse(text, index, count):
    shard = Shard.parse(text)
    assert (shard.index, shard.count) == (index, count)
    assert str(shard) == f"{index}/{count}"


@pytest.mark.parametrize("text", ["2/2", "1/0", "-1/3", "1", "a/b", "1/2/3", ""])
def test_bad_shards_are_config_errors(text):
    with pytest.raises(ConfigError):
        Shard.parse(text)
