"""What a dbt run shows while it runs: a progress bar on a terminal, a few plain lines elsewhere.

dbt calls the callback from its worker threads; every write here is one whole line (or one bar redraw) under a
lock, so lines from two threads never merge. Colour codes are dbt's: they are kept only on a terminal, never in
a file or a pipe. A node that fails, errors or warns is always shown in full; `verbose` shows every node.
"""

from __future__ import annotations

import re
import threading
import time
from typing import Any, TextIO

# dbt events that close one node (model, test, seed, unit test) and carry its result line.
RESULT_EVENTS = frozenset({
    "LogModelResult",
    "LogTestResult",
    "LogSeedResult",
    "LogSnapshotResult",
    "LogNodeNoOpResult",
    "LogSkipBecauseError",
})
# the event that says how many nodes the run will execute
COUNT_EVENT = "ConcurrencyLine"
NOTABLE_STATUSES = frozenset({"error", "fail", "warn", "runtime error"})
ANSI = re.compile(r"\x1b\[[0-9;]*[A-Za-z]")
BAR_WIDTH = 30
# without a terminal: one plain line per this share of the nodes
PLAIN_STEP = 0.25


def strip_ansi(text: str) -> str:
    return ANSI.sub("", text)


def is_terminal(stream: TextIO) -> bool:
    isatty = getattr(stream, "isatty", None)
    return bool(isatty and isatty())


class NodeProgress:
    """A dbtRunner callback (`on_event`) that reports finished nodes; call `finish()` after the run."""

    def __init__(self, stream: TextIO, verbose: bool = False, terminal: bool | None = None) -> None:
        self.stream = stream
        self.verbose = verbose
        self.terminal = is_terminal(stream) if terminal is None else terminal
        self.total: int | None = None
        self.done = 0
        self.notable = 0
        self.started = time.monotonic()
        self._next_plain = PLAIN_STEP
        self._bar_shown = False
        self._lock = threading.Lock()

    def on_event(self, event: Any) -> None:
        name = event.info.name
        if name == COUNT_EVENT:
            self.total = int(getattr(event.data, "node_count", 0) or 0) or None
            return
        if name not in RESULT_EVENTS:
            return
        status = str(getattr(event.data, "status", "") or "").lower()
        with self._lock:
            self.done += 1
            if self.verbose or status in NOTABLE_STATUSES or name == "LogSkipBecauseError":
                self.notable += status in NOTABLE_STATUSES
                self._line(f"  {event.info.msg.strip()}")
            self._advance()

    def finish(self) -> None:
        with self._lock:
            if self.terminal and self._bar_shown:
                self._draw_bar()
                self.stream.write("\n")
                self.stream.flush()
                self._bar_shown = False

    # -- drawing (called with the lock held) --

    def _line(self, text: str) -> None:
        if self._bar_shown:
            self.stream.write("\r\x1b[2K")  # clear the bar; it is redrawn under the line
            self._bar_shown = False
        self.stream.write((text if self.terminal else strip_ansi(text)) + "\n")
        self.stream.flush()

    def _advance(self) -> None:
        if self.verbose:
            return
        if self.terminal:
            self._draw_bar()
            return
        if self.total and self.done / self.total >= self._next_plain:
            while self.done / self.total >= self._next_plain:
                self._next_plain += PLAIN_STEP
            self._line(f"  dbt: {self._counts()}")

    def _counts(self) -> str:
        elapsed = time.monotonic() - self.started
        of = f"/{self.total}" if self.total else ""
        share = f" ({100 * self.done // self.total}%)" if self.total else ""
        return f"{self.done}{of} nodes{share}, {elapsed:.0f} s"

    def _draw_bar(self) -> None:
        filled = BAR_WIDTH * self.done // self.total if self.total else 0
        bar = "#" * min(filled, BAR_WIDTH) + "." * (BAR_WIDTH - min(filled, BAR_WIDTH))
        self.stream.write(f"\r\x1b[2K  [{bar}] {self._counts()}")
        self.stream.flush()
        self._bar_shown = True
