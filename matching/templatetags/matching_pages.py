"""Match sections on other apps' pages, so that employers' code never imports matching.

- `{% why_this_matches vacancy %}` on the public vacancy page: the signed-in jobseeker's own
  match, in words. Anyone else (anonymous, employer, staff) gets nothing, and no query is made.
  The vacancy page is rendered per request (employers.public_cache caches search and home
  results only), so this section never reaches another visitor.
- `{% referred_match_scores vacancy referrals as scores %}` and `scores|match_of:jobseeker_id`
  on the employer's list of referred candidates: the stored match of each referred candidate.
"""

from __future__ import annotations

from django import template

from matching import selectors

register = template.Library()


@register.inclusion_tag("matching/_why_match.html", takes_context=True)
def why_this_matches(context, vacancy):
    request = context.get("request")
    user = getattr(request, "user", None)
    if user is None or vacancy is None:
        return {"words": None}
    match = selectors.match_for_viewer(user=user, vacancy_id=vacancy.pk)
    if match is None:
        return {"words": None}
    return {"words": selectors.match_words(match), "vacancy": vacancy, "request": request}


@register.simple_tag
def referred_match_scores(vacancy, referrals) -> dict:
    """Stored matches of the referred candidates on this page, by jobseeker id (only theirs are read)."""
    ids = [referral.application.jobseeker_id for referral in referrals if referral.application.vacancy_id == vacancy.pk]
    return selectors.referred_match_map(vacancy_id=vacancy.pk, jobseeker_ids=ids)


@register.filter
def match_of(scores: dict, jobseeker_id):
    return scores.get(jobseeker_id) if scores else None
