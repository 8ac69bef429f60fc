"""Single reports render in at most REPORT_SLOTS threads at once and answer within REPORT_TIME_LIMIT seconds.

A request finding every slot taken, or whose render outlasts the limit, answers 503 with Retry-After at
once, so web workers stay free for everyone else (/healthz included); a render past its limit finishes
in the background and only then frees its slot. Batches of reports go to the job workers instead.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from concurrent.futures import TimeoutError as FutureTimeout
from dataclasses import dataclass, field
from typing import TypeVar

from flask import Flask, current_app
from werkzeug.exceptions import ServiceUnavailable

from .database import get_session

T = TypeVar("T")
In = TypeVar("In")
KEY = "maturity.render_gate"


@dataclass
class Gate:
    """The slots and the threads that render in them."""

    slots: int
    semaphore: threading.BoundedSemaphore = field(init=False)
    pool: ThreadPoolExecutor = field(init=False)

    def __post_init__(self) -> None:
        self.semaphore = threading.BoundedSemaphore(self.slots)
        self.pool = ThreadPoolExecutor(max_workers=self.slots, thread_name_prefix="report")


def init_app(app: Flask) -> None:
    """Create the app's render slots."""
    app.extensions[KEY] = Gate(max(1, int(app.config["REPORT_SLOTS"])))


def busy(retry_after: int) -> ServiceUnavailable:
    """The 503 a caller gets when no slot is free or the render took too long."""
    return ServiceUnavailable(
        "Reports are being generated for others; please try again in a moment.", retry_after=retry_after
    )


def render(prepare: Callable[[], In], work: Callable[[In], T]) -> T:
    """Take a free slot (else 503 at once), `prepare` in the request (database reads), then run `work` on
    the slot's thread within the time limit (else 503 with Retry-After)."""
    gate: Gate = current_app.extensions[KEY]
    limit = float(current_app.config["REPORT_TIME_LIMIT"])
    retry = max(1, int(limit))
    if not gate.semaphore.acquire(blocking=False):
        raise busy(retry)
    try:
        inputs = prepare()
        # The reads are done: end the request's transaction now, so a long render holds no database lock
        # (on SQLite the token's last-use stamp would otherwise block every other writer until it ends).
        get_session().commit()
        future = gate.pool.submit(work, inputs)
    except BaseException:
        gate.semaphore.release()
        raise
    future.add_done_callback(lambda _done: gate.semaphore.release())
    try:
        return future.result(timeout=limit)
    except FutureTimeout:
        raise busy(retry) from None
