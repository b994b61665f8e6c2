"""Who schedules a meeting, who sees it, who may take part in which role: each written once here.

- Schedules, reschedules, records attendance and minutes, closes: the step's handler (the task's
  owner) or the owning department's reviewers and heads (`may_manage`).
- Sees a meeting: its participants, and everyone who sees its item (the item's people: the
  school, its district, the department; `visible_meetings`, the one query pages and the API read).
- Takes part: an expert of the department's pool (or one holding the 评审专家 role), a 督学, the
  item's own people (its submitter, anyone holding a role at its school), staff of the department
  or the school's district (`participant_refusal`).
Anyone who may not see the meeting gets 404; one who sees it but may not manage it 403.
"""

from django.db.models import Q
from django.utils.translation import gettext as _

from core.orgs.models import RoleGrant
from core.orgs.roles import Role
from workflows.engine import access
from workflows.engine.envelope import load_item
from workflows.engine.exceptions import NotFound
from workflows.engine.experts.pool_models import Expert
from workflows.engine.experts.rules import drawing_departments
from workflows.engine.meetings.models import Meeting, MeetingParticipant, ParticipantRole
from workflows.engine.meetings.step import meeting_task
from workflows.engine.people import Candidate, label


def _signed_in(user) -> bool:
    return bool(user and user.is_authenticated and user.is_active)


def may_manage(user, item, task) -> bool:
    """Whether `user` schedules and records the meeting of `task` (on `item`)."""
    if not _signed_in(user):
        return False
    if task.owner_id == user.pk:
        return True
    return drawing_departments(user).filter(pk=item.owner_department_id).exists()


def check_manager(user, item, task) -> None:
    """NotAllowed (403) to one who sees the item but may not manage its meeting; NotFound to anyone else."""
    if not may_manage(user, item, task):
        access.refuse(user, item, _("只有本环节的经办人或主管处室的工作人员可以安排和记录会议。"))


def meeting_to_schedule(user, item_ref):
    """(item, task) of an item waiting at a meeting step, for one who may schedule its meeting:
    404 to whom the item is out of scope and for an item at no meeting step, 403 to one who sees
    it but may not manage the meeting. For the scheduling form and its candidates."""
    item = load_item(item_ref, user)
    task = meeting_task(item)
    if task is None:
        raise NotFound(_("该事项当前不在会议环节。"))
    check_manager(user, item, task)
    return item, task


def visible_meetings(user, queryset=None):
    """The meetings `user` may see: theirs as a participant, and those of the items they see."""
    queryset = Meeting.objects.all() if queryset is None else queryset
    if not _signed_in(user):
        return queryset.none()
    seen = access.scoped_items(user).values("pk")
    return queryset.filter(Q(participants__user=user) | Q(item_id__in=seen)).distinct()


def visible_meeting(user, meeting_ref) -> Meeting:
    """The meeting if `user` may see it, else NotFound (the same for one that does not exist)."""
    pk = getattr(meeting_ref, "pk", meeting_ref)
    found = visible_meetings(user, Meeting.objects.filter(pk=pk)).first() if str(pk).isdigit() else None
    if found is None:
        raise NotFound(_("未找到该会议，或您无权查看。"))
    return found


def my_meetings(user):
    """The meetings `user` takes part in (我的会议), soonest first."""
    if not _signed_in(user):
        return Meeting.objects.none()
    return Meeting.objects.filter(participants__user=user).distinct()


def participant_refusal(item, user, role) -> str:
    """Why `user` may not take part in `item`'s meeting as `role` ("" if they may)."""
    name = user.full_name or user.username
    if not user.is_active:
        return _("“%(name)s”的账号已停用，不能参会。") % {"name": name}
    grants = RoleGrant.objects.active().filter(user=user)
    if role == ParticipantRole.EXPERT:
        in_pool = Expert.objects.filter(user=user, department_id=item.owner_department_id, is_active=True).exists()
        if not in_pool and not grants.filter(role=Role.EXPERT).exists():
            return _("“%(name)s”不是本处室专家库中的专家。") % {"name": name}
    elif role == ParticipantRole.INSPECTOR:
        if not grants.filter(role=Role.INSPECTOR).exists():
            return _("“%(name)s”不是督学。") % {"name": name}
    elif role == ParticipantRole.ITEM:
        if user.pk != item.submitter_id and not grants.filter(organisation_id=item.organisation_id).exists():
            return _("“%(name)s”不是申报单位的人员。") % {"name": name}
    elif role == ParticipantRole.STAFF:
        places = [item.owner_department_id, item.organisation.parent_id]
        if not grants.filter(organisation_id__in=[pk for pk in places if pk]).exists():
            return _("“%(name)s”不是主管处室或所属区县的工作人员。") % {"name": name}
    else:
        return _("“%(role)s”不是有效的参会身份。") % {"role": role}
    return ""



def candidates(item, role: str = "") -> list[Candidate]:
    """Who the scheduling form offers, each role's people once, by name ("张明远 · 某中学 · 专家"),
    each Candidate's value "role:user id" (what the form posts): the department's pool of experts
    and those holding 评审专家, the 督学, the item's people (its submitter and the school's role
    holders), the staff of the department and of the school's district. `role`: only that role's.
    The same people participant_refusal lets in; five queries however many."""
    grants = RoleGrant.objects.active().select_related("user", "organisation").order_by("user__full_name", "user_id")
    places = [pk for pk in (item.owner_department_id, item.organisation.parent_id) if pk]
    sources = {
        ParticipantRole.EXPERT: lambda: [(e.user, e.home) for e in Expert.objects.filter(
            department_id=item.owner_department_id, is_active=True, user__is_active=True,
        ).select_related("user", "home").order_by("user__full_name", "user_id")]
        + [(g.user, g.organisation) for g in grants.filter(role=Role.EXPERT)],
        ParticipantRole.INSPECTOR: lambda: [(g.user, g.organisation) for g in grants.filter(role=Role.INSPECTOR)],
        ParticipantRole.ITEM: lambda: [(item.submitter, item.organisation)]
        + [(g.user, g.organisation) for g in grants.filter(organisation_id=item.organisation_id)],
        ParticipantRole.STAFF: lambda: [(g.user, g.organisation) for g in grants.filter(organisation_id__in=places)],
    }
    found = []
    for each, people in sources.items():
        if role and role != each:
            continue
        post, seen = ParticipantRole(each).label, set()
        for user, organisation in people():
            if user.is_active and user.pk not in seen:
                seen.add(user.pk)
                found.append(Candidate(user=user, label=label(user, organisation, post), value=f"{each}:{user.pk}"))
    return found


def meeting_page(user, meeting_ref) -> Meeting:
    """The meeting `user` may see, with what its page and the API show (participants, moves, files)."""
    pk = visible_meeting(user, meeting_ref).pk
    return (Meeting.objects.select_related("item", "task", "minutes_by", "cancelled_by")
            .prefetch_related("participants__user", "reschedules__by", "files").get(pk=pk))


def my_seats(user):
    """`user`'s places at meetings with their meeting and item (我的会议), soonest first."""
    if not _signed_in(user):
        return MeetingParticipant.objects.none()
    return (MeetingParticipant.objects.filter(user=user).select_related("meeting__item")
            .order_by("meeting__starts_at", "meeting_id"))
