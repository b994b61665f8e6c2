"""Numbered documents (发文): a document issued with a 文号, rendered as a PDF, naming the items it
decides, approves or revokes (models, render, rules, services, lists)."""
