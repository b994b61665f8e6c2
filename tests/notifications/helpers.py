import datetime

from django.utils import timezone


def local(*args) -> datetime.datetime:
    """An aware datetime in the project's zone, Asia/Shanghai."""
    return datetime.datetime(*args, tzinfo=timezone.get_default_timezone())
