"""The Dask engine gives the local engine's output, on a two-worker LocalCluster."""

from __future__ import annotations

import subprocess
import sys

import pytest
from typer.testing import CliRunner

from pipeline.cli import app

from .conftest import CORPUS

pytest.importorskip("dask.distributed")


def test_dask_engine_output_is_the_local_output(tmp_path):
    local, dask = tmp_path / "local.jsonl", tmp_path / "dask.jsonl"
    cmd = [sys.executable, "-m", "pipeline", "run", str(CORPUS)]
    subprocess.run([*cmd, "-o", str(local)], check=True, capture_output=True)
    done = subprocess.run(
        [*cmd, "-o", str(dask), "--engine", "dask", "--jobs", "2"],
        check=True,
        capture_output=True,
        text=True,
    )
    assert "INFO" not in done.stderr
    assert dask.read_text(encoding="utf-8") == local.read_text(encoding="utf-8")


def test_dask_engine_name_is_checked():
    assert CliRunner().invoke(app, ["run", str(CORPUS), "--engine", "spark"]).exit_code == 2
