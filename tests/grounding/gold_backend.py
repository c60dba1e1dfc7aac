"""A simulated backend that answers each chunk with the gold facts it holds.

Run through the whole pipeline it must reproduce the gold set exactly: any
loss is chunking, grounding or merging losing something.  With ``noise`` it
answers like a careless model as well, in a seeded, countable way: a real
quote with an invented figure, an invented quote, a paraphrased quote, a
quote from another part of the report, a fact answered twice, 万 dropped
from a unit.  ``injected`` counts what was done so tests can compare it with
the document's diagnostics.

A gold fact "lies in" a chunk when the first occurrence of its evidence in
the report (where the scorer places it) lies wholly inside the chunk.
Answers carry quotes only, no offsets, as a language model's do.
"""

from __future__ import annotations

import bisect
import random
import re
from collections import Counter
from dataclasses import dataclass
from typing import ClassVar

from extractor.backends import BackendInfo, ChunkFacts, DocContext
from extractor.chunking import Chunk
from extractor.schema import Document, Fact

_FIGURE = re.compile(r"[0-9０-９.%％零〇一二两三四五六七八九十百千万亿]")


@dataclass(frozen=True)
class Noise:
    """Probabilities (per chunk) of each kind of mistake."""

    invented_value: float = 0.0
    invented_quote: float = 0.0
    paraphrase: float = 0.0
    reformat: float = 0.0
    outside_quote: float = 0.0
    repeat: float = 0.0
    drop_wan: float = 0.0
    seed: int = 0


class GoldBackend:
    name: ClassVar[str] = "gold"
    default_chunk_size: ClassVar[int] = 2000
    default_chunk_overlap: ClassVar[int] = 200

    def __init__(self, golds: dict[str, Document], texts: dict[str, str], noise: Noise | None = None) -> None:
        self.texts = texts
        self.noise = noise
        self.rng = random.Random(noise.seed if noise else 0)
        self.injected: Counter[str] = Counter()
        # Per document: (start, end, layer, fact) by start, for bisecting.
        self._facts: dict[str, list[tuple[int, int, str, Fact]]] = {}
        for doc_id, gold in golds.items():
            text = texts[doc_id]
            placed = []
            for layer, facts in (("indicators", gold.indicators), ("items", gold.items)):
                for fact in facts:
                    at = text.find(fact.evidence)
                    if at < 0:
                        raise ValueError(f"{doc_id}: gold evidence not in the report: {fact.evidence!r}")
                    placed.append((at, at + len(fact.evidence), layer, fact))
            placed.sort(key=lambda p: (p[0], p[1]))
            self._facts[doc_id] = placed
        self._starts = {d: [p[0] for p in placed] for d, placed in self._facts.items()}
        # How often each gold fact was answered: more than once means overlap.
        self.answered: Counter[tuple[str, int]] = Counter()

    def info(self) -> BackendInfo:
        return BackendInfo(name=self.name, model="gold")

    def in_chunk(self, doc_id: str, chunk: Chunk) -> list[tuple[int, int, str, Fact]]:
        placed = self._facts[doc_id]
        lo = bisect.bisect_left(self._starts[doc_id], chunk.start)
        out = []
        for p in placed[lo:]:
            if p[0] >= chunk.end:
                break
            if p[1] <= chunk.end:
                out.append(p)
        return out

    async def extract(self, chunk: Chunk, context: DocContext) -> ChunkFacts:
        found = self.in_chunk(context.doc_id, chunk)
        answer = ChunkFacts()
        for start, _end, layer, fact in found:
            self.answered[(context.doc_id, start, id(fact))] += 1
            getattr(answer, layer).append(fact.model_copy())
        if self.noise is not None and found:
            self._add_noise(answer, found, chunk, context.doc_id)
        return answer

    async def aclose(self) -> None:
        return None

    # -- noise ---------------------------------------------------------------

    def _roll(self, p: float) -> bool:
        return p > 0 and self.rng.random() < p

    def _add_noise(self, answer: ChunkFacts, found: list, chunk: Chunk, doc_id: str) -> None:
        noise = self.noise
        assert noise is not None
        # Damage first, then add: an added fact is never damaged twice.
        self._mutate(answer, noise, chunk, doc_id)
        _, _, layer, fact = self.rng.choice(found)
        if self._roll(noise.invented_value):
            getattr(answer, layer).append(fact.model_copy(update={"value": _invent(fact.value, fact.evidence)}))
            self.injected["invented_value"] += 1
        if self._roll(noise.invented_quote):
            k = 3 + self.injected["invented_quote"] % 5
            invented = f"月球背面新建虚构示范工程{k}处"
            getattr(answer, layer).append(fact.model_copy(update={"evidence": invented, "value": float(k)}))
            self.injected["invented_quote"] += 1
        if self._roll(noise.repeat):
            getattr(answer, layer).append(fact.model_copy())
            self.injected["repeat"] += 1

    def _mutate(self, answer: ChunkFacts, noise: Noise, chunk: Chunk, doc_id: str) -> None:
        """Replace gold facts of the answer by damaged copies that grounding must mend."""
        rng = self.rng
        for layer in ("indicators", "items"):
            facts = getattr(answer, layer)
            for i, fact in enumerate(facts):
                if self._roll(noise.paraphrase):
                    changed = _paraphrase(fact.evidence, rng)
                    if changed is not None and changed not in self.texts[doc_id]:
                        facts[i] = fact = fact.model_copy(update={"evidence": changed})
                        self.injected["paraphrase"] += 1
                        continue
                if self._roll(noise.reformat):
                    changed = _reformat(fact.evidence)
                    if changed != fact.evidence and changed not in chunk.text:
                        facts[i] = fact = fact.model_copy(update={"evidence": changed})
                        self.injected["reformat"] += 1
                        continue
                if self._roll(noise.drop_wan) and fact.unit.startswith("万") and len(fact.unit) > 1:
                    facts[i] = fact.model_copy(update={"unit": fact.unit[1:]})
                    self.injected["drop_wan"] += 1
        if self._roll(noise.outside_quote):
            elsewhere = [p for p in self._facts[doc_id] if p[3].evidence not in chunk.text]
            if elsewhere:
                _, _, layer, fact = rng.choice(elsewhere)
                getattr(answer, layer).append(fact.model_copy())
                self.injected["outside_quote"] += 1

    def overlap_repeats(self) -> int:
        """Gold facts answered by more than one chunk (each extra answer is a duplicate)."""
        return sum(n - 1 for n in self.answered.values() if n > 1)


