"""Benchmark Chronique against the development sets and the project's gold, beside anchors.

Runs, on each set, in one process:
- ``chronique``: the full pipeline;
- ``spacy``: ``fr_core_news_md`` alone (its entities, one per mention);
- ``dateparser``: ``dateparser.search_dates`` alone (its dates, located in the text in order);
then scores each with ``pipeline.score`` and writes a Markdown table: each set whole, then its
two parts (``splits.py``: the part rules were tuned on, the part only scored), so a figure on
text the rules were not written for sits beside the model's alone. Speed (characters per
second) times the run alone, after each system has loaded. HeidelTime's published
French TimeBank figures are shown as a fixed anchor (strict F1 0.86, relaxed 0.91, value F1 0.74).

Usage:
    python scripts/benchmark.py ../shared/benchmarks/*-dev.jsonl gold/ --out out/benchmark.md
    python scripts/benchmark.py ../shared/benchmarks/winer-fr-dev.jsonl --limit 200
"""

from __future__ import annotations

import argparse
import datetime as dt
import logging
import sys
import time
from collections.abc import Callable, Iterable
from dataclasses import replace
from pathlib import Path
from typing import Any

from splits import parts

from pipeline.io import RawInput
from pipeline.process import Annotator
from pipeline.records import Document, Entity, Span, Timex
from pipeline.report import fmt
from pipeline.score import Figures, evaluate
from pipeline.validate import load_documents

log = logging.getLogger("benchmark")

HEIDELTIME_FTIB = {"timex_strict_f": 0.86, "timex_relaxed_f": 0.91, "timex_value_f": 0.74}

COLUMNS = [
    ("ents strict F", "ents_strict_f"),
    ("PER/LOC/ORG strict F", "plo_strict_f"),
    ("ents fuzzy F", "ents_fuzzy_f"),
    ("PER/LOC/ORG fuzzy F", "plo_fuzzy_f"),
    ("PER strict F", "ents_PER_strict_f"),
    ("LOC strict F", "ents_LOC_strict_f"),
    ("ORG strict F", "ents_ORG_strict_f"),
    ("ORG strict R", "ents_ORG_strict_r"),
    ("clusters B³ F", "clusters_b3_f"),
    ("clusters CoNLL F", "clusters_conll_f"),
    ("timex strict F", "timex_strict_f"),
    ("timex relaxed F", "timex_relaxed_f"),
    ("timex relaxed R", "timex_relaxed_r"),
    ("timex value F", "timex_value_f"),
    ("events F", "events_f"),
    ("timeline τ", "timeline_tau"),
]

System = Callable[[list[Document]], list[Document]]


def chronique() -> System:
    annotator = Annotator()
    return lambda gold: annotate(annotator, gold)


def annotate(annotator: Annotator, gold: list[Document]) -> list[Document]:
    raws = [RawInput(d.id, d.text, d.publication_date, d.id) for d in gold]
    out = []
    for result in annotator.annotate(raws):
        if isinstance(result, Document):
            out.append(result)
        else:
            log.warning("chronique failed: %s", result)
    return out


def bare_spacy() -> System:
    import spacy

    nlp = spacy.load("fr_core_news_md")
    return lambda gold: spacy_entities(nlp, gold)


def spacy_entities(nlp: Any, gold: list[Document]) -> list[Document]:
    out = []
    for g, doc in zip(gold, nlp.pipe(d.text for d in gold), strict=True):
        entities = tuple(
            Entity(f"e{i}", e.label_, e.text, (Span(e.start_char, e.end_char, e.text),))
            for i, e in enumerate(doc.ents, 1)
            if e.label_ in ("PER", "ORG", "LOC", "MISC")
        )
        out.append(Document(id=g.id, text=g.text, entities=entities))
    return out


