"""The `spi` command reads like the README and fails clearly."""

from __future__ import annotations

import pytest

from spi.cli import main

pytestmark = pytest.mark.unit


def test_help_lists_the_commands(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["--help"])
    assert exit_info.value.code == 0
    help_text = capsys.readouterr().out
    for command in ("build", "export", "generate-health", "validate"):
        assert f"spi {command}" in help_text


def test_no_command_prints_help_and_fails(capsys: pytest.CaptureFixture[str]) -> None:
    assert main([]) == 2
    assert "usage: spi" in capsys.readouterr().out


def test_export_without_a_database_says_so(tmp_path, capsys: pytest.CaptureFixture[str]) -> None:
    missing = tmp_path / "nothing.duckdb"
    assert main(["export", "--database", str(missing), "--out", str(tmp_path / "out")]) == 1
    assert "run `spi build` first" in capsys.readouterr().err
