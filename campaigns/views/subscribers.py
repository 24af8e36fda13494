"""Subscriber pages (managers): the lists, a list with its numbers masked, one number in full (logged),
adding and removing a number, uploading a file (check → report → confirm or cancel)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.selectors import active_membership
from campaigns.forms.subscribers import SubscriberForm, SubscriberImportForm, SubscriberListForm
from campaigns.models import Subscriber, SubscriberImport, SubscriberList
from campaigns.selectors import subscribers as selectors
from campaigns.services import subscriber_imports, subscribers as services

VIEW_LIST = "campaigns.view_subscriberlist"
ADD_LIST = "campaigns.add_subscriberlist"
CHANGE_LIST = "campaigns.change_subscriberlist"
VIEW_SUBSCRIBER = "campaigns.view_subscriber"
ADD_SUBSCRIBER = "campaigns.add_subscriber"
PAGE_SIZE = 100
REPORT_ROWS_SHOWN = 1000


def form_errors_from(form, error: ValidationError) -> None:
    for field, errors in error.message_dict.items():
        form.add_error(field if field in form.fields else None, errors)


def _list_for(request, pk, perm=None) -> SubscriberList:
    # Another organisation's list is not found (404) before any role is asked.
    subscriber_list = get_object_or_404(SubscriberList.objects.visible_to(request.user), pk=pk)
    if perm and not request.user.has_perm(perm, subscriber_list):
        raise PermissionDenied
    return subscriber_list


@login_required
def subscriberlist_list(request):
    if not request.user.has_perm(VIEW_LIST):
        raise PermissionDenied
    lists = list(selectors.subscriber_list_list(user=request.user))
    return render(request, "campaigns/subscriberlist_list.html", {"lists": lists})


@login_required
def subscriberlist_create(request):
    membership = active_membership(request)
    if membership is None or not request.user.has_perm(ADD_LIST, membership.organisation):
        raise PermissionDenied
    form = SubscriberListForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            subscriber_list = services.subscriber_list_create(
                organisation=membership.organisation, by=request.user, **form.cleaned_data
            )
        except ValidationError as error:
            form_errors_from(form, error)
        else:
            messages.success(request, _("List saved."))
            return redirect("campaigns:subscriberlist_detail", subscriber_list.pk)
    return render(request, "campaigns/subscriberlist_form.html", {"form": form, "subscriber_list": None})


@login_required
def subscriberlist_update(request, pk):
    subscriber_list = _list_for(request, pk, CHANGE_LIST)
    initial = {name: getattr(subscriber_list, name) for name in services.LIST_FIELDS}
    form = SubscriberListForm(request.POST or None, user=request.user, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.subscriber_list_update(
                subscriber_list=subscriber_list, by=request.user, **form.cleaned_data
            )
        except ValidationError as error:
            form_errors_from(form, error)
        else:
            messages.success(request, _("List saved."))
            return redirect("campaigns:subscriberlist_detail", subscriber_list.pk)
    return render(
        request, "campaigns/subscriberlist_form.html", {"form": form, "subscriber_list": subscriber_list}
    )


@login_required
def subscriberlist_detail(request, pk):
    subscriber_list = _list_for(request, pk)
    if not request.user.has_perm(VIEW_SUBSCRIBER, subscriber_list):
        raise PermissionDenied
    members = selectors.subscriber_list_members(user=request.user, subscriber_list=subscriber_list)
    page = Paginator(members, PAGE_SIZE).get_page(request.GET.get("page"))
    for subscriber in page:
        subscriber.masked_number = selectors.masked(subscriber)
    return render(
        request,
        "campaigns/subscriberlist_detail.html",
        {
            "subscriber_list": subscriber_list,
            "page": page,
            "may_add": request.user.has_perm(ADD_SUBSCRIBER, subscriber_list),
            "may_change": request.user.has_perm(CHANGE_LIST, subscriber_list),
        },
    )


@login_required
def subscriber_create(request, pk):
    subscriber_list = _list_for(request, pk, ADD_SUBSCRIBER)
    form = SubscriberForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            services.subscriber_add(subscriber_list=subscriber_list, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            form_errors_from(form, error)
        else:
            messages.success(request, _("Number added to the list."))
            return redirect("campaigns:subscriberlist_detail", subscriber_list.pk)
    return render(
        request, "campaigns/subscriber_form.html", {"form": form, "subscriber_list": subscriber_list}
    )


@login_required
def subscriber_number(request, pk):
    """One number in full: read through the access log, for who may see subscribers."""
    try:
        subscriber = selectors.subscriber_get(user=request.user, pk=pk)
    except Subscriber.DoesNotExist:
        raise Http404 from None
    if not request.user.has_perm(VIEW_SUBSCRIBER, subscriber):
        raise PermissionDenied
    try:
        subscriber = selectors.subscriber_number_read(user=request.user, pk=pk, request=request)
    except Subscriber.DoesNotExist:  # removed: nothing to show
        raise Http404 from None
    return render(
        request,
        "campaigns/subscriber_number.html",
        {"subscriber": subscriber, "may_remove": request.user.has_perm(ADD_SUBSCRIBER, subscriber)},
    )


@login_required
@require_POST
def subscriber_remove(request, pk):
    subscriber = get_object_or_404(Subscriber.objects.visible_to(request.user), pk=pk)
    services.subscriber_remove(subscriber=subscriber, by=request.user)
    messages.success(request, _("Number removed from the list."))
    return redirect("campaigns:subscriberlist_detail", subscriber.subscriber_list_id)


@login_required
def subscriberimport_create(request, pk):
    subscriber_list = _list_for(request, pk, ADD_SUBSCRIBER)
    form = SubscriberImportForm(request.POST or None, request.FILES or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            subscriber_import = subscriber_imports.subscriber_import_check(
                subscriber_list=subscriber_list, by=request.user, file_name=upload.name, content=upload.read()
            )
        except ValidationError as error:
            form_errors_from(form, error)
        else:
            return redirect("campaigns:subscriberimport_detail", subscriber_import.pk)
    return render(
        request,
        "campaigns/subscriberimport_form.html",
        {"form": form, "subscriber_list": subscriber_list, "columns": subscriber_imports.COLUMNS},
    )


def _import_for(request, pk) -> SubscriberImport:
    try:
        subscriber_import = selectors.subscriber_import_get(user=request.user, pk=pk)
    except SubscriberImport.DoesNotExist:
        raise Http404 from None
    if not request.user.has_perm(ADD_SUBSCRIBER, subscriber_import):
        raise PermissionDenied
    return subscriber_import


@login_required
def subscriberimport_detail(request, pk):
    subscriber_import = _import_for(request, pk)
    rejected = subscriber_imports.import_rejected(subscriber_import)
    notes = subscriber_imports.import_notes(subscriber_import)
    shown = [
        {**entry, "reason": subscriber_imports.report_reason(entry)} for entry in rejected[:REPORT_ROWS_SHOWN]
    ]
    return render(
        request,
        "campaigns/subscriberimport_detail.html",
        {
            "subscriber_import": subscriber_import,
            "rejected": shown,
            "rejected_rows": len({entry["row"] for entry in rejected}),
            "rejected_more": max(0, len(rejected) - REPORT_ROWS_SHOWN),
            "opted_out": len(notes),
            "opted_out_rows": [entry["row"] for entry in notes[:REPORT_ROWS_SHOWN]],
            "pending": subscriber_import.status == SubscriberImport.Status.PENDING,
        },
    )


@login_required
@require_POST
def subscriberimport_confirm(request, pk):
    subscriber_import = _import_for(request, pk)
    added = subscriber_imports.subscriber_import_confirm(subscriber_import=subscriber_import, by=request.user)
    if added:
        messages.success(request, _("%(count)s numbers added to the list.") % {"count": added})
    else:
        messages.info(request, _("Nothing was added: this upload was already confirmed or cancelled."))
    return redirect("campaigns:subscriberlist_detail", subscriber_import.subscriber_list_id)


@login_required
@require_POST
def subscriberimport_cancel(request, pk):
    subscriber_import = _import_for(request, pk)
    if subscriber_imports.subscriber_import_cancel(subscriber_import=subscriber_import, by=request.user):
        messages.success(request, _("Import cancelled: nothing was added."))
    return redirect("campaigns:subscriberlist_detail", subscriber_import.subscriber_list_id)


@login_required
def subscriberimport_template(request):
    """A CSV file with the columns and one example row (a synthetic number)."""
    if not request.user.has_perm(ADD_SUBSCRIBER):
        raise PermissionDenied
    header = ",".join(subscriber_imports.COLUMNS)
    example = "+992900000001,tg,Sign-up form at a job fair,2026-01-31"
    response = HttpResponse(f"{header}\r\n{example}\r\n", content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="subscribers-template.csv"'
    return response
