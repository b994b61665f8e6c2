"""Schemathesis against our own OpenAPI schema, in-process through the WSGI app, signed in as a
district reviewer of a small city with items in every state: no generated request, valid or
not, may cause a server error, and every answer must match the documented responses.

Bounded for CI: a few examples per operation, no shrinking, no example database (about a minute).
"""

import datetime

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from django.utils import timezone
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis.errors import Unsatisfiable
from rest_framework.authtoken.models import Token
from schemathesis import GenerationMode
from schemathesis.specs.openapi.checks import ignored_auth, positive_data_acceptance

from tests.sample_files import upload
from tests.workflows.engine.conftest import new_item, open_task, submitted_item
from tests.workflows.engine.tenure.tenure_helpers import approved, sample_terms
from workflows.engine import services
from workflows.engine.deadlines.extension_services import request_extension
from workflows.engine.deadlines.models import TaskDeadline

MAX_EXAMPLES = 12
EXCLUDED_CHECKS = [
    # It re-sends with a made-up cookie while our explicit token header stays, so the request
    # "succeeds"; tests/workflows/api/test_tasks_api.py checks the 401 without credentials.
    ignored_auth,
    # Valid by the schema is not valid by the rules: a comment of spaces, a step that may not be
    # returned to, an end date before the start date are documented 400s with field errors.
    positive_data_acceptance,
]


def _populate(city):
    """Items in several states, an evidence file and a decision, so that ids 1, 2, 3 … exist."""
    draft = new_item(city)
    services.add_evidence(item=draft, by=city.head, slot="report", upload=upload("自评报告.pdf"))
    submitted_item(city)
    services.claim_task(task=open_task(submitted_item(city)), by=city.reviewer)
    services.approve_task(task=open_task(submitted_item(city)), by=city.reviewer, comment="同意")
    services.return_task(task=open_task(submitted_item(city)), by=city.reviewer, to="revise", comment="请补充")
    extended = services.claim_task(task=open_task(submitted_item(city)), by=city.reviewer)
    due = timezone.localtime(TaskDeadline.objects.get(task=extended).due_at).date()
    request_extension(task=extended, by=city.reviewer, due_date=due + datetime.timedelta(days=7), reason="延期")
    sample_terms()
    approved(city)  # a tenure, seen by the district reviewer whose token explores (and who may do nothing to it)


@pytest.fixture
def wsgi_app():
    """The project's WSGI app, minus the closing of "old" connections around each request: inside
    the test's transaction that would close the very connection holding the test data (Django's
    own test client disconnects it the same way)."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield get_wsgi_application()
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture
def token(city) -> str:
    return Token.objects.create(user=city.reviewer).key


@pytest.fixture
def api_schema(city, wsgi_app, settings, tmp_path, token):
    settings.MEDIA_ROOT = str(tmp_path)
    _populate(city)
    # The schema is for signed-in users only: fetched with the reviewer's token.
    schema = schemathesis.openapi.from_wsgi("/api/schema/", wsgi_app, headers={"Authorization": f"Token {token}"})
    return schema


def _explore(operation, mode, token) -> str | None:
    """Run generated requests of one mode against one operation; the first failure, in words."""

    @given(case=operation.as_strategy(generation_mode=mode))
    @settings(max_examples=MAX_EXAMPLES, deadline=None, database=None, derandomize=True,
              phases=[Phase.explicit, Phase.generate],
              suppress_health_check=list(HealthCheck))
    def run(case):
        response = case.call(headers={"Authorization": f"Token {token}"})
        case.validate_response(response, excluded_checks=EXCLUDED_CHECKS)

    try:
        run()
    except Unsatisfiable:  # nothing to make invalid (GET /me/ has no parameters)
        return None
    except (Exception, BaseExceptionGroup) as failure:  # noqa: BLE001  (collected, reported together below)
        return f"{operation.label} [{mode.value}]: {failure}"
    return None


def test_api_matches_its_schema_without_server_errors(api_schema, token):
    """Valid and invalid requests (positive and negative generation) to every operation."""
    operations = [result.ok() for result in api_schema.get_all_operations()]
    # 17 for tasks (with 重新提交), items, files, stats, me; 4 for the inbox; 7 for 转办, 委派, 抄送; 催办; 4 for 委托;
    # 4 for extension requests; 5 for 加签/减签 (a member's 2, the step owner's 3); 7 for 公示 (notices: list,
    # publish, one; objections: one, investigate, uphold, dismiss); 4 for 发文 (documents: list, one, PDF; issue
    # from a list); 6 for 发起申报 (start: the offers, a new draft, the draft's fields read and changed, a file
    # removed, submit); 3 for 证书 (certificates: list, read, download); 7 for meetings (mine, one, schedule,
    # reschedule, attendance, minutes, close); 7 for 专家评分 (own sheet: get, draft, submit; the panel; return;
    # close; result); 12 for the expert pool (experts: list, add, one, edit, active, conflict; conflict removal;
    # draw; panel; my seats, accept, decline); 8 for life after approval (tenures: list, one, revoke, report,
    # reassess, renew; a report's rating; a re-assessment's result)
    # + 1: 批量审批 (tasks/batch-approve/); + 4 for 导出任务 (exports: list, start, progress, file); + 10 for
    # 评分指标 (rubrics: list, create, one, edit, bands, copy; indicators: add, edit, remove, move);
    # + 10 for 申报项目 and 申报批次 (programmes: list, create, one, edit, copy, its campaigns, open one;
    # campaigns: one, edit, progress)
    # + 2 for choosing people by name: the step owner's 加签 candidates, a meeting's participant candidates
    # + 2 for 名单 (lists: what waits for my list, sign one)
    # + 1: 取消会议 (meetings/{id}/cancel/); + 2 for 工作日历 from the State Council's notice (preview, save)
    # + 7 for a campaign's overview and exports (campaigns: overview, export, background export) and a signed
    # list's 推荐汇总表 (lists: summary, its PDF, the stamped scan's download and upload)
    # + 15 for 常态督导 (routine: zones list, create, one, edit; visits list, record, one; notices list, issue,
    # one, report, accept, return, PDF; the monthly table)
    # + 9 for 名优教师工作室 (studios: list, member candidates, members, member change, approve, refuse,
    # annual report, district rating, city rating)
    # + 9 for 数据采集 (figure-collections: list, create, one, results, template, import; figure-targets: read,
    # submit, mark)
    # + 5 for 数据导入 (imports: list, upload, one, confirm, a kind's template)
    # + 1 for 督导分析 (inspection-plans/{id}/insights/)
    assert len(operations) == 43 + 8 + 4 + 6 + 3 + 7 + 19 + 8 + 1 + 4 + 10 + 10 + 2 + 2 + 1 + 2 + 7 + 15 + 9 + 9 + 5 + 1  # + items_reopen, items_sheet (审批单 PDF)
    failures = [
        failure
        for operation in operations
        for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE)
        if (failure := _explore(operation, mode, token))
    ]
    assert not failures, "\n\n".join(failures)
