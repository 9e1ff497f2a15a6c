"""The staff API of the fair rotation for TA work (issue 10), through `placements.rotation`.

- `GET /api/v1/staff/rotation-pools/` and `{id}/`: the pools (placements.view_rotationpool).
- `GET /api/v1/staff/rotation-pools/{id}/queue/?limit=`: the queue now, each person with the reasons.
- `POST /api/v1/staff/rotation-pools/{id}/propose/`: propose the next `count` (placements.refer_candidate).
- `GET /api/v1/staff/rotation-proposals/?pool=`: the history (placements.view_rotationproposal,
  which supervisors hold).
- `POST /api/v1/staff/rotation-proposals/{id}/skip/` (reason required) and `.../refer/`
  (placements.refer_candidate, the permission that refers and calls up).
"""

from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils.translation import gettext_lazy as _
from django_filters import rest_framework as filters
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_field, extend_schema_view
from rest_framework import serializers, status
from rest_framework.decorators import action
from rest_framework.parsers import JSONParser
from rest_framework.response import Response

from bontang_aker.core.api import HasModelPermission, StaffReadViewSet, StatusField, decision_responses
from bontang_aker.core.validators import MAX_NOTE_LENGTH, validate_no_control_characters_multiline
from employers.api.staff import StaffVacancyBriefSerializer
from jobseekers.api.common import drf_validation_error
from jobseekers.api.staff import StaffJobseekerSerializer
from placements import rotation
from placements.models import RotationPool, RotationProposal

_MAX_ID = 2**31 - 1


class RotationComponentSerializer(serializers.Serializer):
    code = serializers.CharField(help_text=_("waiting, poor_household, smk_graduate, disability or recent_work."))
    points = serializers.FloatField()
    text = serializers.SerializerMethodField(help_text=_("The reason in words, in the reader's language."))

    def get_text(self, component) -> str:
        return rotation.component_text(component)


class RotationPoolSerializer(serializers.ModelSerializer):
    skills = serializers.SlugRelatedField(slug_field="code", many=True, read_only=True)
    occupation = serializers.SlugRelatedField(slug_field="code", read_only=True, allow_null=True)

    class Meta:
        model = RotationPool
        fields = [
            "id",
            "name",
            "description",
            "skills",
            "require_all_skills",
            "occupation",
            "is_active",
            "created_at",
            "updated_at",
        ]
        read_only_fields = fields


class RotationQueueEntrySerializer(serializers.Serializer):
    rank = serializers.IntegerField(help_text=_("The place in the queue, 1 first."))
    score = serializers.FloatField()
    waiting_days = serializers.IntegerField()
    jobseeker = StaffJobseekerSerializer()
    components = RotationComponentSerializer(many=True)
    open_proposal = serializers.IntegerField(
        source="open_proposal_id", allow_null=True, help_text=_("A proposal awaiting a decision, if any.")
    )


class RotationProposalSerializer(serializers.ModelSerializer):
    jobseeker = StaffJobseekerSerializer(read_only=True)
    vacancy = StaffVacancyBriefSerializer(read_only=True, allow_null=True)
    components = RotationComponentSerializer(many=True, read_only=True)
    status = StatusField(RotationProposal)
    status_display = serializers.CharField(source="get_status_display", read_only=True)
    # A plain string: the skip body's `category` documents the same choices, and one choice set has one enum name.
    skip_category = serializers.CharField(read_only=True, help_text=_("Empty unless skipped; as the skip's category."))
    skip_category_display = serializers.CharField(source="get_skip_category_display", read_only=True)
    callup_letter_number = serializers.CharField(
        source="callup.letter_number", read_only=True, allow_null=True, default=None
    )
    referral_letter_number = serializers.CharField(
        source="referral.letter_number", read_only=True, allow_null=True, default=None
    )

    class Meta:
        model = RotationProposal
        fields = [
            "id",
            "pool",
            "vacancy",
            "jobseeker",
            "rank",
            "score",
            "components",
            "status",
            "status_display",
            "skip_category",
            "skip_category_display",
            "skip_reason",
            "proposed_by",
            "decided_by",
            "decided_at",
            "callup_letter_number",
            "referral_letter_number",
            "created_at",
        ]
        read_only_fields = fields


class RotationProposeSerializer(serializers.Serializer):
    count = serializers.IntegerField(min_value=1, max_value=rotation.PROPOSE_MAX_COUNT)
    vacancy = serializers.IntegerField(
        required=False, allow_null=True, default=None, min_value=1, max_value=_MAX_ID,
        help_text=_("Optional: a published vacancy the proposals are for."),
    )  # fmt: skip


class RotationSkipSerializer(serializers.Serializer):
    category = serializers.ChoiceField(choices=RotationProposal.SkipCategory.choices)
    # A blank reason passes here: the service refuses it, saying who reads it.
    reason = serializers.CharField(
        allow_blank=True, max_length=MAX_NOTE_LENGTH, validators=[validate_no_control_characters_multiline]
    )


class RotationReferSerializer(serializers.Serializer):
    vacancy = serializers.IntegerField(
        required=False, allow_null=True, default=None, min_value=1, max_value=_MAX_ID,
        help_text=_("Needed when the proposal names no vacancy."),
    )  # fmt: skip
    message = serializers.CharField(
        required=False,
        allow_blank=True,
        default="",
        max_length=MAX_NOTE_LENGTH,
        validators=[validate_no_control_characters_multiline],
        help_text=_("For a call-up: shown to the jobseeker and printed on the AK/IV letter."),
    )


