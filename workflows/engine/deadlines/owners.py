"""Whose step limits a process follows (a campaign's or a plan's StepDeadlineRule): recorded on
the process when it starts (nodes.Submit.run), read when its deadlines are counted."""


def owner_ref(owner) -> str:
    """How a process records whose rules (campaign, plan) its deadlines follow: "app.model:pk"."""
    meta = owner._meta.concrete_model._meta  # a kind is a proxy: record the Item itself
    return f"{meta.app_label}.{meta.model_name}:{owner.pk}"
