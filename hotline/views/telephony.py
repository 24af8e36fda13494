"""The telephony page (managers): integration accounts with their token shown once, and the extension map."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.selectors import active_membership
from hotline import selectors, services
from hotline.forms import OperatorExtensionForm, TelephonyAccountForm

MANAGE = "hotline.manage_telephony"


def _organisation(request):
    membership = active_membership(request)
    if membership is None or not request.user.has_perm(MANAGE, membership.organisation):
        raise PermissionDenied
    return membership.organisation


def _page(request, *, account_form=None, extension_form=None, token=None, status=200):
    user = request.user
    return render(
        request,
        "hotline/telephony.html",
        {
            "accounts": selectors.telephony_account_list(user=user),
            "extensions": selectors.operator_extension_list(user=user),
            "account_form": account_form or TelephonyAccountForm(),
            "extension_form": extension_form or _extension_form(request),
            "token": token,
        },
        status=status,
    )


def _extension_form(request, data=None):
    return OperatorExtensionForm(
        data,
        lines=selectors.telephony_line_list(user=request.user),
        operators=selectors.line_operator_choices(user=request.user),
    )


@login_required
def telephony(request):
    _organisation(request)
    return _page(request)


@login_required
@require_POST
def telephony_account_create(request):
    """Create an account and show its token on this response only (never stored, never in a URL)."""
    organisation = _organisation(request)
    form = TelephonyAccountForm(request.POST)
    if not form.is_valid():
        return _page(request, account_form=form, status=400)
    account, token = services.telephony_account_create(
        organisation=organisation, name=form.cleaned_data["name"], by=request.user
    )
    return _page(request, token={"account": account, "value": token})


@login_required
@require_POST
def telephony_account_revoke(request, pk):
    _organisation(request)
    account = get_object_or_404(selectors.telephony_account_list(user=request.user), pk=pk)
    services.telephony_account_revoke(account=account, by=request.user)
    messages.success(request, _("The token was revoked."))
    return redirect("hotline:telephony")


@login_required
@require_POST
def operator_extension_create(request):
    _organisation(request)
    form = _extension_form(request, request.POST)
    if form.is_valid():
        try:
            services.operator_extension_set(by=request.user, **form.cleaned_data)
        except ValidationError as error:
            for field, errors in error.message_dict.items():
                form.add_error(field if field in form.fields else None, errors)
        else:
            messages.success(request, _("Extension saved."))
            return redirect("hotline:telephony")
    return _page(request, extension_form=form, status=400)


@login_required
@require_POST
def operator_extension_delete(request, pk):
    _organisation(request)
    row = get_object_or_404(selectors.operator_extension_list(user=request.user), pk=pk)
    services.operator_extension_remove(row=row, by=request.user)
    messages.success(request, _("Extension removed."))
    return redirect("hotline:telephony")
