"""The background halves of an import (core.imports.services): the dry run and the write."""

from core.celery import database_job
from core.imports import services


@database_job(name=services.CHECK_TASK, time_limit=600)
def import_check(job):
    services.run_check(job)


@database_job(name=services.WRITE_TASK, time_limit=900)
def import_write(job):
    services.run_write(job)
