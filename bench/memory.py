"""The sandbox's memory: resident set size when idle, and the peak while it works."""

from __future__ import annotations

import threading
from types import TracebackType

import psutil

MIB = 1024 * 1024


def rss(pid: int) -> int:
    try:
        return int(psutil.Process(pid).memory_info().rss)
    except psutil.Error:
        return 0


class PeakWatch:
    """Samples a process's RSS every few milliseconds while the `with` block runs."""

    def __init__(self, pid: int, every: float = 0.02) -> None:
        self.pid = pid
        self.every = every
        self.peak = rss(pid)
        self._done = threading.Event()
        self._thread = threading.Thread(target=self._sample, daemon=True)

    def _sample(self) -> None:
        while not self._done.wait(self.every):
            self.peak = max(self.peak, rss(self.pid))

    def __enter__(self) -> PeakWatch:
        self._thread.start()
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        self._done.set()
        self._thread.join()
        self.peak = max(self.peak, rss(self.pid))
