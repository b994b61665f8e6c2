"""The studio's application services: its own fields and members around the engine's services,
one transaction each. What its flow's ends do to the members (certify, release, a tenure's end)
is in `ends.py`, member changes in `changes.py`, the annual assessment in `assessment.py`."""

from django.utils.translation import gettext as _

from workflows.engine import services as engine
from workflows.engine.envelope import service
from workflows.studio import rules
from workflows.studio.flows import StudioFlow
from workflows.studio.models import MemberRole, MemberState, StudioDetails, StudioMember

PLAN_MAX = 20000


def _plan(plan) -> str:
    plan = (plan or "").strip()
    if not plan:
        raise rules.invalid("plan", _("请填写三年发展规划。"))
    if len(plan) > PLAN_MAX:
        raise rules.invalid("plan", _("三年发展规划不能超过%(n)s个字。") % {"n": PLAN_MAX})
    return plan


def _set_members(item, schools: dict, roles: dict) -> None:
    """The proposed members are exactly `schools`' people (a draft's list replaced)."""
    StudioMember.objects.filter(studio=item, state=MemberState.PROPOSED).exclude(person__in=list(schools)).delete()
    kept = set(StudioMember.objects.filter(studio=item, state=MemberState.PROPOSED).values_list("person_id", flat=True))
    StudioMember.objects.bulk_create([
        StudioMember(studio=item, person_id=pk, school=school, role=roles.get(pk, MemberRole.MEMBER))
        for pk, school in schools.items() if pk not in kept])
    for member in StudioMember.objects.filter(studio=item, state=MemberState.PROPOSED, person__in=list(kept)):
        role = roles.get(member.person_id, member.role)
        if role != member.role:
            member.role = role
            member.save(update_fields=["role"])


def _roles(member_roles) -> dict:
    roles = {}
    for pk, role in (member_roles or {}).items():
        if role not in MemberRole.values:
            raise rules.invalid("member_roles", _("成员类别不正确。"))
        roles[int(pk)] = role
    return roles


@service
def studio_create(*, organisation, owner_department, by, title: str, campaign, host_title: str, host_honour: str,
                  plan: str, members, subject: str = "", stage: str = "", member_roles=None):
    """A host's draft: `by` hosts it at `organisation` (their school), in `campaign`, with
    `members` (people) and their roles ({person id: MemberRole})."""
    if campaign is None:
        raise rules.invalid("campaign", _("请选择申报批次。"))
    studio_rules = rules.rules_of(campaign.programme)
    rules.check_host(rules=studio_rules, host=by, school=organisation, title=host_title, honour=host_honour)
    schools = rules.check_members(rules=studio_rules, host=by, people=list(members))
    plan = _plan(plan)
    item = engine.create_item(flow_class=StudioFlow, organisation=organisation, owner_department=owner_department,
                              by=by, title=title)
    StudioDetails.objects.create(item=item, campaign=campaign, studio_type=studio_rules.studio_type, host=by,
                                 host_title=host_title, host_honour=host_honour, subject=(subject or "")[:30],
                                 stage=(stage or "")[:30], plan=plan)
    _set_members(item, schools, _roles(member_roles))
    return item


def studio_changes(*, host_title=None, host_honour=None, subject=None, stage=None, plan=None, members=None,
                   member_roles=None):
    """The studio's own fields as an `apply_changes(item)` (edit_item, resubmit_item): the names changed."""

    def apply_changes(item):
        details = StudioDetails.objects.select_related("campaign__programme", "item__organisation").get(item=item)
        studio_rules = rules.rules_of(details.campaign.programme)
        title = details.host_title if host_title is None else host_title
        honour = details.host_honour if host_honour is None else host_honour
        rules.check_host(rules=studio_rules, host=details.host, school=item.organisation, title=title, honour=honour)
        changed = []
        values = {"host_title": title, "host_honour": honour, "subject": subject, "stage": stage,
                  "plan": None if plan is None else _plan(plan)}
        for name, value in values.items():
            if value is not None and getattr(details, name) != value:
                setattr(details, name, value)
                changed.append(name)
        if changed:
            details.save(update_fields=changed)
        if members is not None or member_roles is not None:
            people = list(members) if members is not None else list(
                StudioMember.objects.filter(studio=item, state=MemberState.PROPOSED).values_list("person_id", flat=True))
            schools = rules.check_members(rules=studio_rules, host=details.host, people=people, studio=item)
            _set_members(item, schools, _roles(member_roles))
            changed.append("members")
        return changed

    return apply_changes


def studio_update(*, item, by, title=None, expected_version=None, **fields):
    return engine.edit_item(item=item, by=by, title=title, apply_changes=studio_changes(**fields),
                            expected_version=expected_version)


@service
def studio_submit(*, item, by):
    """提交: the members checked again (someone may have joined another studio since the draft),
    into the campaign's open window."""
    details = StudioDetails.objects.select_related("campaign__programme").get(item=item)
    studio_rules = rules.rules_of(details.campaign.programme)
    people = list(StudioMember.objects.filter(studio=item, state=MemberState.PROPOSED).values_list("person_id",
                                                                                                   flat=True))
    rules.check_members(rules=studio_rules, host=details.host, people=people, studio=item)
    return engine.submit_item(item=item, by=by, flow_class=StudioFlow, campaign=details.campaign)
