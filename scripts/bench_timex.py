"""Time expressions alone: scores and speed of detection plus normalisation, model excluded.

Runs ``pipeline.timex`` (with the rule-based segmentation it is given in the pipeline) over each
set and prints the timex figures and characters per second on one core. With ``--misses``, lists
what was missed, spurious or wrongly valued.

Usage:
    python scripts/bench_timex.py gold/ ../shared/benchmarks/ftib-dev.jsonl
    python scripts/bench_timex.py ../shared/benchmarks/ftib-dev.jsonl --misses
"""

from __future__ import annotations

import argparse
import datetime as dt
import time
from dataclasses import replace

from pipeline.records import Document
from pipeline.repair import find_repairs
from pipeline.score import differences, evaluate
from pipeline.segment import segment
from pipeline.timex import find_timexes
from pipeline.validate import load_documents

KEYS = [
    "timex_strict_p", "timex_strict_r", "timex_strict_f",
    "timex_relaxed_p", "timex_relaxed_r", "timex_relaxed_f",
    "timex_type_acc", "timex_value_acc", "timex_value_f",
]  # fmt: skip


def annotate(doc: Document) -> Document:
    sentences, headings = segment(doc.text, find_repairs(doc.text))
    given = dt.date.fromisoformat(doc.publication_date) if doc.publication_date else None
    timexes, anchor = find_timexes(doc.text, given, sentences, headings)
    return Document(id=doc.id, text=doc.text, timexes=tuple(timexes))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("paths", nargs="+")
    parser.add_argument("--misses", action="store_true", help="list what went wrong")
    args = parser.parse_args()
    annotate(Document(id="warm-up", text="Le 17 novembre à midi."))  # compile the grammar first
    for path in args.paths:
        gold, problems = load_documents(path)
        if not gold:
            print(f"{path}: no document ({len(problems)} problems)")
            continue
        gold = [
            replace(g, layers=tuple(x for x in g.layers or () if x.startswith("timex")))
            for g in gold
        ]
        start = time.perf_counter()
        pred = [annotate(g) for g in gold]
        seconds = time.perf_counter() - start
        chars = sum(len(g.text) for g in gold)
        figures, _ = evaluate(list(zip(gold, pred, strict=True)))
        cells = "  ".join(
            f"{k.removeprefix('timex_')}={figures[k]:.3f}" for k in KEYS if figures[k] is not None
        )
        print(f"{path}: {len(gold)} docs, {chars / seconds:,.0f} chars/s\n  {cells}")
        if args.misses:
            for g, p in zip(gold, pred, strict=True):
                for d in differences(g, p):
                    left = g.text[max(0, d.start - 30) : d.start].replace("\n", " ")
                    print(f"  {g.id} {d.kind:<12} {d.detail}   …{left}|")


if __name__ == "__main__":
    main()
