"""Evaluation reports: a compact terminal table, and Markdown or self-contained HTML pages.

The pages show the figures per layer and per document and, for each document, every missed,
spurious or wrong item in its line of the article, the item highlighted, so a user sees what to
fix. They need no network to open.
"""

from __future__ import annotations

import html
from collections.abc import Mapping, Sequence

from pipeline.records import LABELS, Document
from pipeline.score import Difference, Figures

#: (layer, row label, keys) for the tables; a row shows P / R / F or single figures
ROWS: list[tuple[str, str, list[str]]] = [
    ("entities", "mentions strict P/R/F", ["ents_strict_p", "ents_strict_r", "ents_strict_f"]),
    ("entities", "mentions fuzzy P/R/F", ["ents_fuzzy_p", "ents_fuzzy_r", "ents_fuzzy_f"]),
    *[
        ("entities", f"{label} strict P/R/F", [f"ents_{label}_strict_{x}" for x in "prf"])
        for label in LABELS
    ],
    (
        "clusters",
        "MUC / B³ / CEAFe / CoNLL F",
        ["clusters_muc_f", "clusters_b3_f", "clusters_ceafe_f", "clusters_conll_f"],
    ),
    ("clusters", "B³ P/R/F", ["clusters_b3_p", "clusters_b3_r", "clusters_b3_f"]),
    ("timexes", "strict P/R/F", ["timex_strict_p", "timex_strict_r", "timex_strict_f"]),
    ("timexes", "relaxed P/R/F", ["timex_relaxed_p", "timex_relaxed_r", "timex_relaxed_f"]),
    (
        "timexes",
        "type acc / value acc / value F",
        ["timex_type_acc", "timex_value_acc", "timex_value_f"],
    ),
    ("events", "P/R/F / timeline τ", ["events_p", "events_r", "events_f", "timeline_tau"]),
    ("events", "found triggers on the right day", ["events_day_acc"]),
]


def fmt(value: float | None) -> str:
    return "—" if value is None else f"{value:.3f}"


def table_rows(figures: Mapping[str, float | None]) -> list[tuple[str, str, str]]:
    return [
        (layer, label, "  ".join(fmt(figures.get(k)) for k in keys)) for layer, label, keys in ROWS
    ]


def terminal_table(figures: Figures) -> str:
    """The figures as a compact fixed-width table; ``—`` marks what was not measured."""
    docs = int(figures.get("documents") or 0)
    lines = [f"{docs} document{'s' * (docs != 1)}"]
    for layer, label, values in table_rows(figures):
        lines.append(f"{layer:<9} {label:<31} {values}")
    return "\n".join(lines)


def context(text: str, start: int, end: int, width: int = 110) -> tuple[str, str, str]:
    """The span with the rest of its line around it, cut to ``width`` characters a side."""
    line_start = text.rfind("\n", 0, start) + 1
    line_end = text.find("\n", end)
    line_end = len(text) if line_end < 0 else line_end
    left = text[max(line_start, start - width) : start]
    right = text[end : min(line_end, end + width)]
    return left, text[start:end], right


def _md_table(figures: Mapping[str, float | None]) -> list[str]:
    rows = [f"| {layer} | {label} | {values} |" for layer, label, values in table_rows(figures)]
    return ["| layer | figure | value |", "| --- | --- | --- |", *rows]


def markdown(
    figures: Figures,
    per_doc: Mapping[str, Figures],
    diffs: Mapping[str, Sequence[Difference]],
    docs: Mapping[str, Document],
) -> str:
    out = ["# Chronique evaluation", "", *_md_table(figures)]
    for doc_id, doc_figures in per_doc.items():
        out += ["", f"## {doc_id}", "", *_md_table(doc_figures)]
        items = diffs.get(doc_id, ())
        out += ["", f"{len(items)} item(s) to look at:", ""]
        for d in items:
            left, span, right = context(docs[doc_id].text, d.start, d.end)
            clean = (left + "**" + span + "**" + right).replace("|", "\\|").replace("\n", " ")
            out.append(f"- {d.layer}, {d.kind}: {d.detail} — …{clean}…")
    return "\n".join(out) + "\n"


STYLE = """
body{font-family:system-ui,sans-serif;margin:2em auto;max-width:70em;color:#222}
table{border-collapse:collapse;margin:.5em 0}td,th{border:1px solid #ccc;padding:.2em .6em}
td.v{font-family:monospace}mark{padding:0 .15em}.missed mark{background:#fcc}
.spurious mark{background:#ffd27f}.wrong mark,.split mark,.merged mark{background:#cde}
li{margin:.3em 0}.k{font-weight:600}
"""


def _html_table(figures: Mapping[str, float | None]) -> str:
    rows = "".join(
        f"<tr><td>{layer}</td><td>{html.escape(label)}</td><td class=v>{values}</td></tr>"
        for layer, label, values in table_rows(figures)
    )
    return f"<table><tr><th>layer</th><th>figure</th><th>value</th></tr>{rows}</table>"


def html_page(
    figures: Figures,
    per_doc: Mapping[str, Figures],
    diffs: Mapping[str, Sequence[Difference]],
    docs: Mapping[str, Document],
) -> str:
    parts = ["<!doctype html><meta charset=utf-8><title>Chronique evaluation</title>"]
    parts += [f"<style>{STYLE}</style><h1>Chronique evaluation</h1>", _html_table(figures)]
    for doc_id, doc_figures in per_doc.items():
        items = diffs.get(doc_id, ())
        parts.append(f"<h2 id='{html.escape(doc_id)}'>{html.escape(doc_id)}</h2>")
        parts.append(_html_table(doc_figures))
        parts.append(f"<p>{len(items)} item(s) to look at:</p><ul>")
        for d in items:
            left, span, right = (html.escape(x) for x in context(docs[doc_id].text, d.start, d.end))
            css = d.kind.split()[0]
            parts.append(
                f"<li class='{css}'><span class=k>{d.layer}, {d.kind}</span>: "
                f"{html.escape(d.detail)}<br>…{left}<mark>{span}</mark>{right}…</li>"
            )
        parts.append("</ul>")
    return "\n".join(parts) + "\n"
