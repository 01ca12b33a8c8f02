"""The README documents every command and every option of the CLI."""

from __future__ import annotations

import typer.main

from pipeline.cli import app

from .conftest import ROOT

README = (ROOT / "README.md").read_text(encoding="utf-8")


def test_readme_quick_start_is_the_two_make_commands():
    assert "$ make demo" in README and "$ make test" in README


def test_readme_documents_every_command_and_option():
    group = typer.main.get_command(app)
    assert set(group.commands) == {"run", "clean", "explain", "eval", "validate", "timeline"}
    for name, command in group.commands.items():
        assert f"### `chronique {name}" in README, name
        for param in command.params:
            if param.param_type_name == "option":
                assert any(f"`{opt}" in README for opt in param.opts), (name, param.opts)


def test_readme_explain_example_is_what_the_command_prints():
    from typer.testing import CliRunner

    command = "$ chronique explain corpus/montclair-2021-06.txt\n"
    shown = README.split(command, 1)[1].split("```", 1)[0]
    result = CliRunner().invoke(app, ["explain", str(ROOT / "corpus" / "montclair-2021-06.txt")])
    assert result.exit_code == 0
    printed = result.stdout.splitlines()
    for line in shown.splitlines():
        assert line == "…" or line in printed, line
