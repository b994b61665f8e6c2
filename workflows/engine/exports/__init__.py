"""导出任务: a large Excel export done in the background. The job is the user's alone (rules.py);
its rows were fixed when it was asked for (the ids of the page's rows, in the page's order, within
the asker's scope then); the worker writes them (workflows.web.exports.background) and never
reaches beyond them. State changes are services.py; the beat deletes expired files (cleanup.py)."""
