"""Runs dbt in-process through dbtRunner, with progress (spi/progress.py) and a readable summary."""

from __future__ import annotations

import json
import os
import signal
import sys
import threading
import time
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from collections.abc import Callable, Iterator, Sequence
from typing import Any

from dbt.cli.main import dbtRunner

from spi.progress import NodeProgress
from spi.project import Target, project_dir as current_project_dir

# When set (the test suite sets it), every dbt invocation appends one JSON line here: what ran, and how long,
# so a test session can count its builds (tests/python/conftest.py prints the count at the end).
INVOCATION_LOG = "SPI_DBT_INVOCATION_LOG"


@dataclass
class DbtOutcome:
    """What a dbt invocation did: success, and one line per failed node."""

    success: bool
    failures: list[str] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=dict)
    exception: str | None = None
    # failed data tests: name -> the compiled SQL that returns the rows breaking the test (shown by spi build)
    failed_tests: dict[str, str] = field(default_factory=dict)

    def summary(self) -> str:
        counted = ", ".join(f"{status}={n}" for status, n in sorted(self.counts.items()))
        if self.success:
            return f"dbt succeeded ({counted})"
        lines = [f"dbt failed ({counted or 'no nodes ran'})"]
        if self.exception:
            lines.append(f"  {self.exception}")
        lines.extend(f"  - {failure}" for failure in self.failures)
        return "\n".join(lines)


@contextmanager
def _interruptible(interrupted: threading.Event) -> Iterator[None]:
    """Ctrl-C (or SIGTERM) during dbt: mark it, so nodes dbt cancels are not reported as errors, then stop."""

    def stop(signum: int, frame: Any) -> None:
        interrupted.set()
        raise KeyboardInterrupt

    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = {number: signal.signal(number, stop) for number in (signal.SIGINT, signal.SIGTERM)}
    try:
        yield
    finally:
        for number, handler in previous.items():
            signal.signal(number, handler)


def _unless(interrupted: threading.Event, callback: Callable[[Any], None]) -> Callable[[Any], None]:
    def on_event(event: Any) -> None:
        if not interrupted.is_set():
            callback(event)

    return on_event


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
    interrupted = threading.Event()
    progress = NodeProgress(stream, verbose=verbose) if show_progress else None
    callbacks = [_unless(interrupted, progress.on_event)] if progress is not None else []
    started = time.perf_counter()
    with target.applied(), _interruptible(interrupted):  # the target's paths only while dbt runs
        result = dbtRunner(callbacks=callbacks).invoke(args)
    seconds = time.perf_counter() - started
    # dbt turns Ctrl-C into a failed result whose cancelled nodes look like errors: it is an interruption
    if interrupted.is_set() or isinstance(result.exception, KeyboardInterrupt):
        raise KeyboardInterrupt
    if progress is not None:
        progress.finish()
    outcome = _outcome(result)
    _log_invocation(command, dbt_vars, seconds, sum(outcome.counts.values()))
    return outcome


def _log_invocation(command: Sequence[str], dbt_vars: dict[str, Any] | None, seconds: float, nodes: int) -> None:
    """One line in the invocation log, if asked for (a build killed mid-run never gets here: not counted)."""
    log = os.environ.get(INVOCATION_LOG)
    if not log:
        return
    entry = {"command": list(command), "vars": dbt_vars or {}, "seconds": round(seconds, 2), "nodes": nodes,
             "pid": os.getpid()}
    with open(log, "a", encoding="utf-8") as handle:
        handle.write(json.dumps(entry, default=str) + "\n")


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
            compiled = getattr(node_result.node, "compiled_code", None)
            if status == "fail" and node_result.node.resource_type == "test" and compiled:
                outcome.failed_tests[node_result.node.name] = compiled
    return outcome
