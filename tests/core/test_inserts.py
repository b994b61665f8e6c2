"""insert_together: new rows in one statement on PostgreSQL, one each elsewhere, same result."""

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import connection

from core.inserts import NewRow, insert_together
from core.orgs.models import Participation, ParticipationReason, RoleGrant
from core.orgs.roles import Role
from tests.factories import OrganisationFactory, UserFactory

pytestmark = pytest.mark.django_db


def _participation(user, target):
    return Participation(user=user, content_type=ContentType.objects.get_for_model(target), object_id=target.pk,
                         reason=ParticipationReason.ASSIGNEE)


def test_rows_are_written_with_their_keys_and_a_collision_is_skipped(django_assert_num_queries):
    user, org = UserFactory(), OrganisationFactory()
    Participation.objects.bulk_create([_participation(user, org)])
    grant = RoleGrant(user=user, role=Role.DISTRICT_REVIEWER, organisation=org)
    again = _participation(user, org)  # collides with the existing row
    other = _participation(UserFactory(), org)
    expected = 1 if connection.vendor == "postgresql" else 3
    with django_assert_num_queries(expected):
        insert_together(NewRow(again, ignore_conflicts=True), NewRow(grant), NewRow(other, ignore_conflicts=True))
    assert grant.pk is not None and not grant._state.adding
    assert RoleGrant.objects.get(pk=grant.pk).organisation == org
    assert Participation.objects.filter(object_id=org.pk).count() == 2
    assert Participation.objects.get(user=other.user).created_at is not None  # defaults applied as by save()


def test_a_single_row_is_a_plain_insert():
    user, org = UserFactory(), OrganisationFactory()
    grant = RoleGrant(user=user, role=Role.DISTRICT_REVIEWER, organisation=org)
    insert_together(NewRow(grant))
    assert RoleGrant.objects.filter(pk=grant.pk).exists()
