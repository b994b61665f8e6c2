"""The server-rendered pages of the workflow engine: lists, the item page and its acts, statistics."""
