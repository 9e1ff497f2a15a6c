"""Reusable filters on companies and vacancies; no side effects."""

from django.db import models
from django.utils import timezone


class CompanyQuerySet(models.QuerySet):
    def verified(self):
        return self.filter(status="verified")


class VacancyQuerySet(models.QuerySet):
    def published(self):
        """Published and still open today (WITA)."""
        return self.filter(status="published", close_date__gte=timezone.localdate())

    def past_close_date(self):
        return self.filter(status="published", close_date__lt=timezone.localdate())
