"""Files: evidence and decision attachments (attachments), the upload checks that look past the first bytes (uploads, formats, packages)."""
