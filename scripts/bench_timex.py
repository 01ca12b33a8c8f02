"""Time expressions alone: scores and speed of detection plus normalisation, model excluded.

Runs ``pipeline.timex`` (with the rule-based segmentation it is given in the pipeline) over each
set and prints the timex figures and characters per second on one core. Each set of more than
one document is also scored in two parts (``splits.py``): the ``tune`` part is the one to look at
(``--misses tune``), the ``check`` part the one only scored, so a change is kept when it helps
the part it was not written on. ``--misses all|tune|check``
lists what was missed, spurious or wrongly valued. ``--full`` runs the whole pipeline (the
model's parse gives the tense that directs weekdays and months) instead of the grammar alone.

Usage:
    python scripts/bench_timex.py gold/ ../shared/benchmarks/ftib-dev.jsonl \
        ../shared/benchmarks/news-dev.jsonl
    python scripts/bench_timex.py ../shared/benchmarks/ftib-dev.jsonl --misses tune
"""

from __future__ import annotations

import argparse
import datetime as dt
import time
from dataclasses import replace

from splits import parts

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


def annotate_full(docs: list[Document]) -> dict[str, Document]:
    """The whole pipeline's time expressions for ``docs``."""
    from pipeline.io import RawInput
    from pipeline.process import shared_annotator

    raws = [RawInput(d.id, d.text, d.publication_date, d.id) for d in docs]
    done = shared_annotator().annotate(raws)
    return {r.id: Document(id=r.id, text=r.text, timexes=r.timexes) for r in done}  # type: ignore[union-attr]


def report(name: str, gold: list[Document], pred: list[Document], seconds: float | None) -> None:
    figures, _ = evaluate(list(zip(gold, pred, strict=True)))
    cells = "  ".join(
        f"{k.removeprefix('timex_')}={figures[k]:.3f}" for k in KEYS if figures[k] is not None
    )
    chars = sum(len(g.text) for g in gold)
    speed = f", {chars / seconds:,.0f} chars/s" if seconds else ""
    print(f"{name}: {len(gold)} docs{speed}\n  {cells}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("paths", nargs="+")
    parser.add_argument("--misses", choices=["all", "tune", "check"], help="list what went wrong")
    parser.add_argument("--full", action="store_true", help="the whole pipeline, parse included")
    args = parser.parse_args()
    annotate(Document(id="warm-up", text="Le 17 novembre à midi, le 21.11.2023."))  # load all first
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
        pred = annotate_full(gold) if args.full else {g.id: annotate(g) for g in gold}
        report(path, gold, [pred[g.id] for g in gold], time.perf_counter() - start)
        halves = parts(gold)
        for half, docs in halves.items():
            report(f"  {half} half", docs, [pred[g.id] for g in docs], None)
        if args.misses:
            chosen = [docs for name, docs in halves.items() if name.startswith(args.misses)]
            shown = chosen[0] if chosen else gold
            for g in shown:
                for d in differences(g, pred[g.id]):
                    left = g.text[max(0, d.start - 30) : d.start].replace("\n", " ")
                    print(f"  {g.id} {d.kind:<12} {d.detail}   …{left}|")


if __name__ == "__main__":
    main()
