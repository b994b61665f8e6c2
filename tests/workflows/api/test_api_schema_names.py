"""#13 item 12: no component of the API schema repeats a word (`AddSignerRequestRequest`,
`OutcomeOutcomeEnum`): client generators turn these names into class names."""

import re

import yaml
from django.core.management import call_command

from workflows.api.schema_names import without_doubled_words

WORD = re.compile(r"[A-Z][a-z0-9]*")


def test_a_word_that_follows_itself_is_dropped():
    assert without_doubled_words("AddSignerRequestRequest") == "AddSignerRequest"
    assert without_doubled_words("OutcomeOutcomeEnum") == "OutcomeEnum"
    assert without_doubled_words("ItemRequest") == "ItemRequest"
    assert without_doubled_words("Paginated_list") == "Paginated_list"  # not CamelCase: as it is


def test_no_component_name_repeats_a_word(tmp_path):
    call_command("spectacular", "--file", str(tmp_path / "schema.yaml"))
    schema = yaml.safe_load((tmp_path / "schema.yaml").read_text())
    names = schema["components"]["schemas"]
    doubled = [name for name in names if any(a == b for a, b in zip(WORD.findall(name), WORD.findall(name)[1:]))]
    assert doubled == []
    assert {"AddSignerRequest", "OutcomeEnum"} <= set(names)
    refs = set(re.findall(r"#/components/schemas/(\w+)", (tmp_path / "schema.yaml").read_text()))
    assert refs <= set(names)  # every reference follows its renamed component
