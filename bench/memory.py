"""The sandbox's memory: resident set size when idle, and the peak while it works."""

from __future__ import annotations

import os
import threading
from types import TracebackType

import psutil
import requests

from bench.servers import Server
from helpers._local.transport import FORWARDED_HOST

MIB = 1024 * 1024
MEDIA_HOST = "mcs.us1.twilio.com"  # Twilio's Media Content Service


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


def media_peak(server: Server, megabytes: int = 150) -> int:
    """The sandbox's peak RSS while a media file of `megabytes` (Twilio's largest: 150 MB) is
    uploaded to the default service, then fetched whole."""
    client = server.client()
    service = client.conversations.v1.configuration().fetch().default_chat_service_sid
    media = f"{server.url}/v1/Services/{service}/Media"
    auth = (client.username, client.password)
    mcs = {FORWARDED_HOST: MEDIA_HOST}
    content = os.urandom(MIB) * megabytes
    with PeakWatch(server.pid) as watch:
        sent = requests.post(
            media, data=content, auth=auth, headers={**mcs, "Content-Type": "video/mp4"}
        )
        sent.raise_for_status()
        fetched = requests.get(f"{media}/{sent.json()['sid']}/Content", auth=auth, headers=mcs)
        fetched.raise_for_status()
    if fetched.content != content:
        raise RuntimeError("The sandbox gave back other bytes than the media file uploaded")
    return watch.peak
