"""The demo's accreditations: every state of the flow stands where the real services put it, each
district showing its stretch (workflows/demo/accreditation.py's table), the 公示 with its objection,
the 批复 with a 文号, four certificates and the four lives of a term; the try lines name real logins;
seeding twice writes nothing more."""

from collections import Counter

import pytest

from core.orgs.demo import seed_demo_city
from core.orgs.models import User
from workflows.accreditation.models import Accreditation
from workflows.demo import accreditation, programmes
from workflows.engine.certificates.models import Certificate
from workflows.engine.documents.models import Document
from workflows.engine.meetings.models import Meeting
from workflows.engine.notices.models import Notice, Objection
from workflows.engine.tenure.models import Tenure

pytestmark = pytest.mark.django_db
S = Accreditation.Status


def test_every_state_of_the_flow_is_seeded_through_the_services_once():
    # One test, one seeding: the piece drives some forty applications through the real services.
    seed_demo_city(password="Demo@2026-test")
    programmes.seed()
    seeded = accreditation.seed()
    statuses = Counter(Accreditation.objects.values_list("status", flat=True))
    assert statuses == {S.DRAFT: 1, S.DISTRICT_REVIEW: 3, S.RETURNED: 1, S.DISTRICT_RECOMMEND: 3,
                        S.FORMAL_REVIEW: 1, S.EXPERT_REVIEW: 3, S.ONSITE_VISIT: 2, S.CITY_DECISION: 2,
                        S.NOTICE: 5, S.APPROVED: 4}
    assert Meeting.objects.filter(state="scheduled").count() == 1
    assert Meeting.objects.filter(state="closed").count() == 2 + 2 + 4 + 3  # 铁西, 苏家屯, the approved, the stars
    running = Notice.objects.filter(closed_at__isnull=True).order_by("pk")
    assert running.count() == 2 and Objection.objects.count() == 1
    stars = running.last().entries.order_by("rank").values_list("result", flat=True)
    assert list(stars) == ["拟评定为五星", "拟评定为四星", "拟评定为三星"]
    (approval,) = Document.objects.filter(title__contains="批复")
    assert "〔" in approval.number_text and approval.lines.count() == 4
    assert Certificate.objects.count() == 4
    assert sorted(Tenure.objects.values_list("state", flat=True)) == ["active", "active", "expired", "revoked"]
    for tenure in Tenure.objects.select_related("certificate"):  # a certificate says what its term says
        assert (tenure.certificate.starts_on, tenure.certificate.valid_until) == (tenure.starts_on, tenure.valid_until)

    assert len(seeded) >= 10
    for tried in seeded:
        assert User.objects.filter(username=tried.username).exists(), tried
    count = Accreditation.objects.count()
    assert accreditation.seed() == seeded and Accreditation.objects.count() == count
