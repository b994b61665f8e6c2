"""常态督导 (DOMAIN.md 3): the 督导室's 督学责任区 (zones, one 责任督学 and about five schools each, a
school in one zone at a time), the 督学's visit records (听课, 访谈, 巡查 …, what they found, photos),
the daily reminder of a school not visited this month, the 整改通知书 (a numbered document to a
school, its report back by a working-day deadline, confirmed or returned by the 督学) and the
督导室's table of visits per school and month.

    models.py     zones, visits and their photos, notices and their reports
    rules.py      who may do and see what: the one place (pages, API and services ask it)
    zones.py      the 督导室's zone services
    visits.py     recording a visit
    notices.py    整改通知书: issue, report, accept, return (one service per state change)
    reminders.py  the daily beat's "no visit this month" reminder (beat.py writes its schedule)
    monthly.py    visits per school and month, its Excel tables
    messages.py   the kinds of message and what each act tells whom
    web/ api/     the Chinese pages and the REST operations, both calling the services
"""
