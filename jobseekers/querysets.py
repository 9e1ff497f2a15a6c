"""Reusable filters on jobseekers and AK/I cards; no side effects."""

from django.db import models


class JobseekerProfileQuerySet(models.QuerySet):
    def local(self):
        """The same rule as JobseekerProfile.is_local, in SQL."""
        from jobseekers.models import local_residence_cutoff

        local = self.filter(kelurahan__isnull=False)
        cutoff = local_residence_cutoff()
        return local if cutoff is None else local.filter(resident_since__lte=cutoff)

    def with_active_card(self):
        return self.filter(aki_cards__status="active").distinct()


class AkiCardQuerySet(models.QuerySet):
    def active(self):
        return self.filter(status="active")

    def open(self):
        """Requested or active: the card a jobseeker currently has."""
        return self.filter(status__in=["requested", "active"])
