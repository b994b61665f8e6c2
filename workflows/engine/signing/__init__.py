"""Multi-person steps (会签, 或签, 依次审批, k of n): the node (step), who its members are (members, Drawn panels), the
votes that settle it (votes), each member's task (member_tasks), 加签/减签/重新抽取 (services), and the
confidentiality of expert panels (panel_names)."""
