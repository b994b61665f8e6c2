"""评分明细 and 评审结果 of a campaign, on the whole path's sample (AccreditedHonourFlow): three
schools scored by a panel of three and decided in one list with its 决定. The scores file holds,
per school and indicator, each expert's score and the average exactly as the department's result
table (scoring.selectors.result_table) has them, the experts named 专家1…; the results file the
status, the decision list's rank, score, grade and 文号."""

import pytest
from django.urls import reverse

from tests.workflows.api.helpers import client_for
from tests.workflows.exports.conftest import rows_of
from tests.workflows.test_stages_whole_path import (
    DAY_ONE,
    decided_with_a_number,
    panel_drawn_and_pledged,
    scored,
    submitted_and_reviewed,
    the_city,
)
from core.calendar import install_test_calendar
from workflows.engine.documents.models import Document
from workflows.engine.scoring.selectors import result_table

pytestmark = pytest.mark.django_db


def test_the_scores_and_results_files_match_the_scoring_tables(time_machine):
    time_machine.move_to(DAY_ONE, tick=False)
    install_test_calendar([2021])
    town, campaign, schools = the_city()
    items = submitted_and_reviewed(town, campaign, schools)
    panel, scorers = panel_drawn_and_pledged(town, items)
    scored(town, items, panel, scorers)
    decision = decided_with_a_number(town, items)
    department = client_for(town.city.city)

    rows = rows_of(department.get(reverse("api:campaign-export", args=[campaign.pk, "campaign_scores"])))
    assert rows[1] == ["编号", "学校", "区县", "指标编号", "指标", "满分", "专家1", "专家2", "专家3", "平均分"]
    names = {user.full_name for user in scorers}
    assert not any(str(cell) in names for row in rows for cell in row if cell)  # no expert is named
    for item in items:
        table = result_table(town.city.city, item)
        mine = [row for row in rows[2:] if row[0] == item.ref_no]
        by_code = {row[3]: row for row in mine if row[3]}
        assert list(by_code) == [line["row"].code for line in table.rows]
        for line in table.rows:
            row = by_code[line["row"].code]
            if line["row"].leaf:  # a group's per-expert score is computed, not kept: only its average
                assert sorted(row[6:9]) == sorted(float(score) for score in line["scores"])
            assert row[9] == float(line["average"])
        total = next(row for row in mine if row[4] == "总分")
        assert sorted(total[6:9]) == sorted(float(value) for value in table.totals) and total[9] == float(table.total)

    results = rows_of(department.get(reverse("api:campaign-export", args=[campaign.pk, "campaign_results"])))[2:]
    document = Document.objects.get(list_act=decision)
    ranks = {member.item_id: member.rank for member in decision.members.all()}
    for item in items:
        row = next(row for row in results if row[0] == item.ref_no)
        table = result_table(town.city.city, item)
        assert row[1:] == [item.organisation.name, item.organisation.parent.name, "公示中", ranks[item.pk],
                           float(table.total), None, document.number_text, None]
    # A district's reviewer is refused the city's scores, on the page and the API.
    assert client_for(town.reviewer).get(reverse("api:campaign-export", args=[campaign.pk, "campaign_scores"])
                                         ).status_code == 404
