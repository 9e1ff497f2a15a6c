"""The jobseekers app's part of "download all my data" (UU 27/2022, right of access).

`jobseeker_data` returns plain Python values (dates and times included, for a JSON encoder): the
profile, education, experience, skills, documents (metadata and the checked download link, never
the bytes), AK/I cards with their events, the consent history and the access log. The whole
download, with applications, placements and notices, is assembled by `portal.privacy`.
"""

from __future__ import annotations

from django.urls import reverse

from jobseekers import privacy
from jobseekers.models import JobseekerProfile

PROFILE_FIELDS = (
    "nik",
    "full_name",
    "birth_place",
    "birth_date",
    "sex",
    "marital_status",
    "religion",
    "ktp_address",
    "outside_city",
    "resident_since",
    "phone",
    "has_disability",
    "disability_note",
    "is_poor_household",
    "expected_wage",
    "about",
    "consent_at",
    "consent_version",
    "created_at",
    "updated_at",
)


def _events(events) -> list[dict]:
    return [
        {"at": event.created_at, "from_status": event.from_status, "to_status": event.to_status, "note": event.note}
        for event in events
    ]


def jobseeker_data(*, profile: JobseekerProfile) -> dict:
    """Everything the jobseekers app holds about this one person, and nobody else."""
    profile = (
        JobseekerProfile.objects.select_related("kelurahan__kecamatan")
        .prefetch_related("skills", "preferred_occupations")
        .get(pk=profile.pk)
    )
    personal = {name: getattr(profile, name) for name in PROFILE_FIELDS}
    personal["kelurahan"] = profile.kelurahan.name if profile.kelurahan_id else None
    personal["kecamatan"] = profile.kelurahan.kecamatan.name if profile.kelurahan_id else None
    personal["is_local"] = profile.is_local
    return {
        "profile": personal,
        "education": [
            {
                "level": entry.level.code,
                "level_name": entry.level.name,
                "institution": entry.institution,
                "major": entry.major,
                "graduation_year": entry.graduation_year,
                "score": str(entry.score) if entry.score is not None else None,
            }
            for entry in profile.education_entries.select_related("level")
        ],
        "experience": [
            {
                "employer_name": entry.employer_name,
                "position": entry.position,
                "occupation": entry.occupation.code if entry.occupation_id else None,
                "start_date": entry.start_date,
                "end_date": entry.end_date,
                "description": entry.description,
            }
            for entry in profile.experience_entries.select_related("occupation")
        ],
        "skills": [{"code": skill.code, "name": skill.name} for skill in profile.skills.all()],
        "preferred_occupations": [
            {"code": occupation.code, "name": occupation.name} for occupation in profile.preferred_occupations.all()
        ],
        "documents": [
            {
                "id": document.pk,
                "kind": document.kind,
                "description": document.description,
                "original_name": document.original_name,
                "uploaded_at": document.uploaded_at,
                "download_url": reverse("jobseekers:document_download", args=[document.pk]),
            }
            for document in profile.documents.order_by("kind", "-uploaded_at")
        ],
        "aki_cards": [
            {
                "number": card.number,
                "status": card.status,
                "requested_at": card.requested_at,
                "issued_at": card.issued_at,
                "expires_on": card.expires_on,
                "last_reported_at": card.last_reported_at,
                "placed_on": card.placed_on,
                "rejection_reason": card.rejection_reason,
                "events": _events(card.events.order_by("created_at", "pk")),
            }
            for card in profile.aki_cards.order_by("requested_at", "pk")
        ],
        "consent": {
            "accepted_version": profile.consent_version,
            "accepted_at": profile.consent_at,
            "current_version": privacy.consent_current_version(),
            "history": [
                {"version": acceptance.version, "accepted_at": acceptance.accepted_at}
                for acceptance in profile.consent_acceptances.order_by("accepted_at", "pk")
            ],
        },
        "data_access_log": [
            {
                "viewer": privacy.access_viewer_display(access),
                "viewer_role": access.viewer_role,
                "what": access.what,
                "document_kind": access.document_kind,
                "at": access.accessed_at,
            }
            for access in privacy.profile_accesses(profile=profile)
        ],
    }
