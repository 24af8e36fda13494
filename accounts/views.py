import base64

import qrcode
import qrcode.image.svg
from axes.handlers.proxy import AxesProxyHandler
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout, user_login_failed, views as auth_views
from django.contrib.auth.decorators import login_not_required, login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse, reverse_lazy
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django_otp import login as otp_login

from accounts import selectors, services
from accounts.forms import MembershipGrantForm, MembershipSwitchForm, OtpTokenForm, UserCreateForm
from accounts.middleware import second_factor_not_required
from accounts.models import MembershipGrant


def _locked_message() -> str:
    # The same words whether or not the user name exists, so the page reveals nothing.
    return _(
        "Too many failed attempts. Signing in with this user name from this address is blocked for "
        "one hour. Try again later, or ask your organisation's manager to help."
    )


class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    redirect_authenticated_user = True


class PasswordResetView(auth_views.PasswordResetView):
    template_name = "accounts/password_reset_form.html"
    email_template_name = "accounts/email/password_reset.txt"
    subject_template_name = "accounts/email/password_reset_subject.txt"
    success_url = reverse_lazy("accounts:password_reset_done")


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    template_name = "accounts/password_reset_confirm.html"
    success_url = reverse_lazy("accounts:password_reset_complete")


class PasswordChangeView(auth_views.PasswordChangeView):
    template_name = "accounts/password_change_form.html"
    success_url = reverse_lazy("accounts:password_change_done")


def locked_out(request, original_response=None, credentials=None):
    """django-axes calls this when a user name and address are locked (AXES_LOCKOUT_CALLABLE)."""
    status = 429
    if request.path.startswith("/api/"):
        return JsonResponse({"error": _locked_message(), "field": None}, status=status)
    return render(request, "accounts/locked_out.html", {"message": _locked_message()}, status=status)


@login_not_required
def locked(request):
    return render(request, "accounts/locked_out.html", {"message": _locked_message()})


def _next_url(request) -> str:
    candidate = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(candidate, {request.get_host()}, require_https=request.is_secure()):
        return candidate
    return reverse("home")


def _record_two_factor_failure(request) -> bool:
    """Count a wrong code like a wrong password (django-axes); True once the user is locked out."""
    user_login_failed.send(
        sender=__name__, credentials={"username": request.user.get_username()}, request=request
    )
    return bool(getattr(request, "axes_locked_out", False))


def _qr_code_svg(data: str) -> str:
    image = qrcode.make(data, image_factory=qrcode.image.svg.SvgPathImage, box_size=8, border=2)
    return image.to_string(encoding="unicode")


@second_factor_not_required
@login_required
def two_factor(request):
    user = request.user
    next_url = _next_url(request)
    if AxesProxyHandler.is_locked(request, {"username": user.get_username()}):
        logout(request)
        return locked_out(request)
    device = selectors.totp_device_confirmed(user=user)
    if device is not None and user.is_verified():
        return redirect(next_url)

    setup_device = services.totp_device_for_setup(by=user) if device is None else None
    form = OtpTokenForm(request.POST or None)
    if form.is_valid():
        token = form.cleaned_data["otp_token"]
        if setup_device is not None:
            passed = services.totp_device_confirm(by=user, device=setup_device, token=token)
            device = setup_device if passed else None
        else:
            passed = services.totp_verify(by=user, device=device, token=token)
        if passed:
            otp_login(request, device)
            messages.success(request, _("Two-factor check passed."))
            return redirect(next_url)
        if _record_two_factor_failure(request):
            logout(request)
            return locked_out(request)
        form.add_error("otp_token", _("This code is wrong or has expired. Enter the code shown now."))

    context = {
        "form": form,
        "next": next_url,
        "setup": setup_device is not None,
        "required": user.requires_two_factor,
        "debug": settings.DEBUG,
    }
    if setup_device is not None:
        context["qr_code_svg"] = _qr_code_svg(setup_device.config_url)
        context["secret"] = base64.b32encode(setup_device.bin_key).decode()
    return render(request, "accounts/two_factor.html", context)


