"""Refresh on a timer without holding the kernel: a daemon thread that sleeps between ticks."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable

import requests
from twilio.base.exceptions import TwilioException

from helpers.errors import rest_error


class Poller:
    """Calls `tick()` (True when something changed) every `interval` seconds until stopped.

    With `backoff` above 1, each tick that finds nothing new stretches the wait by that
    factor (up to `max_interval`), and a change brings it back to `interval`: live, a quiet
    playground reads Twilio less and less often. It stops itself after `idle_after` seconds
    with nothing new, or when a tick fails, and says why through `on_stop`. Its thread is a
    daemon, so it ends with the kernel too.
    """

    def __init__(
        self,
        tick: Callable[[], bool],
        *,
        interval: float,
        idle_after: float,
        on_stop: Callable[[str], None],
        backoff: float = 1.0,
        max_interval: float | None = None,
    ) -> None:
        self.tick = tick
        self.interval = interval
        self.backoff = backoff
        self.max_interval = max_interval or interval
        self.idle_after = idle_after
        self.on_stop = on_stop
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    @property
    def running(self) -> bool:
        """True while a thread polls and has not been told to stop."""
        alive = self._thread is not None and self._thread.is_alive()
        return alive and not self._stop.is_set()

    def start(self) -> None:
        if self.running:
            return
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="gtl-poller", daemon=True)
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()

    def _run(self) -> None:
        stop = self._stop  # its own: a restart while this one winds down gets a new event
        last_change = time.monotonic()
        wait = self.interval
        while not stop.wait(wait):
            try:
                changed = self.tick()
            except TwilioException as error:  # e.g. the conversation was deleted meanwhile
                refused = rest_error(error)
                said = f"Twilio error {refused.code}. The API's message: {refused.msg}"
                self.on_stop(f"Auto-refresh stopped: {said}")
                return
            except requests.RequestException as error:
                self.on_stop(f"Auto-refresh stopped: {type(error).__name__}: {error}")
                return
            now = time.monotonic()
            wait = self.next_wait(wait, changed)
            if changed:
                last_change = now
            elif now - last_change >= self.idle_after:
                minutes = round(self.idle_after / 60)
                self.on_stop(f"Auto-refresh paused after {minutes} min with nothing new.")
                return

    def next_wait(self, wait: float, changed: bool) -> float:
        """The wait before the next tick, after one that came `wait` seconds after the last:
        `interval` again after a change, else `backoff` times as long (up to `max_interval`)."""
        if changed:
            return self.interval
        return min(wait * self.backoff, max(self.max_interval, self.interval))
