"""An item approved in the sample AccreditationFlow (tests/sampleapp/accredited.py), with the
sample kind's terms as data: 3 years, reminders 90 and 30 days before, the annual window
11-01…12-31, two 不合格 revoke, a renewal skips the district's review, a 文号 type for revocations."""

import datetime

import pytest
from django.utils import timezone

from core.docnumbers.models import DocumentType
from tests.sampleapp.accredited import AccreditationFlow
from tests.sampleapp.models import SampleApplication
from tests.workflows.engine.conftest import new_item, open_task
from workflows.engine import services
from workflows.engine.tenure.models import Tenure, TermsPolicy

TZ = timezone.get_default_timezone()
# Approved on Monday 1 March 2021: valid until 28 February 2024.
APPROVAL_DAY = datetime.datetime(2021, 3, 1, 10, 0, tzinfo=TZ)


def at(year, month, day, hour=10):
    return datetime.datetime(year, month, day, hour, 0, tzinfo=TZ)


def sample_terms(**overrides) -> TermsPolicy:
    DocumentType.objects.get_or_create(code="revocation", defaults={"name": "撤销决定", "prefix": "沈教发"})
    fields = {"name": "示例认定", "validity_years": 3, "reminder_days": [90, 30], "report_opens": "11-01",
              "report_closes": "12-31", "failures_to_revoke": 2, "renewal_skips": ["district_review"],
              "renewal_opens_days": 180, **overrides}
    terms, _created = TermsPolicy.objects.update_or_create(kind=SampleApplication.KIND, programme_code="",
                                                           defaults=fields)
    return terms


def approved(city, *, title="新优质学校认定"):
    """An item through the sample flow's district and city review: approved, its tenure begun."""
    item = new_item(city, title=title)
    services.submit_item(item=item, by=city.head, flow_class=AccreditationFlow)
    services.approve_task(task=open_task(item), by=city.reviewer)
    services.approve_task(task=open_task(item), by=city.city)
    return SampleApplication.objects.get(pk=item.pk)


def tenure_of(item) -> Tenure:
    return Tenure.objects.select_related("terms", "item").get(item=item)


@pytest.fixture
def granted(city, time_machine):
    """(city, tenure): an item approved on APPROVAL_DAY with the sample terms; the clock stays there."""
    time_machine.move_to(APPROVAL_DAY, tick=False)
    sample_terms()
    return tenure_of(approved(city))
