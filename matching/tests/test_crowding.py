"""Crowding control: someone on many other vacancies' lists is ranked lower on the staff's list."""

import pytest
from django.test import override_settings
from django.utils import timezone

from matching.models import Match
from matching.selectors import vacancy_candidate_list

pytestmark = pytest.mark.django_db


@override_settings(MATCH_CROWDING_FREE_LISTS=2, MATCH_CROWDING_MAX_PENALTY=3)
def test_a_candidate_on_many_lists_is_ranked_after_a_nearly_as_good_one(make_vacancy, make_jobseeker):
    vacancy = make_vacancy()
    others = [make_vacancy() for _ in range(6)]
    popular, fresh = make_jobseeker(), make_jobseeker()
    now = timezone.now()

    def stored(vacancy, person, score):
        Match.objects.create(vacancy=vacancy, jobseeker=person, score=score, among_vacancy_best=True, computed_at=now)

    stored(vacancy, popular, 80)
    stored(vacancy, fresh, 78)
    for other in others:
        stored(other, popular, 90)
    ranked = list(vacancy_candidate_list(vacancy_id=vacancy.pk))
    # 6 other lists, 2 free: 4 points, capped at 3 → 77, below the 78 of someone on no other list
    assert [(m.jobseeker_id, m.other_lists, m.crowding_penalty, m.ranking_score) for m in ranked] == [
        (fresh.pk, 0, 0, 78),
        (popular.pk, 6, 3, 77),
    ]
    assert ranked[1].score == 80  # the match's own score is unchanged
