import base64
import logging
import time
from functools import wraps
from urllib.parse import urlencode

import qrcode
import qrcode.image.svg
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout, user_login_failed, views as auth_views
from django.contrib.auth.decorators import login_not_required, login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import JsonResponse
from django.middleware.csrf import get_token
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse, reverse_lazy
from django.utils.decorators import method_decorator
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _, ngettext
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST
from django_otp_webauthn import exceptions as webauthn_exceptions, views as webauthn_views
from django_otp_webauthn.utils import rewrite_exceptions

from accounts import selectors, services, throttle
from accounts.forms import (
    MembershipGrantForm,
    MembershipSwitchForm,
    OtpTokenForm,
    PasswordConfirmForm,
    TwoFactorForm,
    TwoFactorResetForm,
    UserCreateForm,
)
from accounts.middleware import REAUTHENTICATED_AT_KEY, USER_SESSION_ID_KEY, second_factor_not_required
from accounts.models import MembershipGrant
from accounts.two_factor import enrolment_allow, enrolment_allowed, two_factor_passed

# Ending one's own sessions or tokens needs the password given at most this long ago (ASVS 5.0 V7.5.2):
# a stolen session cannot lock its owner out of their other sessions.
REAUTHENTICATION_SECONDS = 5 * 60


def _minutes(seconds: int) -> int:
    return max(1, -(-seconds // 60))


def _locked_message(retry_after: int | None) -> str:
    # The same words whether or not the user name exists, so the page reveals nothing.
    if retry_after is None:
        return _(
            "After several failed attempts, signing in waits a few minutes, longer after each further "
            "series. The wait ends by itself; your organisation's manager can also end it."
        )
    return ngettext(
        "Too many failed attempts. Wait %(minutes)d minute, then try again. Your organisation's "
        "manager can also end the wait from the users page.",
        "Too many failed attempts. Wait %(minutes)d minutes, then try again. Your organisation's "
        "manager can also end the wait from the users page.",
        _minutes(retry_after),
    ) % {"minutes": _minutes(retry_after)}


def _reset_limited_message(retry_after: int) -> str:
    return ngettext(
        "Too many password-reset requests from this address. Wait %(minutes)d minute, then try again.",
        "Too many password-reset requests from this address. Wait %(minutes)d minutes, then try again.",
        _minutes(retry_after),
    ) % {"minutes": _minutes(retry_after)}


class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    redirect_authenticated_user = True


class PasswordResetView(auth_views.PasswordResetView):
    template_name = "accounts/password_reset_form.html"
    email_template_name = "accounts/email/password_reset.txt"
    subject_template_name = "accounts/email/password_reset_subject.txt"
    success_url = reverse_lazy("accounts:password_reset_done")

    def form_valid(self, form):
        decision = throttle.reset_request(request=self.request, email=form.cleaned_data["email"])
        if decision.retry_after:
            message = _reset_limited_message(decision.retry_after)
            return _too_many(self.request, message=message, retry_after=decision.retry_after)
        if not decision.send:  # the account had its share of e-mails: the page says the same
            return redirect(self.get_success_url())
        return super().form_valid(form)


class LogoutView(auth_views.LogoutView):
    """Ends this session and deletes every API token of the user: tokens are not tied to a session,
    so logging out of a shared computer also ends any API access obtained there."""

    def post(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            services.api_token_revoke_all(by=request.user, reason="logout")
        return super().post(request, *args, **kwargs)


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    """Also the invitation's link: a user without a second factor may then set one up from this browser."""

    template_name = "accounts/password_reset_confirm.html"
    success_url = reverse_lazy("accounts:password_reset_complete")

    def form_valid(self, form):
        response = super().form_valid(form)
        if not selectors.two_factor_enrolled(user=form.user):
            enrolment_allow(self.request, user=form.user)
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


def _too_many(request, *, message: str, retry_after: int):
    if request.path.startswith("/api/"):
        response = JsonResponse({"error": message, "field": None}, status=429)
    else:
        response = render(request, "accounts/locked_out.html", {"message": message}, status=429)
    response["Retry-After"] = str(retry_after)
    return response


def locked_out(request, *, retry_after: int):
    """429 for a delayed sign-in (the throttle middleware and the two-factor page answer with it)."""
    return _too_many(request, message=_locked_message(retry_after), retry_after=retry_after)


@login_not_required
def locked(request):
    return render(request, "accounts/locked_out.html", {"message": _locked_message(None)})


def _next_url(request) -> str:
    candidate = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(candidate, {request.get_host()}, require_https=request.is_secure()):
        return candidate
    return reverse("home")


def _signed_out_while_waiting(request, wait: int | None):
    """Log out and answer 429 when the sign-in must wait (``wait`` seconds); None when it need not."""
    if not wait:
        return None
    logout(request)
    return locked_out(request, retry_after=wait)


def _waiting_before_the_code(request):
    """The 429 answer when the account or address must wait before a code may even be tried."""
    wait = throttle.signin_retry_after(request=request, username=request.user.get_username())
    return _signed_out_while_waiting(request, wait)


def _wrong_code(request):
    """Count a wrong code like a wrong password; the 429 answer once that starts a wait, else None."""
    user_login_failed.send(
        sender=__name__, credentials={"username": request.user.get_username()}, request=request
    )
    return _signed_out_while_waiting(request, getattr(request, "amanat_retry_after", None))


def _qr_code_svg(data: str) -> str:
    image = qrcode.make(data, image_factory=qrcode.image.svg.SvgPathImage, box_size=8, border=2)
    return image.to_string(encoding="unicode")


def _with_next(url_name: str, next_url: str) -> str:
    return f"{reverse(url_name)}?{urlencode({'next': next_url})}"


def _webauthn_config(request) -> dict:
    """What django-otp-webauthn's scripts read from the page (json_script, so no inline script)."""
    return {
        "autocompleteLoginFieldSelector": None,
        "nextFieldSelector": "input[name='next']",
        "csrfToken": get_token(request),
        "beginAuthenticationUrl": reverse("accounts:passkey_verify_begin"),
        "completeAuthenticationUrl": reverse("accounts:passkey_verify_complete"),
        "beginRegistrationUrl": reverse("accounts:passkey_register_begin"),
        "completeRegistrationUrl": reverse("accounts:passkey_register_complete"),
    }


@second_factor_not_required
@login_required
def two_factor(request):
    user = request.user
    next_url = _next_url(request)
    if waiting := _waiting_before_the_code(request):
        return waiting
    if user.is_verified():
        return redirect(next_url)
    if not selectors.two_factor_enrolled(user=user):
        return redirect(_with_next("accounts:two_factor_setup", next_url))

    form = TwoFactorForm(request.POST or None)
    if form.is_valid():
        device = services.two_factor_verify(by=user, token=form.cleaned_data["otp_token"])
        if device is not None:
            two_factor_passed(request, device)
            messages.success(request, _("Two-factor check passed."))
            return redirect(next_url)
        if refused := _wrong_code(request):
            return refused
        form.add_error("otp_token", _("This code is wrong or has expired. Enter the code shown now."))

    context = {
        "form": form,
        "next": next_url,
        "has_totp": selectors.totp_device_confirmed(user=user) is not None,
        "has_passkey": selectors.passkey_list(user=user).exists(),
        "webauthn_config": _webauthn_config(request),
        "debug": settings.DEBUG,
    }
    return render(request, "accounts/two_factor.html", context)


@never_cache
@login_required
def two_factor_setup(request):
    """Set up the authenticator app: first login through an invitation, or from a verified session."""
    user = request.user
    next_url = _next_url(request)
    if waiting := _waiting_before_the_code(request):
        return waiting
    enrolled = selectors.two_factor_enrolled(user=user)
    if selectors.totp_device_confirmed(user=user) is not None or (enrolled and not user.is_verified()):
        return redirect(_with_next("accounts:two_factor", next_url))
    if not enrolment_allowed(request):
        context = {"required": user.requires_two_factor}
        return render(request, "accounts/two_factor_setup_refused.html", context, status=403)

    device = services.totp_device_for_setup(by=user)
    form = OtpTokenForm(request.POST or None)
    if form.is_valid():
        if services.totp_device_confirm(by=user, device=device, token=form.cleaned_data["otp_token"]):
            if not user.is_verified():
                two_factor_passed(request, device)
            codes = []
            if selectors.recovery_codes_remaining(user=user) == 0:
                codes = services.recovery_codes_generate(by=user)
            messages.success(request, _("Your authenticator app is set up."))
            if not codes:
                return redirect(next_url)
            return render(request, "accounts/recovery_codes.html", {"codes": codes, "next": next_url})
        if refused := _wrong_code(request):
            return refused
        form.add_error("otp_token", _("This code is wrong or has expired. Enter the code shown now."))

    context = {
        "form": form,
        "next": next_url,
        "required": user.requires_two_factor,
        "qr_code_svg": _qr_code_svg(device.config_url),
        "secret": base64.b32encode(device.bin_key).decode(),
        "debug": settings.DEBUG,
    }
    return render(request, "accounts/two_factor_setup.html", context)


@login_required
def security(request):
    """The user's own sign-in: second factors (app, passkeys, recovery codes left), where they are
    signed in and which API tokens are valid."""
    user = request.user
    context = {
        "summary": selectors.two_factor_summary(user=user),
        "passkeys": selectors.passkey_list(user=user),
        "verified": user.is_verified(),
        "webauthn_config": _webauthn_config(request),
        "sessions": selectors.user_session_list(user=user),
        "tokens": selectors.api_token_list(user=user),
        "current_session_id": _current_session_id(request),
    }
    return render(request, "accounts/security.html", context)


@never_cache
@login_required
@require_POST
def recovery_codes_regenerate(request):
    if not request.user.is_verified():
        raise PermissionDenied
    codes = services.recovery_codes_generate(by=request.user)
    messages.success(request, _("New recovery codes made; the old ones no longer work."))
    return render(
        request, "accounts/recovery_codes.html", {"codes": codes, "next": reverse("accounts:security")}
    )


@login_required
@require_POST
def passkey_delete(request, pk):
    if not request.user.is_verified():
        raise PermissionDenied
    credential = get_object_or_404(selectors.passkey_list(user=request.user), pk=pk)
    try:
        services.passkey_delete(by=request.user, credential=credential)
    except ValidationError as error:
        messages.error(request, error.messages[0])
    else:
        messages.success(request, _("Passkey removed."))
    return redirect("accounts:security")


class _VerifiedSessionRegisters:
    """A passkey is registered only from a session that passed the second factor (the library alone
    lets a user with no device register from a password-only session)."""

    def check_can_register(self):
        if not self.request.user.is_verified():
            raise webauthn_exceptions.NotVerified(
                detail=_("Verify with your current second factor before you add a passkey.")
            )


@method_decorator(never_cache, name="dispatch")
class PasskeyRegisterBeginView(_VerifiedSessionRegisters, webauthn_views.BeginCredentialRegistrationView):
    pass


@method_decorator(never_cache, name="dispatch")
class PasskeyRegisterCompleteView(
    _VerifiedSessionRegisters, webauthn_views.CompleteCredentialRegistrationView
):
    def post(self, *args, **kwargs):
        state = self.get_state()
        with rewrite_exceptions(logger=logging.getLogger(settings.OTP_WEBAUTHN_EXCEPTION_LOGGER_NAME)):
            credential = services.passkey_register(
                by=self.request.user, helper=self.get_helper(), state=state, data=self.request.data
            )
        return JsonResponse({"id": credential.pk})


@method_decorator(never_cache, name="dispatch")
class PasskeyVerifyBeginView(webauthn_views.BeginCredentialAuthenticationView):
    pass


@method_decorator(never_cache, name="dispatch")
class PasskeyVerifyCompleteView(webauthn_views.CompleteCredentialAuthenticationView):
    """The passkey as second factor of a session that gave the password; the session key is renewed."""

    def post(self, *args, **kwargs):
        user = self.get_user()
        if user is None:
            raise webauthn_exceptions.NotAuthenticated()
        state = self.get_state()
        with rewrite_exceptions(logger=logging.getLogger(settings.OTP_WEBAUTHN_EXCEPTION_LOGGER_NAME)):
            credential = services.passkey_verify(
                by=user, helper=self.get_helper(), state=state, data=self.request.data
            )
        self.check_device_usable(credential)
        two_factor_passed(self.request, credential)
        return JsonResponse(self.get_success_data(credential))


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
    context = {
        "subject": user,
        "form": form,
        "signin_delayed_until": throttle.signin_delayed_until(username=user.get_username()),
        "two_factor": selectors.two_factor_summary(user=user),
        "reset_form": TwoFactorResetForm(),
        "pending": selectors.membership_grant_pending_list(user=request.user).filter(user=user),
    }
    return render(request, "accounts/user_detail.html", context)


@login_required
@require_POST
def user_signin_unlock(request, pk):
    _require_manage_users(request.user)
    user = get_object_or_404(selectors.user_list(user=request.user), pk=pk)
    services.user_signin_unlock(by=request.user, user=user)
    messages.success(request, _("The wait before signing in has ended for this user."))
    return redirect("accounts:user_detail", pk=user.pk)


@login_required
@require_POST
def user_two_factor_reset(request, pk):
    _require_manage_users(request.user)
    user = get_object_or_404(selectors.user_list(user=request.user), pk=pk)
    form = TwoFactorResetForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Give the reason for the reset."))
        return redirect("accounts:user_detail", pk=user.pk)
    try:
        services.two_factor_reset(
            user=user,
            by=request.user,
            reason=form.cleaned_data["reason"],
            base_url=request.build_absolute_uri("/"),
        )
    except ValidationError as error:
        messages.error(request, error.messages[0])
    else:
        messages.success(
            request,
            _("Second factor removed and sessions ended. The user was e-mailed a link to set up a new one."),
        )
    return redirect("accounts:user_detail", pk=user.pk)


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
def membership_grant_approve(request, pk):
    grant = _pending_grant(request, pk)
    services.membership_grant_approve(grant=grant, by=request.user)
    messages.success(request, _("Role approved and granted."))
    return redirect("accounts:membership_grant_list")


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


@login_required
@require_POST
def membership_grant_decline(request, pk):
    grant = _pending_grant(request, pk)
    services.membership_grant_decline(grant=grant, by=request.user)
    messages.success(request, _("Role request declined."))
    return redirect("accounts:membership_grant_list")
