"""Stories beside figures: a manager attaches their organisation's published stories (consented,
anonymised and reviewed in the case module) to the indicators they illustrate, and dashboards and
reports show them beside those indicators.

A story is shown only while it is published under a current publication consent
(``cases.selectors.published_story_texts``): a withdrawn consent takes it off every page at once,
although its attachment row stays."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.utils.translation import gettext as _

from analytics.filters import Filters
from analytics.indicators import INDICATORS
from analytics.models import IndicatorStory
from analytics.scope import AnalyticsScope
from audit.services import audit_record
from cases import selectors as case_selectors
from cases.models import Story
from tenancy import organisations_with_perm

PUBLISH_PERMISSION = "cases.publish_story"


def _require_publisher(by, story: Story) -> None:
    if not by.has_perm(PUBLISH_PERMISSION, story):
        raise PermissionDenied


def _require_indicator(indicator: str) -> None:
    if indicator not in INDICATORS:
        raise ValidationError({"indicator": _("There is no indicator %(key)s.") % {"key": indicator}})


@transaction.atomic
def story_attach(*, by, story: Story, indicator: str) -> IndicatorStory:
    """Show ``story`` beside ``indicator``. PermissionDenied unless ``by`` publishes the stories of its
    organisation (a manager); ValidationError for an unknown indicator, for a story not published under a
    current publication consent, or for one already beside the indicator. Writes the audit entry."""
    _require_publisher(by, story)
    _require_indicator(indicator)
    if not case_selectors.published_stories(user=by).filter(pk=story.pk).exists():
        raise ValidationError(
            {"story": _("Only a published story whose victim consents to its publication can be shown.")}
        )
    # unscoped: one story's attachments; its organisation's publisher is checked above.
    if IndicatorStory.unscoped.filter(story=story, indicator=indicator).exists():
        raise ValidationError({"indicator": _("This story is already shown beside this indicator.")})
    attachment = IndicatorStory.objects.create(
        organisation_id=story.organisation_id, story=story, indicator=indicator, attached_by=by
    )
    audit_record(
        by=by, action="story.attached", obj=story, details={"story": story.pk, "indicator": indicator}
    )
    return attachment


@transaction.atomic
def story_detach(*, by, story: Story, indicator: str) -> bool:
    """Stop showing ``story`` beside ``indicator``; False if it was not shown there (nothing done).
    PermissionDenied unless ``by`` publishes the stories of its organisation. Writes the audit entry."""
    _require_publisher(by, story)
    # unscoped: one story's attachment; its organisation's publisher is checked above.
    deleted, _rows = IndicatorStory.unscoped.filter(story=story, indicator=indicator).delete()
    if deleted:
        audit_record(
            by=by, action="story.detached", obj=story, details={"story": story.pk, "indicator": indicator}
        )
    return bool(deleted)


def story_attachments(*, user) -> QuerySet[IndicatorStory]:
    """The attachments of the organisations where the user publishes stories (their manager's page),
    those whose story is no longer published included, so that they can be detached."""
    publishers = organisations_with_perm(user, PUBLISH_PERMISSION)
    attachments = IndicatorStory.objects.visible_to(user)
    if publishers is not None:  # None: a network-wide role holds it
        attachments = attachments.filter(organisation_id__in=publishers)
    return attachments


def attached_stories(*, user) -> QuerySet[Story]:
    """The stories the user may detach: attached by an organisation where they publish stories, still
    published or not."""
    return Story.objects.visible_to(user).filter(pk__in=story_attachments(user=user).values("story_id"))


def stories_beside(
    *, scope: AnalyticsScope, indicator: str, filters: Filters | None = None
) -> list[case_selectors.PublishedStory]:
    """The published stories attached to ``indicator`` by the organisations in the scope (narrowed by
    the filters' country, organisation and programme), newest first: title, text and organisation."""
    organisation_ids = filters.organisation_ids(scope) if filters else scope.organisation_ids
    # unscoped: the organisations the analytics scope grants, filtered explicitly.
    attached = IndicatorStory.unscoped.filter(
        organisation_id__in=organisation_ids, indicator=indicator
    ).values("story_id")
    return case_selectors.published_story_texts(story_ids=attached)


def stories_by_indicator(*, scope: AnalyticsScope, filters: Filters | None = None) -> dict[str, list]:
    """``stories_beside`` for every indicator at once (a dashboard's panels): two queries in all."""
    organisation_ids = filters.organisation_ids(scope) if filters else scope.organisation_ids
    # unscoped: the organisations the analytics scope grants, filtered explicitly.
    links = list(
        IndicatorStory.unscoped.filter(organisation_id__in=organisation_ids).values_list(
            "indicator", "story_id"
        )
    )
    if not links:
        return {}
    texts = {
        story.pk: story for story in case_selectors.published_story_texts(story_ids={s for _, s in links})
    }
    beside: dict[str, list] = {}
    for indicator, story_id in links:
        if story_id in texts:
            beside.setdefault(indicator, []).append(texts[story_id])
    return beside
