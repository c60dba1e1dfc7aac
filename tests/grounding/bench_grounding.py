"""Benchmark: grounding and merging time against report size (prints figures).

    .venv/bin/python tests/grounding/bench_grounding.py [MB ...]

A long report is made by repeating the bundled reports; every chunk is
answered with the gold facts that lie in it (evidence only, as a model
answers), some quotes reformatted and some paraphrased so the normalised
and fuzzy paths run too.  Times should grow linearly with the size.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from extractor.backends import ChunkFacts  # noqa: E402
from extractor.chunking import chunk_text  # noqa: E402
from extractor.evaluation.data import load_documents  # noqa: E402
from extractor.grounding import ground_chunk  # noqa: E402
from extractor.merging import merge_indicators, merge_items  # noqa: E402
from extractor.schema import Diagnostics  # noqa: E402
from extractor.sections import split_sections  # noqa: E402


def build(megabytes: float) -> tuple[str, list[tuple[int, int, str, object]]]:
    golds = load_documents(ROOT / "eval" / "gold")
    parts, facts, size = [], [], 0
    target = int(megabytes * 1_000_000)
    while size < target:
        for doc_id, gold in golds.items():
            text = (ROOT / "eval" / "reports" / f"{doc_id}.txt").read_text(encoding="utf-8")
            base = sum(len(p) for p in parts)
            for layer, layer_facts in (("indicators", gold.indicators), ("items", gold.items)):
                for n, fact in enumerate(layer_facts):
                    at = text.find(fact.evidence)
                    evidence = fact.evidence
                    if n % 10 == 3:
                        evidence = evidence.replace("，", ",")  # normalised path
                    elif n % 10 == 7 and len(evidence) > 12:
                        evidence = evidence[:5] + evidence[6:]  # fuzzy path
                    facts.append((base + at, base + at + len(fact.evidence), layer,
                                  fact.model_copy(update={"evidence": evidence})))
            parts.append(text + "\n")
            size += len((text + "\n").encode("utf-8"))
    facts.sort(key=lambda f: f[0])
    return "".join(parts), facts


def run(megabytes: float) -> None:
    text, facts = build(megabytes)
    t0 = time.perf_counter()
    chunks = chunk_text(text, split_sections(text), 2000, 200)
    t1 = time.perf_counter()
    diag = Diagnostics()
    indicators, items = [], []
    i = 0
    for chunk in chunks:
        while i < len(facts) and facts[i][0] < chunk.start:
            i += 1
        answer = ChunkFacts()
        j = i
        while j < len(facts) and facts[j][0] < chunk.end:
            if facts[j][1] <= chunk.end:
                getattr(answer, facts[j][2]).append(facts[j][3])
            j += 1
        ind, it = ground_chunk(text, chunk, answer, diag)
        indicators.extend(ind)
        items.extend(it)
    t2 = time.perf_counter()
    merged_ind = merge_indicators(indicators, diag)
    merged_items = merge_items(items, diag)
    t3 = time.perf_counter()
    mb = len(text.encode("utf-8")) / 1e6
    print(
        f"{mb:6.1f} MB  {len(chunks):6d} chunks  {len(facts):7d} facts in  "
        f"{len(merged_ind) + len(merged_items):6d} out  "
        f"chunking {t1 - t0:6.2f}s  grounding {t2 - t1:6.2f}s ({(t2 - t1) / mb:5.2f} s/MB)  "
        f"merging {t3 - t2:5.2f}s ({(t3 - t2) / mb:5.3f} s/MB)  "
        f"fuzzy {diag.counts.get('aligned_fuzzy', 0)}  dropped {len(diag.ungrounded)}"
    )


if __name__ == "__main__":
    for size in [float(a) for a in sys.argv[1:]] or [1.0, 5.0, 20.0]:
        run(size)
