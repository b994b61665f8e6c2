"""Life after approval (有效期管理): an approved item's tenure — active for its validity period,
then expired, revoked (撤销) or renewed (续期) — and what happens to it meanwhile: annual reports
and their rating (年度考核: 优秀/合格/不合格), re-assessment (复核), reminders before expiry.

Everything here is an event from outside the task list: no task is open on a tenure, so each
change is its own service (one module each: granting, revoking, expiry, reports, reassessment,
renewal), in the engine's envelope, checked by `rules` (the one place of who may), audited on the
tenure's chain. How long a tenure lasts, when reminders go, the annual window, the rule that
revokes after repeated 不合格 and the stages a renewal skips are data: `TermsPolicy` rows
(`models`), per kind and programme, edited in the admin."""
