"""专家库, 抽取 and 我的评审 over the API, by the rules of the pages: the department adds, edits,
takes out and back, declares and removes conflicts, draws a panel (audited, short pools refused
and nothing written); an expert accepts or declines their own seat. Strangers get 404."""

import pytest

from core.orgs.roles import Role
from tests.factories import person
from tests.workflows.api.helpers import client_for
from tests.workflows.engine.experts.helpers import application, drawn, expert, outside_experts, town  # noqa: F401
from workflows.engine.experts.models import Panel, SeatState
from workflows.engine.experts.pool_models import Expert, ExpertConflict

pytestmark = pytest.mark.django_db


def test_the_department_keeps_its_pool_over_the_api(town):  # noqa: F811
    api = client_for(town.city.city)
    newcomer = person("zhang", Role.EXPERT, town.school_c1, full_name="张明远")
    added = api.post("/api/v1/experts/", {"user": newcomer.pk, "home": town.school_c1.pk, "title": "高级教师",
                                          "fields": {"stage": ["小学", "初中"], "subject": ["数学"]}}, format="json")
    assert added.status_code == 201, added.json()
    row = added.json()
    assert row["full_name"] == "张明远" and row["fields"] == {"stage": ["初中", "小学"], "subject": ["数学"],
                                                               "specialty": []}
    twice = api.post("/api/v1/experts/", {"user": newcomer.pk, "home": town.school_c1.pk}, format="json")
    assert twice.status_code == 400 and "已在本处室专家库中" in str(twice.json()["fields"])
    assert [e["id"] for e in api.get("/api/v1/experts/").json()["results"]] == [row["id"]]
    edited = api.patch(f"/api/v1/experts/{row['id']}/", {"title": "正高级教师"}, format="json")
    assert edited.status_code == 200 and edited.json()["title"] == "正高级教师" and edited.json()["fields"]["subject"]
    conflict = api.post(f"/api/v1/experts/{row['id']}/conflicts/", {"organisation": town.school_a.pk,
                                                                    "reason": "relative", "detail": "配偶任教"},
                        format="json")
    assert conflict.status_code == 201
    assert api.get(f"/api/v1/experts/{row['id']}/").json()["conflicts"][0]["detail"] == "配偶任教"
    bad = api.post(f"/api/v1/experts/{row['id']}/conflicts/", {"organisation": town.school_a.pk, "reason": "other"},
                   format="json")
    assert bad.status_code == 400 and "已登记回避" in str(bad.json())
    assert api.delete(f"/api/v1/conflicts/{conflict.json()['id']}/").status_code == 204
    off = api.post(f"/api/v1/experts/{row['id']}/active/", {"active": False}, format="json")
    assert off.status_code == 200 and off.json()["is_active"] is False
    again = api.post(f"/api/v1/experts/{row['id']}/active/", {"active": False}, format="json")
    assert again.status_code == 409 and "该专家已停用" in again.json()["detail"]
    assert not ExpertConflict.objects.exists()


def test_strangers_get_404_on_the_pool_and_panels(town):  # noqa: F811
    panel, seats = drawn(town)
    row = expert(town, "王丽华", town.school_c1)
    for stranger in [town.head, town.reviewer, row.user, seats[0].expert.user]:
        api = client_for(stranger)
        for url in ["/api/v1/experts/", f"/api/v1/experts/{row.pk}/", f"/api/v1/panels/{panel.pk}/"]:
            assert api.get(url).status_code == 404, (stranger, url)
        assert api.patch(f"/api/v1/experts/{row.pk}/", {"title": "改"}, format="json").status_code == 404
        assert api.post(f"/api/v1/experts/{row.pk}/active/", {"active": False}, format="json").status_code == 404
        assert api.post("/api/v1/panels/", {"items": [], "size": 3}, format="json").status_code in (400, 404)
    other = client_for(seats[1].expert.user)
    assert other.post(f"/api/v1/seats/{seats[0].pk}/accept/").status_code == 404
    assert other.post(f"/api/v1/seats/{seats[0].pk}/decline/", {"reason": "忙"}, format="json").status_code == 404
    row.refresh_from_db()
    assert row.is_active and row.title == "" and Panel.objects.count() == 1
    assert client_for(None).get("/api/v1/experts/").status_code == 401


def test_draw_accept_and_decline_over_the_api(town):  # noqa: F811
    outside_experts(town, 5)
    item = application(town)
    api = client_for(town.city.city)
    short = api.post("/api/v1/panels/", {"items": [item.pk], "size": 9}, format="json")
    assert short.status_code == 400 and not Panel.objects.exists()
    drawn_panel = api.post("/api/v1/panels/", {"items": [item.pk], "size": 3, "reserves": 1}, format="json")
    assert drawn_panel.status_code == 201
    body = drawn_panel.json()
    assert body["items"] == [item.pk] and len(body["seats"]) == 4 and "seed" in body["record"]
    assert api.get(f"/api/v1/panels/{body['id']}/").json()["seed"] == body["seed"]
    first, second = body["seats"][0], body["seats"][1]
    member = Expert.objects.get(pk=first["expert"]).user
    mine = client_for(member).get("/api/v1/seats/").json()["results"]
    assert [seat["id"] for seat in mine] == [first["id"]] and mine[0]["items"] == []
    accepted = client_for(member).post(f"/api/v1/seats/{first['id']}/accept/")
    assert accepted.status_code == 200 and accepted.json()["items"] == [item.pk]
    declining = client_for(Expert.objects.get(pk=second["expert"]).user)
    no_reason = declining.post(f"/api/v1/seats/{second['id']}/decline/", {"reason": ""}, format="json")
    assert no_reason.status_code == 400
    declined = declining.post(f"/api/v1/seats/{second['id']}/decline/", {"reason": "出差"}, format="json")
    assert declined.status_code == 200 and declined.json()["state"] == SeatState.DECLINED
    seats = api.get(f"/api/v1/panels/{body['id']}/").json()["seats"]
    assert seats[3]["state"] == SeatState.INVITED  # the reserve was called
