"""Django's admin looks here; each part of the engine keeps its admin next to its models."""

from workflows.engine.lists import admin as campaign_admin  # noqa: F401  registers Campaign (申报批次)
from workflows.programmes import admin as programme_admin  # noqa: F401  registers Programme (申报项目), read-only
from workflows.engine import process_admin  # noqa: F401  viewflow's Process and Task, read-only and in words
