"""The SMS worker: sends a broadcast's queued messages through its gateway, at most once each.

``broadcast_send`` loops while the broadcast is ``sending``:

1. claims that were never answered (a worker killed between claim and answer) become ``unconfirmed``
   once older than ``AMANAT_SMS_CLAIM_SECONDS``: they may have gone out, so they are never sent again;
2. it claims a batch of due ``queued`` messages with one conditional UPDATE (``queued`` → ``sending``,
   ``claimed_at``, ``attempts + 1``; PostgreSQL skips rows another worker holds: ``FOR UPDATE SKIP
   LOCKED``), cancels those whose number opted out meanwhile, and commits BEFORE anything is handed over;
3. it hands the batch to the back-end and records the outcomes in a few UPDATEs: ``sent`` (with the
   gateway's id), ``failed``, back to ``queued`` with a backoff (``failed`` after
   ``AMANAT_SMS_MAX_ATTEMPTS``), ``unconfirmed``; then the delivery receipts the back-end read;
4. ``AMANAT_SMS_PAUSE_AFTER_FAILURES`` failures in a row (the gateway unreachable, or a whole batch to
   try later) pause the broadcast with a clear ``status_detail``; resuming sends the rest, and nothing
   twice, since every message handed over has left ``queued`` for good.

When nothing is queued and nothing is in flight, the broadcast is finished. When what is left is not due
yet (quiet hours, a backoff), a short wait happens here and a long one re-enqueues the task for then."""

from __future__ import annotations

import concurrent.futures
import datetime
import logging
import time

from django.conf import settings
from django.db import connection, transaction
from django.db.models import F, Min, Q
from django.utils import timezone, translation
from django.utils.translation import gettext as _, ngettext

from audit.services import audit_record
from campaigns.gateways import backend_for
from campaigns.gateways.base import GatewayUnavailable, Outcome, Outgoing, Status
from campaigns.models import Broadcast, BroadcastText, Message, OptOut, Subscriber
from campaigns.services import delivery
from campaigns.services.broadcasts import message_body

logger = logging.getLogger("campaigns.sms")

Q_STATUS = Message.Status


def _backoff(attempts: int) -> datetime.timedelta:
    return datetime.timedelta(seconds=settings.AMANAT_SMS_RETRY_SECONDS * 2 ** max(attempts - 1, 0))


def _batch_size(gateway) -> int:
    # About two seconds of the gateway's rate at most, so a claim is answered long before it goes stale.
    size = settings.AMANAT_SMS_BATCH_SIZE
    return max(1, min(size, gateway.rate_limit * 2)) if gateway.rate_limit else size