def _invent(value: float, evidence: str) -> float:
    """A figure close to ``value`` that the evidence does not contain."""
    digits = evidence.replace(",", "")
    for step in (0.37, 1.13, 2.71, 9.29, 13.7):
        wrong = round(value + step if value >= 0 else value - step, 2)
        if f"{abs(wrong):g}" not in digits:
            return wrong
    raise AssertionError(f"no invented figure for {evidence!r}")


def _paraphrase(evidence: str, rng: random.Random) -> str | None:
    """Drop one character, or insert 了, away from any figure: a model misquoting slightly."""
    # Only letters: dropping a space or a comma would be a normalisation, not a paraphrase.
    spots = [i for i in range(2, len(evidence) - 2) if _is_letter(evidence[i]) and not _near_figure(evidence, i)]
    if len(evidence) < 10 or not spots:
        return None
    i = rng.choice(spots)
    if rng.random() < 0.5:
        return evidence[:i] + evidence[i + 1 :]
    return evidence[:i] + "了" + evidence[i:]


def _is_letter(ch: str) -> bool:
    return "\u4e00" <= ch <= "\u9fff" and not _FIGURE.match(ch)


def _near_figure(text: str, i: int) -> bool:
    return any(_FIGURE.match(text, j) for j in range(max(0, i - 1), min(len(text), i + 2)))


_HALF = str.maketrans({"，": ",", "：": ":", "；": ";", "（": "(", "）": ")", "“": '"', "”": '"', "%": "％"})


def _reformat(evidence: str) -> str:
    """Width variants and a stray space: what a model's tokenizer does to a quote."""
    out = evidence.translate(_HALF)
    mid = len(out) // 2
    return out[:mid] + " " + out[mid:]
