from __future__ import annotations

import json
import re
import subprocess
import sys

import pytest
from typer.testing import CliRunner

from pipeline.cli import app
from pipeline.validate import validate_file

from .conftest import CORPUS

FRENCH = "Le conseil d'administration a annoncé mardi que le directeur quittait son poste.\n"
ENGLISH = "The board of directors announced on Tuesday that the chief executive would leave.\n"


@pytest.fixture
def runner():
    return CliRunner()


@pytest.fixture
def mixed_inputs(tmp_path):
    good = tmp_path / "good.txt"
    good.write_text("À 00h19\nVondrak a appelé Ferrant.À 12 h 23, il a envoyé un lien.\n")
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "latin1.txt").write_bytes("Le café est très bon.".encode("latin-1"))
    (tmp_path / "english.txt").write_text(ENGLISH)
    (tmp_path / "binary.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    jsonl = tmp_path / "docs.jsonl"
    jsonl.write_text(
        json.dumps({"id": "j1", "text": FRENCH, "publication_date": "1999-05-17"})
        + "\n{broken\n"
        + json.dumps({"id": "j2", "text": FRENCH})
        + "\n"
    )
    return tmp_path, good, jsonl


def test_cli_run_mixed_good_and_bad_inputs(runner, mixed_inputs, annotator):
    folder, good, jsonl = mixed_inputs
    out = folder / "out" / "run.jsonl"
    result = runner.invoke(
        app, ["run", str(folder), str(jsonl), str(folder / "nope.txt"), "-o", str(out)]
    )
    assert result.exit_code == 1, result.output
    docs = [json.loads(line) for line in out.read_text().splitlines()]
    assert [d["id"] for d in docs] == ["good", "j1", "j2"]
    assert docs[1]["publication_date"] == "1999-05-17"
    err = result.stderr
    for name, problem in [
        ("empty.txt", "empty"),
        ("latin1.txt", "not UTF-8"),
        ("english.txt", "does not look like French"),
        ("binary.txt", "binary"),
        ("docs.jsonl:2", "invalid JSON"),
        ("nope.txt", "no such file"),
    ]:
        assert any(name in line and problem in line for line in err.splitlines()), (name, err)
    assert f"wrote 3 documents to {out}; 6 inputs failed" in err
    assert validate_file(out) == []
    assert not [p for p in out.parent.iterdir() if p.name != "run.jsonl"]  # no temp file left


def test_cli_run_writes_every_layer_to_stdout(runner, annotator):
    result = runner.invoke(
        app, ["run", str(CORPUS / "openai-2023-11.txt"), "--publication-date", "2023-11-21"]
    )
    assert result.exit_code == 0, result.output
    (doc,) = [json.loads(line) for line in result.stdout.splitlines()]
    assert doc["id"] == "openai-2023-11" and doc["publication_date"] == "2023-11-21"
    for layer in ("repairs", "sentences", "headings", "entities", "timexes", "events"):
        assert isinstance(doc[layer], list)
    assert any(h["text"] == "Le 17 novembre à midi" for h in doc["headings"])
    assert any(r["kind"] == "glued-digit" for r in doc["repairs"])


def test_cli_run_gives_one_key_to_one_person_across_articles(runner, tmp_path, annotator):
    (tmp_path / "a.txt").write_text("Le directeur Karl Brenner a quitté la société Voltaris mardi.")
    (tmp_path / "b.txt").write_text("Mercredi, Karl Brener a rejoint le groupe Maréval à Lyon.")
    (tmp_path / "c.txt").write_text(
        "Le ministre Pavel Sarkov a rencontré Karla Weiss jeudi à Lyon."
    )
    result = runner.invoke(app, ["run", str(tmp_path)])
    assert result.exit_code == 0, result.output
    keys = {
        e["name"]: e["key"]
        for line in result.stdout.splitlines()
        for e in json.loads(line)["entities"]
    }
    assert keys["Karl Brenner"] == keys["Karl Brener"]
    assert (
        keys["Pavel Sarkov"] != keys["Karl Brenner"] and keys["Karla Weiss"] != keys["Karl Brenner"]
    )


def test_cli_run_reads_stdin_and_writes_stdout_for_a_dash(runner, annotator, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = runner.invoke(app, ["run", "-", "-o", "-"], input=FRENCH)
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["id"] == "stdin"
    assert not (tmp_path / "-").exists()  # no file named "-"


@pytest.mark.parametrize(
    "args",
    [
        ["run"],
        ["run", "x.txt", "--publication-date", "21/11/2023"],
        ["run", "x.txt", "--jobs", "0"],
        ["nope"],
    ],
)
def test_cli_usage_errors_exit_2(runner, args):
    assert runner.invoke(app, args).exit_code == 2


def test_cli_clean_prints_repaired_text_and_diff(runner, tmp_path):
    p = tmp_path / "a.txt"
    p.write_text("Tard dans la nuit de19 novembreHeure locale, fin..\n")
    result = runner.invoke(app, ["clean", str(p)])
    assert result.exit_code == 0
    assert result.stdout == "Tard dans la nuit de 19 novembre Heure locale, fin.\n"
    result = runner.invoke(app, ["clean", str(p), "--diff"])
    assert result.stdout.splitlines()[0].startswith("1:21 glued-digit")
    assert "3 repairs" in result.stderr
    (tmp_path / "e.txt").write_text("")
    bad = runner.invoke(app, ["clean", str(tmp_path / "e.txt")])
    assert bad.exit_code == 1 and "empty" in bad.stderr


def test_cli_validate_lists_problems(runner, tmp_path):
    p = tmp_path / "d.jsonl"
    p.write_text(
        json.dumps({"id": "x", "text": "abc", "sentences": [{"start": 0, "end": 9}]}) + "\n"
    )
    result = runner.invoke(app, ["validate", str(p)])
    assert result.exit_code == 1
    assert f"{p}:1: $.sentences[0]: offsets [0:9]" in result.stdout


@pytest.mark.parametrize("command", ["run", "clean", "validate"])
def test_cli_every_command_has_help_with_example(runner, command):
    result = runner.invoke(app, [command, "--help"])
    assert result.exit_code == 0 and "Example: chronique" in result.stdout


def test_cli_jobs_and_python_m_give_the_same_output(tmp_path):
    one, two = tmp_path / "one.jsonl", tmp_path / "two.jsonl"
    (tmp_path / "copy.txt").write_bytes((CORPUS / "openai-2023-11.txt").read_bytes())
    inputs = [str(CORPUS / "openai-2023-11.txt"), str(tmp_path / "copy.txt")]
    cmd = [sys.executable, "-m", "pipeline", "run", *inputs]
    subprocess.run([*cmd, "-o", str(one)], check=True, capture_output=True)
    subprocess.run([*cmd, "-o", str(two), "--jobs", "2"], check=True, capture_output=True)
    assert one.read_text() == two.read_text()
    assert len(one.read_text().splitlines()) == 2


def test_cli_run_keeps_input_keys_it_does_not_use(runner, tmp_path, annotator):
    source = tmp_path / "in.jsonl"
    row = {"id": "a", "source": "wire", "text": FRENCH, "url": "https://example.org/a"}
    gold = {"layers": ["entities"], "entities": [], "system": "mt-1"}
    source.write_text(json.dumps({**row, **gold}) + "\n")
    out = tmp_path / "out.jsonl"
    result = runner.invoke(app, ["run", str(source), "-o", str(out)])
    assert result.exit_code == 0, result.output
    doc = json.loads(out.read_text())
    assert (doc["source"], doc["url"], doc["system"]) == ("wire", row["url"], "mt-1")
    assert "layers" not in doc  # a gold file's claim, not true of the output


@pytest.mark.parametrize("command", ["run", "clean", "timeline", "eval", "validate"])
def test_cli_help_shows_readable_metavars(runner, command):
    text = runner.invoke(app, [command, "--help"]).output
    assert not re.search(r"<[a-z]|\{[a-z]", text), text


def test_cli_version_and_engine_choice(runner):
    from pipeline import __version__

    assert runner.invoke(app, ["--version"]).output.strip() == f"chronique {__version__}"
    result = runner.invoke(app, ["run", "x.txt", "--engine", "spark"])
    assert result.exit_code == 2 and "local" in result.output + result.stderr


def test_cli_explain_shows_kept_and_turned_down_candidates(runner, tmp_path):
    p = tmp_path / "a.txt"
    p.write_text("Lina Ferrant a quitté Norvalia le 3 mars. Karl Brenner quittera Valmer.\n")
    result = runner.invoke(app, ["explain", str(p), "--publication-date", "2024-03-14"])
    assert result.exit_code == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0] == "a: 1 event, 1 turned down"
    assert any(line.startswith("  + v1 other 'a quitté' [13:21] 2024-03-03") for line in lines)
    assert any(line.startswith("  - 'quittera'") and "to come" in line for line in lines)


def test_cli_explain_shows_the_rules_behind_an_entity(runner, tmp_path):
    p = tmp_path / "a.txt"
    p.write_text("Le ministre Karl Brenner a parlé mardi. Plus tard, Brenner a quitté Valmer.\n")
    result = runner.invoke(app, ["explain", str(p)])
    assert result.exit_code == 0, result.stderr
    (line,) = [x for x in result.stdout.splitlines() if x.startswith("  = ")]
    assert line.startswith("  = e1 PER Karl Brenner — label: cue: a role before")
    assert line.endswith("merged: Brenner (surname of full name)")


def test_cli_explain_picks_one_document_of_a_jsonl(runner, tmp_path):
    docs = tmp_path / "docs.jsonl"
    docs.write_text(
        json.dumps({"id": "d1", "text": FRENCH}) + "\n" + json.dumps({"id": "d2", "text": FRENCH})
    )
    many = runner.invoke(app, ["explain", str(docs)])
    assert many.exit_code == 2 and "--id" in many.stderr
    one = runner.invoke(app, ["explain", str(docs), "--id", "d2"])
    assert one.exit_code == 0 and one.stdout.startswith("d2: ")
    missing = runner.invoke(app, ["explain", str(docs), "--id", "d9"])
    assert missing.exit_code == 2 and "no document 'd9'" in missing.stderr