def broadcast_send(*, broadcast_id: int) -> str:
    """Send what is due of the broadcast; answers how the run ended: "finished", "paused", "waiting"
    (re-enqueued for later), or "stopped" (the broadcast is not sending: paused, cancelled, finished).

    While one batch is out at the gateway (the back-end sends from a thread of its own), the next one is
    claimed and prepared here, committed like every claim before it goes out; when the gateway fails,
    that batch goes back to the queue untouched."""
    # unscoped: the worker sends the broadcast it was given by id (no user in a task).
    broadcast = Broadcast.unscoped.select_related("gateway").get(pk=broadcast_id)
    if broadcast.status != Broadcast.Status.SENDING:
        return "stopped"
    gateway = broadcast.gateway
    # unscoped: the texts of the broadcast being sent.
    texts = dict(BroadcastText.unscoped.filter(broadcast=broadcast).values_list("pk", "body"))
    size = _batch_size(gateway)
    failures, last_error = 0, ""
    backend = None
    ahead = None  # (claimed, outgoing): claimed while the batch before it was out
    sender = concurrent.futures.ThreadPoolExecutor(1, thread_name_prefix="sms-send")

    def failed(error: str, *, unreachable: bool) -> str | None:
        nonlocal failures, last_error
        failures, last_error = failures + 1, error
        if failures >= settings.AMANAT_SMS_PAUSE_AFTER_FAILURES:
            return _pause(broadcast, failures, unreachable=unreachable)
        time.sleep(min(_backoff(failures).total_seconds(), settings.AMANAT_SMS_WAIT_SECONDS))
        return None

    try:
        while True:
            # unscoped: the worker's own broadcast; staff may pause or cancel it between batches.
            if not Broadcast.unscoped.filter(pk=broadcast.pk, status=Broadcast.Status.SENDING).exists():
                return "stopped"
            if ahead is None:
                _unconfirm_stale(broadcast)
                if backend is None:
                    try:
                        backend = backend_for(gateway)
                        backend.open()
                    except GatewayUnavailable as error:
                        backend = None
                        if paused := failed(str(error), unreachable=True):
                            return paused
                        continue
                claimed = _claim(broadcast, size)
                if not claimed:
                    ended = _nothing_due(broadcast)
                    if ended:
                        return ended
                    continue
                outgoing = _outgoing(claimed, texts, gateway)
            else:
                (claimed, outgoing), ahead = ahead, None
            future = sender.submit(backend.send, outgoing) if outgoing else None
            if future is not None and failures == 0:
                next_claimed = _claim(broadcast, size)
                if next_claimed:
                    ahead = (next_claimed, _outgoing(next_claimed, texts, gateway))
            try:
                outcomes = future.result() if future is not None else []
            except GatewayUnavailable as error:
                # Nothing of the batch went out: it is queued again as it was, and so is the one ahead.
                _release(claimed)
                if ahead is not None:
                    _release(ahead[0])
                    ahead = None
                backend.close()
                backend = None
                if paused := failed(str(error), unreachable=True):
                    return paused
                continue
            _record(claimed, outcomes)
            _record_reports(backend, gateway)
            if outcomes and all(outcome.status is Status.RETRY for outcome in outcomes):
                if ahead is not None:
                    _release(ahead[0])
                    ahead = None
                if paused := failed(outcomes[0].error, unreachable=False):
                    return paused
            else:
                failures = 0
    finally:
        if ahead is not None:
            _release(ahead[0])
        sender.shutdown(wait=True)
        if backend is not None:
            if hasattr(backend, "listen"):
                backend.listen(0.5)  # the receipts of the last messages, when they come at once
                _record_reports(backend, gateway)
            backend.close()
        if last_error:
            logger.info("Broadcast %s: last gateway error %s", broadcast.pk, last_error)


def _unconfirm_stale(broadcast: Broadcast) -> int:
    stale_before = timezone.now() - datetime.timedelta(seconds=settings.AMANAT_SMS_CLAIM_SECONDS)
    # unscoped: the worker's own broadcast's messages.
    return Message.unscoped.filter(
        broadcast=broadcast, status=Q_STATUS.SENDING, claimed_at__lt=stale_before
    ).update(status=Q_STATUS.UNCONFIRMED, error="no answer recorded (the worker stopped)")


def _claim(broadcast: Broadcast, size: int) -> list[tuple]:
    """Claim up to ``size`` due queued messages: [(id, subscriber_id, text_id, attempts)], committed."""
    now = timezone.now()
    table = Message._meta.db_table
    lock = " FOR UPDATE SKIP LOCKED" if connection.vendor == "postgresql" else ""
    # The batch is chosen once (a materialised CTE: as a plain IN subquery PostgreSQL may run the LIMIT
    # again per row and claim more than asked), then claimed where it is still queued.
    # The table name is ours and every value a parameter.
    sql = (
        f"WITH batch AS MATERIALIZED (SELECT id FROM {table} WHERE broadcast_id = %s AND status = %s "  # noqa: S608
        f"AND (not_before IS NULL OR not_before <= %s) LIMIT %s{lock}) "
        f"UPDATE {table} SET status = %s, claimed_at = %s, attempts = attempts + 1 "
        f"WHERE id IN (SELECT id FROM batch) AND status = %s "
        "RETURNING id, subscriber_id, text_id, attempts, number_hash"
    )
    at = connection.ops.adapt_datetimefield_value(now)  # as the ORM stores it (naive UTC on SQLite)
    params = [broadcast.pk, Q_STATUS.QUEUED, at, size, Q_STATUS.SENDING, at, Q_STATUS.QUEUED]
    with transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            rows = cursor.fetchall()
        if not rows:
            return []
        # An opt-out that arrived after the start stops the message (checked again here, at the claim).
        # unscoped: the broadcast's organisation's opt-outs, for the numbers just claimed.
        opted_out = set(
            OptOut.unscoped.filter(
                organisation_id=broadcast.organisation_id, number_hash__in=[row[4] for row in rows]
            ).values_list("number_hash", flat=True)
        )
        if opted_out:
            cancelled = [row[0] for row in rows if row[4] in opted_out]
            # unscoped: messages this worker just claimed.
            Message.unscoped.filter(pk__in=cancelled).update(status=Q_STATUS.CANCELLED, error="opted out")
            rows = [row for row in rows if row[4] not in opted_out]
    return [row[:4] for row in rows]


