"""Every audit action the code can record has a Chinese name in core.audit.labels, so the admin's
audit log never shows a raw code. The codes are read from the source (tests/core/audit_codes.py):
a new record_event code without a label fails here, not in front of an administrator."""

from core.audit.labels import action_label, choices
from tests.core.audit_codes import Scanner


def test_every_recorded_code_is_found_in_the_source():
    scanner = Scanner()
    codes = scanner.recorded_codes()
    assert scanner.unresolved == [], "record_event codes this scanner cannot read: teach it or name them plainly"
    # The scanner reaches each kind of call: literals, constants, f-strings through their callers,
    # a parameter passed through advance(), the decision's outcome.
    assert {"accounts.signed_in", "docnumber.issued", "meeting_scheduled", "rubric_freeze", "scoring_submit",
            "tenure_revoked", "certificate_issued", "notice_uphold", "approve", "resubmit", "urge"} <= set(codes)


def test_every_recorded_code_has_a_chinese_label():
    unnamed = {code: sorted(places) for code, places in Scanner().recorded_codes().items()
               if action_label(code) == code}
    assert unnamed == {}


def test_labels_are_chinese_and_offered_in_the_filter():
    offered = dict(choices())
    for code in Scanner().recorded_codes():
        assert offered[code] == action_label(code)
        assert any("\u4e00" <= ch <= "\u9fff" for ch in offered[code]), code
