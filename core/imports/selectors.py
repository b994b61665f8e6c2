from core.imports.models import ImportJob
from core.orgs.roles import is_system_admin


def visible_jobs(user):
    """Jobs a user may see: their own; every one for a system administrator."""
    if is_system_admin(user):
        return ImportJob.objects.all()
    if not (user and user.is_authenticated):
        return ImportJob.objects.none()
    return ImportJob.objects.filter(owner=user)
