"""The budget of one Hub call (wall-clock deadline, bytes on the wire, cancellation), shared by client and transport.

Kept free of heavy imports: the transport enforces it on every socket operation, the client sets it.
"""

from __future__ import annotations

import contextvars
import threading
import time
from dataclasses import dataclass


class BudgetExceeded(Exception):
    """Base of the three ways a call's budget runs out; never an httpcore/httpx error, so no library retries it."""


class Expired(BudgetExceeded):
    """The call's wall-clock deadline passed."""


class Cancelled(BudgetExceeded):
    """`cancel()` was called (Ctrl-C during sync): every request in flight stops at its next socket operation."""


class Oversize(BudgetExceeded):
    """More bytes arrived than the request may read."""


@dataclass
class Call:
    """One public call: its wall-clock end and what the current request may still receive."""

    ends_at: float  # time.monotonic()
    deadline: float  # seconds the call was given (for messages)
    host: str  # endpoint host, credentials removed
    timeout: float  # per socket operation
    retries: int
    wire_left: int | None = None  # bytes the current request may still receive (headers, redirects, body)


CALL: contextvars.ContextVar[Call | None] = contextvars.ContextVar("llm_advisor_hub_call", default=None)
_CANCEL = threading.Event()


def cancel() -> None:
    _CANCEL.set()


def reset_cancel() -> None:
    _CANCEL.clear()


def cancelled() -> bool:
    return _CANCEL.is_set()


def remaining(op_timeout: float | None) -> float | None:
    """Seconds the next socket operation may block: its own timeout, cut to what is left of the call."""
    if _CANCEL.is_set():
        raise Cancelled()
    call = CALL.get()
    if call is None:
        return op_timeout
    left = call.ends_at - time.monotonic()
    if left <= 0:
        raise Expired()
    return left if op_timeout is None else min(op_timeout, left)


def account(received: int) -> None:
    """Count bytes read from the network against the current request's allowance."""
    call = CALL.get()
    if call is None or call.wire_left is None:
        return
    call.wire_left -= received
    if call.wire_left < 0:
        raise Oversize()
