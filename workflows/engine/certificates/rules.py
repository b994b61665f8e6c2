"""Who may see and download a certificate: the one place of this rule, for pages and API alike.

- the holder's organisation: the item's submitter and anyone with an active role there;
- the owning department: anyone with an active role there.

Nobody else — not another school, not the district, not an anonymous visitor — sees that it
exists: they are told it was not found (404). The public verification page is not a way in: it
reads through `verification.lookup` and shows a handful of fields, never the file."""

from django.db.models import Q
from django.utils.translation import gettext as _

from core.orgs.models import RoleGrant
from workflows.engine.certificates.models import Certificate
from workflows.engine.exceptions import NotFound


def visible_certificates(user):
    """The certificates `user` may see and download, with what a list shows (no N+1)."""
    if not getattr(user, "is_authenticated", False):
        return Certificate.objects.none()
    organisations = RoleGrant.objects.active().filter(user=user).values("organisation_id")
    return Certificate.objects.filter(
        Q(item__submitter=user) | Q(item__organisation_id__in=organisations)
        | Q(item__owner_department_id__in=organisations)
    ).select_related("tenure", "item")


def department_certificates(user):
    """The certificates of the departments `user` works in (the department's list)."""
    if not getattr(user, "is_authenticated", False):
        return Certificate.objects.none()
    organisations = RoleGrant.objects.active().filter(user=user).values("organisation_id")
    return Certificate.objects.filter(item__owner_department_id__in=organisations).select_related("tenure", "item")


def certificate_for(user, pk) -> Certificate:
    """The certificate `pk` if `user` may see it; else NotFound (also when it does not exist)."""
    try:
        return visible_certificates(user).get(pk=int(pk))
    except (Certificate.DoesNotExist, ValueError, TypeError):
        raise NotFound(_("未找到该证书，或您无权查看。")) from None


def item_certificates(user, item):
    """The item's certificates `user` may see (the item page's section), newest first."""
    return visible_certificates(user).filter(item=item)
