"""Every control on the workflow pages has a label, every button says what it does, and nothing
takes the keyboard's focus out of the page's order."""

from html.parser import HTMLParser

import pytest
from django.urls import reverse

from tests.workflows.web.conftest import client_for, item_url, open_task, returned_item, submitted_item
from workflows.engine import services

pytestmark = pytest.mark.django_db


class Controls(HTMLParser):
    def __init__(self):
        super().__init__()
        self.labels = set()  # ids named by <label for=...>
        self.controls = []  # (tag, attrs)
        self.buttons = []  # [attrs, text]
        self.tabindexes = []
        self._button = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if "tabindex" in attrs:
            self.tabindexes.append(int(attrs["tabindex"]))
        if tag == "label" and attrs.get("for"):
            self.labels.add(attrs["for"])
        elif tag in ("input", "select", "textarea") and attrs.get("type") not in ("hidden", "submit"):
            self.controls.append((tag, attrs))
        elif tag == "button":
            self._button = [attrs, ""]
            self.buttons.append(self._button)

    def handle_data(self, data):
        if self._button is not None:
            self._button[1] += data.strip()

    def handle_endtag(self, tag):
        if tag == "button":
            self._button = None


def check(html: str):
    parsed = Controls()
    parsed.feed(html)
    unlabelled = [
        (tag, attrs.get("name")) for tag, attrs in parsed.controls
        if attrs.get("id") not in parsed.labels and not attrs.get("aria-label")
    ]
    assert unlabelled == []
    assert all(text or attrs.get("aria-label") for attrs, text in parsed.buttons)
    assert all(index in (0, -1) for index in parsed.tabindexes)
    ids = [attrs["id"] for _tag, attrs in parsed.controls if attrs.get("id")]
    assert len(ids) == len(set(ids)), "duplicate ids"
    return parsed


def test_list_pages_label_every_control(city):
    submitted_item(city)
    client = client_for(city.reviewer)
    for name in ("todo", "claimable", "done", "mine", "items", "stats"):
        parsed = check(client.get(reverse(f"workflows:{name}")).content.decode())
        if name != "stats":
            assert len(parsed.controls) >= 10, name  # the search and filter form is there


def test_item_page_forms_label_every_control(city):
    item = submitted_item(city)
    check(client_for(city.reviewer).get(item_url(item)).content.decode())  # claim + decide
    check(client_for(city.head).get(item_url(item)).content.decode())  # withdraw
    services.claim_task(task=open_task(item), by=city.reviewer)
    parsed = check(client_for(city.reviewer).get(item_url(item)).content.decode())
    assert {attrs.get("name") for _tag, attrs in parsed.controls} >= {"comment", "to", "attachments"}
    returned = returned_item(city)
    parsed = check(client_for(city.head).get(item_url(returned)).content.decode())  # resubmit
    assert {attrs.get("name") for _tag, attrs in parsed.controls} >= {"comment", "attachments"}


def test_claim_buttons_name_their_item(city):
    item = submitted_item(city)
    parsed = check(client_for(city.reviewer).get(reverse("workflows:claimable")).content.decode())
    assert any(attrs.get("aria-label") == f"认领 {item.ref_no}" for attrs, _text in parsed.buttons)
