"""Who reads a 发文 (workflows.engine.documents.rules): the issuing department, and the people
and reviewers of an item it names; nobody else (another district, another school, anonymous)."""

import pytest
from django.contrib.auth.models import AnonymousUser

from tests.workflows.engine.documents.helpers import decided_list
from tests.workflows.engine.notice_helpers import city, on_publication_day  # noqa: F401
from workflows.engine.documents.rules import readable_document, readable_documents
from workflows.engine.documents.services import issue_document
from workflows.engine.exceptions import NotFound

pytestmark = pytest.mark.django_db


@pytest.fixture
def school_a_document(city):
    """A document naming school_a's item only."""
    items, _list_act = decided_list(city)
    return issue_document(doc_type="decision", items=[items[0]], by=city.city, title="关于和平一校的决定")


@pytest.mark.parametrize("who", ["city", "city_head", "head", "reviewer", "district_head"])
def test_the_department_and_the_named_items_people_and_reviewers_read_it(city, school_a_document, who):
    user = getattr(city, who)
    assert list(readable_documents(user)) == [school_a_document]
    assert readable_document(user, school_a_document.pk) == school_a_document


@pytest.mark.parametrize("who", ["reviewer_b", "head_b", "teacher"])
def test_another_district_or_school_is_told_it_does_not_exist(city, school_a_document, who):
    user = getattr(city, who)
    assert not readable_documents(user).exists()
    with pytest.raises(NotFound):
        readable_document(user, school_a_document.pk)


def test_anonymous_reads_nothing(city, school_a_document):
    assert not readable_documents(AnonymousUser()).exists()
    with pytest.raises(NotFound):
        readable_document(AnonymousUser(), school_a_document.pk)
