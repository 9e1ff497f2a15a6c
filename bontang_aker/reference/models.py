"""Reference data shared by every app: places, education levels, KBLI, KBJI, skills.

Rows are loaded by migration (from `data.py`) and editable by staff in the admin; a row
that is no longer used is deactivated, never deleted, so old records keep their meaning.
"""

from django.contrib.postgres.fields import ArrayField
from django.db import models
from django.utils.translation import gettext_lazy as _


class ReferenceQuerySet(models.QuerySet):
    def active(self):
        return self.filter(is_active=True)


class ReferenceItem(models.Model):
    code = models.CharField(_("code"), max_length=20, unique=True)
    name = models.CharField(_("name"), max_length=200)
    is_active = models.BooleanField(_("active"), default=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = ReferenceQuerySet.as_manager()

    class Meta:
        abstract = True
        ordering = ["code"]

    def __str__(self) -> str:
        return self.name


class Kecamatan(ReferenceItem):
    class Meta(ReferenceItem.Meta):
        verbose_name = _("district (kecamatan)")
        verbose_name_plural = _("districts (kecamatan)")


class Kelurahan(ReferenceItem):
    kecamatan = models.ForeignKey(
        Kecamatan, verbose_name=_("district"), on_delete=models.PROTECT, related_name="kelurahan"
    )

    class Meta(ReferenceItem.Meta):
        verbose_name = _("sub-district (kelurahan)")
        verbose_name_plural = _("sub-districts (kelurahan)")

    def __str__(self) -> str:
        return f"{self.name}, {self.kecamatan.name}"


class EducationLevel(ReferenceItem):
    rank = models.PositiveSmallIntegerField(
        _("rank"), help_text=_("Higher is more education; used to compare a jobseeker with a minimum.")
    )

    class Meta(ReferenceItem.Meta):
        ordering = ["rank"]
        verbose_name = _("education level")
        verbose_name_plural = _("education levels")


class KbliCategory(ReferenceItem):
    """A KBLI 2020 category (A–U) with the two-digit divisions it covers."""

    division_from = models.PositiveSmallIntegerField(_("first division"))
    division_to = models.PositiveSmallIntegerField(_("last division"))

    class Meta(ReferenceItem.Meta):
        verbose_name = _("KBLI 2020 category")
        verbose_name_plural = _("KBLI 2020 categories")

    def __str__(self) -> str:
        return f"{self.code} — {self.name}"

    @classmethod
    def for_kbli_code(cls, kbli_code: str):
        """The category of a five-digit KBLI code, from its two-digit division."""
        division = int(kbli_code[:2])
        return cls.objects.filter(division_from__lte=division, division_to__gte=division).first()


class KbjiGroup(ReferenceItem):
    """A KBJI 2014 occupation group; major groups have one digit, finer groups nest under them."""

    parent = models.ForeignKey(
        "self", verbose_name=_("parent group"), null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )

    class Meta(ReferenceItem.Meta):
        verbose_name = _("KBJI 2014 occupation group")
        verbose_name_plural = _("KBJI 2014 occupation groups")

    def __str__(self) -> str:
        return f"{self.code} — {self.name}"

    @property
    def major_group(self) -> "KbjiGroup":
        group = self
        while group.parent_id:
            group = group.parent
        return group


class Skill(ReferenceItem):
    """A skill or competency from the portal's vocabulary, with synonyms for search and matching."""

    industry = models.CharField(_("industry"), max_length=100, blank=True)
    synonyms = ArrayField(models.CharField(max_length=100), verbose_name=_("synonyms"), default=list, blank=True)

    class Meta(ReferenceItem.Meta):
        ordering = ["name"]
        verbose_name = _("skill")
        verbose_name_plural = _("skills")
