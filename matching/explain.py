"""A stored explanation (built by matching.services._explanation_sql) in words, in the reader's language.

The stored JSON holds numbers and skill names only, so the words are chosen when the page is
shown: a jobseeker reading in Indonesian and a staff member reading in English see the same match.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from matching.scoring import COMPONENTS

LABELS = {
    "skills": _("Skills the job needs"),
    "certificates": _("Certificates"),
    "occupation": _("Kind of work (KBJI)"),
    "education": _("Education"),
    "experience": _("Work experience"),
    "local": _("KTP address in Bontang"),
    "waiting": _("Time waiting with an AK/I card"),
    "priority": _("Priority group (PKP household, SMK graduate, disability)"),
    "wage": _("Expected wage"),
    "activity": _("Recently active on the portal"),
}

# What the jobseeker can do about a component that is not full; None where nothing can be done.
HINTS = {
    "skills": _("Add the missing skills to your profile if you have them."),
    "certificates": _("Upload a valid certificate of what the job asks for (see the competencies)."),
    "occupation": _("Add work experience or a preferred occupation in this kind of work."),
    "education": _("Add your major (field of study) to your education."),
    "experience": _("Add your work experience, with its dates."),
    "local": None,
    "waiting": None,
    "priority": None,
    "wage": _("Your expected wage is above what this job offers."),
    "activity": _("Log in and keep your profile up to date."),
}


@dataclass(frozen=True)
class Component:
    key: str
    label: str
    points: float
    max: float
    hint: str | None

    @property
    def is_full(self) -> bool:
        return self.points >= self.max - 0.05

    @property
    def percent(self) -> int:
        return round(100 * self.points / self.max) if self.max else 0


def components(explanation: dict) -> list[Component]:
    """Each component with its points, largest weight first; unknown or old keys are left out."""
    stored = explanation.get("components", {})
    found = []
    for key in COMPONENTS:
        if key not in stored:
            continue
        points, maximum = float(stored[key]["points"]), float(stored[key]["max"])
        if maximum <= 0:
            continue
        hint = HINTS[key] if points < maximum - 0.05 else None
        found.append(Component(key, str(LABELS[key]), points, maximum, str(hint) if hint else None))
    return sorted(found, key=lambda component: -component.max)


def improvements(explanation: dict) -> list[str]:
    """What would raise the score, in the reader's language: the hints of components not full."""
    return [component.hint for component in components(explanation) if component.hint]