def _outgoing(claimed: list[tuple], texts: dict, gateway) -> list[Outgoing]:
    # unscoped: the subscribers of messages this worker claimed (their numbers are decrypted to send).
    subscribers = Subscriber.unscoped.filter(pk__in={row[1] for row in claimed if row[1]}).only(
        "number", "record_key", "opt_out_token"
    )
    subscribers = {subscriber.pk: subscriber for subscriber in subscribers}
    numbers = {pk: subscriber.number for pk, subscriber in subscribers.items()}
    missing = [row[0] for row in claimed if not numbers.get(row[1])]
    if missing:
        # unscoped: messages this worker claimed whose subscriber was removed since the start.
        Message.unscoped.filter(pk__in=missing).update(status=Q_STATUS.FAILED, error="no number")
    return [
        Outgoing(
            reference=str(row[0]),
            to=numbers[row[1]],
            body=message_body(body=texts[row[2]], subscriber=subscribers[row[1]]),
            sender=gateway.sender,
        )
        for row in claimed
        if numbers.get(row[1])
    ]


def _release(claimed: list[tuple]) -> None:
    """Claimed messages that were never handed over go back to the queue, the attempt not counted."""
    # unscoped: messages this worker claimed and did not hand over.
    Message.unscoped.filter(pk__in=[row[0] for row in claimed], status=Q_STATUS.SENDING).update(
        status=Q_STATUS.QUEUED, claimed_at=None, attempts=F("attempts") - 1
    )


def _record(claimed: list[tuple], outcomes: list[Outcome]) -> None:
    """Write each outcome: a few UPDATEs, one per kind of outcome (and one for all the accepted)."""
    now = timezone.now()
    attempts = {str(row[0]): row[3] for row in claimed}
    accepted, by_error = [], {}
    for outcome in outcomes:
        pk = int(outcome.reference)
        if outcome.status is Status.ACCEPTED:
            accepted.append((pk, outcome.gateway_message_id or None))
            continue
        if outcome.status is Status.RETRY:
            tries = attempts[outcome.reference]
            if tries >= settings.AMANAT_SMS_MAX_ATTEMPTS:
                key = (Q_STATUS.FAILED, f"{outcome.error}; gave up after {tries} attempts"[:200], None)
            else:
                key = (Q_STATUS.QUEUED, outcome.error[:200], now + _backoff(tries))
        elif outcome.status is Status.REJECTED:
            key = (Q_STATUS.FAILED, outcome.error[:200], None)
        else:
            key = (Q_STATUS.UNCONFIRMED, outcome.error[:200], None)
        by_error.setdefault(key, []).append(pk)
    # Rows the stale check marked unconfirmed meanwhile still take the gateway's answer.
    in_flight = [Q_STATUS.SENDING, Q_STATUS.UNCONFIRMED]
    with transaction.atomic():
        if accepted:
            _record_accepted(accepted, now)
        for (status, error, not_before), pks in by_error.items():
            fields = {"status": status, "error": error}
            if status == Q_STATUS.QUEUED:
                fields.update(not_before=not_before, claimed_at=None)
                # unscoped: messages this worker claimed (only those still in flight go back to the queue).
                Message.unscoped.filter(pk__in=pks, status=Q_STATUS.SENDING).update(**fields)
            else:
                # unscoped: messages this worker claimed.
                Message.unscoped.filter(pk__in=pks, status__in=in_flight).update(**fields)


