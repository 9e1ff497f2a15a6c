"""The staff work queues on the admin's home page and the staff dashboard (portal.api.staff_queues_for)."""

from django import template

from portal.api import staff_queues_for

register = template.Library()


@register.simple_tag(takes_context=True)
def staff_work_queues(context) -> list[dict]:
    """The queues the logged-in staff member works on, with each count and the oldest record's age."""
    return staff_queues_for(context["request"].user)
