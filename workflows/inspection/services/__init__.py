"""The inspection kind's services: one function per state change, keyword-only, one transaction
each (workflows.engine.envelope.service). Plans (plans, dispatch), the case's stages (assessment,
team, feedback, opinion, rectification) and the 复查 of a conclusion (reexamination)."""
