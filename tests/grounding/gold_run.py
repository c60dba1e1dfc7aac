"""Print the simulated-gold figures: F1 per chunking, and noise injected vs. counted.

    .venv/bin/python tests/grounding/gold_run.py [seed]

The same runs as tests/grounding/test_grounding_gold.py, with the figures
printed instead of asserted.
"""

from __future__ import annotations

import asyncio
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from extractor.evaluation.data import load_documents, load_reports  # noqa: E402
from extractor.evaluation.scoring import score_all  # noqa: E402
from extractor.pipeline import Pipeline  # noqa: E402
from extractor.settings import Settings  # noqa: E402
from tests.grounding.gold_backend import GoldBackend, Noise  # noqa: E402

CHUNKINGS = [(4000, 0), (3000, 200), (2000, 200), (300, 80)]
NOISE = dict(invented_value=0.5, invented_quote=0.3, paraphrase=0.1, reformat=0.1,
             outside_quote=0.3, repeat=0.3, drop_wan=0.5)
# Injected kind -> the diagnostics counter that must count it.
COUNTED_AS = {
    "invented_value": "ungrounded_value",
    "invented_quote": "ungrounded_evidence",
    "outside_quote": "ungrounded_outside_chunk",
    "paraphrase": "aligned_fuzzy",
    "reformat": "aligned_normalized",
    "drop_wan": "unit_repaired",
}


def run(golds, texts, size, overlap, noise=None):
    backend = GoldBackend(golds, texts, noise)

    async def go():
        async with Pipeline(Settings(chunk_size=size, chunk_overlap=overlap), backend=backend) as pipeline:
            return {d: await pipeline.extract(texts[d], d) for d in golds}

    preds = asyncio.run(go())
    scores = score_all(preds, golds, texts)
    counts: Counter[str] = Counter()
    for doc in preds.values():
        counts.update(doc.diagnostics.counts)
    return backend, scores, counts


def main() -> None:
    seed = int(sys.argv[1]) if len(sys.argv) > 1 else 1
    golds = load_documents(ROOT / "eval" / "gold")
    texts = load_reports(ROOT / "eval" / "reports", sorted(golds))
    print("chunking    noise  indicators F1  items loose F1  items strict F1  facts out")
    for size, overlap in CHUNKINGS:
        for noisy in (False, True):
            noise = Noise(**NOISE, seed=seed) if noisy else None
            backend, s, counts = run(golds, texts, size, overlap, noise)
            print(f"{size:5d}/{overlap:<4d}  {'yes' if noisy else 'no ':5s}  {s.indicators.f1:13.4f}  "
                  f"{s.items_loose.f1:14.4f}  {s.items_strict.f1:15.4f}  "
                  f"{s.indicators.n_pred + s.items_strict.n_pred:9d}")
            if noisy:
                for kind, counter in COUNTED_AS.items():
                    print(f"            {kind:15s} injected {backend.injected[kind]:4d}   {counter:25s} {counts[counter]:4d}")
                dups = backend.injected["repeat"] + backend.overlap_repeats()
                print(f"            {'repeat+overlap':15s} injected {dups:4d}   {'duplicates_merged':25s} "
                      f"{counts['duplicates_merged']:4d}")


if __name__ == "__main__":
    main()
