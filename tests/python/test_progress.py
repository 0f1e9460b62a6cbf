"""What `spi build` shows while dbt runs (scripts/spi/progress.py), driven by dbt-shaped events."""

from __future__ import annotations

import io
import threading
from types import SimpleNamespace

import pytest

from spi.progress import NodeProgress

pytestmark = pytest.mark.unit

GREEN_OK = "\x1b[32mOK created sql table model marts.fct_ward_spi\x1b[0m"


def _event(name: str, msg: str = "", **data: object) -> SimpleNamespace:
    return SimpleNamespace(info=SimpleNamespace(name=name, msg=msg), data=SimpleNamespace(**data))


def _run(progress: NodeProgress, nodes: int, statuses: dict[int, str] | None = None, threads: int = 4) -> None:
    progress.on_event(_event("ConcurrencyLine", node_count=nodes))

    def worker(start: int) -> None:
        for number in range(start, nodes, threads):
            status = (statuses or {}).get(number, "success")
            progress.on_event(_event("LogModelResult", f"{number} of {nodes} {status.upper()} node_{number}  {GREEN_OK}",
                                     status=status))

    workers = [threading.Thread(target=worker, args=(start,)) for start in range(threads)]
    for thread in workers:
        thread.start()
    for thread in workers:
        thread.join()
    progress.finish()


def test_plain_output_has_a_few_lines_no_colour_and_the_failures_in_full() -> None:
    stream = io.StringIO()
    _run(NodeProgress(stream), nodes=400, statuses={7: "error", 100: "fail"})
    lines = stream.getvalue().splitlines()
    assert "\x1b" not in stream.getvalue() and "\r" not in stream.getvalue()
    assert [line for line in lines if "dbt:" in line][-1].startswith("  dbt: 400/400 nodes (100%)")
    assert len(lines) <= 6
    failures = [line for line in lines if "node_" in line]
    assert sorted(failures) == sorted([f"  7 of 400 ERROR node_7  {GREEN_OK[5:-4]}",
                                       f"  100 of 400 FAIL node_100  {GREEN_OK[5:-4]}"])


def test_verbose_shows_every_node_as_one_whole_line_even_from_many_threads() -> None:
    stream = io.StringIO()
    _run(NodeProgress(stream, verbose=True), nodes=2000, threads=8)
    lines = stream.getvalue().splitlines()
    assert len(lines) == 2000
    # each line is one node's line, whole: never two merged, never one split
    assert all(line.startswith("  ") and line.count("node_") == 1 and line.endswith("marts.fct_ward_spi")
               for line in lines)
    assert {line.split()[0] for line in lines} == {str(number) for number in range(2000)}


def test_terminal_gets_a_bar_that_ends_on_its_own_line() -> None:
    stream = io.StringIO()
    _run(NodeProgress(stream, terminal=True), nodes=50, statuses={3: "warn"})
    text = stream.getvalue()
    assert "\r" in text and "[" + "#" * 30 + "] 50/50 nodes (100%)" in text
    assert text.endswith("\n") and "WARN node_3" in text
