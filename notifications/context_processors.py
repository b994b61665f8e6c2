"""The bell in the top bar: the signed-in person's unread count, one indexed count per page."""

from notifications.inbox import unread_count


def bell(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}  # anonymous pages pay nothing
    return {"unread_notifications": unread_count(user=user)}
