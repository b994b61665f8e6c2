"""The scoring step (专家评分): a panel's experts score an item against its rubric.

Records (models):
    ScoreSheet     one expert's sheet for one item (per seat): draft, submitted or returned
                   (the chair sent it back for correction, with the reason)
    ScoreLine      a score and a comment on one leaf indicator (by its code)
    ScoringResult  the computation at the close: every sheet's total, what was dropped, the mean,
                   the verdict (passed, band) and the per-indicator averages; it is what the
                   department's result page, the Excel export and the print view show

The step (step.ScoringStep) waits with a task for the department; nobody decides it by hand.
Services (services.py, each one transaction, audited on the item):
    save_draft(*, item, by, lines)        lines: {code: {"score": ..., "comment": ...}}
    submit_sheet(*, item, by)             checked against the rubric (results.validate_values)
    return_sheet(*, sheet, by, reason)    the panel's chair sends a submitted sheet back
    close_scoring(*, item, by)            the department computes the result; the verdict moves the item

Who may score and who sees which scores is rules.py: the hidden rule (others' scores stay hidden
until every scorer has submitted) is `rules.visible_sheets`, the one place pages and the API read.
"""
