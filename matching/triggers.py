"""What starts a match: a vacancy or a jobseeker's profile changed, enqueued once the change is committed.

Signals keep the domain apps unaware of matching (they sit below it). Several saves in one
request (a profile form saves the profile and its skills) enqueue one task: the first commit
callback claims a cache key that the task releases when it starts, so a change committed while
the task runs enqueues the next one. A rolled-back change enqueues nothing.
"""

from __future__ import annotations

import logging

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save

logger = logging.getLogger(__name__)
QUEUED_SECONDS = 120


def enqueue_after_commit(kind: str, pk: int) -> None:
    """Run the match task of this vacancy or jobseeker after the current transaction commits."""
    if not settings.MATCHING_TRIGGERS_ENABLED or pk is None:
        return
    from matching import tasks

    task = tasks.match_vacancy_task if kind == "vacancy" else tasks.match_jobseeker_task

    def send():
        if cache.add(tasks.queued_key(kind, pk), 1, timeout=QUEUED_SECONDS):
            try:
                task.apply_async(args=[pk], queue=settings.MATCHING_TASK_QUEUE)
            except Exception:  # the broker is down: the nightly rematch catches up
                cache.delete(tasks.queued_key(kind, pk))
                logger.exception("matching: could not enqueue %s %s", kind, pk)

    transaction.on_commit(send)


def _vacancy_saved(sender, instance, **kwargs):
    if instance.status != instance.Status.DRAFT:
        enqueue_after_commit("vacancy", instance.pk)


def _vacancy_skills_changed(sender, instance, action, reverse=False, **kwargs):
    if reverse:
        return  # changed from the skill's side: the nightly rematch picks it up
    if action in {"post_add", "post_remove", "post_clear"} and instance.status != instance.Status.DRAFT:
        enqueue_after_commit("vacancy", instance.pk)


def _profile_saved(sender, instance, **kwargs):
    enqueue_after_commit("jobseeker", instance.pk)


def _profile_part_changed(sender, instance, **kwargs):
    enqueue_after_commit("jobseeker", instance.jobseeker_id)


def _profile_m2m_changed(sender, instance, action, reverse=False, **kwargs):
    if not reverse and action in {"post_add", "post_remove", "post_clear"}:
        enqueue_after_commit("jobseeker", instance.pk)


def connect() -> None:
    from employers.models import Vacancy
    from jobseekers.models import AkiCard, Document, EducationEntry, ExperienceEntry, JobseekerProfile

    post_save.connect(_vacancy_saved, sender=Vacancy, dispatch_uid="matching-vacancy-saved")
    m2m_changed.connect(_vacancy_skills_changed, sender=Vacancy.skills.through, dispatch_uid="matching-vacancy-skills")
    post_save.connect(_profile_saved, sender=JobseekerProfile, dispatch_uid="matching-profile-saved")
    for model in (EducationEntry, ExperienceEntry, Document, AkiCard):
        post_save.connect(_profile_part_changed, sender=model, dispatch_uid=f"matching-{model.__name__}-saved")
        post_delete.connect(_profile_part_changed, sender=model, dispatch_uid=f"matching-{model.__name__}-deleted")
    for through in (JobseekerProfile.skills.through, JobseekerProfile.preferred_occupations.through):
        m2m_changed.connect(_profile_m2m_changed, sender=through, dispatch_uid=f"matching-{through.__name__}")
