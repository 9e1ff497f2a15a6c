"""The employer API for the company's members: list them, invite a colleague, remove a member.

Same rules and services as the members page (employers.members): every member of a company
sees its members; only an admin invites (POST) and removes (DELETE), others get a 403; another
company's member is a 404, as if missing.
"""

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import mixins, serializers, status
from rest_framework.exceptions import PermissionDenied
from rest_framework.response import Response

from employers import members
from employers.api.employer import _bad_input, _EmployerViewSet, _responses
from employers.models import CompanyInvitation, CompanyMember


class CompanyMemberSerializer(serializers.ModelSerializer):
    email = serializers.EmailField(source="user.email", read_only=True)
    full_name = serializers.CharField(source="user.full_name", read_only=True)

    class Meta:
        model = CompanyMember
        fields = ["id", "email", "full_name", "position", "is_company_admin", "created_at"]
        read_only_fields = fields


class InvitationInputSerializer(serializers.Serializer):
    email = serializers.EmailField(max_length=254, help_text="The colleague's email address.")


class CompanyInvitationSerializer(serializers.ModelSerializer):
    expires_at = serializers.DateTimeField(read_only=True)

    class Meta:
        model = CompanyInvitation
        fields = ["id", "email", "created_at", "expires_at"]
        read_only_fields = fields


@extend_schema(tags=["employer"])
@extend_schema_view(
    list=extend_schema(
        summary="The company's members",
        responses=_responses({200: CompanyMemberSerializer(many=True)}, 401, 403),
    ),
    create=extend_schema(
        summary="Invite a colleague (company admins only)",
        description=(
            "Mails an invitation link to the address. Refused with a 400 on `email` when the address already "
            "belongs to a member of a company (this one or another), to a jobseeker or staff account, or has "
            "a pending invitation."
        ),
        request=InvitationInputSerializer,
        responses=_responses({201: CompanyInvitationSerializer}, 400, 401, 403),
    ),
    destroy=extend_schema(
        summary="Remove a member (company admins only)",
        description="The last administrator cannot be removed (400). The account stays, without a company.",
        responses=_responses(
            {
                204: OpenApiResponse(description="Removed."),
                400: OpenApiResponse(
                    {"type": "object", "additionalProperties": {"type": "array", "items": {"type": "string"}}},
                    description="Not removed: the messages say why (e.g. the last administrator).",
                ),
            },
            401,
            403,
            404,
        ),
    ),
)
class EmployerMemberViewSet(mixins.ListModelMixin, _EmployerViewSet):
    serializer_class = CompanyMemberSerializer
    filter_backends = []
    pagination_class = None
    lookup_value_regex = "[0-9]{1,18}"

    def get_queryset(self):
        if self.is_schema:
            return CompanyMember.objects.none()
        return (
            CompanyMember.objects.filter(company=self.company)
            .select_related("user")
            .order_by("-is_company_admin", "user__full_name", "pk")
        )

    def create(self, request, *args, **kwargs):
        serializer = InvitationInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        try:
            invitation = members.invitation_create(
                company=self.company, by=request.user, email=serializer.validated_data["email"]
            )
        except DjangoPermissionDenied as error:
            raise PermissionDenied(str(error)) from None
        except DjangoValidationError as error:
            raise _bad_input(error) from None
        return Response(CompanyInvitationSerializer(invitation).data, status=status.HTTP_201_CREATED)

    def destroy(self, request, *args, **kwargs):
        member = self.get_object()  # 404 for another company's member
        try:
            members.member_remove(company=self.company, by=request.user, member_id=member.pk)
        except DjangoPermissionDenied as error:
            raise PermissionDenied(str(error)) from None
        except DjangoValidationError as error:
            raise _bad_input(error) from None
        return Response(status=status.HTTP_204_NO_CONTENT)
