"""Conditional stages (可选环节): a branch that the item's or its programme's data chooses when the
item reaches it, so a programme switches an optional stage on or off without a release.

    check = Step(...).Approve(this.visit_switch)
    visit_switch = Optional(when="sample_visit__programme__onsite_visit", title=_("本项目含实地考察？"),
                            stage=this.visit, otherwise=this.city_review)

See `step.py` (the node, how it reaches the chart and the status changes) and `choices.py` (what
the act that passed it records: the stage taken or skipped, and why).
"""
