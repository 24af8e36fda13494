from django.contrib.auth import views as auth_views
from django.urls import path
from django.views.i18n import JavaScriptCatalog

from accounts import views
from accounts.middleware import second_factor_not_required

app_name = "accounts"
urlpatterns = [
    path("login/", views.LoginView.as_view(), name="login"),
    path("logout/", second_factor_not_required(views.LogoutView.as_view()), name="logout"),
    path("locked/", views.locked, name="locked"),
    path("two-factor/", views.two_factor, name="two_factor"),
    # A session which has not passed the second factor yet reaches these: they are how it passes.
    path("two-factor/setup/", second_factor_not_required(views.two_factor_setup), name="two_factor_setup"),
    path(
        "two-factor/passkey/begin/",
        second_factor_not_required(views.PasskeyVerifyBeginView.as_view()),
        name="passkey_verify_begin",
    ),
    path(
        "two-factor/passkey/complete/",
        second_factor_not_required(views.PasskeyVerifyCompleteView.as_view()),
        name="passkey_verify_complete",
    ),
    path(
        "two-factor/jsi18n/",
        second_factor_not_required(JavaScriptCatalog.as_view(packages=["django_otp_webauthn", "accounts"])),
        name="javascript_catalog",
    ),
    path("security/", views.security, name="security"),
    path("security/recovery-codes/", views.recovery_codes_regenerate, name="recovery_codes_regenerate"),
    path(
        "security/passkeys/register/begin/",
        views.PasskeyRegisterBeginView.as_view(),
        name="passkey_register_begin",
    ),
    path(
        "security/passkeys/register/complete/",
        views.PasskeyRegisterCompleteView.as_view(),
        name="passkey_register_complete",
    ),
    path("security/passkeys/<int:pk>/delete/", views.passkey_delete, name="passkey_delete"),
    path("password-reset/", views.PasswordResetView.as_view(), name="password_reset"),
    path(
        "password-reset/done/",
        auth_views.PasswordResetDoneView.as_view(template_name="accounts/password_reset_done.html"),
        name="password_reset_done",
    ),
    path("reset/<uidb64>/<token>/", views.PasswordResetConfirmView.as_view(), name="password_reset_confirm"),
    path(
        "reset/done/",
        auth_views.PasswordResetCompleteView.as_view(template_name="accounts/password_reset_complete.html"),
        name="password_reset_complete",
    ),
    path("password-change/", views.PasswordChangeView.as_view(), name="password_change"),
    path(
        "password-change/done/",
        auth_views.PasswordChangeDoneView.as_view(template_name="accounts/password_change_done.html"),
        name="password_change_done",
    ),
    path("membership/", views.membership_switch, name="membership_switch"),
    path("users/", views.user_list, name="user_list"),
    path("users/new/", views.user_create, name="user_create"),
    path("users/<int:pk>/", views.user_detail, name="user_detail"),
    path("users/<int:pk>/unlock/", views.user_signin_unlock, name="user_signin_unlock"),
    path("users/<int:pk>/two-factor-reset/", views.user_two_factor_reset, name="user_two_factor_reset"),
    path("users/<int:pk>/sign-out/", views.user_sign_out, name="user_sign_out"),
    path("memberships/<int:pk>/revoke/", views.membership_revoke, name="membership_revoke"),
    path("security/confirm-password/", views.reauthenticate, name="reauthenticate"),
    path("security/sessions/<int:pk>/end/", views.session_end, name="session_end"),
    path("security/tokens/<str:digest>/revoke/", views.token_revoke, name="token_revoke"),
    path("security/sign-out-others/", views.sign_out_others, name="sign_out_others"),
    path("membership-grants/", views.membership_grant_list, name="membership_grant_list"),
    path(
        "membership-grants/<int:pk>/approve/", views.membership_grant_approve, name="membership_grant_approve"
    ),
    path(
        "membership-grants/<int:pk>/decline/", views.membership_grant_decline, name="membership_grant_decline"
    ),
]
