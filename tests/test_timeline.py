from __future__ import annotations

import csv
import io
import json
import re

from typer.testing import CliRunner

from pipeline.cli import app
from pipeline.records import Document, Entity, Event, Span
from pipeline.timeline import render_html, rows_of, timeline_key

TEXT = "Karl Brenner a démissionné.\nLe lendemain, Voltaris a annoncé son départ."


def doc() -> Document:
    entities = (
        Entity("e1", "PER", "Karl Brenner", (Span(0, 12, "Karl Brenner"),)),
        Entity("e2", "ORG", "Voltaris", (Span(42, 50, "Voltaris"),)),
    )
    events = (
        Event("v2", "announcement", Span(51, 60, "a annoncé"), None, "2024-03-15", ("e2", "e1")),
        Event("v1", "resignation", Span(13, 26, "a démissionné"), None, "2024-03-14TEV", ("e1",)),
        Event(
            "v3",
            "resignation",
            Span(65, 71, "départ"),
            None,
            "2024-03-15",
            ("e1",),
            {"same_as": "v1"},
        ),
    )
    return Document(id="d", text=TEXT, entities=entities, events=events)


def test_timeline_key_orders_parts_of_day_and_clock_times():
    assert (
        timeline_key("2024-03-14TEV")
        > timeline_key("2024-03-14T12:00")
        > timeline_key("2024-03-14")
    )
    assert timeline_key("PAST_REF") is None and timeline_key(None) is None


def test_timeline_rows_in_time_order_without_repeats():
    rows = rows_of([doc()])
    assert [(r.event, r.actors) for r in rows] == [
        ("v1", "Karl Brenner"),
        ("v2", "Voltaris, Karl Brenner"),
    ]


def test_timeline_html_is_self_contained_and_links_resolve():
    page = render_html([doc()], rows_of([doc()]))
    assert "http" not in page and "<script" not in page
    links = re.findall(r"href='#([^']+)'", page)
    ids = set(re.findall(r"id='([^']+)'", page))
    assert links and set(links) <= ids


def test_timeline_cli_text_csv_html(tmp_path):
    source = tmp_path / "out.jsonl"
    source.write_text(json.dumps(doc().to_dict(), ensure_ascii=False) + "\n")
    html_out, csv_out = tmp_path / "t.html", tmp_path / "t.csv"
    result = CliRunner().invoke(
        app, ["timeline", str(source), "--html", str(html_out), "--csv", str(csv_out)]
    )
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[0].startswith("2024-03-14TEV") and "resignation" in lines[0]
    assert lines[1].startswith("2024-03-15") and "announcement" in lines[1]
    table = list(csv.DictReader(io.StringIO(csv_out.read_text())))
    assert [r["event"] for r in table] == ["v1", "v2"] and table[1][
        "actors"
    ] == "Voltaris, Karl Brenner"
    assert "<mark id='d-v1'>" in html_out.read_text()
