"""Timeline views of the events: text for the terminal, CSV for spreadsheets, a self-contained
HTML page with the events on a time axis, grouped by day, each linked to its sentence
highlighted in the article."""

from __future__ import annotations

import csv
import html
import io
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from pipeline.records import Document

PART_OF_DAY_MINUTES = {"MO": 8 * 60, "MI": 12 * 60, "AF": 15 * 60, "EV": 19 * 60, "NI": 23 * 60}
PART_OF_DAY_NAMES = {"MO": "matin", "MI": "midi", "AF": "après-midi", "EV": "soir", "NI": "nuit"}


def timeline_key(value: str | None) -> tuple[str, int] | None:
    """A sortable key for a ``when`` value: (day, minutes into it); None if not on a timeline."""
    if not value or not value[:4].isdigit():
        return None
    day, _, clock = value.partition("T")
    if clock in PART_OF_DAY_MINUTES:
        return day, PART_OF_DAY_MINUTES[clock]
    if len(clock) >= 5 and clock[:2].isdigit() and clock[3:5].isdigit():
        return day, int(clock[:2]) * 60 + int(clock[3:5])
    return day, -1


@dataclass(frozen=True)
class Row:
    doc: str
    event: str
    when: str
    type: str
    actors: str
    trigger: str
    sentence: tuple[int, int]
    text: str


def sentence_around(doc: Document, offset: int) -> tuple[int, int]:
    for s in doc.sentences:
        if s.start <= offset < s.end:
            return s.start, s.end
    start = doc.text.rfind("\n", 0, offset) + 1
    end = doc.text.find("\n", offset)
    return start, len(doc.text) if end < 0 else end


def short(text: str, width: int = 110) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1] + "…"


def rows_of(docs: Iterable[Document]) -> list[Row]:
    """The distinct, dated events of ``docs`` in time order (then document and text order)."""
    rows = []
    for doc in docs:
        names = {e.id: e.name for e in doc.entities}
        for v in doc.events:
            if v.extra.get("same_as") or timeline_key(v.when) is None:
                continue
            a, b = sentence_around(doc, v.trigger.start)
            actors = ", ".join(names.get(x, x) for x in v.actors)
            rows.append(
                Row(
                    doc.id,
                    v.id,
                    v.when or "",
                    v.type,
                    actors,
                    v.trigger.text,
                    (a, b),
                    doc.text[a:b],
                )
            )
    return sorted(rows, key=lambda r: (timeline_key(r.when), r.doc, r.sentence))


def render_text(rows: Sequence[Row]) -> str:
    lines = [
        f"{r.when:<17} {r.type:<13} {short(r.actors, 40):<40} {short(r.text, 90)}" for r in rows
    ]
    return "\n".join(lines) + ("\n" if lines else "")


def render_csv(rows: Sequence[Row]) -> str:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(
        ["document", "event", "when", "type", "actors", "trigger", "start", "end", "sentence"]
    )
    for r in rows:
        writer.writerow(
            [
                r.doc,
                r.event,
                r.when,
                r.type,
                r.actors,
                r.trigger,
                *r.sentence,
                " ".join(r.text.split()),
            ]
        )
    return out.getvalue()


STYLE = """
body{font-family:system-ui,sans-serif;margin:0;color:#222;display:flex;height:100vh}
#axis{width:44%;overflow:auto;padding:1em 1.5em;border-right:1px solid #ddd;background:#fafafa}
#articles{width:56%;overflow:auto;padding:1em 1.5em;line-height:1.5}
h1{font-size:1.3em}h2{font-size:1.05em;margin:1.2em 0 .3em;border-bottom:2px solid #446}
.ev{display:block;margin:.35em 0 .35em .6em;padding:.3em .5em;border-left:3px solid #88a;
text-decoration:none;color:inherit;background:#fff}.ev:hover{background:#eef}
.t{font-family:monospace;color:#555;margin-right:.5em}.ty{font-weight:600;margin-right:.5em}
.doc{white-space:pre-wrap;border-top:1px solid #ddd;padding-top:.5em}
mark{background:#ffe08a}mark:target{background:#ff9f43;outline:2px solid #c60}
"""


def _clock(when: str) -> str:
    clock = when.partition("T")[2]
    return PART_OF_DAY_NAMES.get(clock, clock) or "—"


def render_html(docs: Sequence[Document], rows: Sequence[Row]) -> str:
    """One page, no network: the time axis on the left, the articles on the right."""
    parts = [
        "<!doctype html><html lang=fr><meta charset=utf-8><title>Chronique — timeline</title>",
        f"<style>{STYLE}</style><div id=axis><h1>Chronologie</h1>",
    ]
    day = None
    for r in rows:
        if r.when[:10] != day:
            day = r.when[:10]
            parts.append(f"<h2>{html.escape(day)}</h2>")
        anchor, clock = html.escape(f"{r.doc}-{r.event}"), html.escape(_clock(r.when))
        parts.append(
            f"<a class=ev href='#{anchor}'><span class=t>{clock}</span>"
            f"<span class=ty>{html.escape(r.type)}</span>{html.escape(r.actors)}<br>"
            f"<small>{html.escape(short(r.text, 140))}</small></a>"
        )
    parts.append("</div><div id=articles>")
    for doc in docs:
        marks = {(r.sentence, f"{r.doc}-{r.event}") for r in rows if r.doc == doc.id}
        parts.append(
            f"<h2>{html.escape(doc.id)}</h2><div class=doc>{_article(doc.text, marks)}</div>"
        )
    parts.append("</div></html>")
    return "\n".join(parts) + "\n"


def _article(text: str, marks: Iterable[tuple[tuple[int, int], str]]) -> str:
    """The article with each event's sentence marked, every event's anchor on its sentence."""
    anchors: dict[tuple[int, int], list[str]] = {}
    for span, anchor in sorted(marks):
        anchors.setdefault(span, []).append(anchor)
    out, pos = [], 0
    for (a, b), ids in sorted(anchors.items()):
        if a < pos:
            continue
        extra = "".join(f"<span id='{html.escape(i)}'></span>" for i in ids[1:])
        out.append(html.escape(text[pos:a]))
        out.append(f"<mark id='{html.escape(ids[0])}'>{extra}{html.escape(text[a:b])}</mark>")
        pos = b
    out.append(html.escape(text[pos:]))
    return "".join(out)
