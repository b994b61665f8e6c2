"""Who sits on an expert panel is confidential (workflows.engine.signing.panel_names): the applicant, the
school and the district read the item page, the lists and the API and find no expert's name or
account; the owning department and the panel's own members find them all."""

import json

import pytest
from django.urls import reverse

from core.orgs.models import User
from core.orgs.roles import Role
from core.orgs.services import grant_role
from tests.sample_files import upload
from tests.sampleapp.panels import QuorumFlow
from tests.workflows.api.helpers import client_for as api_client
from tests.workflows.engine.multi_helpers import (
    build_panel,
    group_of,
    member_tasks,
    person,
)
from tests.workflows.web.conftest import client_for, new_item, reload
from workflows.engine import services
from workflows.engine.signing.panel_names import may_see_panel_names

pytestmark = pytest.mark.django_db

EXPERTS = ("expert_b1", "expert_b2", "expert_c", "expert_d")  # usernames, and full names too


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)


@pytest.fixture
def panel_item(db):
    """A teacher's application before a panel of three drawn experts: one has scored with a file,
    and the owning department has replaced another by a new draw (a fourth expert)."""
    panel = build_panel()
    city = panel.city
    item = new_item(city, by=city.teacher, title="专家评审保密申报")
    services.submit_item(item=item, by=city.teacher, flow_class=QuorumFlow)
    item = reload(item)
    tasks = member_tasks(item)
    assert set(tasks) == {"expert_b1", "expert_b2", "expert_c"}
    services.approve_task(task=tasks["expert_b1"], by=panel.experts_b[0], comment="指标达标，评分合格。",
                          attachments=[upload("评分表.pdf")])
    person("expert_d", Role.EXPERT, city.bureau)  # the only one left to draw (expert_a is 回避)
    drawn = services.redraw_signer(group=group_of(item), by=city.city, user=panel.experts_b[1])
    assert drawn.user.username == "expert_d"
    return panel, item


def everything_read_by(user, item) -> str:
    """The item page, the lists and every API answer about the item and its tasks, as one text."""
    web, api = client_for(user), api_client(user)
    texts = [web.get(reverse("workflows:item", args=[item.pk])).content.decode()]
    texts += [web.get(reverse(f"workflows:{name}")).content.decode() for name in ("mine", "items")]
    answers = [api.get(f"/api/v1/items/{item.pk}/"), api.get(f"/api/v1/items/{item.pk}/history/"),
               api.get(f"/api/v1/items/{item.pk}/files/"), api.get("/api/v1/items/"),
               api.get("/api/v1/notifications/")]
    answers += [api.get(f"/api/v1/tasks/{task.pk}/") for task in member_tasks(item).values()]
    for answer in answers:
        assert answer.status_code == 200, answer.content[:300]
        texts.append(json.dumps(answer.json(), ensure_ascii=False))
    return "\n".join(texts)


def named(text: str) -> set[str]:
    return {name for name in EXPERTS if name in text}


@pytest.mark.parametrize("who", ["teacher", "head", "reviewer", "district_head", "admin"])
def test_the_applicant_the_school_and_the_district_never_read_an_experts_name(panel_item, who):
    panel, item = panel_item
    reader = getattr(panel.city, who, None)
    if who == "admin":
        reader = User.objects.create_user(username="admin", password="x-unused-1", full_name="管理员")
        grant_role(user=reader, role=Role.ADMIN, organisation=panel.city.bureau)
    text = everything_read_by(reader, item)
    assert named(text) == set()
    assert not may_see_panel_names(reader, item)


def test_hidden_the_panel_shows_its_size_and_the_acts_as_an_experts(panel_item):
    panel, item = panel_item
    page = client_for(panel.city.teacher).get(reverse("workflows:item", args=[item.pk])).content.decode()
    assert "专家评审组（3人）" in page
    assert "重新抽取专家，替换专家" in page  # the redraw names "专家", neither whom nor whom it replaced
    assert "指标达标，评分合格。" in page  # what was decided stays visible, not who decided it

    api = api_client(panel.city.teacher)
    history = api.get(f"/api/v1/items/{item.pk}/history/").json()["results"]
    approve = next(event for event in history if event["action"] == "approve")
    assert approve["actor"] is None and approve["actor_label"] == "专家" and approve["organisation"] is None
    redrawn = next(event for event in history if event["action"] == "signer_redraw")
    assert "user" not in redrawn["data"] and redrawn["data"]["user_name"] == "专家"
    assert "replaced" not in redrawn["data"] and redrawn["data"]["replaced_name"] == "专家"
    submit = next(event for event in history if event["action"] == "submit")
    assert submit["actor"]["username"] == "teacher"  # the applicant's own acts keep their name
    detail = api.get(f"/api/v1/items/{item.pk}/").json()
    assert detail["open_tasks"] and all(task["owner"] is None for task in detail["open_tasks"])
    task = api.get(f"/api/v1/tasks/{member_tasks(item)['expert_c'].pk}/").json()
    assert task["owner"] is None and task["waiting_for"] == "专家"
    files = api.get(f"/api/v1/items/{item.pk}/files/").json()["results"]
    scored = next(f for f in files if f["name"] == "评分表.pdf")
    assert scored["uploaded_by"] is None


@pytest.mark.parametrize("who", ["city", "city_head"])
def test_the_owning_department_reads_every_name(panel_item, who):
    panel, item = panel_item
    reader = getattr(panel.city, who)
    text = everything_read_by(reader, item)
    assert named(text) == set(EXPERTS)
    assert may_see_panel_names(reader, item)
    history = api_client(reader).get(f"/api/v1/items/{item.pk}/history/").json()["results"]
    approve = next(event for event in history if event["action"] == "approve")
    assert approve["actor"]["username"] == "expert_b1" and approve["actor_label"] == "expert_b1"


def test_a_member_reads_the_whole_panel(panel_item):
    panel, item = panel_item
    member = panel.experts_b[2]  # expert_c, who has not scored yet
    page = client_for(member).get(reverse("workflows:item", args=[item.pk])).content.decode()
    assert named(page) == set(EXPERTS) and "专家评审组（" not in page
    assert may_see_panel_names(member, item)


def test_another_department_reads_no_name(panel_item):
    """Held at another department, the city roles are not the owning department's: such a
    reader who takes part (抄送) still reads no name."""
    from core.orgs.models import Organisation, ParticipationReason
    from core.orgs.roles import OrgKind
    from core.orgs.services import record_participation

    panel, item = panel_item
    other = Organisation.objects.create(name="教师工作处", kind=OrgKind.DEPARTMENT, parent=panel.city.bureau,
                                        code="teachers")
    reader = person("teachers_city", Role.CITY_REVIEWER, other)
    record_participation(user=reader, target=item, reason=ParticipationReason.CC)
    page = client_for(reader).get(reverse("workflows:item", args=[item.pk]))
    assert page.status_code == 200 and named(page.content.decode()) == set()
