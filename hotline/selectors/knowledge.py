"""Reading the knowledge base: no personal data, so a search is a plain query on folded text."""

from django.db.models import Q

from hotline.models import Answer, AnswerVersion
from hotline.models.knowledge import answer_search_text

SEARCH_LIMIT = 20


def answer_list(*, user, include_drafts: bool = False):
    """Answers ``user`` may read: their organisation's, and the live ones shared with the network.

    Without ``include_drafts`` only answers with a live (approved) version."""
    answers = Answer.objects.visible_to(user).select_related("live_version", "organisation")
    if not include_drafts:
        answers = answers.filter(live_version__isnull=False)
    return answers


def answer_search(*, user, query: str, limit: int = SEARCH_LIMIT) -> list[Answer]:
    """Live answers whose live version holds every word of ``query`` (any language, any case)."""
    answers = answer_list(user=user)
    for word in answer_search_text(query).split():
        answers = answers.filter(live_version__search_text__contains=word)
    return list(answers.order_by("topic", "pk")[:limit])


def answer_version_list(*, user, answer: Answer):
    """Every version of ``answer`` ``user`` may read, newest first, with author and approver."""
    return (
        AnswerVersion.objects.visible_to(user)
        .filter(answer=answer)
        .select_related("created_by", "approved_by")
        .order_by("-number")
    )


def answer_pending_approval(*, user):
    """Draft versions of ``user``'s organisations waiting for their approval (not their own)."""
    return (
        AnswerVersion.objects.visible_to(user)
        .filter(approved_at__isnull=True)
        .filter(Q(answer__organisation__in=_approving_organisations(user)))
        .exclude(created_by=user)
        .select_related("answer", "created_by")
    )


def _approving_organisations(user) -> list[int]:
    from tenancy import organisations_with_perm

    return sorted(organisations_with_perm(user, "hotline.approve_answer") or [])
