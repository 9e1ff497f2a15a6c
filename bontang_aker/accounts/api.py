"""API sign-in: exchange an email and password for a token, and ask who the token belongs to."""

from django.contrib.auth import authenticate
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiResponse, extend_schema, inline_serializer
from rest_framework import generics, serializers, status
from rest_framework.authtoken.models import Token
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.response import Response

from bontang_aker.accounts.models import User
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

    class Meta:
        model = User
        fields = ["id", "email", "full_name", "role", "role_display", "language"]
        read_only_fields = fields


@extend_schema(tags=["auth"])
class MeView(generics.RetrieveAPIView):
    """The signed-in user, so a client can check its token and learn the role it acts in."""

    serializer_class = MeSerializer
    permission_classes = [IsAuthenticated]

    def get_object(self):
        return self.request.user
