"""Recognising a file by its content (formats: single-stream formats; packages: zip and OLE
containers), for every upload: the engine's attachments (workflows.engine.files.uploads) and
core's imports (core.imports.files)."""
