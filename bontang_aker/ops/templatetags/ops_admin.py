from datetime import timedelta

from django import template
from django.utils import timezone

register = template.Library()


@register.simple_tag(takes_context=True)
def task_failures_last_day(context):
    """Failed task runs in incidents seen in the last 24 hours, or None if the user may not see them."""
    from bontang_aker.ops.incidents import failures_since

    request = context.get("request")
    if request is None or not request.user.has_perm("ops.view_taskincident"):
        return None
    return failures_since(timezone.now() - timedelta(hours=24))
