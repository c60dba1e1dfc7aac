"""Client-side rate limits (with a fake clock) and cost accounting from a price table."""

from __future__ import annotations

import asyncio

import pytest

from extractor.backends.llm import OpenAIBackend
from extractor.backends.llm.pricing import PriceTable
from extractor.backends.llm.ratelimit import RateLimiter
from extractor.errors import ConfigError
from tests.fakes import Reply, SchemaInvalid
from tests.llm.helpers import run_chunk, run_text


class FakeClock:
    def __init__(self) -> None:
        self.now = 0.0
        self.sleeps: list[float] = []

    def __call__(self) -> float:
        return self.now

    async def sleep(self, seconds: float) -> None:
        self.sleeps.append(seconds)
        self.now += seconds


def admit(limiter: RateLimiter, tokens: list[int]) -> list[float]:
    """When each request starts."""

    async def go() -> list[float]:
        times = []
        for t in tokens:
            await limiter.acquire(t)
            times.append(limiter._clock())
        return times

    return asyncio.run(go())


def test_requests_per_minute_spread_the_starts():
    clock = FakeClock()
    limiter = RateLimiter(requests_per_minute=2, clock=clock, sleep=clock.sleep)
    assert admit(limiter, [1, 1, 1, 1, 1]) == [0.0, 0.0, 60.0, 60.0, 120.0]


def test_tokens_per_minute_hold_back_a_request_that_does_not_fit():
    clock = FakeClock()
    limiter = RateLimiter(tokens_per_minute=1000, clock=clock, sleep=clock.sleep)
    assert admit(limiter, [600, 300, 500]) == [0.0, 0.0, 60.0]


def test_a_request_larger_than_the_token_limit_still_runs_alone():
    clock = FakeClock()
    limiter = RateLimiter(tokens_per_minute=100, clock=clock, sleep=clock.sleep)
    assert admit(limiter, [500, 10]) == [0.0, 60.0]


def test_settling_with_the_servers_count_frees_the_window():
    clock = FakeClock()
    limiter = RateLimiter(tokens_per_minute=1000, clock=clock, sleep=clock.sleep)

    async def go() -> float:
        ticket = await limiter.acquire(900)  # a generous estimate ...
        RateLimiter.settle(ticket, 200)  # ... and what it really cost
        await limiter.acquire(700)
        return clock.now

    assert asyncio.run(go()) == 0.0


def test_the_backend_passes_requests_through_its_limiter(server, make_settings):
    clock = FakeClock()
    limiter = RateLimiter(requests_per_minute=1, clock=clock, sleep=clock.sleep)
    server.script(SchemaInvalid(), Reply())
    run_chunk(OpenAIBackend(make_settings(cache=False), rate_limiter=limiter), "全年新建公共停车位1500个。")
    assert server.count() == 2 and clock.sleeps == [60.0]


def test_cost_is_computed_from_the_price_table(server, make_settings, tmp_path):
    prices = tmp_path / "prices.toml"
    prices.write_text('[models."fake-*"]\nprompt = 2.0\ncompletion = 8.0\n', encoding="utf-8")
    server.script(SchemaInvalid(usage=(1000, 100)), Reply(usage=(3000, 400)))
    doc = run_text(make_settings(cache=False, prices_file=prices), "二、2025年工作安排\n全年新建公共停车位1500个。\n")
    assert doc.usage.prompt_tokens == 4000 and doc.usage.completion_tokens == 500
    assert doc.usage.cost_usd == pytest.approx((4000 * 2.0 + 500 * 8.0) / 1e6)


def test_without_a_price_table_cost_is_unknown(server, make_settings):
    server.script(Reply(usage=(1000, 100)))
    doc = run_text(make_settings(cache=False), "二、2025年工作安排\n全年新建公共停车位1500个。\n")
    assert doc.usage.cost_usd is None


def test_an_exact_model_name_wins_over_a_pattern(tmp_path):
    prices = tmp_path / "prices.toml"
    prices.write_text(
        '[models."gpt-*"]\ninput = 1.0\noutput = 1.0\n[models."gpt-4o-mini"]\ninput = 0.15\noutput = 0.6\n',
        encoding="utf-8",
    )
    table = PriceTable.load(prices)
    assert table.price_for("gpt-4o-mini").prompt == 0.15
    assert table.price_for("gpt-4.1").prompt == 1.0
    assert table.price_for("qwen2.5") is None


@pytest.mark.parametrize(
    "content, message",
    [
        ('[models."m"]\nprompt = "cheap"\ncompletion = 1\n', "non-negative number"),
        ('[models."m"]\nprompt = 1\n', "completion or output"),
        ("models = [", "not valid TOML"),
    ],
)
def test_a_bad_price_table_is_a_config_error(tmp_path, content, message):
    prices = tmp_path / "prices.toml"
    prices.write_text(content, encoding="utf-8")
    with pytest.raises(ConfigError, match=message):
        PriceTable.load(prices)
