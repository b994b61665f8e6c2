"""Deadlines in working days: the rules and counting (limits, planning, owners, services), reminders and escalations,
timeouts (timeouts: the node; timeout_services: what firing does; beat: the dispatcher) and extension requests
(延期申请: extensions, extension_models, extension_selectors, extension_services)."""
