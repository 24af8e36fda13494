from django.contrib.auth import views as auth_views
from django.urls import path

from accounts import views
from accounts.middleware import second_factor_not_required

app_name = "accounts"
urlpatterns = [
    path("login/", views.LoginView.as_view(), name="login"),
    path("logout/", second_factor_not_required(auth_views.LogoutView.as_view()), name="logout"),
    path("locked/", views.locked, name="locked"),
    path("two-factor/", views.two_factor, name="two_factor"),
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
    path("memberships/<int:pk>/revoke/", views.membership_revoke, name="membership_revoke"),
    path("membership-grants/", views.membership_grant_list, name="membership_grant_list"),
    path(
        "membership-grants/<int:pk>/approve/", views.membership_grant_approve, name="membership_grant_approve"
    ),
    path(
        "membership-grants/<int:pk>/decline/", views.membership_grant_decline, name="membership_grant_decline"
    ),
]