def dateparser_timexes(text: str, publication_date: str | None) -> tuple[Timex, ...]:
    from dateparser.search import search_dates

    base = (
        dt.datetime.fromisoformat(publication_date) if publication_date else dt.datetime(2000, 1, 1)
    )
    found = search_dates(text, languages=["fr"], settings={"RELATIVE_BASE": base}) or []
    out, cursor = [], 0
    for n, (surface, when) in enumerate(found, 1):
        start = text.find(surface, cursor)
        if start < 0:
            continue
        cursor = start + len(surface)
        has_time = (when.hour, when.minute) != (0, 0)
        value = when.strftime("%Y-%m-%dT%H:%M") if has_time else when.date().isoformat()
        out.append(Timex(f"t{n}", start, cursor, surface, "TIME" if has_time else "DATE", value))
    return tuple(out)


def bare_dateparser() -> System:
    return lambda gold: [
        Document(id=g.id, text=g.text, timexes=dateparser_timexes(g.text, g.publication_date))
        for g in gold
    ]


#: each entry loads its system once (not timed) and returns the function that runs it (timed)
SYSTEMS: dict[str, Callable[[], System]] = {
    "chronique": chronique,
    "fr_core_news_md alone": bare_spacy,
    "dateparser.search_dates alone": bare_dateparser,
}


def without_misc(docs: Iterable[Document]) -> list[Document]:
    return [replace(d, entities=tuple(e for e in d.entities if e.label != "MISC")) for d in docs]


def score_set(gold: list[Document], pred: list[Document]) -> Figures:
    by_id = {d.id: d for d in pred}
    pairs = [(g, by_id.get(g.id, Document(id=g.id, text=g.text))) for g in gold]
    figures, _ = evaluate(pairs)
    plo, _ = evaluate(
        zip(without_misc(g for g, _ in pairs), without_misc(p for _, p in pairs), strict=True)
    )
    figures["plo_strict_f"] = plo["ents_strict_f"]
    figures["plo_fuzzy_f"] = plo["ents_fuzzy_f"]
    return figures


def run(paths: list[str], limit: int | None, only: str | None = None) -> str:
    rows = []
    systems = {name: make() for name, make in SYSTEMS.items() if only in (None, name)}
    for path in paths:
        gold, problems = load_documents(path)
        if problems:
            log.warning("%s: %d problem(s), first: %s", path, len(problems), problems[0])
        if not gold:
            log.warning("%s: no document of the format; skipped", path)
            continue
        gold = gold[:limit] if limit else gold
        chars = sum(len(d.text) for d in gold)
        name = Path(path).name
        for system, fn in systems.items():
            start = time.perf_counter()
            pred = fn(gold)
            seconds = time.perf_counter() - start
            figures = score_set(gold, pred)
            rows.append((name, len(gold), system, figures, chars / seconds))
            print(f"{name} {system}: {seconds:.1f}s", file=sys.stderr)
            if system == "dateparser.search_dates alone":
                continue
            for part, docs in parts(gold).items():
                rows.append((f"{name}, {part}", len(docs), system, score_set(docs, pred), None))
        if name.startswith("ftib"):
            rows.append(
                (
                    name,
                    len(gold),
                    "HeidelTime (published, whole corpus)",
                    dict(HEIDELTIME_FTIB),
                    None,
                )
            )
    header = "| set | docs | system | " + " | ".join(c for c, _ in COLUMNS) + " | chars/s |"
    lines = [header, "|" + " --- |" * (len(COLUMNS) + 4)]
    for name, n, system, figures, speed in rows:
        cells = [fmt(figures.get(key)) for _, key in COLUMNS]
        lines.append(
            f"| {name} | {n} | {system} | "
            + " | ".join(cells)
            + f" | {f'{speed:,.0f}' if speed else '—'} |"
        )
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("paths", nargs="+", help="benchmark .jsonl files and gold directories")
    parser.add_argument("--out", type=Path, help="write the Markdown table here too")
    parser.add_argument("--limit", type=int, help="score only the first N documents of each set")
    parser.add_argument("--only", choices=list(SYSTEMS), help="run only this system")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.WARNING)
    emit(run(args.paths, args.limit, args.only), args.out)


def emit(report: str, out: Path | None) -> None:
    """Print a report, and write it to ``out`` too when given."""
    print(report)
    if out:
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(report, encoding="utf-8")


if __name__ == "__main__":
    main()
