"""A token bucket shared by a back-end's connections: at most ``rate`` messages a second, evenly spaced
(a burst of one by default), so no one-second window of the gateway ever sees more than ``rate``."""

from __future__ import annotations

import threading
import time


class TokenBucket:
    def __init__(self, rate: float, *, burst: float | None = None):
        self.rate = max(float(rate or 0), 0.0)
        self.capacity = burst if burst is not None else 1.0
        self.tokens = self.capacity
        self.updated = time.monotonic()
        self.lock = threading.Lock()

    def take(self, count: int = 1) -> None:
        """Wait until ``count`` tokens are there and take them (no limit when the rate is 0)."""
        if not self.rate:
            return
        while True:
            with self.lock:
                now = time.monotonic()
                self.tokens = min(self.capacity, self.tokens + (now - self.updated) * self.rate)
                self.updated = now
                if self.tokens >= count:
                    self.tokens -= count
                    return
                wait = (count - self.tokens) / self.rate
            time.sleep(wait)
