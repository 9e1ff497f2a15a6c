"""The signed-in user's own notices: list them, mark one read."""

from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import mixins, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response

from bontang_aker.notices import selectors, services
from bontang_aker.notices.models import Notice

UNAUTHENTICATED = OpenApiResponse(description="No valid token or session.")
NOT_FOUND = OpenApiResponse(description="No such notice among yours.")


class NoticeSerializer(serializers.ModelSerializer):
    class Meta:
        model = Notice
        fields = ["id", "subject", "body", "url", "created_at", "read_at"]
        read_only_fields = fields


@extend_schema_view(
    list=extend_schema(
        summary="Your notices, newest first",
        responses={200: NoticeSerializer(many=True), 401: UNAUTHENTICATED},
    ),
)
@extend_schema(tags=["notices"])
class NoticeViewSet(mixins.ListModelMixin, viewsets.GenericViewSet):
    """Notices about changes that concern the signed-in user; `url` is a path inside the portal."""

    serializer_class = NoticeSerializer
    permission_classes = [IsAuthenticated]
    filter_backends = []
    lookup_value_regex = "[0-9]+"

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):  # schema generation has no user
            return Notice.objects.none()
        return selectors.notice_list_for(user=self.request.user)

    @extend_schema(
        summary="Mark a notice read",
        request=None,
        responses={200: NoticeSerializer, 401: UNAUTHENTICATED, 404: NOT_FOUND},
    )
    @action(detail=True, methods=["post"])
    def read(self, request, pk=None):
        notice = self.get_object()  # 404 for a notice of someone else
        notice = services.notice_mark_read(user=request.user, notice_id=notice.pk)
        return Response(self.get_serializer(notice).data)
