"""The rules of 公示, each written once: who handles a notice's objections (and so sees who lodged
them), what an objection must carry, how often one address or phone may lodge, and what the public
page may read.

The public page is the one exception to scoping (workflows.engine.access): anyone, signed in or
not, reads the notices whose publication has begun and, of each, only its entries' name,
programme and result (`public_entries`). Nothing else of an item, a notice or an objection is
readable there. Objections come in from outside the task list: their service
(objections.lodge_objection) checks `check_objection` and `check_rate`, never open_task.

Handling (investigate, uphold, dismiss), the staff pages and the objector's identity are for the
owning department's reviewers and heads (`may_handle`); anyone else is told the notice does not
exist (404). Publishing is for whoever may act on every waiting item's task, as for a list act
(workflows.engine.lists.step.checked_members).
"""

import re
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.orgs.models import RoleGrant
from core.orgs.roles import Role
from workflows.engine.exceptions import WorkflowError
from workflows.engine.notices.models import Notice, NoticeEntry, Objection

HANDLER_ROLES = (Role.CITY_REVIEWER, Role.CITY_HEAD)
# A mobile (11 digits from 13…19) or a landline with its area code (024-12345678).
PHONE = re.compile(r"^(1[3-9]\d{9}|0\d{2,3}-?\d{7,8})$")
MIN_FACTS = 10
MAX_FACTS = 5000


class TooManyObjections(WorkflowError):
    """One address or one phone lodged as many objections as the window allows (429)."""

    status_code = 429
    default_message = gettext_lazy("提交过于频繁，请稍后再试。")


# --- The owning department --------------------------------------------------------------------


def handler_departments(user) -> set[int]:
    """The departments whose notices `user` handles (reviewer or head there)."""
    if not (user and user.is_authenticated):
        return set()
    return set(RoleGrant.objects.active().filter(user=user, role__in=HANDLER_ROLES)
               .values_list("organisation_id", flat=True))


def may_handle(user, notice: Notice) -> bool:
    """Whether `user` handles `notice`'s objections and sees the objectors' identities."""
    return notice.owner_department_id in handler_departments(user)


def handled_notices(user):
    """The notices `user` handles, running and closed."""
    return Notice.objects.filter(owner_department_id__in=handler_departments(user))


def handled_objections(user):
    """The objections `user` handles, with their entry and notice."""
    return Objection.objects.filter(entry__notice__owner_department_id__in=handler_departments(user)) \
        .select_related("entry__notice", "entry__item", "handled_by")


def handlers_of(department_id: int) -> list:
    """Everyone who handles the department's notices: who is told an objection arrived."""
    grants = RoleGrant.objects.active().filter(role__in=HANDLER_ROLES, organisation_id=department_id) \
        .select_related("user").order_by("user_id")
    return list({grant.user_id: grant.user for grant in grants}.values())


# --- The public page ---------------------------------------------------------------------------


def public_notices(now=None):
    """The notices the public page lists: publication begun, newest first."""
    return Notice.objects.public(now).select_related("owner_department")


def public_entries(notice: Notice):
    """A notice's lines as the public sees them: rank, name, programme, result and nothing else."""
    return NoticeEntry.objects.filter(notice=notice).order_by("rank").values("pk", "rank", "name", "programme",
                                                                             "result")


# --- What an objection must carry, and how often -----------------------------------------------


def check_objection(*, real_name: str, unit: str, phone: str, facts: str, email: str = "") -> dict:
    """The objection's fields, trimmed; refused (400, one message per field) when it is
    anonymous (no real name or phone), names no unit, gives too few facts or a bad phone/email."""
    fields = {"real_name": (real_name or "").strip(), "unit": (unit or "").strip(),
              "phone": re.sub(r"\s", "", phone or ""), "facts": (facts or "").strip(), "email": (email or "").strip()}
    errors = {}
    if not fields["real_name"]:
        errors["real_name"] = _("请填写真实姓名：不受理匿名异议。")
    elif len(fields["real_name"]) > 50:
        errors["real_name"] = _("姓名不能超过50个字。")
    if not fields["phone"]:
        errors["phone"] = _("请填写联系电话：不受理匿名异议。")
    elif not PHONE.match(fields["phone"]):
        errors["phone"] = _("请填写正确的手机号或带区号的固定电话。")
    if not fields["unit"]:
        errors["unit"] = _("请填写工作单位。")
    elif len(fields["unit"]) > 100:
        errors["unit"] = _("工作单位不能超过100个字。")
    if len(fields["facts"]) < MIN_FACTS:
        errors["facts"] = _("请写明具体事实，不少于%(n)d个字。") % {"n": MIN_FACTS}
    elif len(fields["facts"]) > MAX_FACTS:
        errors["facts"] = _("异议事实不能超过%(n)d个字。") % {"n": MAX_FACTS}
    if fields["email"]:
        try:
            validate_email(fields["email"])
        except ValidationError:
            errors["email"] = _("请填写正确的电子邮箱，或留空。")
    if errors:
        raise ValidationError({field: ValidationError(message, code=field) for field, message in errors.items()})
    return fields


def limits() -> tuple[int, int, timedelta]:
    """(objections per address, per phone, in this window): settings.NOTICES_OBJECTIONS_PER_IP,
    NOTICES_OBJECTIONS_PER_PHONE, NOTICES_OBJECTION_WINDOW."""
    return (getattr(settings, "NOTICES_OBJECTIONS_PER_IP", 10), getattr(settings, "NOTICES_OBJECTIONS_PER_PHONE", 3),
            getattr(settings, "NOTICES_OBJECTION_WINDOW", timedelta(hours=24)))


def check_rate(*, ip: str, phone: str, now=None) -> None:
    """Refuse (429) when this address or this phone already lodged its allowance in the window.
    The caller holds the locks that make the count exact (objections.lodge_objection)."""
    per_ip, per_phone, window = limits()
    since = (now or timezone.now()) - window
    recent = Objection.objects.filter(lodged_at__gt=since)
    if recent.filter(phone=phone).count() >= per_phone:
        raise TooManyObjections(_("同一电话号码提交的异议已达上限，请稍后再试或直接与主管处室联系。"))
    if recent.filter(ip=ip).count() >= per_ip:
        raise TooManyObjections(_("同一网络地址提交的异议已达上限，请稍后再试或直接与主管处室联系。"))
