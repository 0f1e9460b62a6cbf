"""The lint set-up: every .sqlfluff setting says why, the pre-commit hooks run, dbt-score stays at its floor."""

from __future__ import annotations

import json
import re
import shlex
import subprocess
import sys
import tomllib
from pathlib import Path

import yaml
import pytest

from spi.conventions.manifest import parse_manifest
from spi.project import PROJECT_DIR

SETTING = re.compile(r"^[A-Za-z_][\w.]*\s*=")


@pytest.mark.unit
def test_every_sqlfluff_setting_has_a_reason() -> None:
    lines = (PROJECT_DIR / ".sqlfluff").read_text().splitlines()
    unexplained = [
        f".sqlfluff:{number}: {line}"
        for number, line in enumerate(lines, start=1)
        if SETTING.match(line) and not lines[number - 2].lstrip().startswith("#")
    ]
    assert sum(bool(SETTING.match(line)) for line in lines) > 20
    assert unexplained == [], "each setting needs a one-line `# reason` directly above it"


def _hooks() -> list[dict]:
    config = yaml.safe_load((PROJECT_DIR / ".pre-commit-config.yaml").read_text())
    return [hook for repo in config["repos"] for hook in repo["hooks"]]


@pytest.mark.build
def test_pre_commit_hooks_are_local_and_their_commands_run() -> None:
    hooks = _hooks()
    assert {hook["id"] for hook in hooks} == {"sqlfluff-lint", "spi-check", "ruff", "mypy"}
    for hook in hooks:
        assert hook["language"] == "system"
        command = shlex.split(hook["entry"])
        if hook.get("pass_filenames", True):
            # pre-commit passes the staged files that match; three of them stand in for a commit here.
            pattern = re.compile(hook["files"])
            suffix = {"sql": "*.sql", "python": "*.py"}[hook["types"][0]]
            candidates = sorted(
                str(path.relative_to(PROJECT_DIR))
                for path in PROJECT_DIR.rglob(suffix)
                if pattern.search(str(path.relative_to(PROJECT_DIR))) and ".venv" not in path.parts
            )
            assert len(candidates) > 40
            command += candidates[:3]
        result = subprocess.run(command, cwd=PROJECT_DIR, capture_output=True, text=True, timeout=600)
        assert result.returncode == 0, f"hook {hook['id']} failed:\n{result.stdout}\n{result.stderr}"


@pytest.mark.build
def test_dbt_score_meets_the_floor(tmp_path: Path) -> None:
    floor = tomllib.loads((PROJECT_DIR / "pyproject.toml").read_text())["tool"]["dbt-score"]["fail_project_under"]
    manifest = tmp_path / "manifest.json"
    manifest.write_text(json.dumps(parse_manifest(PROJECT_DIR)))
    result = subprocess.run(
        [str(Path(sys.executable).parent / "dbt-score"), "lint", "--manifest", str(manifest), "--format", "json"],
        cwd=PROJECT_DIR, capture_output=True, text=True, timeout=300,
    )
    report = json.loads(result.stdout)
    failing = [
        f"{name} ({item['score']:.1f}): {rule} {outcome['result']} {outcome['message']}"
        for name, item in report["evaluables"].items()
        if not item["pass"]
        for rule, outcome in item["results"].items()
        if outcome["result"] != "OK"
    ]
    assert result.returncode == 0 and report["project"]["score"] >= floor, (
        f"dbt-score {report['project']['score']:.2f} (floor {floor}); fix these:\n" + "\n".join(failing)
    )
    assert len(report["evaluables"]) > 60, "dbt-score saw too few models, seeds, sources and macros"


@pytest.mark.unit
def test_ruff_and_mypy_are_pinned_configured_and_run_by_make_test() -> None:
    pyproject = tomllib.loads((PROJECT_DIR / "pyproject.toml").read_text())
    dev = pyproject["project"]["optional-dependencies"]["dev"]
    assert any(re.fullmatch(r"ruff==[\d.]+", pin) for pin in dev) and any(re.fullmatch(r"mypy==[\d.]+", pin) for pin in dev)
    assert pyproject["tool"]["mypy"]["strict"] is True and pyproject["tool"]["mypy"]["files"] == ["scripts/spi"]
    assert {"E", "F", "B"} <= set(pyproject["tool"]["ruff"]["lint"]["select"])
    makefile = (PROJECT_DIR / "Makefile").read_text()
    # CI runs `make test` (.ci/run): its prerequisites include the static checks
    assert re.search(r"^test: .*\bstatic\b", makefile, re.M)
    assert "$(BIN)/ruff check" in makefile and "$(BIN)/mypy" in makefile
