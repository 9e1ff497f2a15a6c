"""The jobseeker's next step, for the dashboard: a template tag, so the accounts app needs no new import."""

from django import template

from jobseekers.selectors import jobseeker_next_step, profile_completeness

register = template.Library()


@register.simple_tag
def next_step_for(profile):
    """`{% next_step_for profile as step %}`: `step.label`, `step.url`, `step.explanation`; None without a profile."""
    return jobseeker_next_step(profile) if profile is not None else None


@register.simple_tag
def completeness_of(profile) -> int | None:
    return profile_completeness(profile)[0] if profile is not None else None
