"""The engine's test city with enough people for multi-person steps (tests/sampleapp/panels.py):
three district reviewers in district A, and experts in both districts and the bureau."""

from dataclasses import dataclass

from django.contrib.contenttypes.models import ContentType
from viewflow.workflow.models import Task
from viewflow.workflow.status import STATUS

from core.audit.models import AuditEvent
from core.orgs.models import User
from core.orgs.roles import Role
from tests.city import City, build_city
from tests.factories import person
from tests.workflows.engine.conftest import new_item, reload
from workflows.engine import services
from workflows.engine.models import Item
from workflows.engine.signing.models import Signer, SignGroup

OPEN = (STATUS.NEW, STATUS.ASSIGNED)


@dataclass
class Panel:
    city: City
    reviewer3: User  # a third district_reviewer at district_a
    experts_b: list  # experts at district_b and the bureau: the drawable pool for a school of A
    expert_a: User  # an expert in district_a: never drawn for its schools (回避)


def build_panel() -> Panel:
    city = build_city()
    return Panel(
        city=city,
        reviewer3=person("reviewer3", Role.DISTRICT_REVIEWER, city.district_a),
        experts_b=[person("expert_b1", Role.EXPERT, city.district_b), person("expert_b2", Role.EXPERT, city.school_b),
                   person("expert_c", Role.EXPERT, city.bureau)],
        expert_a=person("expert_a", Role.EXPERT, city.school_a),
    )


def submitted(panel: Panel, flow_class):
    item = new_item(panel.city)
    services.submit_item(item=item, by=item.submitter, flow_class=flow_class)
    return reload(item)


def member_tasks(item) -> dict:
    """The item's open human tasks by their owner's username ("queue" for an unclaimed one)."""
    tasks = Task.objects.filter(process__item=item, flow_task_type="HUMAN", status__in=OPEN).select_related("owner")
    return {task.owner.username if task.owner else "queue": task for task in tasks}


def states(item) -> list[tuple[str, str]]:
    """(username, state) of the members of the item's latest multi-person step, in order."""
    signers = Signer.objects.filter(group__process__item=item).select_related("user").order_by("-group_id", "position")
    latest = signers[0].group_id if signers else None
    return [(s.user.username, s.state) for s in signers if s.group_id == latest]


def actions(item) -> list[tuple[str, str, str]]:
    events = AuditEvent.objects.filter(content_type=ContentType.objects.get_for_model(Item), object_id=str(item.pk))
    return list(events.order_by("seq").values_list("action", "from_status", "to_status"))


def group_of(item) -> SignGroup:
    """The item's latest multi-person step (what the step's owner acts on)."""
    return SignGroup.objects.filter(process__item=item).latest("pk")
