from __future__ import annotations

import json

from typer.testing import CliRunner

from pipeline.cli import app

from .conftest import ROOT

GOLD = ROOT / "gold"


def test_eval_gold_against_itself_is_perfect(tmp_path):
    out = tmp_path / "figures.json"
    result = CliRunner().invoke(app, ["eval", str(GOLD), str(GOLD), "--json", str(out)])
    assert result.exit_code == 0, result.output
    figures = json.loads(out.read_text())
    measured = {k: v for k, v in figures.items() if k != "documents" and v is not None}
    assert measured and all(v == 1.0 for v in measured.values()), measured
    assert figures["documents"] == len(list(GOLD.glob("*.json")))
    assert "clusters" in result.stdout and "1.000" in result.stdout


def test_eval_report_shows_misses_in_context(tmp_path):
    gold = json.loads((GOLD / "openai-2023-11.json").read_text())
    pred = dict(gold, entities=gold["entities"][1:], timexes=[], events=[])
    pred_file = tmp_path / "pred.jsonl"
    pred_file.write_text(json.dumps(pred, ensure_ascii=False) + "\n")
    html_out, md_out = tmp_path / "r.html", tmp_path / "r.md"
    runner = CliRunner()
    for out in (html_out, md_out):
        result = runner.invoke(
            app, ["eval", str(GOLD / "openai-2023-11.json"), str(pred_file), "--report", str(out)]
        )
        assert result.exit_code == 0, result.output
    page = html_out.read_text()
    assert "<mark>Nadella</mark>" in page and "http" not in page.replace("https://", "")
    assert "entities, missed" in page and "timexes, missed" in page
    assert "**Le 17 novembre à midi**" in md_out.read_text()


def test_eval_malformed_gold_names_file_and_problem(tmp_path):
    bad = tmp_path / "bad.jsonl"
    good = json.loads((GOLD / "openai-2023-11.json").read_text())
    broken = dict(
        good,
        id="broken",
        timexes=[{"id": "t1", "start": 0, "end": 4, "text": "Nope", "type": "DATE"}],
    )
    bad.write_text("{oops\n" + json.dumps(broken) + "\n" + json.dumps(good) + "\n")
    result = CliRunner().invoke(app, ["eval", str(bad), str(GOLD)])
    assert result.exit_code == 1
    assert f"{bad}:1: $: invalid JSON" in result.stderr
    assert f"{bad}:2: $.timexes[0]: text 'Nope' is not text[0:4]" in result.stderr
    assert "1 document" in result.stdout  # the good one is still scored


def test_eval_bad_report_suffix_is_a_usage_error():
    result = CliRunner().invoke(app, ["eval", str(GOLD), str(GOLD), "--report", "r.pdf"])
    assert result.exit_code == 2
