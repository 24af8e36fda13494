"""The knowledge base: answers written as draft versions and approved by a manager of the owner."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.backends import require_perm
from audit.services import audit_record
from hotline.models import Answer, AnswerVersion
from hotline.models.knowledge import answer_search_text

VERSION_FIELDS = ("title_en", "title_ru", "body_en", "body_ru", "keywords")


def _version_write(*, answer: Answer, by, content: dict) -> AnswerVersion:
    missing = {field: _("This field is required.") for field in VERSION_FIELDS[:4] if not content.get(field)}
    if missing:
        raise ValidationError(missing)
    # unscoped: the next number counts every version of this answer, which the caller was allowed to edit.
    last = AnswerVersion.unscoped.filter(answer=answer).aggregate(last=Max("number"))["last"] or 0
    values = {field: (content.get(field) or "").strip() for field in VERSION_FIELDS}
    return AnswerVersion.objects.create(
        organisation_id=answer.organisation_id,
        answer=answer,
        number=last + 1,
        search_text=answer_search_text(*values.values()),
        created_by=by,
        **values,
    )


@transaction.atomic
def answer_create(*, organisation, by, topic: str, is_shared: bool = False, **content) -> AnswerVersion:
    """A new answer of ``organisation`` with its first (draft) version; it is live once approved."""
    require_perm(by, "hotline.add_answer", organisation)
    if is_shared and not by.has_perm("hotline.approve_answer", organisation):
        raise PermissionDenied  # sharing with the network is a manager's decision
    answer = Answer.objects.create(organisation=organisation, topic=topic, is_shared=is_shared)
    version = _version_write(answer=answer, by=by, content=content)
    audit_record(by=by, action="hotline.answer_created", obj=answer, details={"version": version.number})
    return version


@transaction.atomic
def answer_edit(*, answer: Answer, by, topic: str | None = None, is_shared: bool | None = None, **content):
    """Every edit is a new draft version; the live version stays until a manager approves the new one.

    Changing the topic or the network sharing takes effect at once (they are the owner's settings)."""
    require_perm(by, "hotline.add_answer", answer)
    changed = []
    if topic is not None and topic != answer.topic:
        answer.topic = topic
        changed.append("topic")
    if is_shared is not None and is_shared != answer.is_shared:
        require_perm(by, "hotline.approve_answer", answer)
        answer.is_shared = is_shared
        changed.append("is_shared")
    if changed:
        answer.save(update_fields=changed)
    version = _version_write(answer=answer, by=by, content=content)
    audit_record(by=by, action="hotline.answer_edited", obj=answer, details={"version": version.number})
    return version


@transaction.atomic
def answer_version_approve(*, version: AnswerVersion, by) -> AnswerVersion:
    """A manager of the owner approves ``version``, which becomes live unless a later one already is.

    PermissionDenied without ``hotline.approve_answer``; ValidationError when ``by`` wrote the version
    (four eyes) or it is already approved."""
    require_perm(by, "hotline.approve_answer", version)
    # unscoped: lock the answer row of a version the caller may approve, so two approvals serialise.
    answer = Answer.unscoped.select_for_update().get(pk=version.answer_id)
    version.refresh_from_db(fields=["approved_at", "approved_by", "created_by"])
    if version.approved_at is not None:
        raise ValidationError(_("This version is already approved."))
    if version.created_by_id == by.pk:
        raise ValidationError(_("Another manager must approve a version you wrote."))
    version.approved_by = by
    version.approved_at = timezone.now()
    version.save(update_fields=["approved_by", "approved_at"])
    live = answer.live_version_id and AnswerVersion.unscoped.get(pk=answer.live_version_id)
    if not live or live.number < version.number:
        answer.live_version = version
        answer.save(update_fields=["live_version"])
    audit_record(by=by, action="hotline.answer_approved", obj=answer, details={"version": version.number})
    return version
