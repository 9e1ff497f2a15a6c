"""Public reference lists, so API clients can build forms and filters from our codes.

The serializers are shared: other apps' APIs nest them to show a code with its name.
The lists are short, returned whole (no pagination) and only their active rows.
"""

from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, viewsets
from rest_framework.permissions import AllowAny

from bontang_aker.reference.models import EducationLevel, KbjiGroup, KbliCategory, Kecamatan, Kelurahan, Skill


class KecamatanSerializer(serializers.ModelSerializer):
    class Meta:
        model = Kecamatan
        fields = ["code", "name"]
        read_only_fields = fields


class KelurahanSerializer(serializers.ModelSerializer):
    kecamatan = KecamatanSerializer(read_only=True)

    class Meta:
        model = Kelurahan
        fields = ["code", "name", "kecamatan"]
        read_only_fields = fields


class KbliCategorySerializer(serializers.ModelSerializer):
    class Meta:
        model = KbliCategory
        fields = ["code", "name"]
        read_only_fields = fields


class OccupationSerializer(serializers.ModelSerializer):
    class Meta:
        model = KbjiGroup
        fields = ["code", "name"]
        read_only_fields = fields


class EducationLevelSerializer(serializers.ModelSerializer):
    class Meta:
        model = EducationLevel
        fields = ["code", "name"]
        read_only_fields = fields


class SkillSerializer(serializers.ModelSerializer):
    class Meta:
        model = Skill
        fields = ["code", "name"]
        read_only_fields = fields


@extend_schema(tags=["reference"])
class _PublicReferenceViewSet(mixins.ListModelMixin, viewsets.GenericViewSet):
    permission_classes = [AllowAny]
    pagination_class = None
    filter_backends = []


class KelurahanViewSet(_PublicReferenceViewSet):
    """Bontang's kelurahan with their kecamatan: the codes of the `kelurahan` and `kecamatan` filters."""

    serializer_class = KelurahanSerializer
    queryset = Kelurahan.objects.active().select_related("kecamatan").order_by("code")


class EducationLevelViewSet(_PublicReferenceViewSet):
    """Education levels from lowest to highest: the codes of the `min_education` filter."""

    serializer_class = EducationLevelSerializer
    queryset = EducationLevel.objects.active().order_by("rank")


class OccupationViewSet(_PublicReferenceViewSet):
    """KBJI 2014 occupation groups: the codes of the `occupation` filter."""

    serializer_class = OccupationSerializer
    queryset = KbjiGroup.objects.active().order_by("code")


class SkillViewSet(_PublicReferenceViewSet):
    """The skill vocabulary used in vacancies and jobseeker profiles."""

    serializer_class = SkillSerializer
    queryset = Skill.objects.active().order_by("name")
