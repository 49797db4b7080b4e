"""Importing a meeting's action notes: read the document, review the draft, save it."""
