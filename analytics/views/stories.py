"""The manager's page of stories beside figures: attach their organisation's published stories to the
indicators they illustrate, and detach them (each action its own POST-only view)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.selectors import active_membership
from analytics import stories
from analytics.indicators import INDICATORS
from cases import selectors as case_selectors


def _require_publisher(request) -> None:
    """403 unless the user publishes the stories of the organisation they act for (a manager)."""
    membership = active_membership(request)
    if membership is None or not request.user.has_perm(stories.PUBLISH_PERMISSION, membership.organisation):
        raise PermissionDenied


def _indicator_title(key: str) -> str:
    definition = INDICATORS.get(key)
    return str(definition.title) if definition else key


@login_required
def story_list(request):
    _require_publisher(request)
    published = list(case_selectors.published_stories(user=request.user))
    attached: dict[int, list[tuple[str, str]]] = {}
    for attachment in stories.story_attachments(user=request.user).order_by("indicator"):
        attached.setdefault(attachment.story_id, []).append(
            (attachment.indicator, _indicator_title(attachment.indicator))
        )
    shown = {story.pk for story in published}
    context = {
        "stories": [(story, attached.get(story.pk, [])) for story in published],
        # Attachments of stories taken down (their consent withdrawn): no title, only a way to detach.
        "withdrawn": [(story_pk, keys) for story_pk, keys in attached.items() if story_pk not in shown],
        "indicators": [(key, str(definition.title)) for key, definition in INDICATORS.items()],
    }
    return render(request, "analytics/story_list.html", context)


@login_required
@require_POST
def story_attach(request, story_pk):
    _require_publisher(request)
    story = get_object_or_404(case_selectors.published_stories(user=request.user), pk=story_pk)
    indicator = request.POST.get("indicator", "")
    try:
        stories.story_attach(by=request.user, story=story, indicator=indicator)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        title = _indicator_title(indicator)
        messages.success(request, _("The story is shown beside %(indicator)s.") % {"indicator": title})
    return redirect("analytics:story_list")


@login_required
@require_POST
def story_detach(request, story_pk):
    _require_publisher(request)
    story = get_object_or_404(stories.attached_stories(user=request.user), pk=story_pk)
    indicator = request.POST.get("indicator", "")
    if stories.story_detach(by=request.user, story=story, indicator=indicator):
        message = _("The story is no longer shown beside %(indicator)s.")
        messages.success(request, message % {"indicator": _indicator_title(indicator)})
    else:
        messages.error(request, _("This story is not shown beside this indicator."))
    return redirect("analytics:story_list")
