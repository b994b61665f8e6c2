"""The inspection kind's Chinese pages: plans (list, new, the plan page with its Excel export,
dispatch) and one page per act on a case (workflows.inspection.web.acts)."""
