"""Importing organisations' and people's data from Excel (openpyxl): a kind of import declares its
columns and its rules (ImportKind); the framework reads the file, checks every row without
writing (a report of row, column and message), then writes all rows or none, with one audit event.
core registers schools and people; workflows registers its own (experts) in its AppConfig.ready().
"""
