"""The interface every SMS back-end implements, and what it answers for each message.

The worker (``campaigns.services.sending``) claims a batch of messages, opens the back-end once, hands it
the batch and records each ``Outcome``. A back-end never retries by itself: it says what happened and
the worker decides (retry later, give up, or count the message as not confirmed)."""

from __future__ import annotations

import dataclasses
import enum


@dataclasses.dataclass(frozen=True)
class Outgoing:
    """One SMS to hand over: ``reference`` is Amanat's id of the message (the gateway echoes it back)."""

    reference: str
    to: str  # E.164
    body: str
    sender: str = ""


class Status(enum.Enum):
    ACCEPTED = "accepted"  # the gateway took it and named it (``gateway_message_id``)
    REJECTED = "rejected"  # the gateway refused it for good (a bad number, a banned text): failed
    RETRY = "retry"  # the gateway said "not now" (throttled, busy): not sent, safe to send later
    UNKNOWN = "unknown"  # no answer (a time-out, a dropped connection): it may have gone out; never resent


@dataclasses.dataclass(frozen=True)
class Outcome:
    reference: str
    status: Status
    gateway_message_id: str = ""
    error: str = ""  # a code or short reason, never the number or the text


class GatewayUnavailable(Exception):
    """The back-end could not reach the gateway at all before handing anything over (refused
    connection, failed login): nothing of the batch went out, all of it may be retried."""


class Backend:
    """Open (connect, bind) once, send batches, close. ``rate_limit`` is in messages per second."""

    def __init__(self, gateway):
        self.gateway = gateway
        self.rate_limit = gateway.rate_limit

    def __enter__(self) -> Backend:
        self.open()
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def open(self) -> None:
        """Connect; GatewayUnavailable when the gateway cannot be reached."""

    def close(self) -> None:
        """Disconnect; never raises."""

    def send(self, batch: list[Outgoing]) -> list[Outcome]:
        """Hand over each message of ``batch`` (within the rate limit) and say what became of it, one
        ``Outcome`` per message in the same order; GatewayUnavailable if nothing could be handed over."""
        raise NotImplementedError