@login_required
def membership_switch(request):
    memberships = selectors.membership_list_for_user(user=request.user)
    active = selectors.active_membership(request)
    form = MembershipSwitchForm(
        request.POST or None, memberships=memberships, initial={"membership": active.pk if active else None}
    )
    if form.is_valid():
        chosen = form.cleaned_data["membership"]
        request.session[selectors.ACTIVE_MEMBERSHIP_SESSION_KEY] = chosen.pk
        messages.success(request, _("You now act as %(role)s.") % {"role": chosen})
        return redirect("home")
    return render(request, "accounts/membership_switch.html", {"form": form})


def _require_manage_users(user) -> None:
    if not user.has_perm(services.MANAGE_USERS):
        raise PermissionDenied


@login_required
def user_list(request):
    _require_manage_users(request.user)
    users = selectors.user_list(user=request.user)
    return render(request, "accounts/user_list.html", {"users": users})


@login_required
def user_create(request):
    _require_manage_users(request.user)
    form = UserCreateForm(request.POST or None, user=request.user)
    if form.is_valid():
        base_url = request.build_absolute_uri("/")
        user = services.user_create(by=request.user, base_url=base_url, **form.cleaned_data)
        services.user_invite(by=request.user, user=user, base_url=base_url)
        messages.success(request, _("User created. They will receive an e-mail to set their password."))
        return redirect("accounts:user_detail", pk=user.pk)
    return render(request, "accounts/user_create.html", {"form": form})


@login_required
def user_detail(request, pk):
    _require_manage_users(request.user)
    user = get_object_or_404(selectors.user_list(user=request.user), pk=pk)
    form = MembershipGrantForm(request.POST or None, user=request.user)
    if form.is_valid():
        granted = services.membership_grant(
            by=request.user, user=user, base_url=request.build_absolute_uri("/"), **form.cleaned_data
        )
        if isinstance(granted, MembershipGrant):
            messages.info(
                request,
                _(
                    "This role reads the organisation's personal data: it takes effect once a second "
                    "administrator or the organisation's manager approves it."
                ),
            )
        else:
            messages.success(request, _("Role granted."))
        return redirect("accounts:user_detail", pk=user.pk)
    pending = selectors.membership_grant_pending_list(user=request.user).filter(user=user)
    return render(request, "accounts/user_detail.html", {"subject": user, "form": form, "pending": pending})


@login_required
@require_POST
def membership_revoke(request, pk):
    _require_manage_users(request.user)
    membership = get_object_or_404(selectors.membership_list(user=request.user), pk=pk)
    try:
        services.membership_revoke(by=request.user, membership=membership)
    except ValidationError as error:
        messages.error(request, error.messages[0])
    else:
        messages.success(request, _("Membership revoked."))
    return redirect("accounts:user_detail", pk=membership.user_id)


@login_required
def membership_grant_list(request):
    _require_manage_users(request.user)
    grants = selectors.membership_grant_pending_list(user=request.user)
    rows = [(grant, services.membership_grant_may_decide(by=request.user, grant=grant)) for grant in grants]
    return render(request, "accounts/membership_grant_list.html", {"rows": rows})


def _pending_grant(request, pk) -> MembershipGrant:
    _require_manage_users(request.user)
    return get_object_or_404(selectors.membership_grant_pending_list(user=request.user), pk=pk)


@login_required
@require_POST
def membership_grant_approve(request, pk):
    grant = _pending_grant(request, pk)
    services.membership_grant_approve(grant=grant, by=request.user)
    messages.success(request, _("Role approved and granted."))
    return redirect("accounts:membership_grant_list")


@login_required
@require_POST
def membership_grant_decline(request, pk):
    grant = _pending_grant(request, pk)
    services.membership_grant_decline(grant=grant, by=request.user)
    messages.success(request, _("Role request declined."))
    return redirect("accounts:membership_grant_list")
