"""Runs dbt in-process through dbtRunner, with progress (spi/progress.py) and a readable summary."""

from __future__ import annotations

import json
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from collections.abc import Sequence

from dbt.cli.main import dbtRunner

from spi.progress import NodeProgress
from spi.project import Target, project_dir as current_project_dir


@dataclass
class DbtOutcome:
    """What a dbt invocation did: success, and one line per failed node."""

    success: bool
    failures: list[str] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=dict)
    exception: str | None = None

    def summary(self) -> str:
        counted = ", ".join(f"{status}={n}" for status, n in sorted(self.counts.items()))
        if self.success:
            return f"dbt succeeded ({counted})"
        lines = [f"dbt failed ({counted or 'no nodes ran'})"]
        if self.exception:
            lines.append(f"  {self.exception}")
        lines.extend(f"  - {failure}" for failure in self.failures)
        return "\n".join(lines)


def run_dbt(
    command: Sequence[str],
    target: Target,
    dbt_vars: dict[str, Any] | None = None,
    show_progress: bool = True,
    stream: Any = sys.stderr,
    project_dir: Path | None = None,
    verbose: bool = False,
) -> DbtOutcome:
    """Run one dbt command (e.g. ["build"]) against the target database, in this project or `project_dir`.

    `show_progress`: a progress bar (plain lines when `stream` is not a terminal); `verbose`: every node's line."""
    project = project_dir or current_project_dir()
    args = [
        *command,
        "--project-dir",
        str(project),
        "--profiles-dir",
        str(project),
        # no dbt console logger at all (not just --quiet): each log event is formatted and scrubbed of secrets
        # before the level filter drops it, a measurable share of dbt's per-node time; progress and errors
        # come from the callbacks and the results below
        "--log-level",
        "none",
    ]
    if dbt_vars:
        args += ["--vars", json.dumps(dbt_vars)]
    progress = NodeProgress(stream, verbose=verbose) if show_progress else None
    with target.applied():  # the target's paths only while dbt runs
        result = dbtRunner(callbacks=[progress.on_event] if progress else []).invoke(args)
    if progress is not None:
        progress.finish()
    return _outcome(result)


def _outcome(result: Any) -> DbtOutcome:
    outcome = DbtOutcome(success=bool(result.success))
    if result.exception is not None:
        outcome.exception = str(result.exception).strip()
    node_results = getattr(result.result, "results", None) or []
    for node_result in node_results:
        status = str(node_result.status).split(".")[-1].lower()
        outcome.counts[status] = outcome.counts.get(status, 0) + 1
        if status in {"error", "fail", "runtime error"}:
            message = [line.strip() for line in (node_result.message or "").strip().splitlines() if line.strip()]
            first_line = message[0] if message else status
            # dbt puts the cause (e.g. the database's "File too large") on the last line of a runtime error
            cause = f" ({message[-1]})" if len(message) > 1 else ""
            outcome.failures.append(f"{node_result.node.name}: {first_line}{cause}")
    return outcome
