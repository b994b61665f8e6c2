"""The admin's index names every app in Chinese: django-axes and viewflow's workflow app come
with English names ("Axes", "Workflow"), renamed by core/apps.py (#13 item 10)."""

import re

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db


def test_admin_index_names_axes_and_workflow_in_chinese(admin_user):
    client = Client()
    client.force_login(admin_user)
    page = client.get("/admin/").content.decode()
    assert "登录防护" in page and "流程引擎" in page
    captions = re.findall(r'<caption>\s*<a[^>]*>([^<]+)</a>', page)
    assert captions and [name for name in captions if re.search(r"[A-Za-z]", name)] == []
