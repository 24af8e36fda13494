"""Line management (managers): the organisation's lines, a new line, a line's settings and operators."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from accounts.selectors import active_membership
from hotline import selectors, services
from hotline.forms import LineForm
from hotline.models import Language, Line

MANAGE = "hotline.manage_line"


def _save(form, save):
    try:
        return save(form.cleaned_data)
    except ValidationError as error:
        for field, errors in error.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    return None


@login_required
def line_list(request):
    if not request.user.has_perm(MANAGE):
        raise PermissionDenied
    lines = list(selectors.line_managed_list(user=request.user))
    labels = dict(Language.choices)
    for line in lines:
        line.language_labels = [str(labels.get(code, code)) for code in line.languages]
    return render(request, "hotline/line_list.html", {"lines": lines})


@login_required
def line_create(request):
    membership = active_membership(request)
    if membership is None or not request.user.has_perm(MANAGE, membership.organisation):
        raise PermissionDenied
    organisation = membership.organisation
    form = LineForm(request.POST or None, user=request.user, organisation=organisation)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        data.pop("is_active", None)  # a new line starts active
        line = _save(
            form,
            lambda _data: services.line_create(
                organisation=organisation, by=request.user, **{**data, "operators": list(data["operators"])}
            ),
        )
        if line is not None:
            messages.success(request, _("Line saved."))
            return redirect("hotline:line_list")
    return render(request, "hotline/line_form.html", {"form": form, "line": None})


@login_required
def line_update(request, pk):
    # Another organisation's line is not found (404) before any role is asked.
    line = get_object_or_404(Line.objects.visible_to(request.user), pk=pk)
    if not request.user.has_perm(MANAGE, line):
        raise PermissionDenied
    form = LineForm(
        request.POST or None,
        user=request.user,
        organisation=line.organisation,
        initial=LineForm.initial_of(line),
    )
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        data["operators"] = list(data["operators"])
        saved = _save(form, lambda _data: services.line_update(line=line, by=request.user, **data))
        if saved is not None:
            messages.success(request, _("Line saved."))
            return redirect("hotline:line_list")
    return render(request, "hotline/line_form.html", {"form": form, "line": line})