class QueueQuerySerializer(serializers.Serializer):
    limit = serializers.IntegerField(required=False, default=50, min_value=1, max_value=rotation.QUEUE_MAX_LIMIT)


@extend_schema_field(OpenApiTypes.BOOL)
class StrictBooleanFilter(filters.TypedChoiceFilter):
    """`true` or `false`, anything else a 400: django-filter's BooleanFilter ignores a value it
    cannot read (`?is_active=maybe` would list everything)."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("choices", [("true", "true"), ("false", "false")])
        kwargs.setdefault("coerce", lambda value: value == "true")
        super().__init__(*args, **kwargs)


class RotationPoolFilter(filters.FilterSet):
    is_active = StrictBooleanFilter()

    class Meta:
        model = RotationPool
        fields = ["is_active"]


class RotationProposalFilter(filters.FilterSet):
    ordering = filters.OrderingFilter(fields=[("created_at", "created_at")])

    class Meta:
        model = RotationProposal
        fields = ["pool", "status"]


def _service(call):
    try:
        return call()
    except DjangoValidationError as error:
        raise drf_validation_error(error) from None


@extend_schema(tags=["staff"])
@extend_schema_view(
    list=extend_schema(summary="Rotation pools for TA work"),
    retrieve=extend_schema(summary="One rotation pool"),
)
class StaffRotationPoolViewSet(StaffReadViewSet):
    serializer_class = RotationPoolSerializer
    permission_classes = [HasModelPermission("placements.view_rotationpool")]
    filterset_class = RotationPoolFilter
    parser_classes = [JSONParser]

    def get_queryset(self):
        return (
            RotationPool.objects.select_related("occupation").prefetch_related("skills").order_by("-is_active", "name")
        )

    @extend_schema(
        summary="The pool's queue now, best placed first, with the reasons",
        parameters=[OpenApiParameter("limit", int, description="How many places (1–200, default 50).")],
        responses={200: RotationQueueEntrySerializer(many=True)},
        filters=False,
    )
    @action(detail=True, methods=["get"], filter_backends=[], pagination_class=None)
    def queue(self, request, pk=None):
        pool = self.get_object()
        query = QueueQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        entries = rotation.rotation_queue(pool=pool, limit=query.validated_data["limit"])
        return Response(RotationQueueEntrySerializer(entries, many=True).data)

    @extend_schema(
        summary="Propose the next people of the queue",
        description="Stored with their place, score and reasons; people with an open proposal are passed over.",
        request=RotationProposeSerializer,
        responses={201: RotationProposalSerializer(many=True)},
    )
    @action(
        detail=True,
        methods=["post"],
        permission_classes=[HasModelPermission("placements.refer_candidate")],
        filter_backends=[],
        pagination_class=None,
    )
    def propose(self, request, pk=None):
        pool = self.get_object()
        body = RotationProposeSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        proposals = _service(
            lambda: rotation.rotation_propose(
                pool=pool,
                by=request.user,
                count=body.validated_data["count"],
                vacancy_id=body.validated_data["vacancy"],
            )
        )
        fresh = rotation.rotation_history(pool=pool).filter(pk__in=[proposal.pk for proposal in proposals])
        return Response(
            RotationProposalSerializer(sorted(fresh, key=lambda p: p.rank), many=True).data,
            status=status.HTTP_201_CREATED,
        )


@extend_schema(tags=["staff"])
@extend_schema_view(
    list=extend_schema(summary="Rotation proposals: the queues' history, newest first"),
    retrieve=extend_schema(summary="One rotation proposal"),
)
class StaffRotationProposalViewSet(StaffReadViewSet):
    serializer_class = RotationProposalSerializer
    filterset_class = RotationProposalFilter
    permission_classes = [HasModelPermission("placements.view_rotationproposal")]
    parser_classes = [JSONParser]

    def get_queryset(self):
        return RotationProposal.objects.select_related(
            "jobseeker__kelurahan__kecamatan", "vacancy__company", "callup", "referral"
        ).order_by("-created_at", "rank", "pk")

    def _decide(self, request, body_class, call):
        proposal = self.get_object()
        body = body_class(data=request.data)
        body.is_valid(raise_exception=True)
        _service(lambda: call(proposal, body.validated_data))
        return Response(self.get_serializer(self.get_queryset().get(pk=proposal.pk)).data)

    @extend_schema(
        summary="Skip the proposed person, with the reason",
        description="The person keeps their place in the queue; the reason shows in the history.",
        request=RotationSkipSerializer,
        responses=decision_responses(RotationProposalSerializer),
    )
    @action(detail=True, methods=["post"], permission_classes=[HasModelPermission("placements.refer_candidate")])
    def skip(self, request, pk=None):
        return self._decide(
            request,
            RotationSkipSerializer,
            lambda proposal, data: rotation.rotation_skip(
                proposal_id=proposal.pk, by=request.user, category=data["category"], reason=data["reason"]
            ),
        )

    @extend_schema(
        summary="Refer or call up the proposed person",
        description="An AK/V referral if they applied to the vacancy, otherwise an AK/IV call-up to apply.",
        request=RotationReferSerializer,
        responses=decision_responses(RotationProposalSerializer),
    )
    @action(detail=True, methods=["post"], permission_classes=[HasModelPermission("placements.refer_candidate")])
    def refer(self, request, pk=None):
        return self._decide(
            request,
            RotationReferSerializer,
            lambda proposal, data: rotation.rotation_refer(
                proposal_id=proposal.pk, by=request.user, vacancy_id=data["vacancy"], message=data["message"]
            ),
        )
