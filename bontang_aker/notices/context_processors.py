from bontang_aker.notices.selectors import notice_unread_count


def notices(request):
    """`unread_notice_count` for the header: one COUNT on an index, and only for signed-in users."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {"unread_notice_count": notice_unread_count(user=user)}
