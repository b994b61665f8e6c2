"""发起申报 over the API: offers, POST items/ (a draft), its fields, files, submit; and refusals."""

from datetime import timedelta

from django.utils import timezone

from core.orgs.models import SchoolType
from core.orgs.roles import Role
from tests.factories import OrganisationFactory, person
from tests.sample_files import upload
from tests.sampleapp.models import SampleDetails
from tests.workflows.api.helpers import client_for, reload
from workflows.engine.lists.campaign_models import Campaign
from workflows.engine.models import Attachment, Item
from rest_framework.test import APIClient


def create(user, campaign, organisation, **body):
    body = {"kind": "sample", "campaign": campaign.pk, "organisation": organisation.pk, "title": "新优质学校申报",
            "fields": {"summary": "自评", "pupils": 700}, **body}
    return client_for(user).post("/api/v1/items/", body, format="json")


def test_offers_create_edit_files_and_submit(city, campaign):
    (offer,) = client_for(city.head).get("/api/v1/start/").json()
    assert (offer["kind"], offer["campaign"]["id"], offer["organisation"]["id"], offer["remaining"]) == (
        "sample", campaign.pk, city.school_a.pk, 100)
    response = create(city.head, campaign, city.school_a)
    assert response.status_code == 201, response.json()
    item = Item.objects.get(pk=response.json()["id"])
    assert response.json()["status"] == "draft" and SampleDetails.objects.get(item=item).pupils == 700

    api = client_for(city.head)
    draft = api.get(f"/api/v1/items/{item.pk}/draft/").json()
    assert draft["fields"] == {"summary": "自评", "pupils": 700} and draft["may_edit"] is True
    assert draft["campaign"]["id"] == campaign.pk
    response = api.patch(f"/api/v1/items/{item.pk}/draft/", {"fields": {"pupils": 720}, "expected_version": 1},
                         format="json")
    assert response.status_code == 200, response.json()
    assert response.json()["fields"] == {"summary": "自评", "pupils": 720}  # the summary kept

    file = api.post(f"/api/v1/items/{item.pk}/files/", {"file": upload("自评报告.pdf"), "slot": "report"},
                    format="multipart").json()
    assert api.delete(f"/api/v1/items/{item.pk}/files/{file['id']}/").status_code == 204
    assert Attachment.objects.get(pk=file["id"]).removed_at is not None

    response = api.post(f"/api/v1/items/{item.pk}/submit/")
    assert response.status_code == 200 and response.json()["status"] == "district_review"
    assert api.patch(f"/api/v1/items/{item.pk}/draft/", {"title": "改"}, format="json").status_code == 409


def test_bad_fields_are_named_in_chinese_and_nothing_is_written(city, campaign):
    response = create(city.head, campaign, city.school_a, fields={"pupils": -1})
    assert response.status_code == 400 and "pupils" in response.json()["fields"]
    response = create(city.head, campaign, city.school_a, fields="很多")
    assert response.status_code == 400
    response = create(city.head, campaign, city.school_a, kind="nothing")
    assert response.status_code == 404
    assert not Item.objects.exists()


def test_refusals_other_school_district_user_anonymous_type_and_closed_campaign(city, campaign):
    assert create(city.head_b, campaign, city.school_a).status_code == 403
    assert create(city.reviewer, campaign, city.school_a).status_code == 403
    anonymous = APIClient().post("/api/v1/items/", {"kind": "sample"}, format="json")
    assert anonymous.status_code == 401
    kindergarten = OrganisationFactory.school(parent=city.district_a, school_type=SchoolType.KINDERGARTEN)
    head = person("kg_head", Role.SCHOOL_HEAD, kindergarten)
    response = create(head, campaign, kindergarten)
    assert response.status_code == 403 and "不在申报范围内" in response.json()["detail"]
    Campaign.objects.filter(pk=campaign.pk).update(closes_at=timezone.now() - timedelta(minutes=1))
    response = create(city.head, campaign, city.school_a)
    assert response.status_code == 400 and "截止申报" in response.json()["detail"]
    assert not Item.objects.exists()


def test_a_draft_is_nobody_elses_to_read_edit_or_submit(city, campaign):
    item_id = create(city.head, campaign, city.school_a).json()["id"]
    for user in (city.head_b, city.reviewer, city.teacher):
        api = client_for(user)
        assert api.get(f"/api/v1/items/{item_id}/draft/").status_code == 404
        assert api.patch(f"/api/v1/items/{item_id}/draft/", {"title": "改"}, format="json").status_code == 404
        assert api.post(f"/api/v1/items/{item_id}/submit/").status_code == 404
    assert reload(Item.objects.get(pk=item_id)).status == "draft"


def test_submit_after_the_window_closed_is_refused(city, campaign):
    item_id = create(city.head, campaign, city.school_a).json()["id"]
    Campaign.objects.filter(pk=campaign.pk).update(closes_at=timezone.now() - timedelta(minutes=1))
    response = client_for(city.head).post(f"/api/v1/items/{item_id}/submit/")
    assert response.status_code == 400 and response.json()["code"] == "campaign_closed"
    assert Item.objects.get(pk=item_id).status == "draft"
