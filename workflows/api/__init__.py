"""The REST API (/api/v1/): reads through the engine's selectors and scope, writes through
workflows.engine.services. Schema at /api/schema/, documentation at /api/docs/."""
