"""`{% referral_documents candidate referral as documents %}`: what the referred-to company may open."""

from django import template

from placements.document_access import documents_for_company

register = template.Library()


@register.simple_tag
def referral_documents(candidate, referral):
    return documents_for_company(candidate, referral)
