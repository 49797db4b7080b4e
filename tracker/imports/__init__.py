"""Imports: existing action notes and trackers read into the record."""
