"""Importing a tracker from CSV or XLSX in the columns the outstanding-list export writes."""
