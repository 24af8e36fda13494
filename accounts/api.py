from django.contrib.auth import authenticate, user_login_failed
from django.utils.translation import gettext as _, gettext_lazy
from drf_spectacular.openapi import AutoSchema
from drf_spectacular.utils import extend_schema, extend_schema_field, inline_serializer
from rest_framework import serializers, viewsets
from rest_framework.decorators import api_view, authentication_classes, permission_classes
from rest_framework.exceptions import ValidationError
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.settings import api_settings

from accounts import selectors, services, throttle
from accounts.authentication import TokenAuthentication
from accounts.models import Membership, User


class TokenRequestSerializer(serializers.Serializer):
    username = serializers.CharField(label=gettext_lazy("User name"))
    password = serializers.CharField(label=gettext_lazy("Password"), style={"input_type": "password"})
    otp_token = serializers.CharField(
        label=gettext_lazy("Two-factor code"),
        required=False,
        allow_blank=True,
        help_text=gettext_lazy(
            "Required for users with a second factor or a role that reads personal data: the six-digit "
            "code of the authenticator app, or one recovery code (a passkey cannot be used here)."
        ),
    )


class MembershipSerializer(serializers.ModelSerializer):
    organisation_name = serializers.CharField(source="organisation.name", read_only=True)
    role_display = serializers.CharField(source="get_role_display", read_only=True)

    class Meta:
        model = Membership
        fields = ["id", "organisation", "organisation_name", "role", "role_display", "is_active"]


class MeSerializer(serializers.ModelSerializer):
    memberships = serializers.SerializerMethodField()
    requires_two_factor = serializers.BooleanField(read_only=True)

    class Meta:
        model = User
        fields = ["id", "username", "first_name", "last_name", "email", "requires_two_factor", "memberships"]

    @extend_schema_field(MembershipSerializer(many=True))
    def get_memberships(self, user):
        return MembershipSerializer(selectors.membership_list_for_user(user=user), many=True).data


class _SingleObjectSchema(AutoSchema):
    """/me/ answers one object although the router maps it to ``list``."""

    def _is_list_view(self, serializer=None) -> bool:
        return False


class MeViewSet(viewsets.GenericViewSet):
    """The authenticated user and their active memberships."""

    serializer_class = MeSerializer
    pagination_class = None
    filter_backends = []
    schema = _SingleObjectSchema()
    queryset = User.objects.none()  # for the schema only: list() answers the requesting user

    def list(self, request):
        return Response(self.get_serializer(request.user).data)


def register(router) -> None:
    """Add this app's viewsets to the API router."""
    router.register("me", MeViewSet, basename="me")


def _otp_error(message: str) -> ValidationError:
    return ValidationError({"otp_token": [message]})


@extend_schema(
    request=TokenRequestSerializer,
    responses=inline_serializer(
        "TokenResponse",
        {
            "token": serializers.CharField(help_text=gettext_lazy("Shown once; send it as 'Token <token>'.")),
            "expiry": serializers.DateTimeField(help_text=gettext_lazy("When the token stops working.")),
        },
    ),
    auth=[],
)
@api_view(["POST"])
@permission_classes([AllowAny])
def obtain_token(request):
    """Exchange user name, password and (when needed) the two-factor code for a new API token.

    Every call issues another token, valid for AMANAT_API_TOKEN_SECONDS (8 hours by default)."""
    data = TokenRequestSerializer(data=request.data)
    data.is_valid(raise_exception=True)
    username = data.validated_data["username"]
    # The Django request goes to authenticate so the sign-in throttle counts failures and delays.
    user = authenticate(request._request, username=username, password=data.validated_data["password"])
    if user is None:
        raise ValidationError({"password": [_("The user name or password is wrong.")]})

    enrolled = selectors.two_factor_enrolled(user=user)
    second_factor_passed = False
    if enrolled or user.requires_two_factor:
        otp_token = data.validated_data.get("otp_token", "").strip()
        if not enrolled:
            raise _otp_error(
                _(
                    "Your role requires two-factor authentication. Log in to the web interface once "
                    "to set up an authenticator app, then ask for a token again."
                )
            )
        if not otp_token:
            raise _otp_error(
                _("Enter the six-digit code from your authenticator app, or a recovery code, in otp_token.")
            )
        if services.two_factor_verify(by=user, token=otp_token) is None:
            # A wrong code counts like a wrong password (accounts/throttle.py).
            user_login_failed.send(
                sender=__name__, credentials={"username": username}, request=request._request
            )
            raise _otp_error(_("The two-factor code is wrong or has expired."))
        second_factor_passed = True

    throttle.signin_success(username=username)
    token, key = services.api_token_issue(by=user, second_factor_passed=second_factor_passed)
    return Response({"token": key, "expiry": serializers.DateTimeField().to_representation(token.expiry)})


SignOutResponse = inline_serializer(
    "SignOutResponse", {"sessions": serializers.IntegerField(), "tokens": serializers.IntegerField()}
)


@extend_schema(request=None, responses=SignOutResponse)
@api_view(["POST"])
@authentication_classes([TokenAuthentication])
@permission_classes(api_settings.DEFAULT_PERMISSION_CLASSES)
def logout(request):
    """Revoke the token this request carries; the user's other tokens and sessions stay."""
    services.api_token_revoke(by=request.user, token=request.auth)
    return Response({"sessions": 0, "tokens": 1})


@extend_schema(request=None, responses=SignOutResponse)
@api_view(["POST"])
@authentication_classes([TokenAuthentication])
@permission_classes(api_settings.DEFAULT_PERMISSION_CLASSES)
def logout_all(request):
    """Sign the user out everywhere: every API token (this one too) and every web session."""
    counts = services.user_sign_out_everywhere(user=request.user, by=request.user, reason="api_logout_all")
    return Response(counts)
