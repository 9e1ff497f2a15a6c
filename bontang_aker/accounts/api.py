"""API sign-in: a token for an email and password, who the token belongs to, email verification and password reset."""

from django.contrib.auth import authenticate
from django.contrib.auth.forms import SetPasswordForm
from django.contrib.auth.tokens import default_token_generator
from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils.http import urlsafe_base64_decode
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiResponse, extend_schema, inline_serializer
from rest_framework import exceptions, generics, serializers, status
from rest_framework.authtoken.models import Token
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.response import Response

from bontang_aker.accounts import services
from bontang_aker.accounts.models import User
from bontang_aker.accounts.services import user_email_verified
from bontang_aker.core.client_address import client_ip
from bontang_aker.core.schema import ERROR_SCHEMA
from bontang_aker.core.throttling import AnonRateThrottle


class TokenObtainSerializer(serializers.Serializer):
    email = serializers.EmailField(label=_("email address"))
    password = serializers.CharField(
        label=_("password"), style={"input_type": "password"}, trim_whitespace=False, write_only=True
    )

    def validate(self, attrs):
        # The model backend refuses inactive users, so they get the same answer as a wrong
        # password: the response never tells whether an address has an account.
        # The login lockout (django-axes) records the attempt on the Django request, where its
        # middleware looks for it, and counts the e-mail as the username, as the login forms do.
        request = self.context.get("request")
        user = authenticate(
            request=getattr(request, "_request", request), username=attrs["email"], password=attrs["password"]
        )
        if user is None:
            raise serializers.ValidationError(
                _("Unable to log in with this email address and password."), code="authorization"
            )
        attrs["user"] = user
        return attrs


class TokenObtainThrottle(AnonRateThrottle):
    """Slows password guessing: a few attempts a minute per client address is enough for a real app.

    The address is `client_ip`'s (X-Forwarded-For only as far as TRUSTED_PROXY_COUNT), and
    without Redis the throttle lets requests through; the lockout still counts failures.
    """

    scope = "auth_token"
    rate = "10/min"


class TokenObtainView(generics.GenericAPIView):
    """POST an email address and password, get the token to send as `Authorization: Token <token>`.

    The same token is returned until it is deleted, so every client of one user shares it.
    """

    serializer_class = TokenObtainSerializer
    # No authentication: a stale token or a session (with its CSRF check) must not get in the way.
    authentication_classes = []
    permission_classes = [AllowAny]
    throttle_classes = [TokenObtainThrottle]

    @extend_schema(
        responses={
            200: inline_serializer("TokenResponse", fields={"token": serializers.CharField()}),
            400: OpenApiResponse(description="Missing fields, or an email and password that do not sign in."),
            429: OpenApiResponse(
                description="Too many attempts from this address, or the account or address is locked after "
                "repeated failures (`code`: `locked_out`, with Retry-After); retry later."
            ),
        },
        auth=[],
        tags=["auth"],
    )
    def post(self, request, *args, **kwargs):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        token, _created = Token.objects.get_or_create(user=serializer.validated_data["user"])
        return Response({"token": token.key}, status=status.HTTP_200_OK)


class MeSerializer(serializers.ModelSerializer):
    role_display = serializers.CharField(source="get_role_display", read_only=True)
    email_verified = serializers.SerializerMethodField(
        help_text=_("Whether the email address is verified (staff accounts need no verification).")
    )

    class Meta:
        model = User
        fields = ["id", "email", "full_name", "role", "role_display", "language", "email_verified"]
        read_only_fields = fields

    def get_email_verified(self, user) -> bool:
        return user_email_verified(user)


@extend_schema(tags=["auth"])
class MeView(generics.RetrieveAPIView):
    """The signed-in user, so a client can check its token and learn the role it acts in."""

    serializer_class = MeSerializer
    permission_classes = [IsAuthenticated]

    def get_object(self):
        return self.request.user


# Email verification and password reset --------------------------------------------------------
# The same services as the pages, so the limits are the same: a limit reached is a 429 with
# Retry-After. The password reset answers 202 whether or not the address has an account.

DETAIL_RESPONSE = inline_serializer("DetailResponse", fields={"detail": serializers.CharField()})
THROTTLED_RESPONSE = OpenApiResponse(
    ERROR_SCHEMA, description=_("Too many emails asked for; retry after the seconds in the Retry-After header.")
)


def _throttled(limited: services.RateLimited) -> exceptions.Throttled:
    return exceptions.Throttled(wait=limited.retry_after)


