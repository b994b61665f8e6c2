import pytest

from tests.workflows.inspection.helpers import build_city


@pytest.fixture
def city(db):
    return build_city()
