"""Throughput and memory: the whole pipeline against bare ``fr_core_news_md``, in one run.

Builds a corpus of N articles from ``corpus/`` (each article's paragraphs reshuffled, so no two
texts are the same), then measures on one core: bare ``nlp.pipe`` of the model as published, and
the full pipeline (docs/s, tokens/s, the ratio full/bare), the time of each stage of the full
pipeline, and the peak RSS. With ``--jobs 2`` it also times ``annotate_all`` with two worker
processes against one (model loading included in both, said so in the output).

Usage:
    python scripts/bench.py --docs 200
    python scripts/bench.py --docs 200 --jobs 2
"""

from __future__ import annotations

import argparse
import random
import resource
import time
from pathlib import Path

import spacy

from pipeline.entities import find_entities
from pipeline.events import find_events
from pipeline.io import RawInput
from pipeline.nlp import build_nlp
from pipeline.process import annotate_all, sentences_of
from pipeline.timex import find_timexes

ROOT = Path(__file__).resolve().parent.parent


def make_corpus(n: int, seed: int = 0) -> list[str]:
    articles = [p.read_text(encoding="utf-8") for p in sorted((ROOT / "corpus").glob("*.txt"))]
    rng = random.Random(seed)
    texts = []
    for i in range(n):
        lines = articles[i % len(articles)].split("\n")
        head, body = lines[:1], lines[1:]
        if i >= len(articles):
            rng.shuffle(body)
        texts.append("\n".join(head + body))
    return texts


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--docs", type=int, default=200)
    parser.add_argument("--batch", type=int, default=16)
    parser.add_argument("--jobs", type=int, default=1)
    args = parser.parse_args()
    texts = make_corpus(args.docs)
    chars = sum(map(len, texts))
    print(f"corpus: {len(texts)} articles, {chars:,} characters")

    bare = spacy.load("fr_core_news_md")
    list(bare.pipe(texts[:4]))
    start = time.perf_counter()
    tokens = sum(len(d) for d in bare.pipe(texts, batch_size=args.batch))
    bare_s = time.perf_counter() - start
    del bare

    nlp = build_nlp()
    list(nlp.pipe(texts[:4]))
    model = "model (tokenizer, segmenter, spaCy)"
    stages = {
        model: 0.0,
        "time expressions": 0.0,
        "entities": 0.0,
        "events": 0.0,
    }
    start = time.perf_counter()
    tick = start
    for doc in nlp.pipe(texts, batch_size=args.batch):
        now = time.perf_counter()
        stages[model] += now - tick
        sentences = sentences_of(doc)
        timexes, anchor = find_timexes(doc._.raw, None, sentences, doc._.headings)
        t1 = time.perf_counter()
        entities = find_entities(doc, timexes, nlp)
        t2 = time.perf_counter()
        find_events(doc, entities, timexes, doc._.headings, anchor.isoformat() if anchor else None)
        t3 = time.perf_counter()
        stages["time expressions"] += t1 - now
        stages["entities"] += t2 - t1
        stages["events"] += t3 - t2
        tick = time.perf_counter()
    full_s = time.perf_counter() - start

    print(f"{'':<26}{'docs/s':>9}{'tokens/s':>11}{'chars/s':>11}")
    for name, seconds in (("fr_core_news_md alone", bare_s), ("chronique (full)", full_s)):
        rates = f"{len(texts) / seconds:>9.1f}{tokens / seconds:>11,.0f}{chars / seconds:>11,.0f}"
        print(f"{name:<26}{rates}")
    print(f"ratio full/bare: {bare_s / full_s:.2f}")
    for name, seconds in stages.items():
        print(f"  {name:<38} {seconds:6.2f} s ({seconds / full_s:5.1%})")
    print(f"peak RSS: {peak_rss_mb():,.0f} MB")

    if args.jobs > 1:
        raws = [RawInput(f"a{i}", t, None, f"a{i}") for i, t in enumerate(texts)]
        timings = {}
        for jobs in (1, args.jobs):
            start = time.perf_counter()
            for _ in annotate_all(iter(raws), jobs=jobs):
                pass
            timings[jobs] = time.perf_counter() - start
        speedup = timings[1] / timings[args.jobs]
        print(
            f"annotate_all, model loading included: 1 process {timings[1]:.1f} s, "
            f"{args.jobs} processes {timings[args.jobs]:.1f} s, speed-up {speedup:.2f}"
        )


if __name__ == "__main__":
    main()
