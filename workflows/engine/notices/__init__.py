"""公示 with objections (异议): a NoticeStep where items wait while their notice runs (step), the
notice of many items published for N working days (step.publish_notice), the objections the
public lodges without signing in (objections), their handling by the owning department
(handling), the notice closing itself at its end (closing), who may do and see what (rules), the
objector told the outcome by email (mail), and the records (models)."""
