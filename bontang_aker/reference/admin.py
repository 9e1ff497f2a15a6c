"""Reference data is edited by the head of division; rows are deactivated, never deleted."""

from django.contrib import admin, messages
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from bontang_aker.reference.models import EducationLevel, KbjiGroup, KbliCategory, Kecamatan, Kelurahan, Skill


class ReferenceAdmin(admin.ModelAdmin):
    list_display = ("code", "name", "is_active", "updated_at")
    list_filter = ("is_active",)
    search_fields = ("code", "name")
    actions = ["deactivate", "activate"]
    list_per_page = 50

    def get_readonly_fields(self, request, obj=None):
        # The code is how records and `load_reference` find the row; it is fixed once created.
        return ("code", "updated_at") if obj else ("updated_at",)

    def has_delete_permission(self, request, obj=None):
        # Old records keep pointing at the row, so it is deactivated instead.
        return False

    def _set_active(self, request, queryset, active: bool) -> int:
        return queryset.filter(is_active=not active).update(is_active=active, updated_at=timezone.now())

    @admin.action(description=_("Deactivate selected rows"), permissions=["change"])
    def deactivate(self, request, queryset):
        count = self._set_active(request, queryset, False)
        self.message_user(
            request,
            ngettext("%(count)d row deactivated.", "%(count)d rows deactivated.", count) % {"count": count},
            messages.SUCCESS,
        )

    @admin.action(description=_("Activate selected rows"), permissions=["change"])
    def activate(self, request, queryset):
        count = self._set_active(request, queryset, True)
        self.message_user(
            request,
            ngettext("%(count)d row activated.", "%(count)d rows activated.", count) % {"count": count},
            messages.SUCCESS,
        )


@admin.register(Kecamatan)
class KecamatanAdmin(ReferenceAdmin):
    pass


@admin.register(Kelurahan)
class KelurahanAdmin(ReferenceAdmin):
    list_display = ("code", "name", "kecamatan", "is_active", "updated_at")
    list_filter = ("kecamatan", "is_active")
    list_select_related = ("kecamatan",)
    search_fields = ("code", "name", "kecamatan__name")


@admin.register(EducationLevel)
class EducationLevelAdmin(ReferenceAdmin):
    list_display = ("code", "name", "rank", "is_active", "updated_at")
    ordering = ("rank",)


@admin.register(KbliCategory)
class KbliCategoryAdmin(ReferenceAdmin):
    list_display = ("code", "name", "division_from", "division_to", "is_active", "updated_at")


@admin.register(KbjiGroup)
class KbjiGroupAdmin(ReferenceAdmin):
    list_display = ("code", "name", "parent", "is_active", "updated_at")
    list_filter = (("parent", admin.EmptyFieldListFilter), "is_active")
    list_select_related = ("parent",)
    autocomplete_fields = ("parent",)


@admin.register(Skill)
class SkillAdmin(ReferenceAdmin):
    list_display = ("name", "code", "industry", "is_active", "updated_at")
    list_filter = ("industry", "is_active")
    search_fields = ("name", "code", "industry")
    ordering = ("name",)
