"""申报项目 (programmes) and their campaigns' life around the engine: the data a department keeps
for each programme, and what a campaign (申报批次) of it does when it opens and before it closes.

Why a feature package beside the engine, not inside it nor inside an item kind: a programme is
domain data shared by two kinds (学校认定与评选 and 名优教师工作室认定 both run programmes with
eligibility, quotas, a rubric, 公示 and validity), so it belongs to neither kind's package; and the
engine stays the machinery every process shares (a campaign's window and seats are the engine's,
`workflows.engine.lists`), which names its programme only by a foreign key. The engine reads the
programme's data where it needs it (发起申报's eligibility, an optional stage's switch) through
that key, never by importing this package.

    models.py     Programme, its default district quotas and evidence slots; the campaigns' notices sent
    rules.py      who manages a programme and its campaigns (the owning department's staff; 404 otherwise)
    services.py   create, edit, copy (复制上一年度) a programme, one audited transaction each
    campaigns.py  open a campaign of a programme (window, quotas, the rubric frozen), edit it, its progress
    announce.py   the beat: eligible schools told when a campaign opens, reminded before it closes
    seed.py       the 2021 programmes of 沈教发〔2021〕1号, for the demo and a fresh city
    forms.py, views.py, urls.py, api.py   the department's pages and the REST API
"""
