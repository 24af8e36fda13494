"""An entry's certificate as PDF, in the language asked for (``?language=ru|en``) or the page's."""

from __future__ import annotations

import re

from django.http import HttpResponse
from django.utils.translation import get_language

from awards import certificates
from awards.selectors import certificates as selectors


def entry_certificate(request, pk):
    entry, is_winner = selectors.certificate_entry(user=request.user, pk=pk)
    language = request.GET.get("language") or (get_language() or "en")[:2]
    if language not in certificates.LANGUAGES:
        language = "en"
    facts = certificates.facts_of(entry=entry, is_winner=is_winner, language=language)
    response = HttpResponse(
        certificates.certificate_pdf(facts, language=language), content_type="application/pdf"
    )
    # A neutral file name: the entry's code and the language, nothing that names a person.
    code = re.sub(r"[^A-Za-z0-9-]+", "-", entry.code).strip("-") or str(entry.pk)
    response["Content-Disposition"] = f'attachment; filename="certificate-{code}-{language}.pdf"'
    response["Cache-Control"] = "no-store"
    return response
