"""--resume: a run that dies loses nothing; the rerun skips what is already written."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time

from typer.testing import CliRunner

from pipeline.cli import app

ARTICLES = [
    "Le directeur Karl Brenner a quitté la société Voltaris mardi.",
    "Mercredi, Karl Brener a rejoint le groupe Maréval à Lyon.",
    "Le ministre Pavel Sarkov a rencontré Karla Weiss jeudi à Lyon.",
    "Vendredi, Lena Vogt a annoncé son départ de la société Quantelis.",
    "Hier soir, le club de Montfleury a limogé son entraîneur Marco Deluca.",
    "Samedi, Ivan Kouznetsov a appelé Kuznetsov Junior à Moscou.",
]


def articles(folder):
    folder.mkdir()
    for n, text in enumerate(ARTICLES):
        (folder / f"a{n}.txt").write_text(text, encoding="utf-8")
    return folder


def test_resume_skips_what_an_interrupted_run_wrote(tmp_path, annotator):
    source = articles(tmp_path / "in")
    runner = CliRunner()
    clean, resumed = tmp_path / "clean.jsonl", tmp_path / "resumed.jsonl"
    assert runner.invoke(app, ["run", str(source), "-o", str(clean)]).exit_code == 0
    lines = clean.read_text(encoding="utf-8").splitlines()
    partial = tmp_path / "resumed.jsonl.partial"
    partial.write_text(
        lines[0] + "\n" + lines[1] + "\n" + lines[2][:40], encoding="utf-8"
    )  # cut short
    result = runner.invoke(app, ["run", str(source), "-o", str(resumed), "--resume"])
    assert result.exit_code == 0, result.output
    assert "resuming: 2 documents already written, skipped" in result.stderr
    assert resumed.read_text(encoding="utf-8") == clean.read_text(encoding="utf-8")
    assert not partial.exists()


def test_resume_needs_an_output_file():
    assert CliRunner().invoke(app, ["run", "x.txt", "--resume"]).exit_code == 2


def test_resume_after_a_killed_run(tmp_path):
    source = articles(tmp_path / "in")
    out = tmp_path / "out.jsonl"
    partial = tmp_path / "out.jsonl.partial"
    cmd = [sys.executable, "-m", "pipeline", "run", str(source), "-o", str(out)]
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.time() + 120
    while time.time() < deadline and proc.poll() is None:
        if partial.exists() and partial.read_text(encoding="utf-8").count("\n") >= 1:
            os.kill(proc.pid, signal.SIGKILL)
            break
        time.sleep(0.05)
    proc.wait()
    if proc.returncode == 0:  # finished before it could be killed: nothing to resume
        return
    assert partial.exists() and not out.exists()
    written = partial.read_text(encoding="utf-8").count("\n")
    done = subprocess.run([*cmd, "--resume"], capture_output=True, text=True, check=True)
    assert f"resuming: {written} document" in done.stderr
    clean = subprocess.run(cmd[:-1] + [str(tmp_path / "clean.jsonl")], check=True)
    assert clean.returncode == 0
    assert out.read_text(encoding="utf-8") == (tmp_path / "clean.jsonl").read_text(encoding="utf-8")
