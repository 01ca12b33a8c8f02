"""What each entity rule family does on text it was not written for.

Each set is parsed once (the model and the time expressions); its entities are then found again
with every rule family of ``pipeline.entities.FAMILIES`` on, and with each family switched off
in turn. For each part of each set (``splits.py``: ``tune``, the part rules may be written on;
``check``, the part only scored) the table gives the figures with every rule, then, per family,
what its presence adds (every rule, minus every rule but it): to PER/LOC/ORG strict and fuzzy
F1, to each label's strict F1, and to cluster B³ where the set annotates clusters. A family
whose presence lowers a check part, or a label there, is the one to look at first; ``—``: no
change.

Usage:
    python scripts/rule_families.py ../shared/benchmarks/winer-fr-dev.jsonl \\
        ../shared/benchmarks/news-dev.jsonl gold/ --out out/families.md
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Iterable, Sequence
from dataclasses import replace
from pathlib import Path

from benchmark import emit, score_set
from splits import parts

from pipeline.entities import FAMILIES, find_entities
from pipeline.io import RawInput
from pipeline.process import Annotator
from pipeline.records import Document
from pipeline.report import fmt
from pipeline.score import Figures
from pipeline.validate import load_documents

KEYS = [
    ("PER/LOC/ORG", "plo_strict_f"),
    ("fuzzy", "plo_fuzzy_f"),
    ("PER", "ents_PER_strict_f"),
    ("LOC", "ents_LOC_strict_f"),
    ("ORG", "ents_ORG_strict_f"),
    ("B³", "clusters_b3_f"),
]
LATER = ("chronique_entities", "chronique_events")


def parsed(annotator: Annotator, gold: Sequence[Document]) -> list:
    """The documents through the model and the time expressions, not yet through our entities
    (``doc.ents`` are the model's)."""
    raws = [RawInput(d.id, d.text, d.publication_date, d.id) for d in gold]
    too_long = [r.id for r in raws if len(r.text) > annotator.window]
    if too_long:
        sys.exit(f"longer than one window ({annotator.window} characters): {too_long[:3]}")
    with annotator.nlp.select_pipes(disable=list(LATER)):
        return list(annotator.nlp.pipe(annotator.make_doc(r) for r in raws))


def with_entities(
    annotator: Annotator, gold: Sequence[Document], docs: Iterable, off: frozenset[str]
) -> list[Document]:
    """The gold documents with the entities found with the families ``off`` switched off."""
    return [
        replace(g, entities=find_entities(doc, doc._.chronique_timexes, annotator.nlp, off))
        for g, doc in zip(gold, docs, strict=True)
    ]


def figures(
    annotator: Annotator,
    gold: list[Document],
    docs: list,
    split: dict[str, list[Document]],
    off: frozenset[str],
) -> dict[str, Figures]:
    """The scores of each part with the families ``off`` switched off."""
    pred = with_entities(annotator, gold, docs, off)
    return {name: score_set(part, pred) for name, part in split.items()}


def change(on: Figures, without: Figures, key: str) -> str:
    a, b = on.get(key), without.get(key)
    if a is None or b is None or round(a - b, 3) == 0:
        return "—"
    return f"{a - b:+.3f}"


def run(paths: list[str]) -> str:
    annotator = Annotator()
    header = ["family", *(f"{part} {label}" for part in ("tune", "check") for label, _ in KEYS)]
    sections = []
    for path in paths:
        gold, _ = load_documents(path)
        split = parts(gold)
        if not split:
            continue
        docs = parsed(annotator, gold)
        print(f"{Path(path).name}: parsed {len(gold)}", file=sys.stderr)

        everything = figures(annotator, gold, docs, split, frozenset())
        names = list(split)  # "tune (2016)", "check (2017)" or "tune", "check"
        rows = [["every rule", *(fmt(everything[n].get(k)) for n in names for _, k in KEYS)]]
        for family in FAMILIES:
            without = figures(annotator, gold, docs, split, frozenset({family}))
            rows.append(
                [family, *(change(everything[n], without[n], k) for n in names for _, k in KEYS)]
            )
        title = f"### {Path(path).name} ({', '.join(f'{n}: {len(split[n])}' for n in names)})"
        lines = [title, "", "| " + " | ".join(header) + " |", "|" + " --- |" * len(header)]
        lines += ["| " + " | ".join(row) + " |" for row in rows]
        sections.append("\n".join(lines))
    legend = "\n".join(f"- `{name}`: {what}" for name, what in FAMILIES.items())
    return "\n\n".join([*sections, "Families:\n\n" + legend]) + "\n"


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("paths", nargs="+", help="benchmark .jsonl files and gold directories")
    parser.add_argument("--out", type=Path, help="write the Markdown tables here too")
    args = parser.parse_args(argv)
    emit(run(args.paths), args.out)


if __name__ == "__main__":
    main()
