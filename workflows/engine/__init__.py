"""The workflow engine every item kind runs on. README.md in this folder is its map: the nodes and
the acts they own, the one act envelope, and one package per feature."""
