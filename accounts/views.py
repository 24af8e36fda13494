import base64
import time
from functools import wraps

import qrcode
import qrcode.image.svg
from axes.handlers.proxy import AxesProxyHandler
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout, user_login_failed, views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse, reverse_lazy
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django_otp import login as otp_login

from accounts import selectors, services
from accounts.forms import (
    MembershipGrantForm,
    MembershipSwitchForm,
    OtpTokenForm,
    PasswordConfirmForm,
    UserCreateForm,
)
from accounts.middleware import REAUTHENTICATED_AT_KEY, USER_SESSION_ID_KEY

# Ending one's own sessions or tokens needs the password given at most this long ago (ASVS 5.0 V7.5.2):
# a stolen session cannot lock its owner out of their other sessions.
REAUTHENTICATION_SECONDS = 5 * 60


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


class LogoutView(auth_views.LogoutView):
    """Ends this session and deletes every API token of the user: tokens are not tied to a session,
    so logging out of a shared computer also ends any API access obtained there."""

    def post(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            services.api_token_revoke_all(by=request.user, reason="logout")
        return super().post(request, *args, **kwargs)


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    template_name = "accounts/password_reset_confirm.html"
    success_url = reverse_lazy("accounts:password_reset_complete")

    def form_valid(self, form):
        response = super().form_valid(form)
        services.user_sign_out_everywhere(user=form.user, by=None, reason="password_reset")
        return response


class PasswordChangeView(auth_views.PasswordChangeView):
    """Django keeps this session signed in (with a renewed key); every other session and token ends."""

    template_name = "accounts/password_change_form.html"
    success_url = reverse_lazy("accounts:password_change_done")

    def form_valid(self, form):
        response = super().form_valid(form)
        services.user_sign_out_everywhere(
            user=self.request.user,
            by=self.request.user,
            reason="password_changed",
            keep_session_id=_current_session_id(self.request),
        )
        return response


def _current_session_id(request) -> int | None:
    return request.session.get(USER_SESSION_ID_KEY)


def locked_out(request, original_response=None, credentials=None):
    """django-axes calls this when a user name and address are locked (AXES_LOCKOUT_CALLABLE)."""
    status = 429
    if request.path.startswith("/api/"):
        return JsonResponse({"error": _locked_message(), "field": None}, status=status)
    return render(request, "accounts/locked_out.html", {"message": _locked_message()}, status=status)


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
        user = services.user_create(by=request.user, **form.cleaned_data)
        services.user_invite(by=request.user, user=user, base_url=request.build_absolute_uri("/"))
        messages.success(request, _("User created. They will receive an e-mail to set their password."))
        return redirect("accounts:user_detail", pk=user.pk)
    return render(request, "accounts/user_create.html", {"form": form})


@login_required
def user_detail(request, pk):
    _require_manage_users(request.user)
    user = get_object_or_404(selectors.user_list(user=request.user), pk=pk)
    form = MembershipGrantForm(request.POST or None, user=request.user)
    if form.is_valid():
        services.membership_grant(by=request.user, user=user, **form.cleaned_data)
        messages.success(request, _("Role granted."))
        return redirect("accounts:user_detail", pk=user.pk)
    return render(request, "accounts/user_detail.html", {"subject": user, "form": form})


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
@require_POST
def user_sign_out(request, pk):
    """A manager (or administrator) ends every session and API token of one of their users."""
    _require_manage_users(request.user)
    user = get_object_or_404(selectors.user_list(user=request.user), pk=pk)
    counts = services.user_sign_out_everywhere(
        user=user, by=request.user, reason="manager", keep_session_id=_current_session_id(request)
    )
    messages.success(request, _("Sessions ended: %(sessions)d. API tokens revoked: %(tokens)d.") % counts)
    return redirect("accounts:user_detail", pk=user.pk)


def recent_authentication_required(view):
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if time.time() - request.session.get(REAUTHENTICATED_AT_KEY, 0) >= REAUTHENTICATION_SECONDS:
            messages.info(request, _("Enter your password again to end sessions or revoke tokens."))
            return redirect(f"{reverse('accounts:reauthenticate')}?next={reverse('accounts:security')}")
        return view(request, *args, **kwargs)

    return wrapper


@login_required
def reauthenticate(request):
    form = PasswordConfirmForm(request.POST or None, request=request)
    if form.is_valid():
        request.session[REAUTHENTICATED_AT_KEY] = time.time()
        return redirect(_next_url(request))
    return render(request, "accounts/reauthenticate.html", {"form": form, "next": _next_url(request)})


@login_required
def security(request):
    """Sessions and tokens: where the user is signed in, and which API tokens are valid."""
    context = {
        "sessions": selectors.user_session_list(user=request.user),
        "tokens": selectors.api_token_list(user=request.user),
        "current_session_id": _current_session_id(request),
    }
    return render(request, "accounts/security.html", context)


@login_required
@require_POST
@recent_authentication_required
def session_end(request, pk):
    # This session ends through "Log out"; here only the others (404 for it and for anyone else's).
    others = selectors.user_session_list(user=request.user).exclude(pk=_current_session_id(request))
    user_session = get_object_or_404(others, pk=pk)
    services.user_session_end(by=request.user, user_session=user_session)
    messages.success(request, _("The session has been ended."))
    return redirect("accounts:security")


@login_required
@require_POST
@recent_authentication_required
def token_revoke(request, digest):
    token = get_object_or_404(selectors.api_token_list(user=request.user), digest=digest)
    services.api_token_revoke(by=request.user, token=token)
    messages.success(request, _("The API token has been revoked."))
    return redirect("accounts:security")


@login_required
@require_POST
@recent_authentication_required
def sign_out_others(request):
    """End every other session and every API token of the user; this session stays."""
    counts = services.user_sign_out_everywhere(
        user=request.user, by=request.user, reason="user", keep_session_id=_current_session_id(request)
    )
    messages.success(request, _("Sessions ended: %(sessions)d. API tokens revoked: %(tokens)d.") % counts)
    return redirect("accounts:security")
