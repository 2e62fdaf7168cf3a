from django.contrib.auth import get_user_model

from .models import Notification


def users_of(unit_ids, roles):
    """The active users who work for one of these units in one of these roles."""
    return (
        get_user_model()
        .objects.filter(
            is_active=True, memberships__unit_id__in=list(unit_ids), memberships__role__in=roles
        )
        .distinct()
        .order_by("pk")
    )


def unread_count(user) -> int:
    if not user.is_authenticated:
        return 0
    return Notification.objects.filter(user=user, read_at__isnull=True).count()


def notifications_for(user, *, limit: int = 50) -> list[Notification]:
    return list(Notification.objects.filter(user=user)[:limit])
