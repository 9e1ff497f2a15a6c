"""Staff review feedback on matches in the admin: the list opens and "mark as reviewed" works."""

import pytest
from django.urls import reverse

from matching import services
from matching.feedback import feedback_give
from matching.models import Match, MatchFeedback

pytestmark = pytest.mark.django_db


def test_staff_mark_feedback_reviewed_from_the_list(client, petugas, make_vacancy, make_jobseeker):
    make_vacancy(skills=["operator-proses"])
    make_jobseeker(skills=["operator-proses"])
    services.rematch_all()
    feedback = feedback_give(match=Match.objects.get(), by=petugas, reason="wage")
    client.force_login(petugas)
    url = reverse("admin:matching_matchfeedback_changelist")
    assert client.get(url).status_code == 200
    assert client.get(reverse("admin:matching_match_changelist")).status_code == 200
    response = client.post(url, {"action": "mark_reviewed", "_selected_action": [feedback.pk]}, follow=True)
    assert response.status_code == 200
    feedback.refresh_from_db()
    assert feedback.reviewed_by == petugas and feedback.reviewed_at is not None
    assert MatchFeedback.objects.filter(reviewed_at__isnull=True).count() == 0