class EmailVerificationResendView(generics.GenericAPIView):
    """Mail a new verification link to the signed-in user's address (at most one every 2 minutes, 5 a day)."""

    permission_classes = [IsAuthenticated]
    serializer_class = None

    @extend_schema(
        request=None,
        responses={
            202: DETAIL_RESPONSE,
            400: OpenApiResponse(description="`already_verified`, or `no_email`."),
            429: THROTTLED_RESPONSE,
        },
        tags=["auth"],
    )
    def post(self, request):
        try:
            services.email_verification_resend(user=request.user)
        except services.RateLimited as limited:
            raise _throttled(limited) from None
        except DjangoValidationError as error:
            code = error.code or "invalid"
            return Response({"detail": error.messages[0], "code": code}, status=status.HTTP_400_BAD_REQUEST)
        return Response(
            {"detail": gettext("A new link is on its way to %(email)s.") % {"email": request.user.email}},
            status=status.HTTP_202_ACCEPTED,
        )


class EmailVerifySerializer(serializers.Serializer):
    token = serializers.CharField(max_length=500, help_text=_("The token from the link in the email."))


class EmailVerifyView(generics.GenericAPIView):
    """Verify an address with the token from the mailed link (the last part of its path)."""

    serializer_class = EmailVerifySerializer
    authentication_classes = []
    permission_classes = [AllowAny]

    @extend_schema(
        responses={
            200: inline_serializer(
                "EmailVerifyResponse",
                fields={
                    "detail": serializers.CharField(),
                    "status": serializers.ChoiceField(choices=["verified", "already_verified"]),
                },
            ),
            400: OpenApiResponse(
                description="Invalid input, or a token that is `expired` (ask for a new link) or `invalid`."
            ),
        },
        auth=[],
        tags=["auth"],
    )
    def post(self, request):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        outcome = services.email_verify(token=serializer.validated_data["token"])
        if outcome.result is services.LinkResult.DONE:
            return Response({"detail": gettext("Your email address is verified."), "status": "verified"})
        if outcome.result is services.LinkResult.ALREADY_DONE:
            return Response(
                {"detail": gettext("Your email address is already verified."), "status": "already_verified"}
            )
        if outcome.result is services.LinkResult.EXPIRED:
            detail, code = gettext("This link has expired. Ask for a new one."), "expired"
        else:
            detail, code = gettext("This link is not valid."), "invalid"
        return Response({"detail": detail, "code": code}, status=status.HTTP_400_BAD_REQUEST)


class PasswordResetSerializer(serializers.Serializer):
    email = serializers.EmailField(label=_("email address"), max_length=254)


class PasswordResetView(generics.GenericAPIView):
    """Mail a password reset link; the answer is the same whether or not the address has an account."""

    serializer_class = PasswordResetSerializer
    authentication_classes = []
    permission_classes = [AllowAny]

    @extend_schema(responses={202: DETAIL_RESPONSE, 429: THROTTLED_RESPONSE}, auth=[], tags=["auth"])
    def post(self, request):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        try:
            services.password_reset_request(email=serializer.validated_data["email"], client_ip=client_ip(request))
        except services.RateLimited as limited:
            raise _throttled(limited) from None
        return Response(
            {"detail": gettext("If an account uses this address, a link to choose a new password is on its way.")},
            status=status.HTTP_202_ACCEPTED,
        )


class PasswordResetConfirmSerializer(serializers.Serializer):
    uid = serializers.CharField(max_length=100, help_text=_("The first part of the link's path after /atur/."))
    token = serializers.CharField(max_length=100, help_text=_("The second part of the link's path."))
    new_password = serializers.CharField(
        max_length=4096, trim_whitespace=False, write_only=True, style={"input_type": "password"}
    )

    def validate(self, attrs):
        user = None
        try:
            user_id = urlsafe_base64_decode(attrs["uid"]).decode()
        except (ValueError, TypeError, UnicodeDecodeError):
            user_id = ""
        if user_id.isascii() and user_id.isdigit() and len(user_id) <= 18:  # a bigint, not a DataError
            user = User.objects.filter(pk=int(user_id), is_active=True).first()
        if user is None or not default_token_generator.check_token(user, attrs["token"]):
            raise serializers.ValidationError(
                {"token": [_("This link does not work: it has expired, was used already, or is incomplete.")]}
            )
        form = SetPasswordForm(user, {"new_password1": attrs["new_password"], "new_password2": attrs["new_password"]})
        if not form.is_valid():
            raise serializers.ValidationError(
                {"new_password": form.errors.get("new_password2", form.errors.get("new_password1", []))}
            )
        attrs["form"] = form
        return attrs


class PasswordResetConfirmView(generics.GenericAPIView):
    """Set a new password with the two parts of the mailed link; the link then stops working."""

    serializer_class = PasswordResetConfirmSerializer
    authentication_classes = []
    permission_classes = [AllowAny]

    @extend_schema(responses={200: DETAIL_RESPONSE}, auth=[], tags=["auth"])
    def post(self, request):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        user = serializer.validated_data["form"].save()
        services.password_changed(user=user, by_reset=True)
        return Response({"detail": gettext("Your new password is saved. Log in with it now.")})
