"""Meetings (会议): 实地考察, 答辩, 督导进校: a step whose handler schedules a date, a place and the
participants (experts, 督学, the item's people, staff), who are told and reminded before it; after
it, the attendance of each and the minutes (text and files) are recorded and the meeting closed;
only then does the step's 通过 go through. A meeting can be rescheduled with a reason.

Records (models):
    Meeting             one per task of a MeetingStep: when, where, its state, the minutes,
                        the reminder offsets (working days before, copied from the step: data)
    MeetingParticipant  a person with a role, and their attendance once recorded
    MeetingReschedule   each move: from when and where to when and where, the reason, by whom
    MinutesFile         a file of the minutes (checked by files.uploads like every upload)

The step (step.MeetingStep) is a Step: its decisions wait for the meeting (`route` refuses 通过
until it is closed, and every decision while it is scheduled and not closed).
Services (services.py, each one transaction, audited on the item, bad input a Chinese
ValidationError with nothing written):
    schedule_meeting(*, item, by, starts_at, place, participants, agenda="")
    reschedule_meeting(*, meeting, by, starts_at, place="", reason)
    record_attendance(*, meeting, by, attendance)   {user id: "present" | "absent" | "excused"}
    record_minutes(*, meeting, by, text, files=())
    close_meeting(*, meeting, by)
Reminders (reminders.py): the daily beat `workflows.meetings_daily` (beat.py) reminds every
participant the stage's working days before (default 3 and 1).
Who schedules and who sees is rules.py, the one place pages and the API ask.
"""
