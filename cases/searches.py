"""A name search kept server-side behind a short-lived opaque id, so that the name never enters a URL,
the browser history or a server log, while ``?search=<id>`` still pages and goes back.

The search is kept in the user's session, encrypted under the current data key and bound to the
user and the id (a session row in the database reveals nothing), and forgotten after
``SEARCH_LIFETIME`` or at logout."""

import datetime
import json
import secrets

from django.utils import timezone

from privacy.crypto import DecryptionError, decrypt_text, encrypt_text

SESSION_KEY = "case_searches"
SEARCH_LIFETIME = datetime.timedelta(minutes=30)
MAX_SEARCHES = 20


def _context(user, search_id: str) -> str:
    return f"cases.search|{user.pk}|{search_id}"


def search_remember(request, criteria: dict) -> str:
    """Keep ``criteria`` (JSON-serialisable) for this user's session; the opaque id to put in the URL."""
    now = timezone.now()
    kept = {
        search_id: entry
        for search_id, entry in request.session.get(SESSION_KEY, {}).items()
        if entry["expires"] > now.timestamp()
    }
    search_id = secrets.token_urlsafe(12)
    kept[search_id] = {
        "expires": (now + SEARCH_LIFETIME).timestamp(),
        "criteria": encrypt_text(json.dumps(criteria), context=_context(request.user, search_id)),
    }
    newest = sorted(kept.items(), key=lambda item: item[1]["expires"])[-MAX_SEARCHES:]
    request.session[SESSION_KEY] = dict(newest)
    return search_id


def search_recall(request, search_id: str) -> dict | None:
    """The criteria kept under ``search_id``; None when unknown, expired or not this user's."""
    entry = request.session.get(SESSION_KEY, {}).get(search_id)
    if entry is None or entry["expires"] <= timezone.now().timestamp():
        return None
    try:
        return json.loads(decrypt_text(entry["criteria"], context=_context(request.user, search_id)))
    except DecryptionError:
        return None