def _record_accepted(accepted: list[tuple[int, str | None]], now) -> None:
    """One UPDATE for every accepted message of the batch, each with the id the gateway gave it."""
    table = Message._meta.db_table
    values = ", ".join(["(%s, %s)"] * len(accepted))
    cast = "::bigint" if connection.vendor == "postgresql" else ""
    # The table name is ours and every value a parameter.
    sql = (
        f"WITH accepted (id, gateway_message_id) AS (VALUES {values}) "  # noqa: S608
        f"UPDATE {table} SET status = %s, sent_at = %s, error = '', "
        "gateway_message_id = accepted.gateway_message_id FROM accepted "
        f"WHERE {table}.id = accepted.id{cast} AND {table}.status IN (%s, %s)"
    )
    params = [value for pair in accepted for value in pair]
    params += [
        Q_STATUS.SENT,
        connection.ops.adapt_datetimefield_value(now),
        Q_STATUS.SENDING,
        Q_STATUS.UNCONFIRMED,
    ]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)


def _record_reports(backend, gateway) -> None:
    take = getattr(backend, "take_reports", None)
    if take is None:
        return
    reports, inbound = take()
    if reports:
        delivery.delivery_reports_record(gateway=gateway, reports=reports)
    for message in inbound:
        from campaigns.services import opt_outs

        opt_outs.opt_out_from_reply(gateway=gateway, number=message.number, text=message.text)


def _nothing_due(broadcast: Broadcast) -> str | None:
    """Nothing could be claimed: finish, wait here a little, or re-enqueue for later (None: go on)."""
    # unscoped: the worker's own broadcast's messages.
    left = Message.unscoped.filter(broadcast=broadcast, status__in=[Q_STATUS.QUEUED, Q_STATUS.SENDING])
    state = left.aggregate(
        next_due=Min("not_before", filter=Q(status=Q_STATUS.QUEUED)),
        in_flight=Min("claimed_at", filter=Q(status=Q_STATUS.SENDING)),
    )
    queued = left.filter(status=Q_STATUS.QUEUED).exists()
    if not queued and state["in_flight"] is None:
        return _finish(broadcast)
    now = timezone.now()
    wait_until = state["next_due"] if queued else None
    if state["in_flight"] is not None:  # another worker's claims, or a killed worker's going stale
        stale_at = state["in_flight"] + datetime.timedelta(seconds=settings.AMANAT_SMS_CLAIM_SECONDS)
        wait_until = min(wait_until, stale_at) if wait_until else stale_at
    wait = (wait_until - now).total_seconds() if wait_until else 0
    if wait <= settings.AMANAT_SMS_WAIT_SECONDS:
        time.sleep(min(max(wait, 0.05), 1.0))
        return None
    from campaigns.tasks import broadcast_send_task

    transaction.on_commit(
        lambda: broadcast_send_task.using(run_after=wait_until).enqueue(broadcast_id=broadcast.pk)
    )
    return "waiting"


def _finish(broadcast: Broadcast) -> str:
    now = timezone.now()
    with transaction.atomic():
        # unscoped: the worker's own broadcast.
        done = Broadcast.unscoped.filter(pk=broadcast.pk, status=Broadcast.Status.SENDING).update(
            status=Broadcast.Status.FINISHED, finished_at=now, status_detail=""
        )
        if done:
            audit_record(by=None, action="broadcast.finished", obj=broadcast)
    return "finished" if done else "stopped"


def _pause(broadcast: Broadcast, failures: int, *, unreachable: bool) -> str:
    with translation.override(settings.LANGUAGE_CODE):
        if unreachable:
            detail = ngettext(
                "Paused: the gateway did not answer (%(count)d attempt).",
                "Paused: the gateway did not answer (%(count)d attempts).",
                failures,
            ) % {"count": failures}
        else:
            detail = ngettext(
                "Paused: the gateway refused to take messages now (%(count)d attempt).",
                "Paused: the gateway refused to take messages now (%(count)d attempts).",
                failures,
            ) % {"count": failures}
        detail += " " + _("Resume the broadcast when it works again: nothing is sent twice.")
    with transaction.atomic():
        # unscoped: the worker's own broadcast.
        paused = Broadcast.unscoped.filter(pk=broadcast.pk, status=Broadcast.Status.SENDING).update(
            status=Broadcast.Status.PAUSED, status_detail=detail[:300]
        )
        if paused:
            audit_record(by=None, action="broadcast.paused", obj=broadcast, details={"failures": failures})
    return "paused" if paused else "stopped"
